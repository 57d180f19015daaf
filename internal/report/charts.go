package report

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/klaver/klaver"
)

// shareChart is the team's internal share per week against the limit.
type shareChart struct {
	plot
	Bars       []shareBar
	Ticks      []tick
	Weeks      []xLabel
	LimitY     num
	LimitLabel string
	ShowValues bool // room for a value above each bar
}

// shareBar is one week of the share chart.
type shareBar struct {
	X, Y, W, H     num
	Over           bool
	Title          string // the week, its share and its verdict
	Value          string
	ValueX, ValueY num
}

// shareSteps are the grid steps of the share axis.
var shareSteps = []float64{0.05, 0.1, 0.2, 0.25, 0.5, 1}

// newShareChart lays out the weeks' internal shares on an axis that shows
// both the highest share and the limit.
func newShareChart(weeks []klaver.WeekFigures, limit float64, m messages) shareChart {
	limit = max(finiteOrZero(limit), 0)
	hi := max(limit*1.2, 0.1)
	for _, wk := range weeks {
		hi = max(hi, finiteOrZero(wk.InternalShare))
	}
	step := niceStep(hi, shareSteps, 5)
	top := scaleTop(hi, step)
	c := shareChart{
		plot:       newPlot(shareWidth, shareHeight, len(weeks), top),
		ShowValues: len(weeks) <= maxWeekTicks,
	}
	c.Ticks = ticks(c.plot, top, step, func(v float64) string { return limitPercent(v, m) })
	c.Weeks = c.weekLabels(weeks)
	c.LimitY = num(c.y(limit))
	c.LimitLabel = strings.Replace(m["limit"], "%s", limitPercent(limit, m), 1)
	for i, wk := range weeks {
		c.Bars = append(c.Bars, c.bar(i, wk, m))
	}
	return c
}

// bar lays out week i.
func (c shareChart) bar(i int, wk klaver.WeekFigures, m messages) shareBar {
	x, w := c.barX(i)
	y := c.y(wk.InternalShare)
	value := percent(wk.InternalShare, m)
	return shareBar{
		X: num(x), Y: num(y), W: num(w), H: num(float64(c.Bottom) - y),
		Over:   wk.Verdict == klaver.VerdictOver,
		Title:  wk.Week + ": " + value + " (" + verdictWord(wk.Verdict, m) + ")",
		Value:  value,
		ValueX: num(x + w/2),
		ValueY: num(y - 4),
	}
}

// ticks returns the grid lines from 0 to top, step apart.
func ticks(p plot, top, step float64, label func(float64) string) []tick {
	var ts []tick
	for k := 0; k <= 10; k++ {
		v := float64(k) * step
		if v > top*(1+1e-9) {
			break
		}
		ts = append(ts, tick{Y: num(p.y(v)), Label: label(v)})
	}
	return ts
}

// stackChart is one person's weeks as stacked bars of the four categories,
// standing before the week's working time.
type stackChart struct {
	plot
	Working  string // SVG path of the working time behind the bars
	WorkLine string // SVG path of a line at the top of each week's working time
	Segments []segment
	Ticks    []tick
	Weeks    []xLabel
	TopHours string // the top of the scale, for the description
}

// segment is one category's bars across all weeks, drawn as one path: a
// thousand people of 52 weeks would otherwise be 200,000 elements.
type segment struct {
	Class string
	D     string
}

// hourSteps are the grid steps of the hours axis, in hours.
var hourSteps = []float64{1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100, 200, 250, 500, 1000}

// stackClasses name the categories from the bottom of a bar up; the page's
// style sheet gives each its colour.
var stackClasses = []string{"client", "ifc", "internal", "own"}

// newStackChart lays out a person's weeks.
// Its scale is in whole hours, labelled "40 h" or "40 u" rather than as
// hours:minutes, which on an axis reads like a time of day.
func newStackChart(weeks []klaver.WeekFigures, m messages) stackChart {
	var hi int64
	for _, wk := range weeks {
		hi = max(hi, wk.WorkingMinutes, stackedMinutes(wk.Figures))
	}
	step := niceStep(float64(hi)/60, hourSteps, 4)
	top := scaleTop(float64(hi)/60, step)
	c := stackChart{plot: newPlot(stackWidth, stackHeight, len(weeks), top*60)}
	c.Ticks = ticks(plot{Bottom: c.Bottom, scale: c.scale * 60}, top, step, func(v float64) string {
		return fmt.Sprintf(m["hours_tick"], int64(math.Round(v)))
	})
	c.Weeks = c.weekLabels(weeks)
	c.TopHours = strconv.FormatInt(int64(math.Round(top)), 10)
	c.paths(weeks)
	return c
}

// paths draws the working time and the stacked segments.
func (c *stackChart) paths(weeks []klaver.WeekFigures) {
	working := make([]byte, 0, 32*len(weeks))
	line := make([]byte, 0, 16*len(weeks))
	segs := make([][]byte, len(stackClasses))
	for i, wk := range weeks {
		x, w := c.barX(i)
		top := c.y(float64(wk.WorkingMinutes))
		working = appendRect(working, x, top, w, float64(c.Bottom))
		if top < float64(c.Bottom) {
			line = appendLine(line, x, top, w)
		}
		base := float64(c.Bottom)
		for k, v := range categoryMinutes(wk.Figures) {
			top := base - float64(max(v, 0))*c.scale
			if top < base {
				segs[k] = appendRect(segs[k], x, top, w, base)
			}
			base = top
		}
	}
	c.Working, c.WorkLine = string(working), string(line)
	c.Segments = make([]segment, len(stackClasses))
	for k := range segs {
		c.Segments[k] = segment{Class: stackClasses[k], D: string(segs[k])}
	}
}

// appendLine appends a horizontal line of width w from (x, y) to an SVG
// path.
func appendLine(b []byte, x, y, w float64) []byte {
	b = append(b, 'M')
	b = appendNum(b, x)
	b = append(b, ' ')
	b = appendNum(b, y)
	b = append(b, 'h')
	return appendNum(b, w)
}

// appendRect appends a rectangle from (x, top) to (x+w, bottom) to an SVG
// path.
func appendRect(b []byte, x, top, w, bottom float64) []byte {
	if !(bottom > top) {
		return b
	}
	b = append(b, 'M')
	b = appendNum(b, x)
	b = append(b, ' ')
	b = appendNum(b, top)
	b = append(b, 'h')
	b = appendNum(b, w)
	b = append(b, 'v')
	b = appendNum(b, bottom-top)
	b = append(b, 'h')
	b = appendNum(b, -w)
	return append(b, 'z')
}

// categoryMinutes are a week's minutes in the order of stackClasses.
func categoryMinutes(f klaver.Figures) [4]int64 {
	return [4]int64{f.ClientMinutes, f.InternalForClientMinutes, f.InternalMinutes, f.OwnWorkMinutes}
}

// stackedMinutes is the height of a week's stack.
func stackedMinutes(f klaver.Figures) int64 {
	var sum int64
	for _, v := range categoryMinutes(f) {
		sum += max(v, 0)
	}
	return sum
}

// Body writes the chart's axes, bars and labels as SVG. A page holds a
// chart per person; writing the body here rather than through a template
// action per coordinate makes a large page several times faster. It holds
// numbers, hours and week labels only, escaped all the same; the chart's
// title and description, which name the person, are left to the template.
func (c stackChart) Body() template.HTML {
	b := make([]byte, 0, 512+len(c.Working)*5)
	for _, t := range c.Ticks {
		b = append(b, "\n<line class=\"grid\""...)
		b = appendAttr(b, "x1", c.Left)
		b = appendAttr(b, "x2", c.Right)
		b = appendAttr(b, "y1", t.Y)
		b = appendAttr(b, "y2", t.Y)
		b = append(b, "/><text"...)
		b = appendAttr(b, "x", c.Left)
		b = appendAttr(b, "y", t.Y)
		b = append(b, ` dx="-6" dy="4" text-anchor="end">`...)
		b = append(b, html.EscapeString(t.Label)...)
		b = append(b, "</text>"...)
	}
	b = append(b, "\n<path class=\"working\" d=\""+c.Working+"\"/>\n<g class=\"segments\">"...)
	for _, s := range c.Segments {
		if s.D != "" {
			b = append(b, "\n<path class=\"s-"+s.Class+"\" d=\""+s.D+"\"/>"...)
		}
	}
	b = append(b, "\n</g>\n<path class=\"workline\" d=\""+c.WorkLine+"\"/>\n<line class=\"axis\""...)
	b = appendAttr(b, "x1", c.Left)
	b = appendAttr(b, "x2", c.Right)
	b = appendAttr(b, "y1", c.Bottom)
	b = appendAttr(b, "y2", c.Bottom)
	b = append(b, "/>"...)
	for _, l := range c.Weeks {
		b = append(b, "\n<text"...)
		b = appendAttr(b, "x", l.X)
		b = appendAttr(b, "y", c.Height)
		b = append(b, ` dy="-6" text-anchor="middle">`...)
		b = append(b, html.EscapeString(l.Text)...)
		b = append(b, "</text>"...)
	}
	return template.HTML(b)
}

// appendAttr appends a numeric attribute.
func appendAttr(b []byte, name string, v num) []byte {
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, `="`...)
	b = appendNum(b, float64(v))
	return append(b, '"')
}
