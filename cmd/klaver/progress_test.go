package main

import (
	"strings"
	"testing"
)

// A file read twice takes the bytes read past the total; the bar stays
// full instead of failing.
func TestProgressPastTheTotal(t *testing.T) {
	var b strings.Builder
	p := &progress{w: &b, total: 100}
	p.update(250)
	if got := b.String(); !strings.Contains(got, "100%") || !strings.Contains(got, strings.Repeat("#", 30)+"]") {
		t.Errorf("bar %q, want a full bar at 100%%", got)
	}
}
