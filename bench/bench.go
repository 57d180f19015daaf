// Package bench compares klaver audit with the Go calendar libraries a
// user could otherwise build on. Every contender reads the same .ics
// files; the libraries only parse (and read each event's start and end),
// klaver runs the whole audit. It lives in a module of its own so that the
// libraries never enter klaver's go.mod.
package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// File is one calendar to read.
type File struct {
	Path string
	Size int64
}

// Count is what a contender saw: events (or occurrences, for a library
// that expands recurrences) and values it could not read.
type Count struct {
	Events int64
	Errors int64
}

func (c *Count) add(o Count) {
	c.Events += o.Events
	c.Errors += o.Errors
}

// Options are the settings every contender gets.
type Options struct {
	// Workers is how many files are read at once.
	Workers int
	// Clients is the client registry CSV for the full audit; "" means none.
	Clients string
	// Zone is the zone of the audit and of floating times.
	Zone string
}

// Contender reads a set of files one way.
type Contender struct {
	// Name is how -lib and the benchmarks name it.
	Name string
	// Doc says in a few words what it does, for -h.
	Doc string
	run func(ctx context.Context, files []File, opt Options) (Count, error)
}

// Run reads files with c.
func (c Contender) Run(ctx context.Context, files []File, opt Options) (Count, error) {
	if opt.Workers < 1 {
		opt.Workers = 1
	}
	if opt.Zone == "" {
		opt.Zone = "Europe/Amsterdam"
	}
	return c.run(ctx, files, opt)
}

// Contenders lists every contender, klaver first and the line scan last.
func Contenders() []Contender {
	return []Contender{
		{Name: "klaver", Doc: "the full audit (audit.Run)", run: runAudit},
		{Name: "klaver-parse", Doc: "klaver's calendar reader alone", run: perFile(klaverParse)},
		{Name: "golang-ical", Doc: "arran4/golang-ical, start and end with its time getters", run: perFile(arranGetters)},
		{Name: "golang-ical-tzcache", Doc: "arran4/golang-ical, start and end parsed with a cached zone lookup", run: perFile(arranCached)},
		{Name: "emersion", Doc: "emersion/go-ical Decoder, start and end with a cached zone lookup", run: perFile(emersionDecode)},
		{Name: "gocal", Doc: "apognu/gocal Parse over the data's window, cached zone lookup", run: runGocal},
		{Name: "linescan", Doc: "bufio.Scanner line by line: the floor", run: perFile(lineScan)},
	}
}

func runGocal(ctx context.Context, files []File, opt Options) (Count, error) {
	gocalZones(newZoneCache(opt.Zone))
	return perFile(gocalParse)(ctx, files, opt)
}

// Lookup finds a contender by name.
func Lookup(name string) (Contender, error) {
	var names []string
	for _, c := range Contenders() {
		if c.Name == name {
			return c, nil
		}
		names = append(names, c.Name)
	}
	return Contender{}, fmt.Errorf("unknown contender %q; choose one of %s", name, strings.Join(names, ", "))
}

// Files lists every .ics in dirs (a file argument is taken as it is),
// largest first so that the workers finish together.
func Files(dirs ...string) ([]File, error) {
	var files []File
	for _, dir := range dirs {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, File{Path: dir, Size: info.Size()})
			continue
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".ics") {
				continue
			}
			info, err := e.Info()
			if err != nil {
				return nil, err
			}
			files = append(files, File{Path: filepath.Join(dir, e.Name()), Size: info.Size()})
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no .ics files", strings.Join(dirs, ", "))
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].Size > files[j].Size })
	return files, nil
}

// Bytes is the size of all files.
func Bytes(files []File) int64 {
	var n int64
	for _, f := range files {
		n += f.Size
	}
	return n
}

// fileReader reads one file; zones is the worker's own zone cache.
type fileReader func(path string, zones *zoneCache) (Count, error)

// perFile runs a single-threaded reader over the files on opt.Workers
// goroutines, each with its own zone cache, so that the libraries use as
// many cores as klaver does.
func perFile(read fileReader) func(context.Context, []File, Options) (Count, error) {
	return func(ctx context.Context, files []File, opt Options) (Count, error) {
		var next atomic.Int64
		counts := make([]Count, opt.Workers)
		errs := make([]error, opt.Workers)
		var wg sync.WaitGroup
		for w := range opt.Workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				zones := newZoneCache(opt.Zone)
				for ctx.Err() == nil {
					i := int(next.Add(1)) - 1
					if i >= len(files) {
						return
					}
					c, err := read(files[i].Path, zones)
					if err != nil {
						errs[w] = fmt.Errorf("%s: %w", files[i].Path, err)
						return
					}
					counts[w].add(c)
				}
			}()
		}
		wg.Wait()
		var total Count
		for w := range counts {
			if errs[w] != nil {
				return total, errs[w]
			}
			total.add(counts[w])
		}
		return total, ctx.Err()
	}
}
