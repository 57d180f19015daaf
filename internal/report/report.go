// Package report renders the result of an audit for people: a terminal
// table, the JSON contract, a spreadsheet-safe CSV and a self-contained HTML
// page with charts.
//
// Hours are shown as hours:minutes (152:30) everywhere, because every figure
// in a report is a whole number of minutes and a decimal hour would round it.
package report

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/klaver/klaver"
)

// Options tune the renderings meant for people to read.
type Options struct {
	// Color turns on ANSI colour in the table. The caller sets it only when
	// the output is a terminal and NO_COLOR is not set.
	Color bool
	// Lang chooses the words of the table and the page: "nl" or "en"
	// (a locale such as "nl_NL.UTF-8" also works). Empty means English.
	Lang string
	// Title replaces the default title of the report.
	Title string
	// Generated is the creation time shown in the page footer. The caller
	// passes it, so that a rendering depends on its arguments only.
	Generated string
}

// hours formats minutes as hours:minutes, which is exact where a decimal
// hour would round.
func hours(minutes int64) string {
	sign := ""
	if minutes < 0 {
		sign = "-"
		minutes = -minutes
	}
	m := minutes % 60
	pad := ""
	if m < 10 {
		pad = "0"
	}
	return sign + strconv.FormatInt(minutes/60, 10) + ":" + pad + strconv.FormatInt(m, 10)
}

// percent formats a share such as 0.1875 as "18.8%" with the language's
// decimal separator. A share that is not a number shows as a dash rather
// than as "NaN%".
func percent(share float64, m messages) string {
	if !isFinite(share) {
		return "–"
	}
	s := strconv.FormatFloat(share*100, 'f', 1, 64)
	return strings.Replace(s, ".", m["decimal_separator"], 1) + "%"
}

// limitPercent formats the rule's threshold without needless decimals:
// 0.25 is "25%", 0.125 is "12.5%".
func limitPercent(share float64, m messages) string {
	if !isFinite(share) {
		return "–"
	}
	s := strconv.FormatFloat(math.Round(share*10000)/100, 'f', -1, 64)
	return strings.Replace(s, ".", m["decimal_separator"], 1) + "%"
}

// isFinite reports whether v is neither NaN nor infinite.
func isFinite(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0)
}

// verdictWord is the verdict in the reader's language; a verdict the
// package does not know is shown as it is.
func verdictWord(verdict string, m messages) string {
	switch verdict {
	case klaver.VerdictOK:
		return m["verdict_ok"]
	case klaver.VerdictOver:
		return m["verdict_over"]
	}
	return verdict
}

// topClients returns at most n clients, most minutes first, names breaking
// ties, without reordering the caller's slice.
func topClients(clients []klaver.ClientMinutes, n int) []klaver.ClientMinutes {
	sorted := slices.Clone(clients)
	slices.SortStableFunc(sorted, func(a, b klaver.ClientMinutes) int {
		return cmp.Or(cmp.Compare(b.Minutes, a.Minutes), strings.Compare(a.Client, b.Client))
	})
	return sorted[:min(n, len(sorted))]
}

// topSeries returns at most n series, most minutes first, titles breaking
// ties, without reordering the caller's slice.
func topSeries(series []klaver.Series, n int) []klaver.Series {
	sorted := slices.Clone(series)
	slices.SortStableFunc(sorted, func(a, b klaver.Series) int {
		return cmp.Or(cmp.Compare(b.Minutes, a.Minutes), strings.Compare(a.Title, b.Title))
	})
	return sorted[:min(n, len(sorted))]
}

// How many entries the summaries show before "and n more".
const (
	maxClientsShown  = 10
	maxSeriesShown   = 10
	maxProblemsShown = 5
)
