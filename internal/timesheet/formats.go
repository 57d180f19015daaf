package timesheet

import (
	"fmt"
	"strings"
	"unicode"
)

// Format names a recognised export layout.
type Format string

// The layouts NewReader recognises.
const (
	Toggl    Format = "toggl"
	Clockify Format = "clockify"
	Harvest  Format = "harvest"
	Kimai    Format = "kimai"
	Generic  Format = "generic"
)

// field is what a column means to the reader, whatever the export calls it.
type field uint8

const (
	colEmail     field = iota
	colName            // the user's display name (Toggl and Clockify User, Kimai Name)
	colUser            // the login name (Kimai User)
	colFirstName       // Harvest
	colLastName        // Harvest
	colStart           // generic: date and time in one cell
	colEnd             // generic: date and time, or a time only
	colStartDate
	colStartTime
	colEndDate
	colEndTime
	colDuration  // duration or hours
	colDuration2 // Clockify's Duration (decimal), read when Duration (h) is empty
	colClient
	colProject
	colTask
	colActivity // Clockify and Kimai; joins Task in Entry.Task
	colDescription
	colTags
	numFields
	colKnown = numFields // a column the format writes that the audit does not need
)

// spec describes one export layout: the header names it writes and which
// of them a file must have to be read as that layout.
type spec struct {
	format  Format
	title   string           // for messages: "Toggl Track"
	columns map[string]field // normalised header cell → meaning
	// prefixes are header starts that carry a currency or unit: Amount (EUR).
	prefixes []string
	// required lists alternatives: each inner list needs one of its fields.
	required [][]field
	needs    string // what required means, in the export's own words
	// order reads dates with two short numbers when the file does not say.
	order dateOrder
}

// names maps field to the header names that mean it.
type names map[field][]string

func newSpec(s spec, n names) spec {
	s.columns = map[string]field{}
	for f, list := range n {
		for _, name := range list {
			s.columns[normHeader(name)] = f
		}
	}
	return s
}

// specs are tried in this order; on a tie the first wins.
var specs = []spec{
	newSpec(spec{
		format:   Toggl,
		title:    "Toggl Track",
		prefixes: []string{"amount ("},
		required: [][]field{{colStartDate}, {colEndTime, colDuration}},
		needs:    "Start date and End time or Duration",
		order:    monthFirst,
	}, names{
		colName:        {"User", "Member"},
		colEmail:       {"Email"},
		colClient:      {"Client"},
		colProject:     {"Project"},
		colTask:        {"Task"},
		colDescription: {"Description"},
		colStartDate:   {"Start date"},
		colStartTime:   {"Start time"},
		colEndDate:     {"End date"},
		colEndTime:     {"End time"},
		colDuration:    {"Duration"},
		colTags:        {"Tags"},
		colKnown:       {"Billable", "Amount"},
	}),
	newSpec(spec{
		format:   Clockify,
		title:    "Clockify",
		prefixes: []string{"billable rate (", "billable amount (", "cost rate (", "cost amount ("},
		required: [][]field{{colStartDate}, {colEndTime, colDuration, colDuration2}},
		needs:    "Start Date and End Time or Duration (h)",
		order:    monthFirst,
	}, names{
		colProject:     {"Project"},
		colClient:      {"Client"},
		colDescription: {"Description"},
		colTask:        {"Task"},
		colActivity:    {"Activity"},
		colName:        {"User"},
		colEmail:       {"Email"},
		colTags:        {"Tags"},
		colStartDate:   {"Start Date"},
		colStartTime:   {"Start Time"},
		colEndDate:     {"End Date"},
		colEndTime:     {"End Time"},
		colDuration:    {"Duration (h)"},
		colDuration2:   {"Duration (decimal)"},
		colKnown: {"Group", "Billable", "Type", "Invoiced", "Invoice ID", "Date of creation",
			"Approval", "Approved by", "Kiosk", "Billable Rate", "Billable Amount"},
	}),
	newSpec(spec{
		format:   Harvest,
		title:    "Harvest",
		required: [][]field{{colStartDate}, {colDuration}},
		needs:    "Date and Hours",
		order:    monthFirst,
	}, names{
		colStartDate:   {"Date"},
		colClient:      {"Client"},
		colProject:     {"Project"},
		colTask:        {"Task"},
		colDescription: {"Notes"},
		colDuration:    {"Hours"},
		colFirstName:   {"First Name"},
		colLastName:    {"Last Name"},
		colEmail:       {"Email"},
		colKnown: {"Project Code", "Hours Rounded", "Billable?", "Invoiced?", "Approved?",
			"Roles", "Employee?", "Employee Id", "Department", "Billable Rate", "Billable Amount",
			"Cost Rate", "Cost Amount", "Currency", "External Reference URL"},
	}),
	newSpec(spec{
		format:   Kimai,
		title:    "Kimai",
		required: [][]field{{colStartDate}, {colEndTime, colDuration}},
		needs:    "Date and To or Duration, in the exporting user's language",
		order:    dayFirst,
	}, kimaiNames),
	newSpec(spec{
		format:   Generic,
		title:    "generic",
		required: [][]field{{colName, colEmail}, {colStart}, {colEnd, colDuration}},
		needs:    "person, start and end or duration",
	}, names{
		colName:        {"person"},
		colEmail:       {"email"},
		colStart:       {"start"},
		colEnd:         {"end"},
		colDuration:    {"duration"},
		colClient:      {"client"},
		colProject:     {"project"},
		colTask:        {"task"},
		colActivity:    {"activity"},
		colDescription: {"description"},
		colTags:        {"tags"},
	}),
}

// genericHeader is the header to write when no export fits.
const genericHeader = "person,start,end,duration,client,project,description,tags"

// normHeader folds a header cell for comparison: no surrounding space
// (nor BOM or no-break space), inner runs of space as one, lower case.
func normHeader(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// columns is a file's header mapped for one format.
type columns struct {
	index  [numFields]int    // column of each field, -1 when absent
	header [numFields]string // the header cell as written, for messages
	mapped int               // cells the format knows, to choose between formats
}

// lookup maps one normalised header cell.
func (s *spec) lookup(cell string) (field, bool) {
	if f, ok := s.columns[cell]; ok {
		return f, true
	}
	for _, p := range s.prefixes {
		if strings.HasPrefix(cell, p) {
			return colKnown, true
		}
	}
	return 0, false
}

// match maps header for s; the first column of a name wins, later ones
// (Kimai's custom fields often repeat a label) are left alone.
func (s *spec) match(header []string) columns {
	var c columns
	for i := range c.index {
		c.index[i] = -1
	}
	for i, cell := range header {
		f, ok := s.lookup(normHeader(cell))
		if !ok {
			continue
		}
		c.mapped++
		if f != colKnown && c.index[f] < 0 {
			c.index[f] = i
			c.header[f] = strings.Join(strings.Fields(strings.TrimPrefix(cell, "\uFEFF")), " ")
		}
	}
	return c
}

// missing returns the required alternatives c does not satisfy.
func (s *spec) missing(c *columns) int {
	n := 0
	for _, any := range s.required {
		found := false
		for _, f := range any {
			found = found || c.index[f] >= 0
		}
		if !found {
			n++
		}
	}
	return n
}

// recognise picks the format whose required columns header has, preferring
// the one that knows the most cells. ok is false when none fits; best is
// then the closest format.
func recognise(header []string) (best *spec, cols columns, ok bool) {
	bestMissing := -1
	for i := range specs {
		s := &specs[i]
		c := s.match(header)
		m := s.missing(&c)
		if best == nil || m < bestMissing || m == bestMissing && c.mapped > cols.mapped {
			best, cols, bestMissing = s, c, m
		}
	}
	return best, cols, bestMissing == 0
}

// headerError explains, in one line, why header fits no format and what to do.
func headerError(header []string, closest *spec) string {
	var unknown []string
	for _, cell := range header {
		norm := normHeader(cell)
		if norm == "" {
			continue
		}
		known := false
		for i := range specs {
			_, ok := specs[i].lookup(norm)
			known = known || ok
		}
		if !known {
			unknown = append(unknown, fmt.Sprintf("%q", strings.TrimSpace(cell)))
		}
	}
	var b strings.Builder
	b.WriteString("header not recognised as a time-tracking export: ")
	switch {
	case len(unknown) > 8:
		fmt.Fprintf(&b, "could not map columns %s and %d more", strings.Join(unknown[:8], ", "), len(unknown)-8)
	case len(unknown) > 0:
		fmt.Fprintf(&b, "could not map columns %s", strings.Join(unknown, ", "))
	default:
		b.WriteString("every column is known but no format is complete")
	}
	fmt.Fprintf(&b, " (closest: %s); ", closest.title)
	for i := range specs {
		fmt.Fprintf(&b, "%s needs %s; ", specs[i].title, specs[i].needs)
	}
	fmt.Fprintf(&b, "export the detailed report again, or rename the columns to the generic header %s", genericHeader)
	return b.String()
}
