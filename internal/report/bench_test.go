package report

import (
	"io"
	"testing"
)

// The benchmarks render a team of 1,000 people over 52 weeks.
const benchPeople, benchWeeks = 1000, 52

func BenchmarkHTML(b *testing.B) {
	r := largeReport(benchPeople, benchWeeks)
	cw := &countingWriter{}
	b.ReportAllocs()
	for b.Loop() {
		cw.n = 0
		if err := HTML(cw, r, Options{Lang: "nl"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cw.n)/1e6, "MB/page")
}

func BenchmarkTable(b *testing.B) {
	r := largeReport(benchPeople, benchWeeks)
	b.ReportAllocs()
	for b.Loop() {
		if err := Table(io.Discard, r, Options{Color: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCSV(b *testing.B) {
	r := largeReport(benchPeople, benchWeeks)
	b.ReportAllocs()
	for b.Loop() {
		if err := CSV(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSON(b *testing.B) {
	r := largeReport(benchPeople, benchWeeks)
	b.ReportAllocs()
	for b.Loop() {
		if err := JSON(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

// countingWriter counts the bytes written to it.
type countingWriter struct{ n int }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	return len(p), nil
}
