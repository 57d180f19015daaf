package ical

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSampleCalendars reads real exports from other projects' test suites:
// each must read without an error and yield the events counted by hand.
func TestSampleCalendars(t *testing.T) {
	tests := []struct {
		file      string
		events    int
		calName   string
		zones     int
		firstTZID string
	}{
		{"node-ical/ms_timezones.ics", 4, "Calendar", 8, "W. Europe Standard Time"},
		{"node-ical/Office-2012-owa.ics", 4, "Fake Calendar", 0, "(GMT+10:00) Canberra, Melbourne, Sydney"},
		{"node-ical/tentative-apple-calendar.ics", 4, "Test", 0, ""},
		{"node-ical/vtodo-vfreebusy.ics", 3, "Example", 0, "US/Pacific"},
		{"node-ical/google-calendar-kiev-tz.ics", 2, "ical", 1, "Europe/Kiev"},
		{"node-ical/exchange-custom-tz.ics", 1, "Calendar name", 1, "(UTC+07:00) Bangkok, Hanoi, Jakarta"},
		{"node-ical/windows-quoted-tz-rrule.ics", 1, "", 0, "(UTC-05:00) Eastern Time (US and Canada)"},
		{"golang-ical/timeparsing.ics", 5, "", 1, "Europe/Copenhagen"},
		{"golang-ical/google.ics", 1, "Test", 0, ""},
		{"golang-ical/rfc5545-example.ics", 1, "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			out, r := readCal(t, string(data))
			if len(out.errs) > 0 {
				t.Errorf("errors: %v", out.errs)
			}
			if len(out.events) != tt.events {
				t.Errorf("%d events, want %d", len(out.events), tt.events)
			}
			if r.CalendarName() != tt.calName {
				t.Errorf("CalendarName = %q, want %q", r.CalendarName(), tt.calName)
			}
			if len(r.Timezones()) != tt.zones {
				t.Errorf("%d VTIMEZONEs, want %d", len(r.Timezones()), tt.zones)
			}
			if len(out.events) > 0 && string(out.events[0].Start.TZID) != tt.firstTZID {
				t.Errorf("first DTSTART TZID = %q, want %q", out.events[0].Start.TZID, tt.firstTZID)
			}
			for _, ev := range out.events {
				if !ev.Start.Valid() {
					t.Errorf("event on line %d starts at invalid %v", ev.Line, ev.Start)
				}
			}
		})
	}
}

// TestSampleDetails checks values that real exports write in their own way.
func TestSampleDetails(t *testing.T) {
	read := func(file string) outcome {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		out, _ := readCal(t, string(data))
		return out
	}
	ms := read("node-ical/ms_timezones.ics")
	if got := ms.events[1]; dt(got.Start) != "2020-06-09T09:00:00@W. Europe Standard Time" || string(got.BusyStatus) != "FREE" {
		t.Errorf("value inside the TZID quotes: %s", describe(&got))
	}
	if got := ms.events[3]; len(got.ExDates) != 6 || dt(got.ExDates[2]) != "2020-07-28T12:00:00@Pacific Standard Time" {
		t.Errorf("folded EXDATE list: %v", dts(got.ExDates))
	}
	apple := read("node-ical/tentative-apple-calendar.ics")
	if a := apple.events[2].Attendees; len(a) != 1 || string(a[0].Email) != "cancelled@example.com" || string(a[0].PartStat) != "CANCELLED" {
		t.Errorf("folded ATTENDEE: %+v", a)
	}
	rfc := read("golang-ical/rfc5545-example.ics")
	if got, want := string(rfc.events[0].Description), "Networld+Interop Conference and Exhibit\nAtlanta World Congress Center\nAtlanta, Georgia"; got != want {
		t.Errorf("DESCRIPTION = %q, want %q", got, want)
	}
}
