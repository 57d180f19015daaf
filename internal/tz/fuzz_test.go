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
	// Seeds are in testdata/fuzz/FuzzCustom.
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
