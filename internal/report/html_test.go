package report

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/klaver/klaver"
)

// renderHTML renders r as a page or fails the test.
func renderHTML(t testing.TB, r *klaver.Report, o Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := HTML(&buf, r, o); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestHTMLEscapesUserText(t *testing.T) {
	r := goldenReport()
	r.Series[0].Title = "<script>alert(1)</script>"
	r.People[0].Person = `"><img src=x onerror=alert(2)>`
	r.Team.Clients[0].Client = "Bol & <b>Co</b>"
	r.Skipped[0].Message = "</li><script>alert(3)</script>"
	out := renderHTML(t, r, Options{Title: "<i>team</i>", Generated: "<u>now</u>"})
	for _, bad := range []string{"<script", "<img", "<b>Co", "<i>team", "<u>now"} {
		if strings.Contains(out, bad) {
			t.Errorf("page holds unescaped %q", bad)
		}
	}
	for _, want := range []string{
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"&#34;&gt;&lt;img src=x onerror=alert(2)&gt;",
		"Bol &amp; &lt;b&gt;Co&lt;/b&gt;",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks the escaped text %q", want)
		}
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	out := renderHTML(t, goldenReport(), Options{Generated: "2026-01-26"})
	for _, bad := range []string{"http://", "https://", "<script", "<link", "<img", "@import", "src=", "@font-face"} {
		if strings.Contains(out, bad) {
			t.Errorf("page refers outside itself: it holds %q", bad)
		}
	}
	for _, m := range regexp.MustCompile(`url\(([^)]*)\)`).FindAllStringSubmatch(out, -1) {
		if !strings.HasPrefix(m[1], "#") {
			t.Errorf("page loads %s", m[0])
		}
	}
	if !strings.Contains(out, "@media print") {
		t.Error("page has no print style")
	}
}

func TestHTMLChartsHaveTextEquivalents(t *testing.T) {
	r := goldenReport()
	out := renderHTML(t, r, Options{})
	svgs := regexp.MustCompile(`(?s)<svg class="chart"[^>]*>.*?</svg>`).FindAllString(out, -1)
	if len(svgs) != 1+len(r.People) {
		t.Fatalf("%d charts, want one for the team and one per person", len(svgs))
	}
	for _, svg := range svgs {
		if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, "aria-labelledby=") ||
			!strings.Contains(svg, "<title") || !strings.Contains(svg, "<desc") {
			t.Errorf("chart without a text equivalent:\n%.200s", svg)
		}
	}
	// Every week's figures are in a table: the team's and each person's.
	for _, wk := range r.Team.Weeks {
		if n := strings.Count(out, `<th scope="row" class="week">`+wk.Week+"</th>"); n != 1+len(r.People) {
			t.Errorf("week %s is in %d tables, want %d", wk.Week, n, 1+len(r.People))
		}
	}
	if !strings.Contains(out, `class="limit"`) {
		t.Error("share chart has no limit line")
	}
}

func TestHTMLLanguages(t *testing.T) {
	for _, tc := range []struct{ lang, want string }{
		{"", `<html lang="en">`},
		{"en", "Who pays your bills?"},
		{"nl", "Wie betaalt de rekening?"},
		{"nl_NL.UTF-8", `<html lang="nl">`},
	} {
		if out := renderHTML(t, goldenReport(), Options{Lang: tc.lang}); !strings.Contains(out, tc.want) {
			t.Errorf("lang %q: page lacks %q", tc.lang, tc.want)
		}
	}
	var buf bytes.Buffer
	if err := HTML(&buf, goldenReport(), Options{Lang: "de"}); err == nil {
		t.Error("an unknown language gave no error")
	}
}

// extremeReports are reports whose figures could break a chart's scale.
func extremeReports() map[string]*klaver.Report {
	zero := week{"2026-W02", 0, 0, 0, 0, 0}
	allInternal := week{"2026-W03", 2400, 0, 0, 2400, 0}
	overtime := week{"2026-W04", 600, 3000, 0, 900, 0}
	zeroPerson, zeroWeeks := person("zero@acme.nl", nil, nil, zero)
	internalPerson, internalWeeks := person("intern@acme.nl", nil, nil, allInternal)
	overtimePerson, overtimeWeeks := person("overtime@acme.nl", nil, nil, overtime)
	noWeeks, _ := person("nobody@acme.nl", nil, nil)

	reports := map[string]*klaver.Report{
		"zero working minutes": {MaxInternal: 0.25, People: []klaver.PersonReport{zeroPerson}},
		"all internal":         {MaxInternal: 0.25, People: []klaver.PersonReport{internalPerson}},
		"overtime":             {MaxInternal: 0.25, People: []klaver.PersonReport{overtimePerson}},
		"person without weeks": {MaxInternal: 0.25, People: []klaver.PersonReport{noWeeks}},
		"empty report":         {},
		"limit zero":           {MaxInternal: 0, People: []klaver.PersonReport{internalPerson}},
	}
	reports["zero working minutes"].Team = teamOf(0.25, [][]klaver.Seconds{zeroWeeks}, []string{"2026-W02"})
	reports["all internal"].Team = teamOf(0.25, [][]klaver.Seconds{internalWeeks}, []string{"2026-W03"})
	reports["overtime"].Team = teamOf(0.25, [][]klaver.Seconds{overtimeWeeks}, []string{"2026-W04"})
	reports["limit zero"].Team = teamOf(0, [][]klaver.Seconds{internalWeeks}, []string{"2026-W03"})

	broken := goldenReport()
	broken.MaxInternal = math.NaN()
	broken.Team.Weeks[0].InternalShare = math.Inf(1)
	broken.People[0].Weeks[1].InternalShare = math.NaN()
	broken.People[1].Weeks[0].WorkingMinutes = -60
	reports["not a number"] = broken
	return reports
}

// svgNumbers finds the attributes that hold coordinates.
var svgNumbers = regexp.MustCompile(`\s(?:x|y|x1|x2|y1|y2|dx|dy|width|height|d|viewBox)="([^"]*)"`)

func TestHTMLExtremeValues(t *testing.T) {
	for name, r := range extremeReports() {
		t.Run(name, func(t *testing.T) {
			out := renderHTML(t, r, Options{})
			var tb bytes.Buffer
			if err := Table(&tb, r, Options{}); err != nil {
				t.Fatal(err)
			}
			for _, svg := range regexp.MustCompile(`(?s)<svg.*?</svg>`).FindAllString(out, -1) {
				if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
					t.Errorf("chart holds NaN or Inf:\n%s", svg)
				}
				for _, attr := range svgNumbers.FindAllStringSubmatch(svg, -1) {
					checkNumbers(t, attr[0], attr[1])
				}
			}
		})
	}
}

// checkNumbers fails when a coordinate attribute holds anything but finite
// numbers (and path commands).
func checkNumbers(t *testing.T, attr, value string) {
	t.Helper()
	fields := strings.FieldsFunc(value, func(r rune) bool {
		return r == ' ' || r == ',' || strings.ContainsRune("MmHhVvLlZz", r)
	})
	for _, f := range fields {
		f = strings.TrimSuffix(f, "%")
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("%s holds %q, not a finite number", attr, f)
		}
	}
}

func TestShareChartScale(t *testing.T) {
	r := goldenReport()
	_, m, _ := messagesFor("en")
	c := newShareChart(r.Team.Weeks, r.MaxInternal, m)
	if len(c.Bars) != 3 {
		t.Fatalf("%d bars, want 3", len(c.Bars))
	}
	if c.Bars[1].Over != true || c.Bars[0].Over || c.Bars[2].Over {
		t.Error("only week 3 is over the limit, and only its bar should say so")
	}
	// The bar of a share above the limit rises above the limit line; one
	// below stays under it (SVG y grows downwards).
	if !(c.Bars[1].Y < c.LimitY && c.Bars[0].Y > c.LimitY) {
		t.Errorf("bar tops %v and %v against limit line at %v", c.Bars[1].Y, c.Bars[0].Y, c.LimitY)
	}
	// The limit line sits where 25% is on the axis ticks.
	for _, tk := range c.Ticks {
		if tk.Label == "20%" && !(tk.Y > c.LimitY) || tk.Label == "30%" && !(tk.Y < c.LimitY) {
			t.Errorf("tick %s at %v against limit at %v", tk.Label, tk.Y, c.LimitY)
		}
	}
	if c.LimitLabel != "limit 25%" {
		t.Errorf("limit label %q", c.LimitLabel)
	}
}

func TestStackChartHeights(t *testing.T) {
	weeks := []klaver.WeekFigures{
		{Week: "2026-W02", Figures: klaver.Figures{WorkingMinutes: 2400, ClientMinutes: 1200, InternalMinutes: 600}},
		{Week: "2026-W03", Figures: klaver.Figures{WorkingMinutes: 1200, OwnWorkMinutes: 1200}},
	}
	c := newStackChart(weeks, english)
	if c.TopHours != "40" {
		t.Errorf("scale runs to %s, want 40", c.TopHours)
	}
	byClass := map[string]string{}
	for _, s := range c.Segments {
		byClass[s.Class] = s.D
	}
	if byClass["ifc"] != "" {
		t.Errorf("no internal-for-client time, yet a path %q", byClass["ifc"])
	}
	// Client time of week 2 is half the scale: 1200 of 2400 minutes.
	plotHeight := float64(c.Bottom) - chartTop
	want := "v" + num(plotHeight/2).String() + "h"
	if !strings.Contains(byClass["client"], want) {
		t.Errorf("client path %q lacks a bar of half the height (%s)", byClass["client"], want)
	}
	if strings.Count(c.Working, "M") != 2 || strings.Count(c.WorkLine, "M") != 2 {
		t.Errorf("working time %q and %q should mark two weeks", c.Working, c.WorkLine)
	}
}

func TestSVGNumbers(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {12, "12"}, {12.25, "12.3"}, {12.04, "12"}, {-3.5, "-3.5"},
		{-0.04, "0"}, {math.NaN(), "0"}, {math.Inf(1), "0"}, {math.Inf(-1), "0"}, {1e300, "0"},
	}
	for _, tc := range tests {
		if got := num(tc.v).String(); got != tc.want {
			t.Errorf("num(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
