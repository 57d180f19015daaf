package audit

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klaver/klaver"
)

// result is what reading one unit of input gives: tallies per person and
// the internal recurring series seen.
type result struct {
	tallies []*tally
	costs   map[string]*seriesCost
}

// Run audits the inputs. Calendars of the same owner are read together,
// so that overlapping events across them count once; units run in
// parallel on Config.Workers goroutines. progress, when not nil, is called
// with the number of input bytes finished so far.
func Run(ctx context.Context, cfg Config, inputs []Input, progress func(done int64)) (*klaver.Report, error) {
	rep, _, err := run(ctx, cfg, inputs, progress, false)
	return rep, err
}

func run(ctx context.Context, cfg Config, inputs []Input, progress func(done int64), detail bool) (*klaver.Report, *Detail, error) {
	if cfg.Clients == nil {
		cfg.Clients = NewRegistry(nil)
	}
	ps := &problems{strict: cfg.Strict}
	cfg.shared = newShared()
	units, err := groupUnits(ctx, &cfg, inputs)
	if err != nil {
		return nil, nil, err
	}
	results := make([]result, len(units))
	var done atomic.Int64
	stop := reportProgress(progress, &done)
	// Each worker keeps one line cache for all the calendars it reads:
	// the same boilerplate lines come back in every person's calendars.
	w := workers(cfg.Workers)
	lines := make([]*lineCache, w)
	bufs := make([]buffers, w)
	err = parallel(ctx, w, len(units), func(worker, i int) error {
		if lines[worker] == nil && units[i].timesheet == nil {
			lines[worker] = newLineCache()
		}
		res, err := units[i].read(&cfg, ps, &done, lines[worker], &bufs[worker])
		results[i] = res
		return err
	})
	stop()
	if err != nil {
		return nil, nil, err
	}
	rep, det := assemble(&cfg, results, detail)
	rep.Skipped, rep.SkippedTotal = ps.skipped, ps.nSkipped
	rep.Warnings, rep.WarningsTotal = ps.warnings, ps.nWarned
	return rep, det, nil
}

func workers(n int) int {
	if n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// parallel runs fn(worker, i) for i in 0..n-1 on at most w goroutines,
// numbered by worker from 0, and returns the first error; after an error
// no new work starts.
func parallel(ctx context.Context, w, n int, fn func(worker, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for worker := range min(w, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(worker, i); err != nil {
					cancel(err)
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return context.Cause(ctx)
}

// unit is what one worker reads at a time: all calendars of one owner, or
// one time-tracking export.
type unit struct {
	owner     string
	calendars []Input
	timesheet *Input
}

func (u unit) size() int64 {
	if u.timesheet != nil {
		return u.timesheet.Size
	}
	var n int64
	for _, in := range u.calendars {
		n += in.Size
	}
	return n
}

// read reads the unit; lines is the line cache of the worker that reads
// it (nil for a time-tracking export, where it is not used), buf the
// worker's buffers.
func (u unit) read(cfg *Config, ps *problems, done *atomic.Int64, lines *lineCache, buf *buffers) (result, error) {
	if u.timesheet != nil {
		return readTimesheet(cfg, u.timesheet.counted(done), ps)
	}
	p := newPerson(cfg, u.owner, ps.add, lines)
	p.use(buf)
	defer p.giveBack(buf)
	if err := checkOrgDomains(cfg, u.owner, u.calendars[0].Name, ps); err != nil {
		return result{}, err
	}
	for _, in := range u.calendars {
		if err := readCalendar(p, in.counted(done)); err != nil {
			return result{}, err
		}
	}
	p.expandAll()
	sweep(p.blocks, &p.spare, p.sets, p.clock, p.t)
	return result{tallies: []*tally{p.t}, costs: p.costs}, nil
}

func readCalendar(p *person, in Input) error {
	f, err := in.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	return p.readFile(in.Name, f, in.Open)
}

// groupUnits finds each calendar's owner (in parallel: it can take a pass
// over the file) and groups the calendars by owner.
func groupUnits(ctx context.Context, cfg *Config, inputs []Input) ([]unit, error) {
	owners := make([]string, len(inputs))
	err := parallel(ctx, workers(cfg.Workers), len(inputs), func(_, i int) error {
		if inputs[i].Kind != Calendar {
			return nil
		}
		owner, err := calendarOwner(cfg, inputs[i])
		owners[i] = owner
		return err
	})
	if err != nil {
		return nil, err
	}
	var units []unit
	byOwner := map[string]int{}
	for i := range inputs {
		if inputs[i].Kind == Timesheet {
			units = append(units, unit{timesheet: &inputs[i]})
			continue
		}
		j, ok := byOwner[owners[i]]
		if !ok {
			j = len(units)
			byOwner[owners[i]] = j
			units = append(units, unit{owner: owners[i]})
		}
		units[j].calendars = append(units[j].calendars, inputs[i])
	}
	// Largest first keeps both workers busy to the end.
	sort.SliceStable(units, func(i, j int) bool { return units[i].size() > units[j].size() })
	return units, nil
}

// checkOrgDomains warns when the registry lists the organisation's own
// domain: then every meeting with a colleague would count as client time.
func checkOrgDomains(cfg *Config, owner, file string, ps *problems) error {
	domains := cfg.OrgDomains
	if len(domains) == 0 {
		if _, d, ok := strings.Cut(owner, "@"); ok {
			domains = []string{d}
		}
	}
	for _, d := range domains {
		if cfg.Clients.HasDomain(d) {
			msg := fmt.Sprintf("the client registry gives a client the domain of your own organisation (%s): meetings with colleagues count as client time", strings.ToLower(d))
			if err := ps.add(klaver.Problem{File: file, Message: msg}, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// reportProgress calls progress with the bytes read so far, ten times a
// second, until stop is called; then once more with the final count.
func reportProgress(progress func(int64), done *atomic.Int64) (stop func()) {
	if progress == nil {
		return func() {}
	}
	quit := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				progress(done.Load())
			case <-quit:
				progress(done.Load())
				return
			}
		}
	}()
	return func() { close(quit); <-finished }
}
