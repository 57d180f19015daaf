package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klaver/klaver"
)

func init() {
	scenarios = append(scenarios, scenario{"feeds", testFeeds}, scenario{"feed limits", testFeedLimits})
}

// A person's feeds are bounded in number and name length.
func testFeedLimits(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	for i := range MaxFeedsPerPerson {
		if _, err := s.CreateFeed(ctx, Feed{PersonID: f.bob.ID, TeamID: f.team.ID, URLSealed: "v1:x",
			SourceName: fmt.Sprintf("feed%d.ics", i)}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.CreateFeed(ctx, Feed{PersonID: f.bob.ID, TeamID: f.team.ID, URLSealed: "v1:x", SourceName: "one-more.ics"})
	wantCode(t, err, klaver.ErrConflict)
	_, err = s.CreateFeed(ctx, Feed{PersonID: f.ann.ID, TeamID: f.team.ID, URLSealed: "v1:x", SourceName: strings.Repeat("x", MaxFeedName+1)})
	wantCode(t, err, klaver.ErrInvalid)
	if _, err := s.CreateFeed(ctx, Feed{PersonID: f.ann.ID, TeamID: f.team.ID, URLSealed: "v1:x", SourceName: "ann.ics"}); err != nil {
		t.Errorf("ann's first feed: %v", err)
	}
}

func testFeeds(t *testing.T, s *Store) {
	ctx := context.Background()
	f := newTeam(t, s)
	feed, err := s.CreateFeed(ctx, Feed{PersonID: f.ann.ID, TeamID: f.team.ID, URLSealed: "v1:sealed",
		URLShown: "https://calendar.google.com/…/basic.ics", SourceName: "google.ics"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateFeed(ctx, Feed{PersonID: f.ann.ID, TeamID: f.team.ID, URLSealed: "v1:x", SourceName: "google.ics"})
	wantCode(t, err, klaver.ErrConflict)

	// Due at once; a claim moves it out of reach until the lease ends.
	now := time.Now().Add(time.Second)
	claimed, err := s.ClaimDueFeeds(ctx, now, now.Add(10*time.Minute), 10)
	if err != nil || len(claimed) != 1 || claimed[0].ID != feed.ID || claimed[0].URLSealed != "v1:sealed" {
		t.Fatalf("claim = %+v, %v", claimed, err)
	}
	if again, err := s.ClaimDueFeeds(ctx, now, now.Add(10*time.Minute), 10); err != nil || len(again) != 0 {
		t.Errorf("claimed twice: %+v, %v", again, err)
	}
	fail := FeedAttempt{At: now, Next: now.Add(time.Hour), Error: "the feed answered 404"}
	if err := s.RecordFeedAttempt(ctx, feed.ID, fail); err != nil {
		t.Fatal(err)
	}
	ok := FeedAttempt{At: now.Add(time.Minute), Next: now.Add(6 * time.Hour), OK: true, ETag: `"v2"`, LastMod: "Mon, 05 Jan 2026 09:00:00 GMT"}
	if err := s.RecordFeedAttempt(ctx, feed.ID, ok); err != nil {
		t.Fatal(err)
	}
	feeds, err := s.FeedsOfPerson(ctx, f.ann.ID)
	if err != nil || len(feeds) != 1 {
		t.Fatalf("feeds = %+v, %v", feeds, err)
	}
	got := feeds[0]
	if got.ETag != `"v2"` || got.LastError != "" || got.LastSuccessAt.IsZero() || !got.NextFetchAt.After(now.Add(5*time.Hour)) {
		t.Errorf("after a success: %+v", got)
	}
	if other, _ := s.FeedsOfPerson(ctx, f.bob.ID); len(other) != 0 {
		t.Errorf("bob sees ann's feeds: %+v", other)
	}
	wantCode(t, s.DeleteFeed(ctx, f.bob.ID, feed.ID), klaver.ErrNotFound)
	if err := s.DeleteFeed(ctx, f.ann.ID, feed.ID); err != nil {
		t.Fatal(err)
	}
}
