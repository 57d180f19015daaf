package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/klaver/klaver"
)

// maxNameWidth caps the person and title columns, so that one long name
// cannot push the figures off the screen.
const maxNameWidth = 40

// Table writes the report as aligned plain-text tables for a terminal:
// people and team, the team per week, top clients, the largest internal
// recurring meetings, and what was skipped or warned about.
func Table(w io.Writer, r *klaver.Report, o Options) error {
	_, m, err := messagesFor(o.Lang)
	if err != nil {
		return err
	}
	t := &textReport{m: m, color: o.Color}
	t.header(r, o.Title)
	t.people(r)
	t.teamWeeks(r)
	t.clients(r)
	t.series(r)
	t.problems(m["skipped"], m["skipped_none"], m["skipped_count"], r.Skipped)
	t.problems(m["warnings"], m["warnings_none"], m["warnings_count"], r.Warnings)
	if _, err := io.WriteString(w, t.b.String()); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// textReport collects the text of a table rendering.
type textReport struct {
	b     strings.Builder
	m     messages
	color bool
}

// header writes the title, the period and the rule.
func (t *textReport) header(r *klaver.Report, title string) {
	if title == "" {
		title = t.m["title"]
	}
	t.line(t.style(ansiBold, terminalSafe(title)))
	p := r.Period
	p.From, p.To, p.TZ = terminalSafe(p.From), terminalSafe(p.To), terminalSafe(p.TZ)
	t.line(periodText(t.m, p))
	t.line(fmt.Sprintf(t.m["rule"], limitPercent(r.MaxInternal, t.m)))
	t.line(t.m["hours_note"])
}

// people writes one line per person and the team line below a rule.
func (t *textReport) people(r *klaver.Report) {
	g := &grid{}
	g.add(append([]cell{{text: t.m["person"]}}, t.figureHeads()...))
	for _, p := range r.People {
		name := truncateWidth(terminalSafe(p.Person), maxNameWidth)
		g.add(append([]cell{{text: name}}, t.figureCells(p.Figures)...))
	}
	g.rule()
	g.add(append([]cell{{text: t.m["team"], style: ansiBold}}, t.figureCells(r.Team.Figures)...))
	t.section("", g)
}

// teamWeeks writes the team's figures per ISO week.
func (t *textReport) teamWeeks(r *klaver.Report) {
	if len(r.Team.Weeks) == 0 {
		t.section(t.m["team_per_week"], nil, t.m["no_weeks"])
		return
	}
	g := &grid{}
	g.add(append([]cell{{text: t.m["week"]}}, t.figureHeads()...))
	for _, wk := range r.Team.Weeks {
		g.add(append([]cell{{text: terminalSafe(wk.Week)}}, t.figureCells(wk.Figures)...))
	}
	t.section(t.m["team_per_week"], g)
}

// clients writes the clients that received the most of the team's time.
func (t *textReport) clients(r *klaver.Report) {
	if len(r.Team.Clients) == 0 {
		t.section(t.m["top_clients"], nil, t.m["no_clients"])
		return
	}
	g := &grid{}
	g.add([]cell{{text: t.m["client"]}, {text: t.m["hours"], right: true}})
	for _, c := range topClients(r.Team.Clients, maxClientsShown) {
		name := truncateWidth(terminalSafe(c.Client), maxNameWidth)
		g.add([]cell{{text: name}, t.hoursCell(c.Minutes)})
	}
	t.section(t.m["top_clients"], g, t.more(len(r.Team.Clients)-maxClientsShown)...)
}

// series writes the internal recurring meetings that cost the most time.
func (t *textReport) series(r *klaver.Report) {
	if len(r.Series) == 0 {
		t.section(t.m["series"], nil, t.m["no_series"])
		return
	}
	g := &grid{}
	g.add([]cell{
		{text: t.m["series_title"]}, {text: t.m["people_count"], right: true},
		{text: t.m["hours"], right: true}, {text: t.m["per_week"], right: true},
	})
	for _, s := range topSeries(r.Series, maxSeriesShown) {
		g.add([]cell{
			{text: truncateWidth(terminalSafe(s.Title), maxNameWidth)},
			{text: fmt.Sprint(len(s.People)), right: true},
			t.hoursCell(s.Minutes), t.hoursCell(s.WeeklyMinutes),
		})
	}
	t.section(t.m["series"], g, t.more(len(r.Series)-maxSeriesShown)...)
}

// problems writes a count and the first few problems as file:line: message.
func (t *textReport) problems(heading, none, count string, ps []klaver.Problem) {
	if len(ps) == 0 {
		t.section(heading, nil, none)
		return
	}
	lines := []string{fmt.Sprintf(count, len(ps))}
	for _, p := range ps[:min(len(ps), maxProblemsShown)] {
		lines = append(lines, "  "+terminalSafe(p.String()))
	}
	lines = append(lines, t.more(len(ps)-maxProblemsShown)...)
	t.section(heading, nil, lines...)
}

// more returns the "and n more" line when n entries were left out.
func (t *textReport) more(n int) []string {
	if n <= 0 {
		return nil
	}
	return []string{"  " + fmt.Sprintf(t.m["and_more"], n)}
}

// section writes a blank line, a heading when there is one, the grid and
// any lines of text.
func (t *textReport) section(heading string, g *grid, lines ...string) {
	t.line("")
	if heading != "" {
		t.line(t.style(ansiBold, heading))
	}
	if g != nil {
		g.write(&t.b, t.color)
	}
	for _, l := range lines {
		t.line(l)
	}
}

// figureHeads are the column headings of the figures.
func (t *textReport) figureHeads() []cell {
	heads := []string{"working", "client", "internal_for_client", "internal", "own_work", "internal_share"}
	cells := make([]cell, 0, len(heads)+1)
	for _, h := range heads {
		cells = append(cells, cell{text: t.m[h], right: true})
	}
	return append(cells, cell{text: t.m["verdict"]})
}

// figureCells are the figures of a person, week or team as cells.
func (t *textReport) figureCells(f klaver.Figures) []cell {
	verdict := cell{text: verdictWord(f.Verdict, t.m)}
	switch f.Verdict {
	case klaver.VerdictOver:
		verdict.style = ansiRed
	case klaver.VerdictOK:
		verdict.style = ansiGreen
	}
	return []cell{
		t.hoursCell(f.WorkingMinutes),
		t.hoursCell(f.ClientMinutes),
		t.hoursCell(f.InternalForClientMinutes),
		t.hoursCell(f.InternalMinutes),
		t.hoursCell(f.OwnWorkMinutes),
		{text: percent(f.InternalShare, t.m), right: true},
		verdict,
	}
}

// hoursCell is a right-aligned hours figure, dimmed when it is zero so that
// the figures that matter stand out.
func (t *textReport) hoursCell(minutes int64) cell {
	c := cell{text: hours(minutes), right: true}
	if minutes == 0 {
		c.style = ansiDim
	}
	return c
}

// line writes s and a newline.
func (t *textReport) line(s string) {
	t.b.WriteString(s)
	t.b.WriteByte('\n')
}

// style wraps s in an ANSI style when colour is on.
func (t *textReport) style(code, s string) string {
	if !t.color || code == "" {
		return s
	}
	return code + s + ansiReset
}

// ANSI select graphic rendition codes.
const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiRed   = "\x1b[31m"
	ansiGreen = "\x1b[32m"
)
