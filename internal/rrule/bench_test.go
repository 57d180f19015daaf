package rrule

import (
	"syscall"
	"testing"

	"github.com/klaver/klaver/internal/civil"
)

// benchmarkRule expands rule from 2026-01-05 09:00 over ten years and
// reports the time per occurrence.
func benchmarkRule(b *testing.B, rule string) {
	r, err := Parse(rule)
	if err != nil {
		b.Fatal(err)
	}
	start := civil.Date{Year: 2026, Month: 1, Day: 5}.At(9, 0, 0)
	limit := civil.Date{Year: 2035, Month: 12, Day: 31}.At(23, 59, 59)
	b.ReportAllocs()
	total := 0
	cpu := cpuTime()
	for b.Loop() {
		it := r.Iterate(start, false, limit, nil)
		for _, ok := it.Next(); ok; _, ok = it.Next() {
			total++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(total), "ns/occurrence")
	b.ReportMetric(float64(cpuTime()-cpu)/float64(total), "cpu-ns/occurrence")
	b.ReportMetric(float64(total)/float64(b.N), "occurrences/op")
}

func BenchmarkDaily(b *testing.B) { benchmarkRule(b, "FREQ=DAILY") }

func BenchmarkWeeklyMoWeFr(b *testing.B) { benchmarkRule(b, "FREQ=WEEKLY;BYDAY=MO,WE,FR") }

func BenchmarkMonthlyLastFriday(b *testing.B) {
	benchmarkRule(b, "FREQ=MONTHLY;BYDAY=-1FR;BYSETPOS=-1")
}

func BenchmarkMonthlyLastWeekday(b *testing.B) {
	benchmarkRule(b, "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")
}

func BenchmarkYearlyNever(b *testing.B) { benchmarkRule(b, "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30") }

func BenchmarkSecondlyNever(b *testing.B) { benchmarkRule(b, "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30") }

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("FREQ=WEEKLY;INTERVAL=2;UNTIL=20261231T235959Z;WKST=SU;BYDAY=MO,WE,FR"); err != nil {
			b.Fatal(err)
		}
	}
}

// cpuTime returns the CPU time the process has used, in nanoseconds. On a
// busy machine it measures the work better than the wall clock does.
func cpuTime() int64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return u.Utime.Nano() + u.Stime.Nano()
}

// TestNextDoesNotAllocate keeps the expansion of long series free of
// garbage: an Iterator allocates when it starts, never per occurrence.
func TestNextDoesNotAllocate(t *testing.T) {
	for _, rule := range []string{
		"FREQ=DAILY",
		"FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20991231T000000Z",
		"FREQ=MONTHLY;BYDAY=-1FR;BYSETPOS=-1",
		"FREQ=YEARLY;BYWEEKNO=1,-1;BYDAY=MO;BYHOUR=8,9",
		"FREQ=MINUTELY;INTERVAL=7;BYHOUR=9,10,11",
	} {
		r, err := Parse(rule)
		if err != nil {
			t.Fatal(err)
		}
		start := civil.Date{Year: 2026, Month: 1, Day: 5}.At(9, 0, 0)
		it := r.Iterate(start, false, civil.Date{Year: 2099, Month: 1, Day: 1}.At(0, 0, 0), plusOne)
		if n := testing.AllocsPerRun(1000, func() { it.Next() }); n != 0 {
			t.Errorf("%s: %v allocations per Next", rule, n)
		}
	}
}
