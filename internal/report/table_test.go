package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/klaver/klaver"
)

func TestTableColourOnlyWhenAsked(t *testing.T) {
	var plain, coloured bytes.Buffer
	if err := Table(&plain, goldenReport(), Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Table(&coloured, goldenReport(), Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b") {
		t.Error("table without colour holds an escape sequence")
	}
	out := coloured.String()
	for _, want := range []string{
		ansiRed + "over" + ansiReset,
		ansiGreen + "ok" + ansiReset,
		ansiDim + "0:00" + ansiReset,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("coloured table lacks %q", want)
		}
	}
	if strings.Contains(out, ansiRed+"ok") || strings.Contains(out, ansiGreen+"over") {
		t.Error("a verdict has the other verdict's colour")
	}
}

// TestTableAlignsWideNames checks that figures line up whatever the width
// of the names before them: accents, combining marks, CJK and a name too
// long for the column.
func TestTableAlignsWideNames(t *testing.T) {
	r := goldenReport()
	names := []string{"Zoë", "Zoe\u0308 (combining)", "山田太郎", "François Nguyễn", strings.Repeat("verylongname", 6) + "@acme.nl"}
	for i, n := range names {
		p := r.People[i%len(r.People)]
		p.Person = n
		r.People = append(r.People, p)
	}
	for _, color := range []bool{false, true} {
		var buf bytes.Buffer
		if err := Table(&buf, r, Options{Color: color}); err != nil {
			t.Fatal(err)
		}
		people := strings.SplitN(buf.String(), "\n\n", 3)[1]
		column := -1
		for _, line := range strings.Split(people, "\n") {
			i := strings.Index(line, "%")
			if i < 0 {
				continue
			}
			col := displayWidth(stripANSI(line[:i]))
			if column >= 0 && col != column {
				t.Errorf("colour %v: share ends in column %d, want %d:\n%s", color, col, column, people)
				break
			}
			column = col
		}
		if column < 0 {
			t.Fatal("no shares in the people table")
		}
		if strings.Contains(people, "verylongnameverylongnameverylongnameverylongname") {
			t.Error("an overlong name was not cut")
		}
	}
}

// stripANSI removes the colour codes the table writes.
func stripANSI(s string) string {
	return strings.NewReplacer(ansiReset, "", ansiBold, "", ansiDim, "", ansiRed, "", ansiGreen, "").Replace(s)
}

func TestTableNeutralisesTerminalControls(t *testing.T) {
	r := goldenReport()
	r.People[0].Person = "mallory\x1b[2J\x1b]0;owned\x07"
	r.Series[0].Title = "stand-up\u202Eevil"
	r.Skipped[0].Message = "line\rrewritten"
	var buf bytes.Buffer
	if err := Table(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"\x1b", "\x07", "\r", "\u202E"} {
		if strings.Contains(out, bad) {
			t.Errorf("table passes %q from the input to the terminal", bad)
		}
	}
}

func TestTableListsProblemsAndCutsLongLists(t *testing.T) {
	r := goldenReport()
	r.Skipped = nil
	for i := range 8 {
		r.Skipped = append(r.Skipped, klaver.Problem{File: "team.csv", Line: 10 + i, Message: "no start time"})
	}
	r.Warnings = nil
	var buf bytes.Buffer
	if err := Table(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"Problems skipped in the input: 8",
		"  team.csv:10: no start time",
		"  team.csv:14: no start time",
		"  … and 3 more",
		"No warnings.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "team.csv:15:") {
		t.Error("table lists more problems than it should")
	}
}

func TestTableDoesNotReorderTheReport(t *testing.T) {
	r := goldenReport()
	before := r.Team.Clients[0].Client
	var buf bytes.Buffer
	if err := Table(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := HTML(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if r.Team.Clients[0].Client != before || r.Series[0].Title != "Sprint review" {
		t.Error("rendering reordered the caller's report")
	}
}

func TestHoursAndPercent(t *testing.T) {
	tests := []struct {
		minutes int64
		want    string
	}{
		{0, "0:00"}, {5, "0:05"}, {60, "1:00"}, {9150, "152:30"}, {-75, "-1:15"},
	}
	for _, tc := range tests {
		if got := hours(tc.minutes); got != tc.want {
			t.Errorf("hours(%d) = %q, want %q", tc.minutes, got, tc.want)
		}
	}
	shares := []struct {
		share  float64
		lang   string
		pct    string
		limits string
	}{
		{0.1875, "en", "18.8%", "18.75%"},
		{0.25, "nl", "25,0%", "25%"},
		{0.1 + 0.2, "en", "30.0%", "30%"},
		{1, "en", "100.0%", "100%"},
	}
	for _, tc := range shares {
		_, m, _ := messagesFor(tc.lang)
		if got := percent(tc.share, m); got != tc.pct {
			t.Errorf("percent(%v, %s) = %q, want %q", tc.share, tc.lang, got, tc.pct)
		}
		if got := limitPercent(tc.share, m); got != tc.limits {
			t.Errorf("limitPercent(%v, %s) = %q, want %q", tc.share, tc.lang, got, tc.limits)
		}
	}
}

func TestDisplayWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"anna", 4},
		{"Zoë", 3},
		{"Zoe\u0308", 3},
		{"山田太郎", 8},
		{"a\u200Bb", 2},
	}
	for _, tc := range tests {
		if got := displayWidth(tc.s); got != tc.want {
			t.Errorf("displayWidth(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
	if got := truncateWidth("山田太郎山田太郎", 7); got != "山田太…" || displayWidth(got) > 7 {
		t.Errorf("truncateWidth = %q", got)
	}
	if got := truncateWidth("Zoë", 3); got != "Zoë" {
		t.Errorf("truncateWidth cut a name that fits: %q", got)
	}
}
