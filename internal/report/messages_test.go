package report

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/klaver/klaver"
)

// TestLanguagesHaveEveryKey checks that no language lacks a message another
// has, and that translations keep the format verbs of the English.
func TestLanguagesHaveEveryKey(t *testing.T) {
	verbs := regexp.MustCompile(`%[a-z]`)
	for code, m := range languages {
		for key, en := range english {
			msg, ok := m[key]
			if !ok {
				t.Errorf("%s lacks %q", code, key)
				continue
			}
			if !slices.Equal(verbs.FindAllString(msg, -1), verbs.FindAllString(en, -1)) {
				t.Errorf("%s %q has other format verbs than the English %q", code, msg, en)
			}
		}
		for key := range m {
			if _, ok := english[key]; !ok {
				t.Errorf("%s has %q, which English lacks", code, key)
			}
		}
	}
}

// TestUsedKeysExist checks every message the Go code and the template ask
// for, so that no language shows a blank.
func TestUsedKeysExist(t *testing.T) {
	sources := []string{"table.go", "html.go", "figures_html.go", "report.go", "charts.go", "messages.go", "templates/report.html"}
	used := regexp.MustCompile(`m\["([a-z_]+)"\]|\.M\.([a-z_]+)|\{\{\.([a-z_]+)\}\}`)
	found := 0
	for _, name := range sources {
		text, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, match := range used.FindAllStringSubmatch(string(text), -1) {
			key := strings.Join(match[1:], "")
			found++
			for code, m := range languages {
				if _, ok := m[key]; !ok {
					t.Errorf("%s uses %q, which %s lacks", name, key, code)
				}
			}
		}
	}
	if found < 30 {
		t.Errorf("found only %d uses of messages; has the way they are written changed?", found)
	}
}

func TestMessagesFor(t *testing.T) {
	tests := []struct {
		lang, code string
		ok         bool
	}{
		{"", "en", true},
		{"en", "en", true},
		{"nl", "nl", true},
		{"NL", "nl", true},
		{"nl-BE", "nl", true},
		{"nl_NL.UTF-8", "nl", true},
		{"en_GB", "en", true},
		{"de", "", false},
		{"C", "", false},
	}
	for _, tc := range tests {
		code, _, err := messagesFor(tc.lang)
		if (err == nil) != tc.ok || code != tc.code {
			t.Errorf("messagesFor(%q) = %q, %v", tc.lang, code, err)
		}
	}
}

// The period line says what was asked for also when nothing was counted.
func TestPeriodText(t *testing.T) {
	tests := []struct {
		p      klaver.Period
		en, nl string
	}{
		{klaver.Period{From: "2026-01-05", To: "2026-01-30", TZ: "Europe/Amsterdam"},
			"Period 2026-01-05 to 2026-01-30 (Europe/Amsterdam)", "Periode 2026-01-05 t/m 2026-01-30 (Europe/Amsterdam)"},
		{klaver.Period{From: "2026-02-01", TZ: "UTC"},
			"Period from 2026-02-01 (UTC); nothing counted after it", "Periode vanaf 2026-02-01 (UTC); daarna is niets geteld"},
		{klaver.Period{To: "2026-02-01", TZ: "UTC"}, "Period up to 2026-02-01 (UTC)", "Periode tot en met 2026-02-01 (UTC)"},
		{klaver.Period{TZ: "UTC"}, "No period: nothing was counted (UTC)", "Geen periode: er is niets geteld (UTC)"},
	}
	for _, tt := range tests {
		if got := periodText(english, tt.p); got != tt.en {
			t.Errorf("English %q, want %q", got, tt.en)
		}
		if got := periodText(dutch, tt.p); got != tt.nl {
			t.Errorf("Dutch %q, want %q", got, tt.nl)
		}
	}
}
