package audit

import (
	"cmp"
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
	if id, ok := cs.ids[string(cs.key)]; ok {
		return id
	}
	id := uint32(len(cs.sets))
	cs.ids[string(cs.key)] = id
	cs.sets = append(cs.sets, slices.Clone(list))
	return id
}

// sweep counts every second of the blocks once: where blocks overlap, the
// second goes to the highest category present, and to every client named
// by the blocks of that category. The result is added to t.
func sweep(blocks []block, sets *clientSets, clock *dayClock, t *tally) {
	if len(blocks) == 0 {
		return
	}
	sortByStart(blocks)
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
			clients = clients[:0]
			for _, b := range active {
				if b.cat() == win {
					clients = append(clients, sets.sets[b.set]...)
				}
			}
			slices.Sort(clients)
			for _, c := range slices.Compact(clients) {
				w.addClient(c, seconds)
			}
		}
		now = until
		active = slices.DeleteFunc(active, func(b block) bool { return b.end() <= now })
	}
}

// sortByStart sorts blocks by start. The sweep sorts every block of a
// person once, a calendar's worth, so a comparison sort would cost more
// than the sweep itself: a large list is sorted by a radix sort instead,
// a byte of the start at a time, skipping the bytes in which all starts
// agree (the high ones, for a calendar of a few years).
func sortByStart(blocks []block) {
	if len(blocks) < 256 {
		slices.SortFunc(blocks, func(a, b block) int { return cmp.Compare(a.start, b.start) })
		return
	}
	var counts [8][256]int
	for _, b := range blocks {
		k := startKey(b)
		for d := range counts {
			counts[d][byte(k>>(8*d))]++
		}
	}
	src, dst := blocks, make([]block, len(blocks))
	for d := range counts {
		c := &counts[d]
		if c[byte(startKey(src[0])>>(8*d))] == len(src) {
			continue // every start has this byte
		}
		at := 0
		for i, n := range c {
			c[i] = at
			at += n
		}
		for _, b := range src {
			i := byte(startKey(b) >> (8 * d))
			dst[c[i]] = b
			c[i]++
		}
		src, dst = dst, src
	}
	if &src[0] != &blocks[0] {
		copy(blocks, src)
	}
}

// startKey maps a block's start to an unsigned number in the same order.
func startKey(b block) uint64 { return uint64(b.start) ^ 1<<63 }
