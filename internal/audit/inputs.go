package audit

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
)

// Kind is what an input holds.
type Kind int

// The kinds of input.
const (
	Calendar Kind = iota
	Timesheet
)

// Input is one file to audit. Open may be called more than once: finding
// a calendar's owner can take a pass of its own.
type Input struct {
	Name string
	Kind Kind
	Size int64
	Open func() (io.ReadCloser, error)
}

// Inputs turns command-line arguments into inputs: a file, every .ics and
// .csv in a directory, or "-" for standard input, which is copied to a
// temporary file so it can be read twice. cleanup removes that copy.
// Files named in skip (the client registry) are left out of directories.
func Inputs(args []string, stdin io.Reader, skip ...string) (inputs []Input, cleanup func(), err error) {
	cleanup = func() {}
	for _, arg := range args {
		var more []Input
		switch {
		case arg == "-":
			var in Input
			in, cleanup, err = stdinInput(stdin)
			more = []Input{in}
		default:
			more, err = pathInputs(arg, skip)
		}
		if err != nil {
			cleanup()
			return nil, func() {}, err
		}
		inputs = append(inputs, more...)
	}
	return inputs, cleanup, nil
}

func pathInputs(path string, skip []string) ([]Input, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read: %w", path, unwrapPathError(err))
	}
	if !info.IsDir() {
		in, err := fileInput(path, info.Size())
		return []Input{in}, err
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read the directory: %w", path, unwrapPathError(err))
	}
	var inputs []Input
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".ics" && ext != ".csv") {
			continue
		}
		full := filepath.Join(path, e.Name())
		if sameFile(full, skip) || (ext == ".csv" && isRegistry(full)) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", full, err)
		}
		in, err := fileInput(full, info.Size())
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, in)
	}
	if len(inputs) == 0 {
		return nil, fmt.Errorf("%s: the directory holds no .ics or .csv files", path)
	}
	sort.Slice(inputs, func(i, j int) bool { return inputs[i].Name < inputs[j].Name })
	return inputs, nil
}

// isRegistry reports whether a CSV file is a client registry (its header
// is name,domains,aliases in some order): in a directory of inputs it is
// not a time-tracking export, and it applies only when --clients names it.
func isRegistry(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	cols := map[string]bool{}
	for _, c := range strings.Split(strings.TrimPrefix(strings.TrimSpace(line), "\ufeff"), ",") {
		cols[strings.ToLower(strings.Trim(strings.TrimSpace(c), `"`))] = true
	}
	return len(cols) <= 3 && cols["name"] && (cols["domains"] || cols["aliases"])
}

func sameFile(path string, list []string) bool {
	info, err := os.Stat(path)
	if err != nil {
		return false
	}
	for _, other := range list {
		if o, err := os.Stat(other); err == nil && os.SameFile(info, o) {
			return true
		}
	}
	return false
}

func fileInput(path string, size int64) (Input, error) {
	open := func() (io.ReadCloser, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("%s: cannot read: %w", path, unwrapPathError(err))
		}
		return f, nil
	}
	return NewInput(path, size, open)
}

// NewInput makes an input of a file known by name: its extension, or else
// its first line, tells a calendar from a time-tracking export.
func NewInput(name string, size int64, open func() (io.ReadCloser, error)) (Input, error) {
	in := Input{Name: name, Size: size, Open: open}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".ics", ".ical", ".ifb", ".icalendar":
		in.Kind = Calendar
	case ".csv", ".tsv":
		in.Kind = Timesheet
	default:
		kind, err := sniffKind(open)
		if err != nil {
			return in, err
		}
		in.Kind = kind
	}
	return in, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// sniffKind tells a calendar from a CSV by its first line.
func sniffKind(open func() (io.ReadCloser, error)) (Kind, error) {
	f, err := open()
	if err != nil {
		return 0, err
	}
	defer f.Close()
	head, _ := bufio.NewReader(f).Peek(512)
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	if len(head) >= 15 && strings.EqualFold(string(head[:15]), "BEGIN:VCALENDAR") {
		return Calendar, nil
	}
	return Timesheet, nil
}

func stdinInput(stdin io.Reader) (Input, func(), error) {
	f, err := os.CreateTemp("", "klaver-stdin-*")
	if err != nil {
		return Input{}, func() {}, fmt.Errorf("standard input: %w", err)
	}
	cleanup := func() { f.Close(); os.Remove(f.Name()) }
	size, err := io.Copy(f, stdin)
	if err != nil {
		cleanup()
		return Input{}, func() {}, fmt.Errorf("standard input: %w", err)
	}
	in := Input{Name: "stdin", Size: size, Open: func() (io.ReadCloser, error) {
		return os.Open(f.Name())
	}}
	in.Kind, err = sniffKind(in.Open)
	return in, cleanup, err
}

// counted returns the input with a reader that adds every byte read to n.
func (in Input) counted(n *atomic.Int64) Input {
	open := in.Open
	in.Open = func() (io.ReadCloser, error) {
		f, err := open()
		if err != nil {
			return nil, err
		}
		return countingReader{f, n}, nil
	}
	return in
}

type countingReader struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	k, err := c.ReadCloser.Read(p)
	c.n.Add(int64(k))
	return k, err
}
