package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/store"
)

// teamWithMembers makes a team in a new embedded database whose members
// are the given addresses, with the registry registryCSV.
func teamWithMembers(t *testing.T, emails ...string) (dataDir string, teamID int64) {
	t.Helper()
	ctx := context.Background()
	dataDir = t.TempDir()
	st, err := openMigrated(ctx, dbFlags{dataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	org, err := st.CreateOrganisation(ctx, klaver.Organisation{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	team, err := st.CreateTeam(ctx, klaver.Team{OrgID: org.ID, Name: "Advies"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range emails {
		p, err := st.CreatePerson(ctx, klaver.Person{Email: e}, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AddMembership(ctx, klaver.Membership{PersonID: p.ID, TeamID: team.ID, Role: klaver.RoleMember}); err != nil {
			t.Fatal(err)
		}
	}
	err = st.ReplaceClients(ctx, team.ID, []klaver.ClientRecord{{Name: "Rabobank", Domains: []string{"rabobank.nl"}, Aliases: []string{"Rabo"}}})
	if err != nil {
		t.Fatal(err)
	}
	return dataDir, team.ID
}

func TestImportCommand(t *testing.T) {
	data, team := teamWithMembers(t, "anna@acme.nl")
	files := workspace(t, map[string]string{"anna.ics": annaICS, "stranger.ics": strings.ReplaceAll(annaICS, "anna@", "eve@")})
	id := strconv.FormatInt(team, 10)

	code, out, errOut := runCLI(t, "", "import", "--data-dir", data, "--team", id, filepath.Join(files, "anna.ics"))
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	want := "anna.ics: calendar, 2026-01-05 to 2026-01-18 (2 weeks) for anna@acme.nl\n" +
		"  skipped " + "anna.ics:22: DTSTART: invalid date \"20261306T090000Z\"\n"
	if out != want {
		t.Errorf("output\n%s\nwant\n%s", out, want)
	}

	// One file fails (its owner is no member): exit 1, the other is stored.
	code, out, _ = runCLI(t, "", "import", "--data-dir", data, "--team", id, "--format", "json", files)
	if code != 1 {
		t.Errorf("exit %d with a failing file, want 1", code)
	}
	var doc struct {
		Files []struct {
			File   string   `json:"file"`
			People []string `json:"people"`
			Error  *struct{ Code, Message string }
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Files) != 2 {
		t.Fatalf("JSON output %v: %s", err, out)
	}
	if doc.Files[0].Error != nil || doc.Files[1].Error == nil || !strings.Contains(doc.Files[1].Error.Message, "eve@acme.nl") {
		t.Errorf("results = %+v", doc.Files)
	}

	// The stored weeks are the audit's in whole weeks: one client call of 3 h.
	st, err := store.Open(context.Background(), filepath.Join(data, "klaver.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	weeks, err := st.TeamWeeks(context.Background(), team, "", "")
	if err != nil || len(weeks) != 2 || weeks[0].Category[klaver.Client] != 3*3600 || weeks[0].Working != 40*3600 {
		t.Errorf("team weeks = %+v, %v", weeks, err)
	}

	for _, args := range [][]string{
		{"import", "--data-dir", data, files},
		{"import", "--data-dir", data, "--team", id},
		{"import", "--data-dir", data, "--team", id, "--format", "xml", files},
	} {
		if code, _, _ := runCLI(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errOut := runCLI(t, "", "import", "--data-dir", data, "--team", "99", files); code != 1 || !strings.Contains(errOut, "no team 99") {
		t.Errorf("missing team: exit %d, %q", code, errOut)
	}
}

func TestBackupCommand(t *testing.T) {
	data, _ := teamWithMembers(t, "anna@acme.nl")
	out := filepath.Join(t.TempDir(), "copy.db")
	if code, _, errOut := runCLI(t, "", "backup", "--data-dir", data, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if info, err := os.Stat(out); err != nil || info.Size() == 0 {
		t.Errorf("backup file: %v", err)
	}
	if code, _, errOut := runCLI(t, "", "backup", "--data-dir", data, "-o", out); code != 1 || !strings.Contains(errOut, "exists") {
		t.Errorf("backup over an existing file: exit %d, %q", code, errOut)
	}
	if code, _, _ := runCLI(t, "", "backup", "--data-dir", data); code != 2 {
		t.Errorf("backup without -o: exit %d, want 2", code)
	}
}

func TestAdminResetLink(t *testing.T) {
	data, _ := teamWithMembers(t, "anna@acme.nl")
	code, out, errOut := runCLI(t, "", "admin", "reset-link", "--data-dir", data, "--email", "Anna@acme.nl", "--base-url", "https://klaver.example.org/")
	if code != 0 || !strings.HasPrefix(out, "https://klaver.example.org/reset?t=") {
		t.Fatalf("exit %d: %q %q", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, "", "admin", "reset-link", "--data-dir", data, "--email", "nobody@acme.nl", "--base-url", "https://x"); code != 1 || !strings.Contains(errOut, "nobody@acme.nl") {
		t.Errorf("unknown address: exit %d, %q", code, errOut)
	}
	if code, _, _ := runCLI(t, "", "admin", "reset-link", "--data-dir", data, "--email", "anna@acme.nl"); code != 2 {
		t.Errorf("without --base-url: exit %d, want 2", code)
	}
}
