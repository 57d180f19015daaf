package ical

import (
	"os"
	"strconv"
	"testing"
)

func TestInstrTry(t *testing.T) {
	k, err := strconv.Atoi(os.Getenv("ICAL_READS"))
	if err != nil {
		t.Skip()
	}
	var cal []byte
	switch os.Getenv("ICAL_CAL") {
	case "google":
		cal = googleCalendar(10000)
	case "floor":
		cal = outlookCalendar(5000, false)
		for range k {
			floorScan(cal)
		}
		return
	default:
		cal = outlookCalendar(5000, false)
	}
	for range k {
		readAll(t, cal)
	}
}
