package tz

import "math"

// change is a moment when a zone's UTC offset changes.
type change struct {
	at int64 // Unix time of the change
	to int32 // offset in seconds east of UTC from then on
}

// transitions is the offset history of a zone, arranged to read wall-clock
// times the RFC 5545 way.
//
// A change from offset a to b at instant T touches the wall-clock times
// between T+a and T+b. When b > a (spring forward) those times do not exist
// and take the earlier offset a; when b < a (fall back) they happen twice and
// mean the first, again with offset a. So in wall-clock time every change
// takes effect at T+max(a, b), its key, and a wall-clock time uses the offset
// of the last change whose key is at or before it.
type transitions struct {
	before int32   // offset before the first key
	keys   []int64 // wall-clock seconds (civil.DateTime.Seconds), non-decreasing
	offs   []int32 // offs[i] applies from keys[i]

	// An index over the wall-clock span from base: counts[b] is the number
	// of keys at or before the start of bucket b. It turns the search into
	// a look-up and a step or two, as buckets are shorter than the time
	// between real changes.
	base   int64
	counts []int32
}

// bucketShift sets the index's bucket length: 2^21 s, about 24 days.
const bucketShift = 21

// newTransitions arranges changes, sorted by time, that follow the offset
// before. Changes that keep the offset are dropped. Keys are kept
// non-decreasing: a change that would take effect in wall-clock time before
// the one preceding it (possible only with changes hours apart) waits for
// that one.
func newTransitions(before int32, changes []change) transitions {
	t := transitions{before: before}
	prev := before
	last := int64(math.MinInt64)
	for _, c := range changes {
		if c.to == prev {
			continue
		}
		key := max(c.at+int64(max(prev, c.to)), last)
		t.keys = append(t.keys, key)
		t.offs = append(t.offs, c.to)
		prev, last = c.to, key
	}
	return t
}

// index builds the look-up index for the wall-clock seconds [lo, hi).
func (t *transitions) index(lo, hi int64) {
	t.base = lo
	n := (hi-lo)>>bucketShift + 1
	t.counts = make([]int32, n)
	k := 0
	for b := range t.counts {
		start := lo + int64(b)<<bucketShift
		for k < len(t.keys) && t.keys[k] <= start {
			k++
		}
		t.counts[b] = int32(k)
	}
}

// offset returns the offset in force at the wall-clock second local.
func (t *transitions) offset(local int64) int32 {
	if d := local - t.base; d >= 0 && d>>bucketShift < int64(len(t.counts)) {
		i := int(t.counts[d>>bucketShift])
		for i < len(t.keys) && t.keys[i] <= local {
			i++
		}
		return t.at(i)
	}
	return t.at(t.search(local))
}

// at returns the offset after the first n keys.
func (t *transitions) at(n int) int32 {
	if n == 0 {
		return t.before
	}
	return t.offs[n-1]
}

// search returns the number of keys at or before local.
func (t *transitions) search(local int64) int {
	lo, hi := 0, len(t.keys)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t.keys[m] <= local {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
