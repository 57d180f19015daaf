//go:build unix

package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// -o onto something that is not a regular file (here a named pipe, as
// /dev/null is a device) writes to it and leaves it what it is: renaming a
// finished report over it would replace it with a file.
func TestAuditOutputToAPipe(t *testing.T) {
	dir := workspace(t, map[string]string{"anna.ics": annaICS})
	pipe := filepath.Join(dir, "report.pipe")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(pipe)
		if err != nil {
			got <- ""
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	code, _, errOut := runCLI(t, "", "audit", "--quiet", "--tz", "Europe/Amsterdam", "--format", "json",
		"-o", pipe, filepath.Join(dir, "anna.ics"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	info, err := os.Lstat(pipe)
	if err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("%s is no longer a pipe: %v, %v", pipe, info.Mode(), err)
	}
	if body := <-got; !strings.Contains(body, `"people"`) {
		t.Errorf("the pipe's reader got %q", body)
	}
}
