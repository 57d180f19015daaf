package audit

import (
	"bytes"
	"cmp"
	"math/bits"
	"slices"

	"github.com/klaver/klaver"
)

// block is a stretch of one person's calendar within one day: from start
// (Unix seconds) for its length, its category and the set of clients it
// names. It takes 16 bytes, since a large calendar holds many: the length
// (at most a day, 17 bits) and the category share one word.
type block struct {
	start  int64
	lenCat uint32
	set    uint32
}

func newBlock(start, end int64, cat klaver.Category, set uint32) block {
	return block{start: start, lenCat: uint32(end-start)<<2 | uint32(cat), set: set}
}

func (b block) end() int64           { return b.start + int64(b.lenCat>>2) }
func (b block) cat() klaver.Category { return klaver.Category(b.lenCat & 3) }

// clientSets interns sets of client indexes so that a block carries a
// small number instead of a slice. Set 0 is the empty set.
type clientSets struct {
	ids  map[string]uint32
	sets [][]int
	key  []byte
	// lastKey and lastID are the latest answer: the events of a calendar
	// come in runs with the same clients.
	lastKey []byte
	lastID  uint32
}

func newClientSets() *clientSets {
	return &clientSets{ids: map[string]uint32{"": 0}, sets: [][]int{nil}}
}

// id returns the number of the set holding the clients in list (which it
// sorts and may reorder).
func (cs *clientSets) id(list []int) uint32 {
	if len(list) == 0 {
		return 0
	}
	slices.Sort(list)
	list = slices.Compact(list)
	cs.key = cs.key[:0]
	for _, c := range list {
		cs.key = append(cs.key, byte(c>>24), byte(c>>16), byte(c>>8), byte(c))
	}
	if cs.lastID != 0 && bytes.Equal(cs.key, cs.lastKey) {
		return cs.lastID
	}
	id, ok := cs.ids[string(cs.key)]
	if !ok {
		id = uint32(len(cs.sets))
		cs.ids[string(cs.key)] = id
		cs.sets = append(cs.sets, slices.Clone(list))
	}
	cs.lastKey, cs.lastID = append(cs.lastKey[:0], cs.key...), id
	return id
}

// sweep counts every second of the blocks once: where blocks overlap, the
// second goes to the highest category present, and to every client named
// by the blocks of that category. The result is added to t.
func sweep(blocks []block, spare *[]block, sets *clientSets, clock *dayClock, t *tally) {
	if len(blocks) == 0 {
		return
	}
	sortByStart(blocks, spare)
	var active []block
	var clients []int
	next := 0
	now := blocks[0].start
	for next < len(blocks) || len(active) > 0 {
		if len(active) == 0 {
			now = blocks[next].start
		}
		for next < len(blocks) && blocks[next].start <= now {
			if blocks[next].end() > now {
				active = append(active, blocks[next])
			}
			next++
		}
		if len(active) == 0 {
			continue
		}
		until := active[0].end()
		win := active[0].cat()
		for _, b := range active[1:] {
			until = min(until, b.end())
			win = max(win, b.cat())
		}
		if next < len(blocks) {
			until = min(until, blocks[next].start)
		}
		seconds := until - now
		day, _, _ := clock.dayOf(now)
		w := t.week(day)
		w.category[win] += seconds
		t.sawDay(day)
		if win == klaver.Client || win == klaver.InternalForClient {
			// One block's set is the answer as it stands: a set's clients
			// are sorted and distinct.
			list := sets.sets[active[0].set]
			if len(active) > 1 {
				clients = clients[:0]
				for _, b := range active {
					if b.cat() == win {
						clients = append(clients, sets.sets[b.set]...)
					}
				}
				slices.Sort(clients)
				list = slices.Compact(clients)
			}
			for _, c := range list {
				w.addClient(c, seconds)
			}
		}
		now = until
		if len(active) == 1 {
			// Most of a calendar does not overlap: no call for one block.
			if active[0].end() <= now {
				active = active[:0]
			}
			continue
		}
		active = slices.DeleteFunc(active, func(b block) bool { return b.end() <= now })
	}
}

// sortByStart sorts blocks by start, stably. The sweep sorts every block of
// a person once, a calendar's worth, so a comparison sort would cost more
// than the sweep itself. Blocks come in a few runs already in order (the
// single events of a calendar in the order of the file, then each series),
// and then merging the runs is cheapest; otherwise a radix sort does it, a
// byte at a time, of the start's distance from the earliest start. Only
// the bytes that distance needs are counted (three or four, for a calendar
// of some years), and a byte in which all starts agree is skipped.
//
// The sorts that need a second buffer take it from spare, which keeps it
// for the next call: a worker sorts the blocks of one person after
// another.
func sortByStart(blocks []block, spare *[]block) {
	if len(blocks) < 256 {
		slices.SortFunc(blocks, func(a, b block) int { return cmp.Compare(a.start, b.start) })
		return
	}
	*spare = slices.Grow((*spare)[:0], len(blocks))[:len(blocks)]
	if runs := runStarts(blocks, maxMergedRuns); runs != nil {
		mergeRuns(blocks, runs, *spare)
		return
	}
	radixSort(blocks, *spare)
}

// maxMergedRuns is the most runs that sortByStart merges: four rounds of
// merging cost about what the radix sort costs.
const maxMergedRuns = 16

// runStarts returns where each run of blocks in order of start begins,
// and the end of the last; nil when there are more than max runs.
func runStarts(blocks []block, max int) []int {
	runs := make([]int, 1, max+1)
	for i := 1; i < len(blocks); i++ {
		if blocks[i].start < blocks[i-1].start {
			if len(runs) == max {
				return nil
			}
			runs = append(runs, i)
		}
	}
	return append(runs, len(blocks))
}

// mergeRuns sorts blocks by merging neighbouring runs (bounded by runs, as
// runStarts gives them) until one is left. Ties keep their order. spare,
// as long as blocks, is its second buffer.
func mergeRuns(blocks []block, runs []int, spare []block) {
	if len(runs) <= 2 {
		return
	}
	src, dst := blocks, spare[:len(blocks)]
	for len(runs) > 2 {
		merged := runs[:1]
		for i := 0; i+1 < len(runs); i += 2 {
			lo, mid := runs[i], runs[i+1]
			hi := mid
			if i+2 < len(runs) {
				hi = runs[i+2]
			}
			mergeInto(dst[lo:hi], src[lo:mid], src[mid:hi])
			merged = append(merged, hi)
		}
		runs = merged
		src, dst = dst, src
	}
	if &src[0] != &blocks[0] {
		copy(blocks, src)
	}
}

// mergeInto merges the sorted a and b into dst, a's blocks first among
// equal starts.
func mergeInto(dst, a, b []block) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if b[j].start < a[i].start {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}

// radixSort sorts blocks by start, stably; spare, as long as blocks, is
// its second buffer.
func radixSort(blocks []block, spare []block) {
	lo, hi := blocks[0].start, blocks[0].start
	for _, b := range blocks[1:] {
		lo, hi = min(lo, b.start), max(hi, b.start)
	}
	// Unsigned, the distance is right even where hi-lo overflows int64.
	key := func(b block) uint64 { return uint64(b.start) - uint64(lo) }
	digits := (bits.Len64(uint64(hi)-uint64(lo)) + 7) / 8
	var counts [8][256]int
	for _, b := range blocks {
		k := key(b)
		for d := range digits {
			counts[d][byte(k>>(8*d))]++
		}
	}
	src, dst := blocks, spare[:len(blocks)]
	for d := range digits {
		c := &counts[d]
		if c[byte(key(src[0])>>(8*d))] == len(src) {
			continue // every start has this byte
		}
		at := 0
		for i, n := range c {
			c[i] = at
			at += n
		}
		for _, b := range src {
			i := byte(key(b) >> (8 * d))
			dst[c[i]] = b
			c[i]++
		}
		src, dst = dst, src
	}
	if &src[0] != &blocks[0] {
		copy(blocks, src)
	}
}
