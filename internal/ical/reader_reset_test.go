package ical

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestResetReadsTheNextFileFromScratch(t *testing.T) {
	first := "BEGIN:VCALENDAR\r\nX-WR-CALNAME:a@x.nl\r\nBEGIN:VTIMEZONE\r\nTZID:Z\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20260105T090000Z\r\nSUMMARY:een\r\n"
	second := "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:2\nDTSTART:20260106T090000Z\nSUMMARY:twee\nEND:VEVENT\nEND:VCALENDAR\n"
	rd := NewReader(strings.NewReader(first), "first.ics")
	if _, err := rd.Next(); err == nil {
		t.Fatal("the cut-off event read without error")
	}
	rd.Reset(strings.NewReader(second), "second.ics")
	ev, err := rd.Next()
	if err != nil {
		t.Fatalf("Next after Reset: %v", err)
	}
	if string(ev.Summary) != "twee" || ev.Line != 2 {
		t.Errorf("event %q on line %d, want twee on line 2", ev.Summary, ev.Line)
	}
	if rd.CalendarName() != "" || len(rd.Timezones()) != 0 {
		t.Errorf("state of the first file kept: name %q, zones %v", rd.CalendarName(), rd.Timezones())
	}
	if _, err := rd.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("want EOF, got %v", err)
	}
}
