package timesheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/klaver/klaver/internal/civil"
)

// Entry is one row of tracked time.
type Entry struct {
	Line    int            // line number of the row in the file (1 = header); for quoted fields spanning lines, the row's first line
	Person  string         // e-mail address, lower-cased; where the export has none (Harvest), the user's name ("First Last") as written, white space folded
	Start   civil.DateTime // local wall-clock start; for Harvest, the date at 00:00
	HasTime bool           // false when the export has only a date (Harvest)
	// End is the local wall-clock end when the row gives one (zero
	// otherwise), so that a reader in a time zone can measure across a
	// daylight-saving change (the audit does); Seconds is the wall-clock
	// difference. Kimai's Duration without an end is read as seconds.
	End     civil.DateTime
	Seconds int64 // tracked duration: from start and end where both exist (an end before the start means the next day), otherwise the duration / hours column
	// Task also holds Clockify's and Kimai's Activity (both, joined by " / ",
	// when a file has both columns filled); Tags are as written
	// (comma-separated lists kept as is).
	Client, Project, Task, Description, Tags string
}

// ParseError is a problem with one row (or with the header row), reported
// as "file:line: message" so that people can find and fix it in the export.
type ParseError struct {
	File string
	Line int
	Msg  string
}

// Error returns "file:line: message".
func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// peekRows bounds how far the reader looks ahead for a date that shows
// whether a file writes day or month first (25/01 or 01/25).
const peekRows = 10000

// Reader reads entries from a time-tracking export, one row at a time, so
// that exports of any size take little memory.
type Reader struct {
	name    string
	csv     *csv.Reader
	spec    *spec
	cols    columns
	order   dateOrder
	decided bool     // order has been settled from the file
	pending []record // rows read ahead while settling the order
	err     error    // a read failure that ends the file
}

// record is a row read ahead of time.
type record struct {
	fields []string
	line   int
	err    error
}

// NewReader reads the header row and recognises the format from it (not
// from the file name). It accepts a UTF-8 BOM, ',' or ';' (or tab)
// separators (sniffed from the header line), and header cells in any case
// with surrounding spaces. An unrecognised header is an error that names
// the columns it could not map and lists what each format needs, in one
// line ending with what to do.
func NewReader(r io.Reader, name string) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	first, err := firstLine(br)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if msg := encodingProblem(first); msg != "" {
		return nil, &ParseError{File: name, Line: 1, Msg: msg}
	}
	if bytes.HasPrefix(first, bom) {
		_, _ = br.Discard(len(bom)) // buffered already: cannot fail
		first = first[len(bom):]
	}
	cr := csv.NewReader(br)
	cr.Comma = sniffComma(bytes.TrimLeft(first, "\r\n"))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) || err == nil && blank(header) {
		return nil, &ParseError{File: name, Line: 1, Msg: "empty file: no header row"}
	}
	if err != nil {
		return nil, rowError(name, err)
	}
	line, _ := cr.FieldPos(0)
	header = slices.Clone(header)
	s, cols, ok := recognise(header)
	if !ok {
		return nil, &ParseError{File: name, Line: line, Msg: headerError(header, s)}
	}
	rd := &Reader{name: name, csv: cr, spec: s, cols: cols, order: s.order}
	// Only exports with date columns can need their date order settled.
	rd.decided = cols.index[colStartDate] < 0 && cols.index[colEndDate] < 0
	return rd, nil
}

// Format reports the layout NewReader recognised.
func (r *Reader) Format() Format { return r.spec.format }

// Next returns the next entry; io.EOF at the end; a *ParseError for a bad
// row, after which the next call continues with the following row. Empty
// rows are skipped silently.
func (r *Reader) Next() (Entry, error) {
	if !r.decided {
		r.settleOrder()
	}
	for {
		fields, line, err := r.read()
		if err != nil {
			return Entry{}, err
		}
		if blank(fields) {
			continue
		}
		return r.entry(fields, line)
	}
}

// read returns the next row, first from the rows read ahead.
func (r *Reader) read() ([]string, int, error) {
	if len(r.pending) > 0 {
		rec := r.pending[0]
		r.pending[0] = record{}
		r.pending = r.pending[1:]
		return rec.fields, rec.line, rec.err
	}
	return r.readCSV()
}

// readCSV reads the next row from the file. The fields are reused by the
// following call.
func (r *Reader) readCSV() ([]string, int, error) {
	if r.err != nil {
		return nil, 0, r.err
	}
	fields, err := r.csv.Read()
	if err != nil {
		err = rowError(r.name, err)
		if _, ok := err.(*ParseError); !ok {
			r.err = err
		}
		return nil, 0, err
	}
	line, _ := r.csv.FieldPos(0)
	return fields, line, nil
}

// rowError turns a CSV syntax error into a ParseError for its row; io.EOF
// and read failures pass through.
func rowError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) && pe.Err != nil {
		return &ParseError{File: name, Line: pe.StartLine, Msg: "CSV: " + pe.Err.Error()}
	}
	if errors.Is(err, io.EOF) {
		return io.EOF
	}
	return fmt.Errorf("read %s: %w", name, err)
}

// settleOrder reads ahead until a date shows whether the file writes the
// day or the month first. Tools write dates the way the exporting user
// chose, and 03/04/2026 alone does not say which; 25/04/2026 does. When
// nothing in the first rows decides, the tool's default holds, and a later
// row that contradicts it is reported rather than misread.
func (r *Reader) settleOrder() {
	r.decided = true
	for len(r.pending) < peekRows {
		fields, line, err := r.readCSV()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				r.pending = append(r.pending, record{err: err})
			}
			if r.err != nil {
				return // the end of the file, or a read failure
			}
			continue // a bad row: Next reports it
		}
		r.pending = append(r.pending, record{fields: slices.Clone(fields), line: line})
		if r.settledBy(fields) {
			return
		}
	}
}

// settledBy reports whether the dates in fields settle the file's date
// order, and settles it.
func (r *Reader) settledBy(fields []string) bool {
	for _, f := range [...]field{colStartDate, colEndDate} {
		p, ok := splitDate(r.cell(fields, f))
		switch {
		case !ok:
			continue
		case !p.ambiguous():
			return true // a layout that needs no settling
		case p.hint() != orderUnknown:
			r.order = p.hint()
			return true
		}
	}
	return false
}

var bom = []byte("\uFEFF")

// firstLine returns the buffered bytes from the start up to the end of
// the first line that is not empty, without waiting for more input than
// that line needs.
func firstLine(br *bufio.Reader) ([]byte, error) {
	if _, err := br.Peek(1); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	for {
		n := br.Buffered()
		b, _ := br.Peek(n)
		start := len(b) - len(bytes.TrimLeft(b, "\r\n"))
		if i := bytes.IndexByte(b[start:], '\n'); i >= 0 {
			return b[:start+i], nil
		}
		if n == br.Size() {
			return b, nil
		}
		if _, err := br.Peek(n + 1); err != nil {
			if errors.Is(err, io.EOF) {
				return b, nil
			}
			return nil, err
		}
	}
}

// encodingProblem names an encoding this package cannot read, so the user
// can save the file again as UTF-8 instead of seeing garbled headers.
func encodingProblem(first []byte) string {
	if bytes.HasPrefix(first, []byte{0xFF, 0xFE}) || bytes.HasPrefix(first, []byte{0xFE, 0xFF}) {
		return "the file is UTF-16 text; save or export it as UTF-8 CSV"
	}
	return ""
}

// sniffComma picks the separator that occurs most often outside quotes in
// the header line: ',' unless ';' or tab is more frequent.
func sniffComma(line []byte) rune {
	var comma, semi, tab int
	quoted := false
	for _, ch := range line {
		switch {
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == ',':
			comma++
		case ch == ';':
			semi++
		case ch == '\t':
			tab++
		}
	}
	switch {
	case semi > comma && semi >= tab:
		return ';'
	case tab > comma && tab > semi:
		return '\t'
	}
	return ','
}

// Sniff reports whether the first bytes look like a CSV this package reads
// (for stdin input): their first line is a header NewReader recognises.
func Sniff(head []byte) bool {
	head = bytes.TrimPrefix(head, bom)
	if encodingProblem(head) != "" {
		return false
	}
	head = bytes.TrimLeft(head, "\r\n")
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	cr := csv.NewReader(bytes.NewReader(head))
	cr.Comma = sniffComma(head)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return false
	}
	_, _, ok := recognise(header)
	return ok
}
