package audit

import (
	"slices"
	"sort"

	"github.com/klaver/klaver"
)

// block is a stretch of one person's calendar within one day: [start, end)
// in Unix seconds, its category and the set of clients it names.
type block struct {
	start, end int64
	day        int64 // days since epoch in the audit's zone
	set        uint32
	cat        klaver.Category
}

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
func sweep(blocks []block, sets *clientSets, t *tally) {
	if len(blocks) == 0 {
		return
	}
	sort.Slice(blocks, func(i, j int) bool { return blocks[i].start < blocks[j].start })
	var active []block
	var clients []int
	next := 0
	now := blocks[0].start
	for next < len(blocks) || len(active) > 0 {
		if len(active) == 0 {
			now = blocks[next].start
		}
		for next < len(blocks) && blocks[next].start <= now {
			if blocks[next].end > now {
				active = append(active, blocks[next])
			}
			next++
		}
		if len(active) == 0 {
			continue
		}
		until := active[0].end
		win := active[0].cat
		for _, b := range active[1:] {
			until = min(until, b.end)
			win = max(win, b.cat)
		}
		if next < len(blocks) {
			until = min(until, blocks[next].start)
		}
		seconds := until - now
		day := active[0].day
		t.week(day).category[win] += seconds
		t.sawDay(day)
		if win == klaver.Client || win == klaver.InternalForClient {
			clients = clients[:0]
			for _, b := range active {
				if b.cat == win {
					clients = append(clients, sets.sets[b.set]...)
				}
			}
			slices.Sort(clients)
			for _, c := range slices.Compact(clients) {
				t.clients[c] += seconds
			}
		}
		now = until
		active = slices.DeleteFunc(active, func(b block) bool { return b.end <= now })
	}
}
