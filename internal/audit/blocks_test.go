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
			sortByStart(blocks, new([]block))
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

// TestSortByStartRuns checks lists made of runs already in order, as a
// calendar gives them: merged (up to maxMergedRuns runs) or radix sorted
// (more), the result is the stable sort, ties in their first order.
func TestSortByStartRuns(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, runs := range []int{1, 2, 3, 7, maxMergedRuns, maxMergedRuns + 1, 40} {
		for _, n := range []int{256, 1000, 4099} {
			blocks := make([]block, n)
			for i := range blocks {
				// Few distinct starts, so that many blocks tie.
				blocks[i] = block{start: 1_767_225_600 + rng.Int64N(500)*900, set: uint32(i)}
			}
			// Cut into runs at random places and sort each run.
			cuts := []int{0, n}
			for len(cuts) < runs+1 {
				cuts = append(cuts, 1+rng.IntN(n-1))
				slices.Sort(cuts)
				cuts = slices.Compact(cuts)
			}
			for i := 1; i < len(cuts); i++ {
				slices.SortStableFunc(blocks[cuts[i-1]:cuts[i]], cmpStart)
			}
			want := slices.Clone(blocks)
			slices.SortStableFunc(want, cmpStart)
			sortByStart(blocks, new([]block))
			if !slices.Equal(blocks, want) {
				t.Fatalf("%d runs, n=%d: not the stable sort", runs, n)
			}
		}
	}
}
