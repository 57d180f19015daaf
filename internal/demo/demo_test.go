package demo

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/civil"
	"github.com/klaver/klaver/internal/store"
)

func TestSeed(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	hash := func(p string) (string, error) { return "hash of " + p, nil }
	res, err := Seed(ctx, st, hash, civil.Date{Year: 2026, Month: 1, Day: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Password) != 19 || len(res.Teams) != 3 || res.SignIns[0].Email != CoachEmail {
		t.Errorf("result = %+v", res)
	}
	members, over, under := 0, 0, 0
	for _, team := range res.Teams {
		ms, err := st.MembersOfTeam(ctx, team.ID)
		if err != nil {
			t.Fatal(err)
		}
		members += len(ms)
		weeks, err := st.TeamWeeks(ctx, team.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if len(weeks) != Weeks {
			t.Errorf("team %s has %d weeks, want %d", team.Name, len(weeks), Weeks)
		}
		var total klaver.Seconds
		for _, w := range weeks {
			if w.People != len(ms) {
				t.Errorf("team %s %s: %d contributors of %d", team.Name, w.Week, w.People, len(ms))
			}
			total.Add(w.Seconds)
		}
		f := total.Figures(team.WithDefaults().MaxInternal)
		t.Logf("team %s: %d members, internal share %.3f", team.Name, len(ms), f.InternalShare)
		if f.Verdict == klaver.VerdictOver {
			over++
		} else {
			under++
		}
	}
	if members < 20 || members > 30 {
		t.Errorf("%d members, want about 25", members)
	}
	if over == 0 || under == 0 {
		t.Errorf("%d teams over and %d under 25%%; the demo should show both", over, under)
	}
	if got := DefaultStart(time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)); got != (civil.Date{Year: 2026, Month: 8, Day: 31}) {
		t.Errorf("DefaultStart = %v, want the Monday twelve weeks before this week", got)
	}
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "load.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := Load(ctx, st, LoadConfig{Members: 25, TeamSize: 10, Weeks: 3, Start: civil.Date{Year: 2026, Month: 1, Day: 5}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.TeamIDs) != 3 {
		t.Fatalf("%d teams for 25 members in tens, want 3", len(res.TeamIDs))
	}
	weeks, err := st.OrgWeeks(ctx, res.OrgID, "", "")
	if err != nil || len(weeks) != 3 || weeks[0].People != 25 || weeks[0].Working != 25*40*3600 {
		t.Errorf("organisation weeks = %+v, %v", weeks, err)
	}
	if a, err := st.TeamAccessOf(ctx, res.Leader.ID, res.TeamIDs[0]); err != nil || !a.Leader {
		t.Errorf("leader's access = %+v, %v", a, err)
	}
}
