package ical

import (
	"bufio"
	"bytes"
	"io"
	"syscall"
	"testing"
	"time"
)

// readAll reads every event of cal and returns how many there were.
func readAll(tb testing.TB, cal []byte) int {
	r := NewReader(bytes.NewReader(cal), "bench.ics")
	n := 0
	for {
		_, err := r.Next()
		if err == io.EOF {
			return n
		}
		if err != nil {
			tb.Fatal(err)
		}
		n++
	}
}

func benchmarkReader(b *testing.B, cal []byte, events int) {
	b.SetBytes(int64(len(cal)))
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		if n := readAll(b, cal); n != events {
			b.Fatalf("read %d events, want %d", n, events)
		}
	}
	cpu.report(b, len(cal))
	b.ReportMetric(float64(len(cal))/float64(events), "B/event")
}

// cpuClock measures the CPU time of the process, which on a machine shared
// with other work says more about the code than the wall-clock time does.
type cpuClock struct{ start time.Duration }

func startCPU() cpuClock { return cpuClock{start: cpuTime()} }

// report adds the throughput per CPU-second as MB/cpu-s.
func (c cpuClock) report(b *testing.B, size int) {
	used := cpuTime() - c.start
	if used > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/used.Seconds(), "MB/cpu-s")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReaderOutlook reads 5,000 Exchange-style events of about 1 KB.
func BenchmarkReaderOutlook(b *testing.B) {
	benchmarkReader(b, outlookCalendar(5000, false), 5000)
}

// BenchmarkReaderOutlookAltDesc is the same calendar with the HTML body
// Outlook adds to every event, which the Reader skips.
func BenchmarkReaderOutlookAltDesc(b *testing.B) {
	benchmarkReader(b, outlookCalendar(5000, true), 5000)
}

// BenchmarkReaderGoogle reads 10,000 short Google-style events, which
// have more lines per byte.
func BenchmarkReaderGoogle(b *testing.B) {
	benchmarkReader(b, googleCalendar(10000), 10000)
}

// BenchmarkLineScanFloor is a plain bufio line scan over the Outlook
// calendar: the speed of finding line ends, which no reader can beat by
// much.
func BenchmarkLineScanFloor(b *testing.B) {
	cal := outlookCalendar(5000, false)
	b.SetBytes(int64(len(cal)))
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		if floorScan(cal) == 0 {
			b.Fatal("no lines")
		}
	}
	cpu.report(b, len(cal))
}

// floorScan scans cal line by line and returns the number of bytes seen.
func floorScan(cal []byte) int {
	s := bufio.NewScanner(bytes.NewReader(cal))
	s.Buffer(make([]byte, defaultBufSize), defaultMaxLine)
	n := 0
	for s.Scan() {
		n += len(s.Bytes())
	}
	return n
}
