package tz

import (
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLocationNames(t *testing.T) {
	db := NewDB()
	cases := []struct {
		name, want string
	}{
		{"Europe/Amsterdam", "Europe/Amsterdam"},
		{"Europe/lisbon", "Europe/Lisbon"},
		{"EUROPE/AMSTERDAM", "Europe/Amsterdam"},
		{"america/argentina/buenos_aires", "America/Argentina/Buenos_Aires"},
		{"Asia/Calcutta", "Asia/Calcutta"}, // a backward-compatible link
		{"US/Eastern", "US/Eastern"},
		{"UTC", "UTC"},
		{"utc", "UTC"},
		{"GMT", "GMT"},
		{"Etc/GMT+1", "Etc/GMT+1"},
		{"etc/gmt-14", "Etc/GMT-14"},
		{"W. Europe Standard Time", "Europe/Berlin"},
		{"w. europe standard time", "Europe/Berlin"},
		{`"W. Europe Standard Time"`, "Europe/Berlin"},
		{`  "W. Europe Standard Time"  `, "Europe/Berlin"},
		{`" W. Europe Standard Time "`, "Europe/Berlin"},
		{"'Romance Standard Time'", "Europe/Paris"},
		{"Eastern Standard Time", "America/New_York"},
		{"AUS Eastern Standard Time", "Australia/Sydney"},
		{"India Standard Time", "Asia/Calcutta"},
		{"Lord Howe Standard Time", "Australia/Lord_Howe"},
		{"UTC-11", "Etc/GMT+11"},
		{"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Berlin"},
		{"(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Berlin"},
		{"(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"},
		{"/mozilla.org/20050126_1/Europe/Amsterdam", "Europe/Amsterdam"},
		{"/mozilla.org/20070129_1/America/New_York", "America/New_York"},
		{"/softwarestudio.org/Olson_20011030_5/America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"},
		{"/citadel.org/20190914_1/Europe/Paris", "Europe/Paris"},
		{"/Europe/Amsterdam", "Europe/Amsterdam"},
		{"/europe/amsterdam", "Europe/Amsterdam"},
		{"tzone://Microsoft/Utc", "UTC"},
		{"TZONE://MICROSOFT/W. Europe Standard Time", "Europe/Berlin"},
	}
	for _, c := range cases {
		loc, ok := db.Location(c.name)
		if !ok {
			t.Errorf("Location(%q) is unknown, want %s", c.name, c.want)
			continue
		}
		if loc.String() != c.want {
			t.Errorf("Location(%q) = %s, want %s", c.name, loc, c.want)
		}
	}
}

func TestLocationUnknown(t *testing.T) {
	db := NewDB()
	for _, name := range []string{
		"", " ", `""`, "Local", "local", "Europe", "Europe/", "Amsterdam", "Europe/Atlantis",
		"Custom/Zone", "Factory", "/", "//", "/mozilla.org/20050126_1/", "tzone://Microsoft/",
		"tzone://Microsoft/Custom", "W. Europe Standard", "Europe/Amsterdam/extra",
		"Europe/\u212Aiev", // Kelvin sign, which Unicode folding would read as "k"
		"../../etc/passwd", "/usr/share/zoneinfo/Europe/Amsterdam\x00",
	} {
		if loc, ok := db.Location(name); ok {
			t.Errorf("Location(%q) = %s, want unknown", name, loc)
		}
	}
}

// TestEveryNameLoads checks the embedded lists against the embedded zone
// database: every IANA and Windows name must give a location.
func TestEveryNameLoads(t *testing.T) {
	db := NewDB()
	zones := dataLines(zoneNames)
	if len(zones) < 500 {
		t.Fatalf("only %d IANA names embedded", len(zones))
	}
	for _, name := range zones {
		if _, ok := db.Location(name); !ok {
			t.Errorf("IANA name %q does not load", name)
		}
	}
	windows := dataLines(windowsZones)
	if len(windows) < 250 {
		t.Fatalf("only %d Windows names embedded", len(windows))
	}
	isIANA := make(map[string]bool)
	for _, name := range zones {
		isIANA[strings.ToLower(name)] = true
	}
	for _, line := range windows {
		name, iana, _ := strings.Cut(line, "\t")
		if isIANA[strings.ToLower(name)] {
			continue // "UTC" is an IANA name too, and that wins
		}
		loc, ok := db.Location(name)
		if !ok || loc.String() != iana {
			t.Errorf("Windows name %q = %v (%t), want %s", name, loc, ok, iana)
		}
	}
}

func TestLocationIsCached(t *testing.T) {
	db := NewDB()
	a, _ := db.Location("Europe/Amsterdam")
	b, _ := db.Location("europe/amsterdam")
	if a != b {
		t.Error("the same zone loaded twice")
	}
	za, _ := db.Zone("W. Europe Standard Time")
	zb, _ := db.Zone("Europe/Berlin")
	if za != zb {
		t.Error("the same zone adapted twice")
	}
	if _, ok := db.Zone("Nowhere/Special"); ok {
		t.Error("Zone of an unknown name is ok")
	}
}

func TestDBConcurrent(t *testing.T) {
	db := NewDB()
	names := []string{"Europe/Amsterdam", "W. Europe Standard Time", "America/New_York", "UTC", "/Europe/Paris"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				name := names[(g+i)%len(names)]
				if _, ok := db.Zone(name); !ok {
					t.Errorf("Zone(%q) failed", name)
				}
				if _, ok := db.Location(name); !ok {
					t.Errorf("Location(%q) failed", name)
				}
			}
		})
	}
	wg.Wait()
}

func TestIANAName(t *testing.T) {
	db := NewDB()
	if got, ok := db.IANAName(`"Eastern Standard Time"`); !ok || got != "America/New_York" {
		t.Errorf("IANAName = %q, %t", got, ok)
	}
}

func BenchmarkLocation(b *testing.B) {
	db := NewDB()
	for _, name := range []string{"Europe/Amsterdam", "W. Europe Standard Time", "/mozilla.org/20050126_1/Europe/Amsterdam"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				db.Location(name)
			}
		})
	}
	b.Run("time.LoadLocation", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = time.LoadLocation("Europe/Amsterdam")
		}
	})
}

func FuzzLocation(f *testing.F) {
	db := NewDB()
	f.Fuzz(func(t *testing.T, name string) {
		loc, ok := db.Location(name)
		if ok != (loc != nil) {
			t.Fatalf("Location(%q) = %v, %t", name, loc, ok)
		}
		if !ok {
			return
		}
		// A resolved name resolves again to the same place, however it
		// was decorated.
		again, ok := db.Location(loc.String())
		if !ok || again != loc {
			t.Fatalf("Location(%q) = %s, but that name gives %v", name, loc, again)
		}
	})
}
