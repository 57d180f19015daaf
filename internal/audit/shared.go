package audit

import (
	"io"
	"sync"

	"github.com/klaver/klaver/internal/ical"
)

// shared holds what all readers of one audit reuse: calendar readers with
// their buffers, and the absence-word matcher. Allocating these once per
// file would make the garbage collector a large part of an audit's cost.
type shared struct {
	readers sync.Pool // of *ical.Reader
	absence *matcher
}

func newShared() *shared {
	return &shared{absence: newMatcher(absenceWords, make([]int, len(absenceWords)))}
}

// reader returns a calendar reader for src; give it back with release.
func (sh *shared) reader(src io.Reader, name string) *ical.Reader {
	if rd, ok := sh.readers.Get().(*ical.Reader); ok {
		rd.Reset(src, name)
		return rd
	}
	return ical.NewReader(src, name)
}

func (sh *shared) release(rd *ical.Reader) {
	rd.Reset(nil, "")
	sh.readers.Put(rd)
}

// kit returns the audit's shared resources, making them on first use for
// callers (tests) that did not go through Run.
func (cfg *Config) kit() *shared {
	if cfg.shared == nil {
		cfg.shared = newShared()
	}
	return cfg.shared
}
