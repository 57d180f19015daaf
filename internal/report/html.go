package report

import (
	"bufio"
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/klaver/klaver"
)

//go:embed templates/report.html
var templateFiles embed.FS

// pageTemplate is parsed once; executing it is safe from many goroutines.
// A message key that a language lacks stops the rendering with an error
// instead of leaving a blank.
var pageTemplate = template.Must(template.New("report.html").
	Option("missingkey=error").
	Funcs(template.FuncMap{"pair": pair, "chartStyle": func() template.CSS { return ChartStyle }}).
	ParseFS(templateFiles, "templates/report.html"))

// withMessages hands a sub-template the words of the page along with the
// value it shows.
type withMessages struct {
	M messages
	V any
}

// pair makes a withMessages in a template.
func pair(m messages, v any) withMessages {
	return withMessages{M: m, V: v}
}

// maxProblemsListed is how many skipped-input problems and warnings the
// page lists before "and n more".
const maxProblemsListed = 20

// HTML writes the report as one self-contained page: inline style and SVG
// charts, no scripts, fonts or images from elsewhere, so that it can be
// mailed, archived and printed as it is. Every chart has a text equivalent
// in a table next to it.
func HTML(w io.Writer, r *klaver.Report, o Options) error {
	code, m, err := messagesFor(o.Lang)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := pageTemplate.Execute(bw, newPage(r, o, code, m)); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}

// page is what the template shows, with every figure already formatted.
type page struct {
	Lang       string
	M          messages
	Title      string
	Period     string
	Rule       string
	Created    string
	Team       figuresView
	WeekHead   template.HTML // heading of a table of weeks
	TeamWeeks  template.HTML // rows of the table of weeks
	ShareChart shareChart
	ShareDesc  string
	Clients    barList
	Series     seriesList
	People     []personView
	Skipped    problemList
	Warnings   problemList
}

// figuresView are the formatted figures of a person, week or team.
type figuresView struct {
	Working, Client, InternalForClient, Internal, OwnWork string
	Share, Verdict                                        string
	Over                                                  bool
	// Cells are the figures as the cells of a table row.
	Cells template.HTML
	// Stats are the figures as a list of labelled cards.
	Stats template.HTML
}

// personView is one person's section.
type personView struct {
	ID        string // anchor, from the position: names may hold anything
	Name      string
	Sources   string
	Figures   figuresView
	Weeks     template.HTML // rows of the table of weeks
	Chart     stackChart
	ChartName string
	ChartDesc string
	Clients   barList
}

// barList is a list of names with hours and a bar relative to the largest.
type barList struct {
	Rows []barRow
	More string
}

// barRow is one bar of a barList; Width is a percentage.
type barRow struct {
	Label, Hours string
	Width        num
}

// seriesList lists the largest internal recurring meetings.
type seriesList struct {
	Rows []seriesRow
	More string
}

// seriesRow is one recurring meeting.
type seriesRow struct {
	Title, PeopleCount, PeopleNames, Hours, PerWeek string
	Width                                           num
}

// problemList is a count of problems and the first few of them.
type problemList struct {
	Count string
	Lines []string
	More  string
}

// newPage formats the report for the template.
func newPage(r *klaver.Report, o Options, code string, m messages) page {
	p := page{
		Lang:       code,
		M:          m,
		Title:      cmp.Or(o.Title, m["title"]),
		Period:     periodText(m, r.Period),
		Rule:       fmt.Sprintf(m["rule"], limitPercent(r.MaxInternal, m)),
		Team:       newFiguresView(r.Team.Figures, m),
		WeekHead:   weekHead(m),
		TeamWeeks:  newWeekRows(r.Team.Weeks, m),
		ShareChart: newShareChart(r.Team.Weeks, r.MaxInternal, m),
		ShareDesc:  fmt.Sprintf(m["share_chart_desc"], limitPercent(r.MaxInternal, m)),
		Clients:    newBarList(r.Team.Clients, m),
		Series:     newSeriesList(r.Series, m),
		Skipped:    newProblemList(r.Skipped, m["skipped_count"], m),
		Warnings:   newProblemList(r.Warnings, m["warnings_count"], m),
	}
	if o.Generated != "" {
		p.Created = fmt.Sprintf(m["created"], o.Generated)
	}
	p.People = make([]personView, len(r.People))
	for i := range r.People {
		p.People[i] = newPersonView(i, &r.People[i], m)
	}
	return p
}

// newPersonView formats one person's section.
func newPersonView(i int, pr *klaver.PersonReport, m messages) personView {
	chart := newStackChart(pr.Weeks, m)
	return personView{
		ID:        "person-" + strconv.Itoa(i+1),
		Name:      pr.Person,
		Sources:   sourceWords(pr.Sources, m),
		Figures:   newFiguresView(pr.Figures, m),
		Weeks:     newWeekRows(pr.Weeks, m),
		Chart:     chart,
		ChartName: fmt.Sprintf(m["person_chart_title"], pr.Person),
		ChartDesc: fmt.Sprintf(m["person_chart_desc"], chart.TopHours),
		Clients:   newBarList(pr.Clients, m),
	}
}

// newFiguresView formats figures, also as table cells and cards.
func newFiguresView(f klaver.Figures, m messages) figuresView {
	v := figureTexts(f, m)
	v.Cells = template.HTML(appendFigureCells(nil, v))
	v.Stats = statsList(v, m)
	return v
}

// figureTexts formats each figure.
func figureTexts(f klaver.Figures, m messages) figuresView {
	return figuresView{
		Working:           hours(f.WorkingMinutes),
		Client:            hours(f.ClientMinutes),
		InternalForClient: hours(f.InternalForClientMinutes),
		Internal:          hours(f.InternalMinutes),
		OwnWork:           hours(f.OwnWorkMinutes),
		Share:             percent(f.InternalShare, m),
		Verdict:           verdictWord(f.Verdict, m),
		Over:              f.Verdict == klaver.VerdictOver,
	}
}

// newBarList lists the clients with the most minutes, bars relative to the
// first.
func newBarList(clients []klaver.ClientMinutes, m messages) barList {
	top := topClients(clients, maxClientsShown)
	l := barList{More: moreText(len(clients)-len(top), m)}
	for _, c := range top {
		l.Rows = append(l.Rows, barRow{Label: c.Client, Hours: hours(c.Minutes), Width: barWidth(c.Minutes, top[0].Minutes)})
	}
	return l
}

// newSeriesList lists the recurring meetings with the most minutes.
func newSeriesList(series []klaver.Series, m messages) seriesList {
	top := topSeries(series, maxSeriesShown)
	l := seriesList{More: moreText(len(series)-len(top), m)}
	for _, s := range top {
		l.Rows = append(l.Rows, seriesRow{
			Title:       s.Title,
			PeopleCount: strconv.Itoa(len(s.People)),
			PeopleNames: strings.Join(s.People, ", "),
			Hours:       hours(s.Minutes),
			PerWeek:     hours(s.WeeklyMinutes),
			Width:       barWidth(s.Minutes, top[0].Minutes),
		})
	}
	return l
}

// barWidth is v as a percentage of largest, within 0..100.
func barWidth(v, largest int64) num {
	if largest <= 0 || v <= 0 {
		return 0
	}
	return num(min(100, float64(v)/float64(largest)*100))
}

// newProblemList formats the first problems and a count.
func newProblemList(ps []klaver.Problem, count string, m messages) problemList {
	l := problemList{More: moreText(len(ps)-maxProblemsListed, m)}
	if len(ps) > 0 {
		l.Count = fmt.Sprintf(count, len(ps))
	}
	for _, p := range ps[:min(len(ps), maxProblemsListed)] {
		l.Lines = append(l.Lines, p.String())
	}
	return l
}

// moreText is "and n more", or empty when nothing was left out.
func moreText(n int, m messages) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf(m["and_more"], n)
}

// sourceWords names a person's kinds of input in the reader's language.
func sourceWords(sources []string, m messages) string {
	words := make([]string, len(sources))
	for i, s := range sources {
		words[i] = cmp.Or(m["source_"+s], s)
	}
	return strings.Join(words, ", ")
}
