package audit

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortByStart checks the block sort against a plain sort, for lists
// short and long, with starts that share their high bytes (a calendar's
// year) and with starts spread over the whole range, negative included.
func TestSortByStart(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	spreads := []func() int64{
		func() int64 { return 1_767_225_600 + rng.Int64N(366*86400) },
		func() int64 { return int64(rng.Uint64()) },
		func() int64 { return 1_767_225_600 },
	}
	for _, spread := range spreads {
		for _, n := range []int{0, 1, 255, 256, 1000, 5000} {
			blocks := make([]block, n)
			for i := range blocks {
				blocks[i] = block{start: spread(), set: uint32(i)}
			}
			want := slices.Clone(blocks)
			slices.SortFunc(want, byStartAndSet)
			sortByStart(blocks)
			if !slices.IsSortedFunc(blocks, cmpStart) {
				t.Fatalf("n=%d: not sorted", n)
			}
			got := slices.Clone(blocks)
			slices.SortFunc(got, byStartAndSet)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d: blocks lost or changed in sorting", n)
			}
		}
	}
}

// byStartAndSet orders blocks fully, to compare two lists of them.
func byStartAndSet(a, b block) int {
	if c := cmpStart(a, b); c != 0 {
		return c
	}
	return int(a.set) - int(b.set)
}

func cmpStart(a, b block) int {
	switch {
	case a.start < b.start:
		return -1
	case a.start > b.start:
		return 1
	}
	return 0
}
