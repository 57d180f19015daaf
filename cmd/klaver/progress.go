package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/klaver/klaver/internal/audit"
)

// progressThreshold is the input size above which a progress bar is shown.
const progressThreshold = 8 << 20

// progress draws a bar on standard error while large inputs are read,
// only when standard error is a terminal.
type progress struct {
	w     io.Writer
	total int64
	mu    sync.Mutex
	last  time.Time
	shown bool
}

func newProgress(env environment, inputs []audit.Input, quiet bool) *progress {
	var total int64
	for _, in := range inputs {
		total += in.Size
	}
	if quiet || total < progressThreshold || !isTerminal(env.stderr) {
		return &progress{}
	}
	return &progress{w: env.stderr, total: total}
}

func (p *progress) update(done int64) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); now.Sub(p.last) > 100*time.Millisecond || done == p.total {
		p.last = now
		const width = 30
		// A file read twice (a time zone defined after its events) can
		// take done past the total.
		done = min(done, p.total)
		filled := int(float64(width) * float64(done) / float64(p.total))
		fmt.Fprintf(p.w, "\r[%s%s] %3.0f%% of %d MB", strings.Repeat("#", filled), strings.Repeat(".", width-filled),
			100*float64(done)/float64(p.total), p.total>>20)
		p.shown = true
	}
}

func (p *progress) finish() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
