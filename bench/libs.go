package bench

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/apognu/gocal"
	ics "github.com/arran4/golang-ical"
	goical "github.com/emersion/go-ical"
)

// readBufSize is the read buffer every contender gets: the libraries'
// defaults (4 KB) make more system calls than needed.
const readBufSize = 64 << 10

// withFile opens path and hands read a buffered reader of it.
func withFile(path string, read func(r *bufio.Reader) (Count, error)) (Count, error) {
	f, err := os.Open(path)
	if err != nil {
		return Count{}, err
	}
	defer f.Close()
	return read(bufio.NewReaderSize(f, readBufSize))
}

// arranGetters parses with golang-ical and reads each event's start and
// end with GetStartAt and GetEndAt, as its documentation shows. Those call
// time.LoadLocation per value and know no Windows zone names: such values
// count as errors.
func arranGetters(path string, _ *zoneCache) (Count, error) {
	return withFile(path, func(r *bufio.Reader) (Count, error) {
		cal, err := ics.ParseCalendar(r)
		if err != nil {
			return Count{}, err
		}
		var c Count
		for _, ev := range cal.Events() {
			c.Events++
			if _, err := ev.GetStartAt(); err != nil {
				c.Errors++
			}
			if _, err := ev.GetEndAt(); err != nil && !errors.Is(err, ics.ErrorPropertyNotFound) {
				c.Errors++
			}
		}
		return c, nil
	})
}

// arranCached parses with golang-ical and reads DTSTART and DTEND from the
// parsed properties with a cached zone lookup: what a user who profiled
// the getters would write.
func arranCached(path string, zones *zoneCache) (Count, error) {
	return withFile(path, func(r *bufio.Reader) (Count, error) {
		cal, err := ics.ParseCalendar(r)
		if err != nil {
			return Count{}, err
		}
		var c Count
		for _, ev := range cal.Events() {
			c.Events++
			for _, name := range []ics.ComponentProperty{ics.ComponentPropertyDtStart, ics.ComponentPropertyDtEnd} {
				if p := ev.GetProperty(name); p != nil && arranTime(p, zones) != nil {
					c.Errors++
				}
			}
		}
		return c, nil
	})
}

func arranTime(p *ics.IANAProperty, zones *zoneCache) error {
	tzid := ""
	if v := p.ICalParameters[string(ics.ParameterTzid)]; len(v) > 0 {
		tzid = v[0]
	}
	loc, err := zones.lookup(tzid)
	if err != nil {
		return err
	}
	_, err = parseValue(p.Value, loc)
	return err
}

// emersionDecode decodes with go-ical and reads each event's start and end
// with DateTimeStart and DateTimeEnd. Those would call time.LoadLocation
// for every TZID; the zone is looked up in the cache instead and handed
// over as the location of a value without TZID.
func emersionDecode(path string, zones *zoneCache) (Count, error) {
	return withFile(path, func(r *bufio.Reader) (Count, error) {
		dec := goical.NewDecoder(r)
		var c Count
		for {
			cal, err := dec.Decode()
			if err == io.EOF {
				return c, nil
			}
			if err != nil {
				return c, err
			}
			for _, ev := range cal.Events() {
				c.Events++
				if emersionTimes(&ev, zones) != nil {
					c.Errors++
				}
			}
		}
	})
}

func emersionTimes(ev *goical.Event, zones *zoneCache) error {
	loc, err := emersionZone(ev, goical.PropDateTimeStart, zones)
	if err != nil {
		return err
	}
	if _, err := ev.DateTimeStart(loc); err != nil {
		return err
	}
	if loc, err = emersionZone(ev, goical.PropDateTimeEnd, zones); err != nil {
		return err
	}
	_, err = ev.DateTimeEnd(loc)
	return err
}

// emersionZone looks up the TZID of a property and removes it, so that
// the library uses the cached zone.
func emersionZone(ev *goical.Event, name string, zones *zoneCache) (*time.Location, error) {
	p := ev.Props.Get(name)
	if p == nil {
		return zones.floating, nil
	}
	tzid := p.Params.Get(goical.PropTimezoneID)
	p.Params.Del(goical.PropTimezoneID)
	return zones.lookup(tzid)
}

// gocalWindow returns the period gocal expands recurring events over; it
// covers the generated sets (52 weeks from 2026-01-05) and not much more,
// which is gocal's best setting: it makes one event per occurrence.
func gocalWindow() (start, end time.Time) {
	return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
}

// gocalParse parses with gocal, which expands recurring events within its
// window; its count is of occurrences, not of VEVENTs. A malformed event
// is skipped rather than failing the file, as klaver does.
func gocalParse(path string, _ *zoneCache) (Count, error) {
	return withFile(path, func(r *bufio.Reader) (Count, error) {
		p := gocal.NewParser(r)
		start, end := gocalWindow()
		p.Start, p.End = &start, &end
		p.Strict.Mode = gocal.StrictModeFailEvent
		if err := p.Parse(); err != nil {
			return Count{}, err
		}
		return Count{Events: int64(len(p.Events))}, nil
	})
}

// gocalZones installs a cached zone lookup in gocal, whose mapper is a
// package variable: set once, before any parsing starts.
func gocalZones(zones *zoneCache) {
	gocal.SetTZMapper(zones.lookup)
}

// lineScan is the floor: a bufio.Scanner over the lines, counting the
// lines that begin an event.
func lineScan(path string, _ *zoneCache) (Count, error) {
	f, err := os.Open(path)
	if err != nil {
		return Count{}, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, readBufSize), 1<<20)
	var c Count
	for sc.Scan() {
		if bytes.HasPrefix(sc.Bytes(), []byte("BEGIN:VEVENT")) {
			c.Events++
		}
	}
	if err := sc.Err(); err != nil {
		return c, fmt.Errorf("scan: %w", err)
	}
	return c, nil
}
