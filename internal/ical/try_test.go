package ical

import (
	"fmt"
	"io"
	"os"
	"testing"
)

func TestTry(t *testing.T) {
	f, _ := os.Open(os.Getenv("F"))
	r := NewReader(f, os.Getenv("F"))
	for {
		ev, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println("ERR", err)
			continue
		}
		fmt.Printf("%d uid=%q sum=%q start=%v %v %q end=%v dur=%d rr=%q ex=%d att=%d org=%q st=%q tr=%q busy=%q\n", ev.Line, ev.UID, ev.Summary, ev.Start.DateTime, ev.Start.UTC, ev.Start.TZID, ev.End.DateTime, ev.Duration, ev.RRule, len(ev.ExDates), len(ev.Attendees), ev.Organizer, ev.Status, ev.Transp, ev.BusyStatus)
	}
	fmt.Println(r.CalendarName(), r.CalendarTimezone(), len(r.Timezones()), r.Line(), r.BytesRead())
}
