package gen

import "github.com/klaver/klaver/internal/civil"

// Every generated time is a wall-clock time in Amsterdam. Exports that
// write UTC (Google for single events, DTSTAMP, UNTIL) need the offset,
// which the EU rule of 1996 gives: summer time from the last Sunday of March
// to the last Sunday of October, switching at 01:00 UTC.

// amsterdamOffset returns the UTC offset in seconds of the Amsterdam wall
// time dt. A time in the spring gap takes the offset before the gap; a repeated
// autumn time as its first occurrence, as RFC 5545 reads them.
func amsterdamOffset(dt civil.DateTime) int64 {
	day := dt.Date.DaysSinceEpoch()
	summerStart, summerEnd := lastSunday(dt.Year, 3), lastSunday(dt.Year, 10)
	switch {
	case day > summerStart && day < summerEnd,
		day == summerStart && dt.Hour >= 3,
		day == summerEnd && dt.Hour < 3:
		return 2 * 3600
	}
	return 3600
}

// toUTC turns an Amsterdam wall time into UTC wall time.
func toUTC(dt civil.DateTime) civil.DateTime {
	return dt.Add(-amsterdamOffset(dt))
}

// lastSunday returns the last Sunday of the month as days since the epoch.
func lastSunday(year, month int) int64 {
	last := civil.Date{Year: year, Month: month, Day: civil.DaysIn(year, month)}.DaysSinceEpoch()
	return last - ((last+4)%7+7)%7 // 1970-01-01 was a Thursday
}

// appendDate appends d as YYYYMMDD.
func appendDate(dst []byte, d civil.Date) []byte {
	dst = appendDigits(dst, d.Year, 4)
	dst = appendDigits(dst, d.Month, 2)
	return appendDigits(dst, d.Day, 2)
}

// appendDateTime appends dt as YYYYMMDDTHHMMSS.
func appendDateTime(dst []byte, dt civil.DateTime) []byte {
	dst = appendDate(dst, dt.Date)
	dst = append(dst, 'T')
	dst = appendDigits(dst, dt.Hour, 2)
	dst = appendDigits(dst, dt.Minute, 2)
	return appendDigits(dst, dt.Second, 2)
}

// appendUTC appends the Amsterdam wall time dt in UTC, with the Z.
func appendUTC(dst []byte, dt civil.DateTime) []byte {
	return append(appendDateTime(dst, toUTC(dt)), 'Z')
}

// appendDigits appends n with at least width digits, zero-padded.
func appendDigits(dst []byte, n, width int) []byte {
	var buf [20]byte
	i := len(buf)
	for n >= 10 || width > 1 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		width--
	}
	i--
	buf[i] = byte('0' + n)
	return append(dst, buf[i:]...)
}

// The VTIMEZONE blocks that the exports carry, line by line.
var (
	amsterdamVTimezone = []string{
		"BEGIN:VTIMEZONE",
		"TZID:Europe/Amsterdam",
		"X-LIC-LOCATION:Europe/Amsterdam",
		"BEGIN:DAYLIGHT",
		"TZOFFSETFROM:+0100",
		"TZOFFSETTO:+0200",
		"TZNAME:CEST",
		"DTSTART:19700329T020000",
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
		"END:DAYLIGHT",
		"BEGIN:STANDARD",
		"TZOFFSETFROM:+0200",
		"TZOFFSETTO:+0100",
		"TZNAME:CET",
		"DTSTART:19701025T030000",
		"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
		"END:STANDARD",
		"END:VTIMEZONE",
	}
	windowsVTimezone = []string{
		"BEGIN:VTIMEZONE",
		"TZID:W. Europe Standard Time",
		"BEGIN:STANDARD",
		"DTSTART:16010101T030000",
		"TZOFFSETFROM:+0200",
		"TZOFFSETTO:+0100",
		"RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
		"END:STANDARD",
		"BEGIN:DAYLIGHT",
		"DTSTART:16010101T020000",
		"TZOFFSETFROM:+0100",
		"TZOFFSETTO:+0200",
		"RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
		"END:DAYLIGHT",
		"END:VTIMEZONE",
	}
)
