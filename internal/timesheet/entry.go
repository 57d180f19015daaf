package timesheet

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/klaver/klaver/internal/civil"
)

// cell returns the trimmed value of f in fields, "" when the file has no
// such column or the row is short.
func (r *Reader) cell(fields []string, f field) string {
	i := r.cols.index[f]
	if i < 0 || i >= len(fields) {
		return ""
	}
	return strings.TrimSpace(fields[i])
}

// blank reports whether every cell of the row is empty.
func blank(fields []string) bool {
	for _, v := range fields {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// fail returns a ParseError for the row at line, naming the column of f
// as the file writes it.
func (r *Reader) fail(line int, f field, msg string) error {
	return &ParseError{File: r.name, Line: line, Msg: r.cols.header[f] + ": " + msg}
}

// entry turns one row into an Entry.
func (r *Reader) entry(fields []string, line int) (Entry, error) {
	e := Entry{Line: line}
	var err error
	if e.Person, err = r.person(fields, line); err != nil {
		return Entry{}, err
	}
	if err = r.times(fields, line, &e); err != nil {
		return Entry{}, err
	}
	e.Client = r.cell(fields, colClient)
	e.Project = r.cell(fields, colProject)
	e.Task = joinTask(r.cell(fields, colTask), r.cell(fields, colActivity))
	e.Description = r.cell(fields, colDescription)
	e.Tags = r.cell(fields, colTags)
	return e, nil
}

// person returns who tracked the row: the e-mail address, else the name
// the export gives. Anything that looks like an address is lower-cased,
// as addresses compare without case.
func (r *Reader) person(fields []string, line int) (string, error) {
	p := r.cell(fields, colEmail)
	if p == "" {
		p = r.cell(fields, colName)
	}
	if p == "" {
		p = r.cell(fields, colUser)
	}
	if p == "" {
		p = strings.TrimSpace(r.cell(fields, colFirstName) + " " + r.cell(fields, colLastName))
	}
	if p == "" {
		return "", &ParseError{File: r.name, Line: line, Msg: "no person: " + r.personColumns() + " empty"}
	}
	if strings.IndexByte(p, '@') >= 0 {
		return strings.ToLower(p), nil
	}
	// A name is kept as written, its white space runs folded, so that
	// "Carla  de Boer" and "Carla de Boer" are one person.
	return strings.Join(strings.Fields(p), " "), nil
}

// personColumns lists the file's columns that name a person, for messages.
func (r *Reader) personColumns() string {
	var names []string
	for _, f := range [...]field{colEmail, colName, colUser, colFirstName, colLastName} {
		if r.cols.index[f] >= 0 {
			names = append(names, r.cols.header[f])
		}
	}
	if len(names) == 0 {
		return "the file has no e-mail or user column, so every row is"
	}
	return strings.Join(names, ", ")
}

// joinTask keeps both a task and an activity where a file fills both, so
// that a client mentioned in either is found.
func joinTask(task, activity string) string {
	switch {
	case activity == "" || activity == task:
		return task
	case task == "":
		return activity
	}
	return task + " / " + activity
}

// times sets Start, HasTime, End and Seconds: from start and end where
// both exist, otherwise from the duration or hours column.
func (r *Reader) times(fields []string, line int, e *Entry) error {
	var err error
	if e.Start, e.HasTime, err = r.start(fields, line); err != nil {
		return err
	}
	if e.HasTime {
		end, endCol, ok, err := r.end(fields, line, e.Start)
		if err != nil {
			return err
		}
		if ok {
			if end.Before(e.Start) {
				return r.fail(line, endCol, fmt.Sprintf("end %s is before the start %s", end, e.Start))
			}
			e.End = end
			e.Seconds = wallClockSeconds(e.Start, end)
			return nil
		}
	}
	return r.duration(fields, line, e)
}

// start reads the start: the generic format's date-time cell, or a date
// and an optional time of day.
func (r *Reader) start(fields []string, line int) (civil.DateTime, bool, error) {
	if r.cols.index[colStart] >= 0 {
		v := r.cell(fields, colStart)
		if v == "" {
			return civil.DateTime{}, false, r.fail(line, colStart, "no start")
		}
		dt, hasTime, err := parseDateTime(v)
		if err != nil {
			return civil.DateTime{}, false, r.fail(line, colStart, err.Error())
		}
		return dt, hasTime, nil
	}
	v := r.cell(fields, colStartDate)
	if v == "" {
		return civil.DateTime{}, false, r.fail(line, colStartDate, "no date")
	}
	d, err := parseDate(v, r.order)
	if err != nil {
		return civil.DateTime{}, false, r.fail(line, colStartDate, err.Error())
	}
	v = r.cell(fields, colStartTime)
	if v == "" {
		return d.At(0, 0, 0), false, nil
	}
	c, err := parseClock(v)
	if err != nil {
		return civil.DateTime{}, false, r.fail(line, colStartTime, err.Error())
	}
	return d.At(c.hour, c.minute, c.second), true, nil
}

// end reads the end of a timed row. ok is false when the row gives no end
// time. An end on the start's date, or written as a time of day only
// (Kimai's To, the generic "17:30"), is on the start's day, or the next day
// when it is before the start: "an end before the start means the next
// day". An end dated before the start's date stays an error. col is the
// column to blame for an end before the start.
func (r *Reader) end(fields []string, line int, start civil.DateTime) (end civil.DateTime, col field, ok bool, err error) {
	if r.cols.index[colEnd] >= 0 {
		return r.genericEnd(fields, line, start)
	}
	v := r.cell(fields, colEndTime)
	if v == "" {
		return end, colEndTime, false, nil
	}
	c, err := parseClock(v)
	if err != nil {
		return end, colEndTime, false, r.fail(line, colEndTime, err.Error())
	}
	switch dv := r.cell(fields, colEndDate); dv {
	case "", r.cell(fields, colStartDate): // most entries end on the day they start
	default:
		d, err := parseDate(dv, r.order)
		if err != nil {
			return end, colEndDate, false, r.fail(line, colEndDate, err.Error())
		}
		if d != start.Date {
			return d.At(c.hour, c.minute, c.second), colEndTime, true, nil
		}
	}
	return sameOrNextDay(start, c), colEndTime, true, nil
}

// genericEnd reads the generic end cell: a date-time or a time of day.
func (r *Reader) genericEnd(fields []string, line int, start civil.DateTime) (civil.DateTime, field, bool, error) {
	v := r.cell(fields, colEnd)
	if v == "" {
		return civil.DateTime{}, colEnd, false, nil
	}
	if c, err := parseClock(v); err == nil {
		return sameOrNextDay(start, c), colEnd, true, nil
	}
	dt, hasTime, err := parseDateTime(v)
	if err != nil || !hasTime {
		return dt, colEnd, false, r.fail(line, colEnd, fmt.Sprintf("invalid end %q: want a date and time or a time of day", v))
	}
	if dt.Date == start.Date {
		return sameOrNextDay(start, clock{hour: dt.Hour, minute: dt.Minute, second: dt.Second}), colEnd, true, nil
	}
	return dt, colEnd, true, nil
}

// wallClockSeconds returns end - start in wall-clock seconds.
func wallClockSeconds(start, end civil.DateTime) int64 {
	if start.Date == end.Date {
		return int64(end.SecondOfDay() - start.SecondOfDay())
	}
	return end.Seconds() - start.Seconds()
}

// sameOrNextDay places a time of day at or after start.
func sameOrNextDay(start civil.DateTime, c clock) civil.DateTime {
	end := start.Date.At(c.hour, c.minute, c.second)
	if end.Before(start) {
		end.Date = end.Date.AddDays(1)
	}
	return end
}

// duration sets Seconds from the duration or hours column, or from
// Clockify's decimal column where Duration (h) is empty.
func (r *Reader) duration(fields []string, line int, e *Entry) error {
	f := colDuration
	v := r.cell(fields, f)
	if v == "" {
		f = colDuration2
		v = r.cell(fields, f)
	}
	if v == "" {
		return &ParseError{File: r.name, Line: line, Msg: r.noDuration(e.HasTime)}
	}
	if r.spec.format == Kimai && allDigits(v) {
		// Kimai writes its Duration in seconds ("5400"), where the
		// other trackers write a bare number for hours.
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil || secs > maxDurationSeconds {
			return r.fail(line, f, fmt.Sprintf("invalid duration %q: want seconds, up to a year", v))
		}
		e.Seconds = secs
		return nil
	}
	secs, err := parseDuration(v)
	if err != nil {
		return r.fail(line, f, err.Error())
	}
	e.Seconds = secs
	return nil
}

// noDuration explains a row that gives neither an end nor a duration.
func (r *Reader) noDuration(hasTime bool) string {
	var cols []string
	if hasTime {
		for _, f := range [...]field{colEnd, colEndTime} {
			if r.cols.index[f] >= 0 {
				cols = append(cols, r.cols.header[f])
			}
		}
	}
	for _, f := range [...]field{colDuration, colDuration2} {
		if r.cols.index[f] >= 0 {
			cols = append(cols, r.cols.header[f])
		}
	}
	msg := "no duration: " + strings.Join(cols, " and ") + " empty"
	if len(cols) == 0 {
		msg = "no duration: the file has no duration column"
	}
	if !hasTime && (r.cols.index[colEnd] >= 0 || r.cols.index[colEndTime] >= 0) {
		msg += " (an end time counts only with a start time)"
	}
	return msg
}
