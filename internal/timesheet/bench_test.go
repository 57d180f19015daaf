package timesheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"runtime"
	"testing"
)

// togglExport builds a Toggl detailed export of n rows in memory.
func togglExport(n int) []byte {
	var b bytes.Buffer
	b.WriteString(togglHeader)
	people := []string{"Anna de Vries,Anna.deVries@acme.nl", "Bram Jansen,bram.jansen@acme.nl", "Sanne Bakker,sanne.bakker@acme.nl"}
	clients := []string{"Rabobank,Hypotheekportaal", "Gemeente Utrecht,Parkeervergunningen", ",Acme intern"}
	for i := range n {
		day := 1 + i%28
		h := 8 + i%9
		fmt.Fprintf(&b, "%s,%s,Development,\"Werk aan ticket %d, incl. review\",Yes,2026-01-%02d,%02d:15:00,2026-01-%02d,%02d:45:00,01:30:00,\"development, review\",142.50\n",
			people[i%len(people)], clients[i%len(clients)], i, day, h, day, h+1)
	}
	return b.Bytes()
}

// BenchmarkTogglExport reads a 100,000-row Toggl export; it reports the
// throughput and the allocations per row.
func BenchmarkTogglExport(b *testing.B) {
	const rows = 100_000
	data := togglExport(rows)
	b.SetBytes(int64(len(data)))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for range b.N {
		rd, err := NewReader(bytes.NewReader(data), "toggl.csv")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != rows {
			b.Fatalf("%d rows, want %d", n, rows)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N*rows), "allocs/row")
}

// BenchmarkTogglExportCSVOnly reads the same export with encoding/csv
// alone: the most BenchmarkTogglExport could reach on the same machine.
func BenchmarkTogglExportCSVOnly(b *testing.B) {
	data := togglExport(100_000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.ReuseRecord = true
		for {
			if _, err := cr.Read(); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
