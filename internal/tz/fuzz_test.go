package tz

import (
	"slices"
	"testing"

	"github.com/klaver/klaver/internal/civil"
)

// fuzzStart maps any number to a wall-clock time between 1600 and 2300.
func fuzzStart(n int64) civil.DateTime {
	lo := civil.Date{Year: 1600, Month: 1, Day: 1}.At(0, 0, 0).Seconds()
	span := civil.Date{Year: 2300, Month: 1, Day: 1}.At(0, 0, 0).Seconds() - lo
	return civil.FromSeconds(lo + (n%span+span)%span)
}

// fuzzOffset maps any number to an offset within ±24 hours, in minutes.
func fuzzOffset(n int32) int {
	return int(n%(24*60)) * 60
}

// FuzzCustom builds two-part zones from arbitrary rules, starts and
// offsets, and checks what must hold of every zone:
//   - every instant is the wall-clock time minus one of the zone's offsets;
//   - away from crowded changes, a wall-clock time read from an instant
//     gives back that instant, or an earlier one when the time occurs
//     twice, exactly as a direct search over the zone's changes finds.
func FuzzCustom(f *testing.F) {
	f.Add("FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
		int64(-11676096000), int64(-11676099600), int32(120), int32(60), int32(60), int32(120), int64(0), int64(1774747800))
	f.Add("FREQ=YEARLY;BYMONTH=4;BYDAY=1SU", "FREQ=YEARLY;BYMONTH=10;BYDAY=1SU",
		int64(11000000000), int64(11015000000), int32(382), int32(337), int32(337), int32(382), int64(12000000000), int64(1790000000))
	f.Add("FREQ=SECONDLY", "FREQ=DAILY;INTERVAL=3", int64(13000000000), int64(5), int32(0), int32(60), int32(60), int32(0), int64(0), int64(0))
	f.Add("", "FREQ=YEARLY;UNTIL=20100101T000000Z;BYMONTH=3;BYMONTHDAY=22", int64(12000000000), int64(12100000000),
		int32(-300), int32(-240), int32(-240), int32(-300), int64(12050000000), int64(1500000000))
	f.Add("FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU", "FREQ=WEEKLY;COUNT=3", int64(-1), int64(1<<40), int32(-1439), int32(1439), int32(1439), int32(-1439), int64(-5), int64(-1<<40))

	f.Fuzz(func(t *testing.T, rule1, rule2 string, start1, start2 int64, from1, to1, from2, to2 int32, rdate, probe int64) {
		obs := []Observance{
			{Start: fuzzStart(start1), OffsetFrom: fuzzOffset(from1), OffsetTo: fuzzOffset(to1), RRule: rule1,
				RDates: []civil.DateTime{fuzzStart(rdate)}},
			{Daylight: true, Start: fuzzStart(start2), OffsetFrom: fuzzOffset(from2), OffsetTo: fuzzOffset(to2), RRule: rule2},
		}
		zone, err := Custom("Fuzz/Zone", obs)
		if err != nil {
			return
		}
		z := zone.(*customZone)
		offsets := []int64{int64(obs[0].OffsetFrom), int64(obs[0].OffsetTo), int64(obs[1].OffsetFrom), int64(obs[1].OffsetTo)}
		for k := range int64(64) {
			u := fuzzStart(probe+k*(86400*97+3607)).Seconds() - 3*3600 // any instant 1600–2300
			checkInstantOffset(t, z, offsets, civil.FromSeconds(u))
			checkRoundTrip(t, z.table(), z, u)
		}
	})
}

func checkInstantOffset(t *testing.T, z Zone, offsets []int64, dt civil.DateTime) {
	if off := dt.Seconds() - z.Instant(dt); !slices.Contains(offsets, off) {
		t.Fatalf("Instant(%s) uses offset %d s, not one of %v", dt, off, offsets)
	}
}

// checkRoundTrip reads the wall-clock time of instant u back, when no other
// change lies within four days of u, and compares with a direct search.
func checkRoundTrip(t *testing.T, tab *customTable, z Zone, u int64) {
	const window = 4 * 86400
	near := 0
	for _, c := range tab.changes {
		if c.at > u-window && c.at < u+window {
			near++
		}
	}
	if near > 1 {
		return
	}
	offsetAt := func(v int64) int64 {
		off := tab.before
		for _, c := range tab.changes {
			if c.at > v {
				break
			}
			off = c.to
		}
		return int64(off)
	}
	local := u + offsetAt(u)
	want, found := int64(0), false
	for _, off := range []int64{offsetAt(local - 2*86400), offsetAt(local + 2*86400)} {
		if v := local - off; offsetAt(v) == off && (!found || v < want) {
			want, found = v, true
		}
	}
	if !found {
		t.Fatalf("instant %d reads as %d, which no offset gives back", u, local)
	}
	got := z.Instant(civil.FromSeconds(local))
	if got != want || got > u {
		t.Fatalf("instant %s reads as %s, which gives %s, want %s",
			utcString(u), civil.FromSeconds(local), utcString(got), utcString(want))
	}
}
