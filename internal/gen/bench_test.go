package gen

import (
	"bufio"
	"io"
	"testing"
)

// BenchmarkWriteCalendar measures how fast exports are written, in MB/s
// of output, over one team of each style.
func BenchmarkWriteCalendar(b *testing.B) {
	cfg := DefaultConfig()
	team, err := NewTeam(cfg, 0)
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	cw := &countingWriter{w: io.Discard}
	for seat := range team.Members {
		if err := WriteCalendar(cw, team.Calendar(seat)); err != nil {
			b.Fatal(err)
		}
	}
	size = cw.n
	b.SetBytes(size)
	bw := bufio.NewWriterSize(io.Discard, 64<<10)
	b.ReportAllocs()
	for b.Loop() {
		for seat := range team.Members {
			if err := WriteCalendar(bw, team.Calendar(seat)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkTeam measures planning and writing a team together, the work
// WriteSet does per six people, in MB/s of output.
func BenchmarkTeam(b *testing.B) {
	cfg := DefaultConfig()
	cw := &countingWriter{w: io.Discard}
	bw := bufio.NewWriterSize(cw, 64<<10)
	b.ReportAllocs()
	index := 0
	for b.Loop() {
		team, err := NewTeam(cfg, index)
		if err != nil {
			b.Fatal(err)
		}
		for seat := range team.Members {
			if err := WriteCalendar(bw, team.Calendar(seat)); err != nil {
				b.Fatal(err)
			}
		}
		index++
	}
	bw.Flush()
	b.ReportMetric(float64(cw.n)/1e6/b.Elapsed().Seconds(), "MB/s")
}
