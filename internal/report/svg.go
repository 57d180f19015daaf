package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/klaver/klaver"
)

// num is an SVG coordinate or length. It prints with at most one decimal,
// and as 0 when it is not a finite number, so that no figure in a report
// can put NaN or Inf into a chart.
type num float64

// String formats n for an SVG attribute.
func (n num) String() string {
	return string(appendNum(make([]byte, 0, 8), float64(n)))
}

// appendNum appends v rounded to one decimal, without a trailing ".0", and
// 0 for a value that is not finite. Charts write over a million of these
// for a large team, so it avoids the general float formatter.
func appendNum(b []byte, v float64) []byte {
	tenths := math.Round(v * 10)
	if !isFinite(tenths) || math.Abs(tenths) >= 1e15 {
		return append(b, '0')
	}
	t := int64(tenths)
	if t < 0 {
		b = append(b, '-')
		t = -t
	}
	b = strconv.AppendInt(b, t/10, 10)
	if d := t % 10; d != 0 {
		b = append(b, '.', byte('0'+d))
	}
	return b
}

// finiteOrZero returns v, or 0 when v is NaN or infinite.
func finiteOrZero(v float64) float64 {
	if !isFinite(v) {
		return 0
	}
	return v
}

// Chart sizes in SVG user units; the page scales them to its width.
const (
	shareWidth   = 720
	stackWidth   = 480
	chartLeft    = 52 // room for the axis labels
	chartRight   = 12
	chartTop     = 16
	chartBottom  = 24 // room for the week labels
	shareHeight  = 240
	stackHeight  = 170
	maxWeekTicks = 13 // week labels along the x axis
)

// tick is a horizontal grid line with its label.
type tick struct {
	Y     num
	Label string
}

// xLabel is a week label under the x axis.
type xLabel struct {
	X    num
	Text string
}

// plot is the frame that the bars of a chart stand in.
type plot struct {
	Width   num // of the whole chart
	Height  num
	Bottom  num // y of the x axis
	Left    num
	Right   num
	slot    float64 // width given to each week
	scale   float64 // user units per unit of value
	barFrac float64 // share of the slot a bar takes
}

// newPlot lays out n weeks across a chart of width by height for values
// up to top.
func newPlot(width, height float64, n int, top float64) plot {
	p := plot{
		Width:   num(width),
		Height:  num(height),
		Bottom:  num(height - chartBottom),
		Left:    chartLeft,
		Right:   num(width - chartRight),
		barFrac: 0.7,
	}
	if n > 0 {
		p.slot = (width - chartLeft - chartRight) / float64(n)
	}
	if top > 0 {
		p.scale = (height - chartTop - chartBottom) / top
	}
	return p
}

// barX returns the left edge and width of week i's bar.
func (p plot) barX(i int) (x, width float64) {
	width = p.slot * p.barFrac
	return chartLeft + float64(i)*p.slot + (p.slot-width)/2, width
}

// y returns the y coordinate of value v, never below the axis.
func (p plot) y(v float64) float64 {
	return float64(p.Bottom) - max(finiteOrZero(v), 0)*p.scale
}

// weekLabels labels at most maxWeekTicks weeks under the bars, each by its
// week number ("W02"); the tables give the full ISO week.
func (p plot) weekLabels(weeks []klaver.WeekFigures) []xLabel {
	stride := max(1, (len(weeks)+maxWeekTicks-1)/maxWeekTicks)
	var labels []xLabel
	for i := 0; i < len(weeks); i += stride {
		x, w := p.barX(i)
		labels = append(labels, xLabel{X: num(x + w/2), Text: shortWeek(weeks[i].Week)})
	}
	return labels
}

// shortWeek turns "2026-W02" into "W02".
func shortWeek(week string) string {
	if i := strings.LastIndexByte(week, '-'); i >= 0 {
		return week[i+1:]
	}
	return week
}

// niceStep returns a round step from steps that divides top into at most
// maxTicks parts, falling back to a multiple of the last step.
func niceStep(top float64, steps []float64, maxTicks int) float64 {
	for _, s := range steps {
		if top/s <= float64(maxTicks) {
			return s
		}
	}
	last := steps[len(steps)-1]
	return math.Ceil(top/last/float64(maxTicks)) * last
}

// scaleTop rounds hi up to a whole number of steps, at least one.
func scaleTop(hi, step float64) float64 {
	return max(1, math.Ceil(hi/step)) * step
}
