package ical

import "testing"

func TestParseDateTime(t *testing.T) {
	tests := []struct {
		in       string
		wantDate bool
		want     string // the value as %v prints it, or the error
	}{
		{"20260105T090000Z", false, "2026-01-05T09:00:00 utc"},
		{"20260105t235960", false, "2026-01-05T23:59:60"},
		{"20240229", false, "2024-02-29 date"},
		{"20260105Z", true, "2026-01-05 date"},
		{"00010101T000000", false, "0001-01-01T00:00:00"},
		{"20250229", false, `invalid date "20250229"`},
		{"2026010:", false, `invalid date "2026010:"`}, // ':' follows '9'
		{"202601/5", false, `invalid date "202601/5"`}, // '/' precedes '0'
		{"2026\x0005", false, `invalid date "2026\x0005"`},
		{"20260105T09000:", false, `invalid time "20260105T09000:"`},
		{"20260105T0900\xb00", false, `invalid time "20260105T0900\xb00"`},
		{"20260105T240000", false, `invalid time "20260105T240000"`},
		{"20260105T090000", true, `invalid date "20260105T090000"`},
	}
	for _, tt := range tests {
		d, msg := parseDateTime([]byte(tt.in), tt.wantDate)
		got := msg
		if msg == "" {
			got = d.DateTime.String()
			if d.dateOnly {
				got = d.Date.String() + " date"
			}
			if d.utc {
				got += " utc"
			}
		}
		if got != tt.want {
			t.Errorf("parseDateTime(%q, %v) = %s, want %s", tt.in, tt.wantDate, got, tt.want)
		}
	}
}
