package report

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/klaver/klaver"
)

// ShareChart renders the report's chart of the weeks' internal share
// against the limit, for other pages (the server's dashboards), so that a
// figure looks the same in a report and on a dashboard. lang is nl or en.
// The SVG has a title and description for screen readers; the page should
// show the same figures in a table beside it.
func ShareChart(weeks []klaver.WeekFigures, limit float64, lang string) (template.HTML, error) {
	_, m, err := messagesFor(lang)
	if err != nil {
		return "", err
	}
	p := page{M: m, ShareChart: newShareChart(weeks, limit, m),
		ShareDesc: fmt.Sprintf(m["share_chart_desc"], limitPercent(limit, m))}
	return fragment("share", p)
}

// StackChart renders the report's chart of the weeks' hours per category
// against working time. id keeps the chart's element IDs unique on a page;
// name is its title.
func StackChart(id, name string, weeks []klaver.WeekFigures, lang string) (template.HTML, error) {
	_, m, err := messagesFor(lang)
	if err != nil {
		return "", err
	}
	chart := newStackChart(weeks, m)
	v := personView{ID: id, Chart: chart, ChartName: name, ChartDesc: fmt.Sprintf(m["person_chart_desc"], chart.TopHours)}
	return fragment("stack", v)
}

// ChartStyle is the style the charts and their legend need, for a page's
// style sheet; the report uses it too. It expects the colour variables of
// the report (--client, --ifc, --internal, --own, --working, --ink,
// --line).
const ChartStyle = `.chart { display: block; width: 100%; max-width: 720px; height: auto; }
.chart text { font-size: 12px; font-family: system-ui, sans-serif; fill: var(--ink); }
.chart .grid { stroke: var(--line); }
.chart .axis { stroke: var(--ink); }
.chart .limit { stroke: var(--ink); stroke-width: 2; stroke-dasharray: 7 4; }
.chart .ok { fill: var(--client); }
.chart .over { fill: url(#hatch); }
.chart .segments path { stroke: #fff; stroke-width: .75; }
.chart .working { fill: var(--working); }
.chart .workline { fill: none; stroke: var(--ink); stroke-width: 1.5; }
.s-client { fill: var(--client); background: var(--client); }
.s-ifc { fill: var(--ifc); background: var(--ifc); }
.s-internal { fill: var(--internal); background: var(--internal); }
.s-own { fill: var(--own); background: var(--own); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; list-style: none; margin: .4em 0; padding: 0; font-size: .9em; }
.sw { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; border-radius: 2px; }
.sw.working { background: var(--working); border-top: 2px solid var(--ink); }
`

func fragment(name string, data any) (template.HTML, error) {
	var b strings.Builder
	if err := pageTemplate.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("chart %s: %w", name, err)
	}
	return template.HTML(b.String()), nil // produced by html/template, escaped there
}
