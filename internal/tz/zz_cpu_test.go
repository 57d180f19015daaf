package tz

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_THREAD, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestZZCPU(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	times := benchTimes()
	const n = 20_000_000
	for _, name := range []string{"Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe"} {
		loc := mustLoad(t, name)
		z := FromLocation(loc)
		z.Instant(times[0])
		cz := mustCustom(t, "x", outlookWEurope(t))
		cz.Instant(times[0])
		u := UTC()
		var sink int64
		for round := 0; round < 3; round++ {
			c0 := cpuNow()
			for i := 0; i < n; i++ {
				sink += z.Instant(times[i&1023])
			}
			c1 := cpuNow()
			for i := 0; i < n; i++ {
				dt := times[i&1023]
				sink += time.Date(dt.Year, time.Month(dt.Month), dt.Day, dt.Hour, dt.Minute, dt.Second, 0, loc).Unix()
			}
			c2 := cpuNow()
			for i := 0; i < n; i++ {
				sink += u.Instant(times[i&1023])
			}
			c3 := cpuNow()
			for i := 0; i < n; i++ {
				sink += cz.Instant(times[i&1023])
			}
			c4 := cpuNow()
			fmt.Printf("%s: FromLocation %.1f ns, time.Date %.1f ns, UTC %.1f ns, Custom(W. Europe) %.1f ns (cpu time)\n", name,
				float64(c1-c0)/n, float64(c2-c1)/n, float64(c3-c2)/n, float64(c4-c3)/n)
		}
		_ = sink
	}
}
