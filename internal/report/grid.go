package report

import "strings"

// cell is one field of a text table.
type cell struct {
	text  string
	right bool   // align to the right, as figures are
	style string // ANSI style, used only when colour is on
}

// grid is a text table whose columns are aligned by display width, so that
// names with accents, combining marks or CJK characters line up, and whose
// colours do not count as width.
type grid struct {
	rows [][]cell // a nil row is a horizontal rule
}

// add appends a row.
func (g *grid) add(row []cell) {
	g.rows = append(g.rows, row)
}

// rule appends a horizontal rule.
func (g *grid) rule() {
	g.rows = append(g.rows, nil)
}

// columnGap separates columns.
const columnGap = "  "

// widths returns the display width of each column.
func (g *grid) widths() []int {
	var ws []int
	for _, row := range g.rows {
		for i, c := range row {
			if i == len(ws) {
				ws = append(ws, 0)
			}
			ws[i] = max(ws[i], displayWidth(c.text))
		}
	}
	return ws
}

// write renders the grid into b, one line per row, without trailing spaces.
func (g *grid) write(b *strings.Builder, color bool) {
	ws := g.widths()
	total := 0
	for _, w := range ws {
		total += w
	}
	total += len(columnGap) * max(len(ws)-1, 0)
	for _, row := range g.rows {
		if row == nil {
			b.WriteString(strings.Repeat("-", total))
			b.WriteByte('\n')
			continue
		}
		writeRow(b, row, ws, color)
	}
}

// writeRow renders one row padded to the column widths ws.
func writeRow(b *strings.Builder, row []cell, ws []int, color bool) {
	for i, c := range row {
		if i > 0 {
			b.WriteString(columnGap)
		}
		pad := strings.Repeat(" ", ws[i]-displayWidth(c.text))
		last := i == len(row)-1
		if c.right {
			b.WriteString(pad)
		}
		if color && c.style != "" {
			b.WriteString(c.style + c.text + ansiReset)
		} else {
			b.WriteString(c.text)
		}
		if !c.right && !last {
			b.WriteString(pad)
		}
	}
	b.WriteByte('\n')
}
