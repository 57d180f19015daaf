package rrule

import (
	"fmt"
	"testing"
)

// rfcExample is one example of RFC 5545 §3.8.5.3. All of them are in
// America/New_York; the UTC UNTIL values are compared as instants there.
type rfcExample struct {
	name    string
	start   string
	rules   []string // equivalent rules given by the RFC
	want    []string
	forever bool // the RFC lists only the first occurrences
}

func rfcExamples() []rfcExample {
	return []rfcExample{
		{"daily for 10 occurrences", "19970902T090000",
			[]string{"FREQ=DAILY;COUNT=10"}, span(1997, 9, 2, 11), false},
		{"daily until December 24, 1997", "19970902T090000",
			[]string{"FREQ=DAILY;UNTIL=19971224T000000Z"},
			join(span(1997, 9, 2, 30), span(1997, 10, 1, 31), span(1997, 11, 1, 30), span(1997, 12, 1, 23)), false},
		{"every other day", "19970902T090000",
			[]string{"FREQ=DAILY;INTERVAL=2"},
			join(on(1997, 9, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30),
				on(1997, 10, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30),
				on(1997, 11, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29),
				on(1997, 12, 1, 3)), true},
		{"every 10 days, 5 occurrences", "19970902T090000",
			[]string{"FREQ=DAILY;INTERVAL=10;COUNT=5"},
			join(on(1997, 9, 2, 12, 22), on(1997, 10, 2, 12)), false},
		{"every day in January, for 3 years", "19980101T090000",
			[]string{
				"FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
				"FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1",
			},
			join(span(1998, 1, 1, 31), span(1999, 1, 1, 31), span(2000, 1, 1, 31)), false},
		{"weekly for 10 occurrences", "19970902T090000",
			[]string{"FREQ=WEEKLY;COUNT=10"},
			join(on(1997, 9, 2, 9, 16, 23, 30), on(1997, 10, 7, 14, 21, 28), on(1997, 11, 4)), false},
		{"weekly until December 24, 1997", "19970902T090000",
			[]string{"FREQ=WEEKLY;UNTIL=19971224T000000Z"},
			join(on(1997, 9, 2, 9, 16, 23, 30), on(1997, 10, 7, 14, 21, 28),
				on(1997, 11, 4, 11, 18, 25), on(1997, 12, 2, 9, 16, 23)), false},
		{"every other week", "19970902T090000",
			[]string{"FREQ=WEEKLY;INTERVAL=2;WKST=SU"},
			join(on(1997, 9, 2, 16, 30), on(1997, 10, 14, 28), on(1997, 11, 11, 25),
				on(1997, 12, 9, 23), on(1998, 1, 6, 20), on(1998, 2, 3, 17)), true},
		{"weekly on Tuesday and Thursday for five weeks", "19970902T090000",
			[]string{
				"FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH",
				"FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH",
			},
			join(on(1997, 9, 2, 4, 9, 11, 16, 18, 23, 25, 30), on(1997, 10, 2)), false},
		{"every other week on Monday, Wednesday and Friday", "19970901T090000",
			[]string{"FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR"},
			join(on(1997, 9, 1, 3, 5, 15, 17, 19, 29), on(1997, 10, 1, 3, 13, 15, 17, 27, 29, 31),
				on(1997, 11, 10, 12, 14, 24, 26, 28), on(1997, 12, 8, 10, 12, 22)), false},
		{"every other week on Tuesday and Thursday, 8 occurrences", "19970902T090000",
			[]string{"FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH"},
			join(on(1997, 9, 2, 4, 16, 18, 30), on(1997, 10, 2, 14, 16)), false},
		{"monthly on the first Friday, 10 occurrences", "19970905T090000",
			[]string{"FREQ=MONTHLY;COUNT=10;BYDAY=1FR"},
			join(on(1997, 9, 5), on(1997, 10, 3), on(1997, 11, 7), on(1997, 12, 5), on(1998, 1, 2),
				on(1998, 2, 6), on(1998, 3, 6), on(1998, 4, 3), on(1998, 5, 1), on(1998, 6, 5)), false},
		{"monthly on the first Friday until December 24, 1997", "19970905T090000",
			[]string{"FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR"},
			join(on(1997, 9, 5), on(1997, 10, 3), on(1997, 11, 7), on(1997, 12, 5)), false},
		{"every other month on the first and last Sunday", "19970907T090000",
			[]string{"FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU"},
			join(on(1997, 9, 7, 28), on(1997, 11, 2, 30), on(1998, 1, 4, 25), on(1998, 3, 1, 29), on(1998, 5, 3, 31)), false},
		{"monthly on the second-to-last Monday for 6 months", "19970922T090000",
			[]string{"FREQ=MONTHLY;COUNT=6;BYDAY=-2MO"},
			join(on(1997, 9, 22), on(1997, 10, 20), on(1997, 11, 17), on(1997, 12, 22), on(1998, 1, 19), on(1998, 2, 16)), false},
		{"monthly on the third-to-the-last day", "19970928T090000",
			[]string{"FREQ=MONTHLY;BYMONTHDAY=-3"},
			join(on(1997, 9, 28), on(1997, 10, 29), on(1997, 11, 28), on(1997, 12, 29), on(1998, 1, 29), on(1998, 2, 26)), true},
		{"monthly on the 2nd and 15th, 10 occurrences", "19970902T090000",
			[]string{"FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15"},
			join(on(1997, 9, 2, 15), on(1997, 10, 2, 15), on(1997, 11, 2, 15), on(1997, 12, 2, 15), on(1998, 1, 2, 15)), false},
		{"monthly on the first and last day, 10 occurrences", "19970930T090000",
			[]string{"FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1"},
			join(on(1997, 9, 30), on(1997, 10, 1, 31), on(1997, 11, 1, 30), on(1997, 12, 1, 31), on(1998, 1, 1, 31), on(1998, 2, 1)), false},
		{"every 18 months on the 10th thru 15th", "19970910T090000",
			[]string{"FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15"},
			join(span(1997, 9, 10, 15), span(1999, 3, 10, 13)), false},
		{"every Tuesday, every other month", "19970902T090000",
			[]string{"FREQ=MONTHLY;INTERVAL=2;BYDAY=TU"},
			join(on(1997, 9, 2, 9, 16, 23, 30), on(1997, 11, 4, 11, 18, 25), on(1998, 1, 6, 13, 20, 27), on(1998, 3, 3, 10, 17, 24, 31)), true},
		{"yearly in June and July, 10 occurrences", "19970610T090000",
			[]string{"FREQ=YEARLY;COUNT=10;BYMONTH=6,7"},
			join(on(1997, 6, 10), on(1997, 7, 10), on(1998, 6, 10), on(1998, 7, 10), on(1999, 6, 10), on(1999, 7, 10),
				on(2000, 6, 10), on(2000, 7, 10), on(2001, 6, 10), on(2001, 7, 10)), false},
		{"every other year on January, February and March", "19970310T090000",
			[]string{"FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3"},
			join(on(1997, 3, 10), on(1999, 1, 10), on(1999, 2, 10), on(1999, 3, 10), on(2001, 1, 10), on(2001, 2, 10),
				on(2001, 3, 10), on(2003, 1, 10), on(2003, 2, 10), on(2003, 3, 10)), false},
		{"every third year on the 1st, 100th and 200th day", "19970101T090000",
			[]string{"FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200"},
			join(on(1997, 1, 1), on(1997, 4, 10), on(1997, 7, 19), on(2000, 1, 1), on(2000, 4, 9), on(2000, 7, 18),
				on(2003, 1, 1), on(2003, 4, 10), on(2003, 7, 19), on(2006, 1, 1)), false},
		{"every 20th Monday of the year", "19970519T090000",
			[]string{"FREQ=YEARLY;BYDAY=20MO"},
			join(on(1997, 5, 19), on(1998, 5, 18), on(1999, 5, 17)), true},
		{"Monday of week number 20", "19970512T090000",
			[]string{"FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO"},
			join(on(1997, 5, 12), on(1998, 5, 11), on(1999, 5, 17)), true},
		{"every Thursday in March", "19970313T090000",
			[]string{"FREQ=YEARLY;BYMONTH=3;BYDAY=TH"},
			join(on(1997, 3, 13, 20, 27), on(1998, 3, 5, 12, 19, 26), on(1999, 3, 4, 11, 18, 25)), true},
		{"every Thursday in June, July and August", "19970605T090000",
			[]string{"FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8"},
			join(on(1997, 6, 5, 12, 19, 26), on(1997, 7, 3, 10, 17, 24, 31), on(1997, 8, 7, 14, 21, 28),
				on(1998, 6, 4, 11, 18, 25), on(1998, 7, 2, 9, 16, 23, 30), on(1998, 8, 6, 13, 20, 27),
				on(1999, 6, 3, 10, 17, 24), on(1999, 7, 1, 8, 15, 22, 29), on(1999, 8, 5, 12, 19, 26)), true},
		// DTSTART is excluded by an EXDATE in the RFC; it is still the
		// first occurrence of the rule itself.
		{"every Friday the 13th", "19970902T090000",
			[]string{"FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13"},
			join(on(1997, 9, 2), on(1998, 2, 13), on(1998, 3, 13), on(1998, 11, 13), on(1999, 8, 13), on(2000, 10, 13)), true},
		{"the first Saturday that follows the first Sunday", "19970913T090000",
			[]string{"FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13"},
			join(on(1997, 9, 13), on(1997, 10, 11), on(1997, 11, 8), on(1997, 12, 13), on(1998, 1, 10),
				on(1998, 2, 7), on(1998, 3, 7), on(1998, 4, 11), on(1998, 5, 9), on(1998, 6, 13)), true},
		{"U.S. presidential election day", "19961105T090000",
			[]string{"FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8"},
			join(on(1996, 11, 5), on(2000, 11, 7), on(2004, 11, 2)), true},
		{"the third Tuesday, Wednesday or Thursday, for 3 months", "19970904T090000",
			[]string{"FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3"},
			join(on(1997, 9, 4), on(1997, 10, 7), on(1997, 11, 6)), false},
		{"the second-to-last weekday of the month", "19970929T090000",
			[]string{"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2"},
			join(on(1997, 9, 29), on(1997, 10, 30), on(1997, 11, 27), on(1997, 12, 30), on(1998, 1, 29),
				on(1998, 2, 26), on(1998, 3, 30)), true},
		// The RFC lists 09:00, 12:00 and 15:00, but its UNTIL of 17:00 UTC
		// is 13:00 EDT, so 15:00 EDT lies after it. The local UNTIL below
		// gives the listed result.
		{"every 3 hours from 9:00 AM, UNTIL in UTC", "19970902T090000",
			[]string{"FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z"},
			[]string{"1997-09-02T09:00:00", "1997-09-02T12:00:00"}, false},
		{"every 3 hours from 9:00 AM to 5:00 PM", "19970902T090000",
			[]string{"FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000", "FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z"},
			[]string{"1997-09-02T09:00:00", "1997-09-02T12:00:00", "1997-09-02T15:00:00"}, false},
		{"every 15 minutes for 6 occurrences", "19970902T090000",
			[]string{"FREQ=MINUTELY;INTERVAL=15;COUNT=6"},
			[]string{"1997-09-02T09:00:00", "1997-09-02T09:15:00", "1997-09-02T09:30:00",
				"1997-09-02T09:45:00", "1997-09-02T10:00:00", "1997-09-02T10:15:00"}, false},
		{"every hour and a half for 4 occurrences", "19970902T090000",
			[]string{"FREQ=MINUTELY;INTERVAL=90;COUNT=4"},
			[]string{"1997-09-02T09:00:00", "1997-09-02T10:30:00", "1997-09-02T12:00:00", "1997-09-02T13:30:00"}, false},
		{"every 20 minutes from 9:00 AM to 4:40 PM every day", "19970902T090000",
			[]string{
				"FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40",
				"FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16",
			},
			join(everyTwentyMinutes(2), everyTwentyMinutes(3)), true},
		{"WKST=MO", "19970805T090000",
			[]string{"FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO"},
			on(1997, 8, 5, 10, 19, 24), false},
		{"WKST=SU", "19970805T090000",
			[]string{"FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU"},
			on(1997, 8, 5, 17, 19, 31), false},
		{"February 30 is ignored", "20070115T090000",
			[]string{"FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5"},
			join(on(2007, 1, 15, 30), on(2007, 2, 15), on(2007, 3, 15, 30)), false},
	}
}

func everyTwentyMinutes(day int) []string {
	var out []string
	for h := 9; h <= 16; h++ {
		for m := 0; m < 60; m += 20 {
			out = append(out, fmt.Sprintf("1997-09-%02dT%02d:%02d:00", day, h, m))
		}
	}
	return out
}

func TestRFC5545Examples(t *testing.T) {
	ny := zoneInstant(t, "America/New_York")
	for _, ex := range rfcExamples() {
		for _, rule := range ex.rules {
			max := len(ex.want) + 1 // one more shows that the expansion ends
			if ex.forever {
				max = len(ex.want)
			}
			got := expand(t, rule, ex.start, false, "20101231T235959", ny, max)
			diffLists(t, ex.name+" ("+rule+")", got, ex.want)
		}
	}
}
