package civil

import (
	"testing"
	"time"
)

func TestDaysAgreeWithTimePackage(t *testing.T) {
	start := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 365*900; i += 13 {
		tm := start.AddDate(0, 0, i)
		d := Date{Year: tm.Year(), Month: int(tm.Month()), Day: tm.Day()}
		if got, want := d.DaysSinceEpoch(), tm.Unix()/86400; got != want && tm.Unix() >= 0 {
			t.Fatalf("%s: DaysSinceEpoch = %d, want %d", d, got, want)
		}
		if back := DateFromDays(d.DaysSinceEpoch()); back != d {
			t.Fatalf("%s: round trip gave %s", d, back)
		}
		if got, want := d.Weekday(), int(tm.Weekday()); got != want {
			t.Fatalf("%s: Weekday = %d, want %d", d, got, want)
		}
		y, w := d.ISOWeek()
		ty, tw := tm.ISOWeek()
		if y != ty || w != tw {
			t.Fatalf("%s: ISOWeek = %d-W%02d, want %d-W%02d", d, y, w, ty, tw)
		}
		if got, want := d.YearDay(), tm.YearDay(); got != want {
			t.Fatalf("%s: YearDay = %d, want %d", d, got, want)
		}
	}
}

func TestSecondsRoundTrip(t *testing.T) {
	for _, s := range []int64{-86401, -1, 0, 1, 86399, 86400, 1767225600, 4102444799} {
		if got := FromSeconds(s).Seconds(); got != s {
			t.Errorf("FromSeconds(%d).Seconds() = %d", s, got)
		}
	}
	dt := DateTime{Date: Date{2026, 3, 29}, Hour: 2, Minute: 30}
	if got := dt.Add(3600).String(); got != "2026-03-29T03:30:00" {
		t.Errorf("Add = %s", got)
	}
}

func TestValid(t *testing.T) {
	cases := []struct {
		d    Date
		want bool
	}{
		{Date{2024, 2, 29}, true},
		{Date{2026, 2, 29}, false},
		{Date{2026, 13, 1}, false},
		{Date{2026, 4, 31}, false},
		{Date{2000, 2, 29}, true},
		{Date{1900, 2, 29}, false},
	}
	for _, c := range cases {
		if got := c.d.Valid(); got != c.want {
			t.Errorf("%v.Valid() = %v, want %v", c.d, got, c.want)
		}
	}
}

// TestDaysSinceEpochAnyYear checks every month of years far before and
// after the epoch, negative years included, and days past the end of a
// month, which count on into the next as time.Date has them; and
// DateFromDays on the same days.
func TestDaysSinceEpochAnyYear(t *testing.T) {
	for year := -1000; year <= 3000; year += 7 {
		for month := 1; month <= 12; month++ {
			for _, day := range []int{1, 15, 28, 29, 31, 40} {
				d := Date{Year: year, Month: month, Day: day}
				want := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC).Unix()
				if got := d.DaysSinceEpoch() * 86400; got != want {
					t.Fatalf("%d-%02d-%02d: DaysSinceEpoch*86400 = %d, want %d", year, month, day, got, want)
				}
				tm := time.Unix(want, 0).UTC()
				wantDate := Date{Year: tm.Year(), Month: int(tm.Month()), Day: tm.Day()}
				if got := DateFromDays(want / 86400); got != wantDate {
					t.Fatalf("DateFromDays(%d) = %v, want %v", want/86400, got, wantDate)
				}
			}
		}
	}
}
