package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"math"
	"strconv"

	"github.com/klaver/klaver"
)

// csvHeader is the first row of the CSV rendering.
var csvHeader = []string{
	"scope", "person", "week", "working_minutes", "client_minutes",
	"internal_for_client_minutes", "internal_minutes", "own_work_minutes",
	"internal_share", "verdict",
}

// CSV writes one row per person and ISO week, a total row per person
// ("total" in the week column), then the team's weeks and total. Cells are
// made safe to open in a spreadsheet: one that could start a formula gets a
// leading single quote.
func CSV(w io.Writer, r *klaver.Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("write CSV report: %w", err)
	}
	for row := range csvRows(r) {
		if err := cw.Write(safeCells(row)); err != nil {
			return fmt.Errorf("write CSV report: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write CSV report: %w", err)
	}
	return nil
}

// csvRows yields the rows below the header: each person's weeks and total,
// then the team's weeks and total.
func csvRows(r *klaver.Report) iter.Seq[[]string] {
	return func(yield func([]string) bool) {
		for _, p := range r.People {
			for _, wk := range p.Weeks {
				if !yield(csvRow("person", p.Person, wk.Week, wk.Figures)) {
					return
				}
			}
			if !yield(csvRow("person", p.Person, "total", p.Figures)) {
				return
			}
		}
		for _, wk := range r.Team.Weeks {
			if !yield(csvRow("team", "", wk.Week, wk.Figures)) {
				return
			}
		}
		yield(csvRow("team", "", "total", r.Team.Figures))
	}
}

// csvRow is one row of figures. The share is rounded half up to four
// decimals, as a reader would round it by hand.
func csvRow(scope, person, week string, f klaver.Figures) []string {
	return []string{
		scope, person, week,
		strconv.FormatInt(f.WorkingMinutes, 10),
		strconv.FormatInt(f.ClientMinutes, 10),
		strconv.FormatInt(f.InternalForClientMinutes, 10),
		strconv.FormatInt(f.InternalMinutes, 10),
		strconv.FormatInt(f.OwnWorkMinutes, 10),
		strconv.FormatFloat(math.Round(f.InternalShare*1e4)/1e4, 'f', 4, 64),
		f.Verdict,
	}
}

// safeCells quotes every cell that a spreadsheet would read as a formula
// (CSV injection): one starting with =, +, -, @, a tab or a carriage return
// gets a leading single quote.
func safeCells(row []string) []string {
	for i, c := range row {
		if c != "" && isFormulaStart(c[0]) {
			row[i] = "'" + c
		}
	}
	return row
}

// isFormulaStart reports whether a cell starting with b may be a formula.
func isFormulaStart(b byte) bool {
	switch b {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}
