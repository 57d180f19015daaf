package timesheet

import (
	"fmt"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in    string
		order dateOrder
		want  string // date, or error
	}{
		{"2026-01-05", monthFirst, "2026-01-05"},
		{"2016-01-1", monthFirst, "2016-01-01"},
		{"2026/01/05", dayFirst, "2026-01-05"},
		{"2026.01.05", dayFirst, "2026-01-05"},
		{"05.01.2026", monthFirst, "2026-01-05"},
		{"5.1.2026", monthFirst, "2026-01-05"},
		{"05.01.2026.", monthFirst, "2026-01-05"},
		{"01/05/2026", monthFirst, "2026-01-05"},
		{"01/05/2026", dayFirst, "2026-05-01"},
		{"1-5-2026", monthFirst, "2026-01-05"},
		{"05-01-2026", dayFirst, "2026-01-05"},
		{"2024-02-29", monthFirst, "2024-02-29"},
		{"2026-02-29", monthFirst, `invalid date "2026-02-29"`},
		{"2026-13-01", monthFirst, `invalid date "2026-13-01"`},
		{"13/01/2026", monthFirst, `invalid date "13/01/2026": this file's dates read as MM/DD/YYYY`},
		{"01-13-2026", dayFirst, `invalid date "01-13-2026": this file's dates read as DD-MM-YYYY`},
		{"32/01/2026", dayFirst, `invalid date "32/01/2026"`},
		{"01/05/26", monthFirst, `invalid date "01/05/26"`},
		{"2026-01/05", monthFirst, `invalid date "2026-01/05"`},
		{"2026-01-05 09:00", monthFirst, `invalid date "2026-01-05 09:00"`},
		{"20260105", monthFirst, `invalid date "20260105"`},
		{"2026-001-05", monthFirst, `invalid date "2026-001-05"`},
		{"-01-05", monthFirst, `invalid date "-01-05"`},
		{"", monthFirst, `invalid date ""`},
	}
	for _, tt := range tests {
		d, err := parseDate(tt.in, tt.order)
		got := d.String()
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("parseDate(%q, %v) = %s, want %s", tt.in, tt.order, got, tt.want)
		}
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct{ in, want string }{
		{"09:05", "09:05:00"},
		{"9:05", "09:05:00"},
		{"14:05:00", "14:05:00"},
		{"23:59:59", "23:59:59"},
		{"00:00", "00:00:00"},
		{"10:23:52 AM", "10:23:52"},
		{"10:23 AM", "10:23:00"},
		{"12:00 AM", "00:00:00"},
		{"12:30:00 PM", "12:30:00"},
		{"1:15 pm", "13:15:00"},
		{"9:05 a.m.", "09:05:00"},
		{"11:59PM", "23:59:00"},
		{"10:23\u202fAM", "10:23:00"}, // CLDR 42 writes a narrow no-break space
		{"10:23\u00a0PM", "22:23:00"},
		{"09:05:00.250", "09:05:00"},
		{"24:00", `invalid time "24:00"`},
		{"13:00 PM", `invalid time "13:00 PM"`},
		{"0:30 AM", `invalid time "0:30 AM"`},
		{"09:60", `invalid time "09:60"`},
		{"09:5", `invalid time "09:5"`},
		{"9", `invalid time "9"`},
		{"09:05 uur", `invalid time "09:05 uur"`},
		{"09:05:00Z", `invalid time "09:05:00Z"`},
		{"", `invalid time ""`},
	}
	for _, tt := range tests {
		c, err := parseClock(tt.in)
		got := fmt.Sprintf("%02d:%02d:%02d", c.hour, c.minute, c.second)
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("parseClock(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-01-05T09:00", "2026-01-05T09:00:00"},
		{"2026-01-05 09:00:00", "2026-01-05T09:00:00"},
		{"2026-01-05T09:00:00+01:00", "2026-01-05T09:00:00"},
		{"2026-01-05T09:00:00-0500", "2026-01-05T09:00:00"},
		{"2026-01-05T09:00:00Z", "2026-01-05T09:00:00"},
		{"2026-01-05T09:00:00.123+02", "2026-01-05T09:00:00"},
		{"2026-01-05", "2026-01-05 (date only)"},
		{"2026-01-05T24:00", `invalid date-time "2026-01-05T24:00"`},
		{"2026-01-05T09:00+1", `invalid date-time "2026-01-05T09:00+1"`},
		{"2026-01-05T09:00 CET", `invalid date-time "2026-01-05T09:00 CET"`},
		{"2026-01-05T", `invalid date-time "2026-01-05T"`},
		{"05-01-2026 09:00", `invalid date-time "05-01-2026 09:00"`},
		{"2026/01/05 09:00", `invalid date-time "2026/01/05 09:00"`},
		{"2026-02-30T09:00", `invalid date-time "2026-02-30T09:00"`},
	}
	for _, tt := range tests {
		dt, hasTime, err := parseDateTime(tt.in)
		got := dt.String()
		if !hasTime {
			got = dt.Date.String() + " (date only)"
		}
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("parseDateTime(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  string
	}{
		{"1:30", 5400, ""},
		{"1:30:00", 5400, ""},
		{"01:30:15", 5415, ""},
		{"25:00:00", 90000, ""},
		{"0:00", 0, ""},
		{"1.5", 5400, ""},
		{"1,5", 5400, ""},
		{"20,0", 72000, ""},
		{"1.50", 5400, ""},
		{"0.11", 396, ""},
		{"0.333", 1199, ""},
		{".5", 1800, ""},
		{"2", 7200, ""},
		{"8.", 28800, ""},
		{"1.0000000001", 3600, ""},
		{"90m", 5400, ""},
		{"1h30m", 5400, ""},
		{"1h 30m", 5400, ""},
		{"1.5h", 5400, ""},
		{"45s", 45, ""},
		{"2H", 7200, ""},
		{"PT1H30M", 5400, ""},
		{"PT90M", 5400, ""},
		{"PT1.5H", 5400, ""},
		{"PT45S", 45, ""},
		{"P1DT2H", 93600, ""},
		{"P1D", 86400, ""},
		{"pt1h", 3600, ""},
		{"-1:30", 0, `negative duration "-1:30"`},
		{"-0.5", 0, `negative duration "-0.5"`},
		{"1:60", 0, `invalid duration "1:60"`},
		{"1:5", 0, `invalid duration "1:5"`},
		{"1:30:5", 0, `invalid duration "1:30:5"`},
		{"1:30:00:00", 0, `invalid duration "1:30:00:00"`},
		{":30", 0, `invalid duration ":30"`},
		{"1.5.2", 0, `invalid duration "1.5.2"`},
		{"1,234.5", 0, `invalid duration "1,234.5"`},
		{"30m1h", 0, `invalid duration "30m1h"`},
		{"1h30", 0, `invalid duration "1h30"`},
		{"h", 0, `invalid duration "h"`},
		{"PT", 0, `invalid duration "PT"`},
		{"P", 0, `invalid duration "P"`},
		{"P1M", 0, `invalid duration "P1M"`},
		{"P1Y", 0, `invalid duration "P1Y"`},
		{"PT1D", 0, `invalid duration "PT1D"`},
		{"PT30M1H", 0, `invalid duration "PT30M1H"`},
		{"P1DT", 0, `invalid duration "P1DT"`},
		{"anderhalf uur", 0, `invalid duration "anderhalf uur"`},
		{"1234567890", 0, `invalid duration "1234567890"`},
		{"", 0, `invalid duration ""`},
	}
	for _, tt := range tests {
		got, err := parseDuration(tt.in)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if got != tt.want || msg != tt.err {
			t.Errorf("parseDuration(%q) = %d, %q; want %d, %q", tt.in, got, msg, tt.want, tt.err)
		}
	}
}

func TestSniffComma(t *testing.T) {
	tests := []struct {
		line string
		want rune
	}{
		{"a,b,c", ','},
		{"a;b;c", ';'},
		{"a\tb\tc", '\t'},
		{`"Amount (EUR; incl. VAT)",b,c`, ','},
		{`"a,b";c;d`, ';'},
		{"single", ','},
		{"a,b;c", ','},
	}
	for _, tt := range tests {
		if got := sniffComma([]byte(tt.line)); got != tt.want {
			t.Errorf("sniffComma(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}
