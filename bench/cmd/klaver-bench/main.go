// Command klaver-bench runs one contender of the comparison over every
// .ics in the given directories and prints one line: what it read, how
// fast, and the peak resident memory of the process. Run it once per
// contender, so that each peak is its own.
//
//	klaver-bench -lib klaver /tmp/bench300
//	klaver-bench -lib emersion -benchfmt /tmp/bench300 >> results.txt
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/klaver/klaver/bench"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "klaver-bench:", err)
		}
		os.Exit(2)
	}
}

// settings are the command line.
type settings struct {
	lib, clients, zone, cpuProfile, memProfile string
	workers                                    int
	benchFmt, header                           bool
	dirs                                       []string
}

func parseFlags(args []string, stderr io.Writer) (settings, error) {
	var s settings
	fs := flag.NewFlagSet("klaver-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&s.lib, "lib", "", "the contender: "+contenderNames())
	fs.IntVar(&s.workers, "workers", runtime.GOMAXPROCS(0), "files read at once")
	fs.StringVar(&s.clients, "clients", "", "client registry for -lib klaver (default: clients.csv in the first directory, when there is one)")
	fs.StringVar(&s.zone, "tz", "Europe/Amsterdam", "zone of the audit and of floating times")
	fs.StringVar(&s.cpuProfile, "cpuprofile", "", "write a CPU profile to `FILE`")
	fs.StringVar(&s.memProfile, "memprofile", "", "write an allocation profile to `FILE`")
	fs.BoolVar(&s.benchFmt, "benchfmt", false, "print a Go benchmark line, for benchstat")
	fs.BoolVar(&s.header, "header", false, "print a header line first (not with -benchfmt)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: klaver-bench -lib NAME [flags] DIR|FILE ...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	s.dirs = fs.Args()
	if s.lib == "" || len(s.dirs) == 0 {
		fs.Usage()
		return s, errors.New("name a contender with -lib and at least one directory")
	}
	if s.clients == "" {
		if p := filepath.Join(s.dirs[0], "clients.csv"); fileExists(p) {
			s.clients = p
		}
	}
	return s, nil
}

func contenderNames() string {
	var names []string
	for _, c := range bench.Contenders() {
		names = append(names, c.Name+" ("+c.Doc+")")
	}
	return strings.Join(names, "; ")
}

func fileExists(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

func run(args []string, stdout, stderr io.Writer) error {
	s, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	c, err := bench.Lookup(s.lib)
	if err != nil {
		return err
	}
	files, err := bench.Files(s.dirs...)
	if err != nil {
		return err
	}
	opt := bench.Options{Workers: s.workers, Clients: s.clients, Zone: s.zone}
	if s.lib != "klaver" {
		opt.Clients = ""
	}
	stop, err := startCPUProfile(s.cpuProfile)
	if err != nil {
		return err
	}
	start, cpuStart := time.Now(), cpuTime()
	count, err := c.Run(context.Background(), files, opt)
	elapsed, cpu := time.Since(start), cpuTime()-cpuStart
	stop()
	if err != nil {
		return fmt.Errorf("%s: %w", s.lib, err)
	}
	if err := writeMemProfile(s.memProfile); err != nil {
		return err
	}
	m := measurement{lib: s.lib, workers: s.workers, files: len(files), bytes: bench.Bytes(files), elapsed: elapsed, cpu: cpu, count: count, rssMB: peakRSSMB()}
	switch {
	case s.benchFmt:
		m.writeBenchLine(stdout)
	default:
		if s.header {
			writeHeader(stdout)
		}
		m.writeLine(stdout)
	}
	return nil
}

// measurement is the outcome of one run.
type measurement struct {
	lib     string
	workers int
	files   int
	bytes   int64
	elapsed time.Duration
	cpu     time.Duration // user and system time of the run
	count   bench.Count
	rssMB   float64
}

func (m measurement) mbPerSec() float64 { return float64(m.bytes) / 1e6 / m.elapsed.Seconds() }

// mbPerCPUSec is the throughput per second of CPU time, which says more
// than the wall clock on a machine shared with other work.
func (m measurement) mbPerCPUSec() float64 { return float64(m.bytes) / 1e6 / m.cpu.Seconds() }

const lineFormat = "%-20s %7s %5s %11s %8s %8s %8s %9s %9s %7s %9s\n"

func writeHeader(w io.Writer) {
	fmt.Fprintf(w, lineFormat, "lib", "workers", "files", "bytes", "seconds", "MB/s", "cpu-s", "MB/cpu-s", "events", "errors", "peak-RSS")
}

// writeLine prints the human line. For klaver the events column counts
// the people reported, for gocal the occurrences it expanded.
func (m measurement) writeLine(w io.Writer) {
	fmt.Fprintf(w, lineFormat, m.lib, fmt.Sprint(m.workers), fmt.Sprint(m.files), fmt.Sprint(m.bytes),
		fmt.Sprintf("%.3f", m.elapsed.Seconds()), fmt.Sprintf("%.1f", m.mbPerSec()),
		fmt.Sprintf("%.3f", m.cpu.Seconds()), fmt.Sprintf("%.1f", m.mbPerCPUSec()),
		fmt.Sprint(m.count.Events), fmt.Sprint(m.count.Errors), fmt.Sprintf("%.1fMB", m.rssMB))
}

// writeBenchLine prints the run in the Go benchmark format, so that
// benchstat can compare repeated runs.
func (m measurement) writeBenchLine(w io.Writer) {
	fmt.Fprintf(w, "BenchmarkKlaverBench/lib=%s/files=%d/bytes=%d/workers=%d 1 %d ns/op %.2f MB/s %.2f MB/cpu-s %.1f peak-RSS-MB %d events\n",
		m.lib, m.files, m.bytes, m.workers, m.elapsed.Nanoseconds(), m.mbPerSec(), m.mbPerCPUSec(), m.rssMB, m.count.Events)
}

// peakRSSMB is the process's peak resident set in MB (Linux reports
// Maxrss in kilobytes).
func peakRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) * 1024 / 1e6
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func writeMemProfile(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.Lookup("allocs").WriteTo(f, 0)
}
