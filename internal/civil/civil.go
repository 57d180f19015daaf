// Package civil holds wall-clock dates and times without a time zone.
//
// Calendars describe meetings in local time ("every Monday at 09:00 in
// Amsterdam"); recurrence rules and time-zone rules are evaluated on those
// wall-clock values and only then turned into instants. time.Time cannot
// represent a local time without a zone, so this package does the calendar
// arithmetic on plain integers, which is also much faster.
package civil

import "fmt"

// Date is a day in the proleptic Gregorian calendar.
type Date struct {
	Year  int
	Month int // 1..12
	Day   int // 1..31
}

// DateTime is a wall-clock time on a Date, with a one-second resolution.
type DateTime struct {
	Date
	Hour   int // 0..23
	Minute int // 0..59
	Second int // 0..60 (60 only as read, normalised by arithmetic)
}

// Weekday numbers follow time.Weekday: Sunday is 0.
const (
	Sunday = iota
	Monday
	Tuesday
	Wednesday
	Thursday
	Friday
	Saturday
)

// IsLeap reports whether year has 366 days.
func IsLeap(year int) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}

// DaysIn returns the number of days in month of year.
func DaysIn(year, month int) int {
	switch month {
	case 2:
		if IsLeap(year) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// DaysInYear returns 365 or 366.
func DaysInYear(year int) int {
	if IsLeap(year) {
		return 366
	}
	return 365
}

// Valid reports whether d names a real day.
func (d Date) Valid() bool {
	return d.Month >= 1 && d.Month <= 12 && d.Day >= 1 && d.Day <= DaysIn(d.Year, d.Month)
}

// Valid reports whether dt names a real wall-clock time (a leap second is
// accepted, as RFC 5545 allows it).
func (dt DateTime) Valid() bool {
	return dt.Date.Valid() && dt.Hour >= 0 && dt.Hour <= 23 &&
		dt.Minute >= 0 && dt.Minute <= 59 && dt.Second >= 0 && dt.Second <= 60
}

// DaysSinceEpoch returns the number of days from 1970-01-01 to d.
// It uses Howard Hinnant's days_from_civil algorithm.
func (d Date) DaysSinceEpoch() int64 {
	y := int64(d.Year)
	m := int64(d.Month)
	if m <= 2 {
		y--
	}
	if y >= 0 && m >= 1 && m <= 12 {
		return daysSinceEpoch(uint64(y), uint64(m), d.Day)
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + int64(d.Day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// daysSinceEpoch is DaysSinceEpoch for the usual dates: a year from 1
// (y, already moved back for January and February, from 0) and a month
// from 1 to 12. Unsigned, the divisions by constants cost a few cheap
// instructions each; the function runs for every event and occurrence.
func daysSinceEpoch(y, m uint64, day int) int64 {
	era := y / 400
	yoe := y - era*400
	mp := m + 9
	if mp >= 12 {
		mp -= 12
	}
	doy := int64((153*mp+2)/5) + int64(day) - 1
	doe := int64(yoe*365+yoe/4-yoe/100) + doy
	return int64(era)*146097 + doe - 719468
}

// DateFromDays is the inverse of Date.DaysSinceEpoch. A day before
// 0000-03-01 is moved forward by whole 400-year cycles of 146097 days,
// which repeat the calendar exactly, and the year moved back after.
func DateFromDays(z int64) Date {
	z += 719468
	if z >= 0 {
		return dateFromDays(uint64(z))
	}
	cycles := (-z + 146096) / 146097
	d := dateFromDays(uint64(z + cycles*146097))
	d.Year -= int(cycles * 400)
	return d
}

// dateFromDays is DateFromDays for the days from 0000-03-01, counted
// from that day: unsigned, as daysSinceEpoch.
func dateFromDays(z uint64) Date {
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{Year: int(y), Month: int(m), Day: int(d)}
}

// Weekday returns the day of the week, Sunday = 0.
func (d Date) Weekday() int {
	w := (d.DaysSinceEpoch() + 4) % 7 // 1970-01-01 was a Thursday
	if w < 0 {
		w += 7
	}
	return int(w)
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date {
	return DateFromDays(d.DaysSinceEpoch() + int64(n))
}

// YearDay returns the day of the year, 1 for January 1st.
func (d Date) YearDay() int {
	return int(d.DaysSinceEpoch()-Date{Year: d.Year, Month: 1, Day: 1}.DaysSinceEpoch()) + 1
}

// ISOWeek returns the ISO 8601 year and week number of d.
func (d Date) ISOWeek() (year, week int) {
	// The ISO week belongs to the year of its Thursday.
	wd := d.Weekday()
	if wd == Sunday {
		wd = 7
	}
	thursday := d.AddDays(4 - wd)
	return thursday.Year, (thursday.YearDay()-1)/7 + 1
}

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(d.Month - e.Month)
	}
	return sign(d.Day - e.Day)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// IsZero reports whether d is the zero Date, used for "not set".
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// SecondOfDay returns the number of seconds since midnight.
func (dt DateTime) SecondOfDay() int {
	return dt.Hour*3600 + dt.Minute*60 + dt.Second
}

// Seconds returns dt as seconds since 1970-01-01T00:00:00 as if it were UTC.
// Differences between two Seconds values are wall-clock differences.
func (dt DateTime) Seconds() int64 {
	return dt.Date.DaysSinceEpoch()*86400 + int64(dt.SecondOfDay())
}

// FromSeconds is the inverse of DateTime.Seconds.
func FromSeconds(s int64) DateTime {
	days := s / 86400
	rem := s % 86400
	if rem < 0 {
		rem += 86400
		days--
	}
	return DateTime{
		Date:   DateFromDays(days),
		Hour:   int(rem / 3600),
		Minute: int(rem % 3600 / 60),
		Second: int(rem % 60),
	}
}

// Add returns dt moved by the given number of wall-clock seconds.
func (dt DateTime) Add(seconds int64) DateTime {
	return FromSeconds(dt.Seconds() + seconds)
}

// Compare returns -1, 0 or +1 as dt is before, equal to or after e.
func (dt DateTime) Compare(e DateTime) int {
	if c := dt.Date.Compare(e.Date); c != 0 {
		return c
	}
	return sign(dt.SecondOfDay() - e.SecondOfDay())
}

// Before reports whether dt is before e.
func (dt DateTime) Before(e DateTime) bool { return dt.Compare(e) < 0 }

// After reports whether dt is after e.
func (dt DateTime) After(e DateTime) bool { return dt.Compare(e) > 0 }

// String formats dt as YYYY-MM-DDTHH:MM:SS.
func (dt DateTime) String() string {
	return fmt.Sprintf("%sT%02d:%02d:%02d", dt.Date, dt.Hour, dt.Minute, dt.Second)
}

// At returns the DateTime at the given wall-clock time on d.
func (d Date) At(hour, minute, second int) DateTime {
	return DateTime{Date: d, Hour: hour, Minute: minute, Second: second}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
