package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const annaICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:anna@acme.nl\r\n" +
	"BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Weekly sync\r\nDTSTART;TZID=Europe/Amsterdam:20260105T090000\r\n" +
	"DTEND;TZID=Europe/Amsterdam:20260105T100000\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\nATTENDEE:mailto:piet@acme.nl\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Rabo call\r\nDTSTART:20260106T090000Z\r\nDTEND:20260106T120000Z\r\n" +
	"ATTENDEE:mailto:jan@rabobank.nl\r\nEND:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:3\r\nSUMMARY:broken\r\nDTSTART:20261306T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

const registryCSV = "name,domains,aliases\nRabobank,rabobank.nl;rabobank.com,Rabo;RAB\n"

// workspace writes files into a temporary directory and returns it.
func workspace(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestAuditJSONFollowsTheContract(t *testing.T) {
	dir := workspace(t, map[string]string{"anna.ics": annaICS, "clients.csv": registryCSV})
	code, out, errOut := runCLI(t, "", "audit", "--tz", "Europe/Amsterdam", "--format", "json",
		"--clients", filepath.Join(dir, "clients.csv"), dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	for _, key := range []string{"period", "max_internal", "people", "team"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("top-level field %q missing", key)
		}
	}
	figures := []string{"working_minutes", "client_minutes", "internal_for_client_minutes",
		"internal_minutes", "own_work_minutes", "internal_share", "verdict"}
	people := doc["people"].([]any)
	if len(people) != 1 {
		t.Fatalf("people = %v", people)
	}
	anna := people[0].(map[string]any)
	for _, key := range append(figures, "person", "weeks", "clients") {
		if _, ok := anna[key]; !ok {
			t.Errorf("people[0].%s missing", key)
		}
	}
	week := anna["weeks"].([]any)[0].(map[string]any)
	for _, key := range append(figures, "week") {
		if _, ok := week[key]; !ok {
			t.Errorf("weeks[0].%s missing", key)
		}
	}
	for _, key := range figures {
		if _, ok := doc["team"].(map[string]any)[key]; !ok {
			t.Errorf("team.%s missing", key)
		}
	}
	if got := anna["client_minutes"].(float64); got != 180 {
		t.Errorf("client_minutes = %v, want 180", got)
	}
	if p := doc["period"].(map[string]any); p["from"] != "2026-01-05" || p["to"] != "2026-01-12" || p["tz"] != "Europe/Amsterdam" {
		t.Errorf("period = %v", p)
	}
	if !strings.Contains(errOut, "anna.ics:22: DTSTART: invalid date \"20261306T090000Z\"") {
		t.Errorf("stderr does not report the bad event as file:line: %q", errOut)
	}
}

func TestAuditStrictFailsOnTheFirstProblem(t *testing.T) {
	dir := workspace(t, map[string]string{"anna.ics": annaICS})
	code, _, errOut := runCLI(t, "", "audit", "--strict", filepath.Join(dir, "anna.ics"))
	if code != 1 || !strings.Contains(errOut, "anna.ics:22: DTSTART") {
		t.Errorf("exit %d, stderr %q; want 1 and the problem", code, errOut)
	}
}

func TestAuditReadsStandardInput(t *testing.T) {
	code, out, errOut := runCLI(t, annaICS, "audit", "--tz", "UTC", "--format", "csv", "--quiet", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "anna@acme.nl") {
		t.Errorf("csv does not name the owner:\n%s", out)
	}
}

func TestAuditFlagsAfterFiles(t *testing.T) {
	dir := workspace(t, map[string]string{"anna.ics": annaICS})
	code, out, errOut := runCLI(t, "", "audit", filepath.Join(dir, "anna.ics"), "--format", "json", "--quiet")
	if code != 0 || !json.Valid([]byte(out)) {
		t.Errorf("exit %d, stderr %q, output valid JSON: %v", code, errOut, json.Valid([]byte(out)))
	}
}

func TestAuditErrorsAreOneLineAndSayWhatToDo(t *testing.T) {
	dir := workspace(t, map[string]string{
		"anna.ics":  annaICS,
		"odd.csv":   "foo,bar,baz\n1,2,3\n",
		"empty.csv": "",
		"notes.ics": "Meeting notes\nnot a calendar\n",
		"blank.ics": "",
	})
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing file", []string{filepath.Join(dir, "nope.ics")}, 1, "nope.ics: cannot read"},
		{"unknown csv header", []string{filepath.Join(dir, "odd.csv")}, 1, "odd.csv"},
		{"not a calendar", []string{"--owner", "anna@acme.nl", filepath.Join(dir, "notes.ics")}, 1, "notes.ics:1: not an iCalendar file"},
		{"not a calendar, owner unknown", []string{filepath.Join(dir, "notes.ics")}, 1, "notes.ics:1: not an iCalendar file"},
		{"empty calendar file", []string{"--owner", "anna@acme.nl", filepath.Join(dir, "blank.ics")}, 1, "blank.ics: the file is empty"},
		{"empty registry", []string{"--clients", filepath.Join(dir, "empty.csv"), dir}, 2, "registry is empty"},
		{"bad format", []string{"--format", "pdf", dir}, 2, "--format"},
		{"bad zone", []string{"--tz", "Mars/Base", dir}, 2, "--tz"},
		{"bad date", []string{"--from", "2026-13-01", dir}, 2, "--from"},
		{"hours that are no number", []string{"--hours-per-day", "NaN", dir}, 2, "--hours-per-day"},
		{"a share that is no number", []string{"--max-internal", "NaN", dir}, 2, "--max-internal"},
		{"to before from", []string{"--from", "2026-02-01", "--to", "2026-01-01", dir}, 2, "before"},
		{"no inputs", nil, 2, "at least one"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "", append([]string{"audit"}, c.args...)...)
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			if code != c.code || !strings.Contains(errOut, c.want) || len(lines) != 1 {
				t.Errorf("exit %d, stderr %q; want exit %d and one line containing %q", code, errOut, c.code, c.want)
			}
			if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") {
				t.Errorf("stack trace on stderr: %s", errOut)
			}
		})
	}
}

func TestAuditWritesAFile(t *testing.T) {
	dir := workspace(t, map[string]string{"anna.ics": annaICS})
	out := filepath.Join(dir, "report.html")
	code, _, errOut := runCLI(t, "", "audit", "--quiet", "--format", "html", "-o", out, filepath.Join(dir, "anna.ics"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	body, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(body, []byte("anna@acme.nl")) {
		t.Errorf("report.html: %v, mentions the owner: %v", err, bytes.Contains(body, []byte("anna@acme.nl")))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".klaver-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	code, out, errOut := runCLI(t, "", "audit", "--help")
	if strings.Count(out, "Usage: klaver audit") != 1 || errOut != "" {
		t.Errorf("audit --help: stdout %q, stderr %q; want the whole help once on standard output", out, errOut)
	}
	for _, flag := range []string{"-owner", "-org-domain", "-clients", "-tz", "-from", "-to", "-hours-per-day", "-workdays", "-max-internal", "-format", "-o", "-strict"} {
		if !strings.Contains(out, flag) {
			t.Errorf("audit --help does not list %s", flag)
		}
	}
	if code != 0 {
		t.Errorf("audit --help exit %d", code)
	}
	if code, out, _ := runCLI(t, "", "version"); code != 0 || !strings.HasPrefix(out, "klaver ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
	if code, _, _ := runCLI(t, "", "frobnicate"); code != 2 {
		t.Errorf("unknown command exit %d, want 2", code)
	}
}

func TestLanguage(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"", map[string]string{"LANG": "nl_NL.UTF-8"}, "nl"},
		{"", map[string]string{"LANG": "en_GB.UTF-8"}, "en"},
		{"", map[string]string{"LC_ALL": "C", "LANG": "nl_BE.UTF-8"}, "nl"},
		{"en", map[string]string{"LANG": "nl_NL.UTF-8"}, "en"},
		{"", nil, "en"},
	}
	for _, c := range cases {
		if got := language(c.flag, env(c.env)); got != c.want {
			t.Errorf("language(%q, %v) = %s, want %s", c.flag, c.env, got, c.want)
		}
	}
}

func TestMigrateCreatesAndUpdatesTheEmbeddedDatabase(t *testing.T) {
	dir := t.TempDir()
	for range 2 {
		code, out, errOut := runCLI(t, "", "migrate", "--data-dir", dir)
		if code != 0 || !strings.Contains(out, "up to date") {
			t.Fatalf("exit %d, out %q, err %q", code, out, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "klaver.db")); err != nil {
		t.Errorf("no database in the data directory: %v", err)
	}
	if code, _, errOut := runCLI(t, "", "migrate", "--db", "postgres://nobody@127.0.0.1:1/none?connect_timeout=1"); code != 1 || !strings.Contains(errOut, "klaver migrate:") {
		t.Errorf("unreachable PostgreSQL: exit %d, %q", code, errOut)
	}
}

func TestAuditLeavesARegistryInADirectoryAlone(t *testing.T) {
	dir := workspace(t, map[string]string{"anna.ics": annaICS, "clients.csv": registryCSV})
	code, out, errOut := runCLI(t, "", "audit", "--quiet", "--tz", "UTC", "--format", "json", dir)
	if code != 0 || !strings.Contains(out, "anna@acme.nl") {
		t.Errorf("exit %d, stderr %q: a registry in the directory must not be read as an export", code, errOut)
	}
}
