package ical

import (
	"bytes"
	"strconv"

	"github.com/klaver/klaver/internal/tz"
)

// zoneBuilder collects one VTIMEZONE.
type zoneBuilder struct {
	begin int // line of BEGIN:VTIMEZONE
	tzid  string
	obs   []tz.Observance

	in      bool // inside a STANDARD or DAYLIGHT
	cur     tz.Observance
	curLine int
	curHas  propSet // DTSTART, TZOFFSETFROM and TZOFFSETTO seen in cur

	// interrupted is set when a BEGIN or END showed the VTIMEZONE was
	// never closed; there is then nothing left of it to skip.
	interrupted bool
}

// readTimezone reads the VTIMEZONE whose BEGIN was on line begin and keeps
// its observances under its TZID. On a problem it skips the rest of the
// VTIMEZONE and returns the problem.
func (r *Reader) readTimezone(begin int) *ParseError {
	zb := zoneBuilder{begin: begin}
	for {
		ln := r.lines.readLine(timezoneProps)
		if ln == nil {
			return r.problem(begin, propOther, "VTIMEZONE not closed before the end of the file")
		}
		done, perr := r.timezoneLine(&zb, ln)
		if perr != nil {
			if !zb.interrupted {
				r.skipComponent([]byte("VTIMEZONE"))
			}
			return perr
		}
		if done {
			return r.finishTimezone(&zb, begin)
		}
	}
}

// timezoneLine handles one line of a VTIMEZONE; done is true after its END.
func (r *Reader) timezoneLine(zb *zoneBuilder, ln *logicalLine) (done bool, perr *ParseError) {
	switch ln.flaw {
	case flawNoColon:
		return false, r.problem(ln.num, propOther, "line has no ':' "+quote(ln.name))
	case flawTooLong:
		return false, r.problem(ln.num, propOther, "line longer than the limit of "+sizeString(r.lines.maxLine))
	}
	var ps params
	value, ok := splitProperty(ln.rest, &ps)
	if !ok {
		return false, r.problem(ln.num, ln.prop, "no ':' before the value")
	}
	value = trimSpace(value)
	switch ln.prop {
	case propBegin, propEnd:
		return r.timezoneStructure(zb, ln, value)
	case propTZID:
		if !zb.in && zb.tzid == "" {
			zb.tzid = string(appendText(nil, value))
		}
		return false, nil
	}
	if !zb.in {
		return false, nil
	}
	return false, r.observanceProperty(zb, ln, value, &ps)
}

// timezoneStructure handles BEGIN and END inside a VTIMEZONE.
func (r *Reader) timezoneStructure(zb *zoneBuilder, ln *logicalLine, name []byte) (done bool, perr *ParseError) {
	comp := lookupComponent(name)
	isObs := comp == compStandard || comp == compDaylight
	switch {
	case comp == compCalendar || (ln.prop == propBegin && (comp == compEvent || comp == compTimezone)):
		if comp != compCalendar {
			r.pending, r.pendingLine = comp, ln.num
		}
		zb.interrupted = true
		return false, r.problem(zb.begin, propOther, "VTIMEZONE not closed before "+string(ln.name)+":"+string(name)+
			" on line "+strconv.Itoa(ln.num))
	case ln.prop == propBegin && isObs && !zb.in:
		zb.in, zb.curLine, zb.curHas = true, ln.num, 0
		zb.cur = tz.Observance{Daylight: comp == compDaylight}
		return false, nil
	case ln.prop == propEnd && isObs && zb.in && comp == zb.kind():
		zb.in = false
		if !zb.curHas.has(propDTStart) || !zb.curHas.has(propTZOffsetFrom) || !zb.curHas.has(propTZOffsetTo) {
			return false, r.problem(zb.curLine, propOther, zb.kind().name()+" needs DTSTART, TZOFFSETFROM and TZOFFSETTO")
		}
		zb.obs = append(zb.obs, zb.cur)
		return false, nil
	case ln.prop == propEnd && comp == compTimezone && !zb.in:
		return true, nil
	}
	return false, r.problem(ln.num, ln.prop, "unexpected "+quote(name)+" in VTIMEZONE")
}

// kind returns the component of the current observance.
func (zb *zoneBuilder) kind() component {
	if zb.cur.Daylight {
		return compDaylight
	}
	return compStandard
}

// name returns the upper-case name of an observance component.
func (c component) name() string {
	if c == compDaylight {
		return "DAYLIGHT"
	}
	return "STANDARD"
}

// observanceProperty stores one property of a STANDARD or DAYLIGHT.
func (r *Reader) observanceProperty(zb *zoneBuilder, ln *logicalLine, value []byte, ps *params) *ParseError {
	first := !zb.curHas.has(ln.prop)
	zb.curHas |= 1 << ln.prop
	switch ln.prop {
	case propDTStart:
		v, msg := parseDateTime(value, equalFold(ps.value, "DATE"))
		if msg != "" {
			return r.problem(ln.num, ln.prop, msg)
		}
		zb.cur.Start = v.DateTime
	case propTZOffsetFrom, propTZOffsetTo:
		off, ok := parseUTCOffset(value)
		if !ok {
			return r.problem(ln.num, ln.prop, "invalid UTC offset "+quote(value))
		}
		if ln.prop == propTZOffsetFrom {
			zb.cur.OffsetFrom = off
		} else {
			zb.cur.OffsetTo = off
		}
	case propRRule:
		if first {
			zb.cur.RRule = string(value)
		}
	case propRDate:
		return r.observanceDates(zb, ln, value)
	}
	return nil
}

// observanceDates appends the dates of an RDATE in a STANDARD or DAYLIGHT.
func (r *Reader) observanceDates(zb *zoneBuilder, ln *logicalLine, value []byte) *ParseError {
	for _, item := range bytes.Split(value, []byte{','}) {
		if i := bytes.IndexByte(item, '/'); i >= 0 {
			item = item[:i]
		}
		item = trimSpace(item)
		if len(item) == 0 {
			continue
		}
		if len(zb.cur.RDates) >= maxEventEntries {
			return r.problem(ln.num, ln.prop, "more than "+strconv.Itoa(maxEventEntries)+" dates")
		}
		v, msg := parseDateTime(item, false)
		if msg != "" {
			return r.problem(ln.num, ln.prop, msg)
		}
		zb.cur.RDates = append(zb.cur.RDates, v.DateTime)
	}
	return nil
}

// finishTimezone checks a complete VTIMEZONE and keeps it.
func (r *Reader) finishTimezone(zb *zoneBuilder, begin int) *ParseError {
	if zb.tzid == "" {
		return r.problem(begin, propOther, "VTIMEZONE has no TZID")
	}
	if len(zb.obs) == 0 {
		return r.problem(begin, propOther, "VTIMEZONE "+quote([]byte(zb.tzid))+" has no STANDARD or DAYLIGHT")
	}
	if _, dup := r.zones[zb.tzid]; !dup {
		r.zones[zb.tzid] = zb.obs
	}
	return nil
}
