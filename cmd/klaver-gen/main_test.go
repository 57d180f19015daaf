package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		wantErr string
		wantOut string
	}{
		{"no out", nil, "-out is required", ""},
		{"stray argument", []string{"-out", dir, "extra"}, "no arguments", ""},
		{"bad start", []string{"-out", dir, "-start", "5 jan"}, "want YYYY-MM-DD", ""},
		{"not a monday", []string{"-out", dir, "-start", "2026-01-06"}, "not a Monday", ""},
		{"bad size", []string{"-out", dir, "-size", "big"}, "size", ""},
		{"small set", []string{"-out", dir, "-people", "2", "-weeks", "1", "-toggl=false"}, "", "wrote 3 files"},
		{"sized set", []string{"-out", filepath.Join(dir, "sized"), "-people", "1", "-weeks", "1", "-size", "200KB", "-toggl=false"}, "", "calendars of"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		err := run(tt.args, &stdout, &stderr)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error %v, want one about %q", tt.name, err, tt.wantErr)
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case !strings.Contains(stdout.String(), tt.wantOut):
			t.Errorf("%s: printed %q, want %q", tt.name, stdout.String(), tt.wantOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "clients.csv")); err != nil {
		t.Error("no clients.csv written")
	}
}
