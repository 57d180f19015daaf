package bench

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/klaver/klaver/internal/gen"
)

// benchBytes is the size of the generated set: small enough that the
// slowest library finishes an iteration in seconds.
const benchBytes = 5_000_000

// benchSet returns the calendars to read: KLAVER_BENCH_DIR when set, else
// a set generated into a temporary directory (52 weeks, as the large sets).
func benchSet(b *testing.B) (files []File, clients string) {
	b.Helper()
	dir := os.Getenv("KLAVER_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
		cfg := gen.DefaultConfig()
		cfg.People, cfg.Weeks, cfg.MinBytes, cfg.Toggl = 1, 52, benchBytes, false
		if _, err := gen.WriteSet(dir, cfg); err != nil {
			b.Fatal(err)
		}
	}
	files, err := Files(dir)
	if err != nil {
		b.Fatal(err)
	}
	clients = filepath.Join(dir, "clients.csv")
	if _, err := os.Stat(clients); err != nil {
		clients = ""
	}
	return files, clients
}

// BenchmarkContenders runs every contender over the same set, on as many
// goroutines as there are CPUs. The set is made once, here; the
// sub-benchmarks only read it.
func BenchmarkContenders(b *testing.B) {
	files, clients := benchSet(b)
	opt := Options{Workers: runtime.GOMAXPROCS(0), Clients: clients}
	for _, c := range Contenders() {
		b.Run(c.Name, func(b *testing.B) {
			o := opt
			if c.Name != "klaver" {
				o.Clients = ""
			}
			benchmarkContender(b, c, files, o)
		})
	}
}

func benchmarkContender(b *testing.B, c Contender, files []File, opt Options) {
	b.SetBytes(Bytes(files))
	b.ReportAllocs()
	runtime.GC()
	peak := watchHeap()
	var count Count
	for b.Loop() {
		var err error
		if count, err = c.Run(context.Background(), files, opt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(peak())/1e6, "peak-heap-MB")
	b.ReportMetric(float64(count.Events), "events")
}

// watchHeap samples the bytes in live and not yet swept heap objects
// every millisecond until the returned function is called, which returns
// the highest sample. The Go runtime keeps no peak of its own.
func watchHeap() (peak func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	stop := make(chan struct{})
	result := make(chan uint64)
	go func() {
		var high uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			high = max(high, sample[0].Value.Uint64())
			select {
			case <-stop:
				result <- high
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		return <-result
	}
}
