package report

import (
	"html"
	"html/template"

	"github.com/klaver/klaver"
)

// The blocks of figures that a page repeats for every person and week are
// written here rather than through a template action per cell: a page of a
// thousand people over a year holds some 60,000 rows of figures, and this
// makes it several times faster. They hold figures, week labels and the
// page's own words only, escaped all the same; what people wrote (names,
// client names, titles) is left to the template.

// appendFigureCells appends the figures as the cells of a table row.
func appendFigureCells(b []byte, v figuresView) []byte {
	for _, figure := range [...]string{v.Working, v.Client, v.InternalForClient, v.Internal, v.OwnWork, v.Share} {
		b = append(b, `<td class="n">`...)
		b = append(b, html.EscapeString(figure)...)
		b = append(b, `</td>`...)
	}
	b = append(b, `<td><span class="badge `...)
	b = append(b, verdictClass(v.Over)...)
	b = append(b, `">`...)
	b = append(b, html.EscapeString(v.Verdict)...)
	return append(b, `</span></td>`...)
}

// verdictClass is the style class of a verdict badge.
func verdictClass(over bool) string {
	if over {
		return "over"
	}
	return "ok"
}

// newWeekRows writes the rows of a table of weeks, one per ISO week.
func newWeekRows(weeks []klaver.WeekFigures, m messages) template.HTML {
	b := make([]byte, 0, 300*len(weeks))
	for _, wk := range weeks {
		b = append(b, `<tr><th scope="row" class="week">`...)
		b = append(b, html.EscapeString(wk.Week)...)
		b = append(b, `</th>`...)
		b = appendFigureCells(b, figureTexts(wk.Figures, m))
		b = append(b, "</tr>\n"...)
	}
	return template.HTML(b)
}

// weekHead writes the heading row of a table of weeks.
func weekHead(m messages) template.HTML {
	b := []byte(`<thead><tr><th scope="col">` + html.EscapeString(m["week"]) + `</th>`)
	for _, key := range [...]string{"working", "client", "internal_for_client", "internal", "own_work", "internal_share"} {
		b = append(b, `<th scope="col" class="n">`+html.EscapeString(m[key])+`</th>`...)
	}
	b = append(b, `<th scope="col">`+html.EscapeString(m["verdict"])+`</th></tr></thead>`...)
	return template.HTML(b)
}

// statsList writes the figures as a list of labelled cards.
func statsList(v figuresView, m messages) template.HTML {
	b := []byte("\n<dl class=\"stats\">")
	for _, stat := range [...]struct{ key, figure string }{
		{"working", v.Working}, {"client", v.Client}, {"internal_for_client", v.InternalForClient},
		{"internal", v.Internal}, {"own_work", v.OwnWork}, {"internal_share", v.Share},
	} {
		b = append(b, "\n<div><dt>"+html.EscapeString(m[stat.key])+"</dt><dd>"+html.EscapeString(stat.figure)+"</dd></div>"...)
	}
	return template.HTML(append(b, "\n</dl>"...))
}
