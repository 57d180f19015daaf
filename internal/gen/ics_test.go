package gen

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// physicalLines splits an export at its line ends, checking that it uses
// one kind of line end throughout.
func physicalLines(t *testing.T, data []byte, crlf bool) []string {
	t.Helper()
	text := string(data)
	if !strings.HasSuffix(text, "\n") {
		t.Fatal("export does not end with a line end")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	for i, l := range lines {
		hasCR := strings.HasSuffix(l, "\r")
		if hasCR != crlf {
			t.Fatalf("line %d: CR at end is %v, want %v", i+1, hasCR, crlf)
		}
		lines[i] = strings.TrimSuffix(l, "\r")
		if strings.Contains(lines[i], "\r") {
			t.Fatalf("line %d: bare CR", i+1)
		}
	}
	return lines
}

// unfold joins continuation lines to the line they continue.
func unfold(lines []string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			out[len(out)-1] += l[1:]
			continue
		}
		out = append(out, l)
	}
	return out
}

// unescapeText reverses TEXT escaping.
func unescapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// writeLine writes one property with the line writer.
func writeLine(crlf bool, build func(lw *lineWriter)) []byte {
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	lw := newLineWriter(bw, crlf)
	build(lw)
	bw.Flush()
	return buf.Bytes()
}

func TestFolding(t *testing.T) {
	tests := []struct {
		name  string
		value string
		lines int
	}{
		{"short", "Weekstart team", 1},
		{"exactly 75 octets", strings.Repeat("a", 75-len("SUMMARY:")), 1},
		{"76 octets", strings.Repeat("a", 76-len("SUMMARY:")), 2},
		{"two-byte runes across the fold", strings.Repeat("é", 60), 2},
		{"four-byte runes across the fold", strings.Repeat("🍻", 40), 3},
		{"long", strings.Repeat("Voorbereiding Rabobank-pitch ", 20), 8},
	}
	for _, tt := range tests {
		out := writeLine(true, func(lw *lineWriter) { lw.textProp("SUMMARY", tt.value) })
		lines := physicalLines(t, out, true)
		if len(lines) != tt.lines {
			t.Errorf("%s: %d lines, want %d", tt.name, len(lines), tt.lines)
		}
		for i, l := range lines {
			if len(l) > maxLineOctets {
				t.Errorf("%s: line %d has %d octets", tt.name, i+1, len(l))
			}
			if !utf8.ValidString(l) {
				t.Errorf("%s: line %d splits a UTF-8 sequence: %q", tt.name, i+1, l)
			}
			if i > 0 && l[0] != ' ' {
				t.Errorf("%s: continuation line %d does not start with a space", tt.name, i+1)
			}
		}
		if got := unescapeText(strings.TrimPrefix(unfold(lines)[0], "SUMMARY:")); got != tt.value {
			t.Errorf("%s: unfolded to %q", tt.name, got)
		}
	}
}

func TestTextEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Agenda: a, b; c", `Agenda: a\, b\; c`},
		{"regel 1\nregel 2", `regel 1\nregel 2`},
		{"windows\r\nregel", `windows\nregel`},
		{`\\server\share`, `\\\\server\\share`},
		{"tab\tstays, bell\adoes not", `tab` + "\t" + `stays\, bell` + `does not`},
	}
	for _, tt := range tests {
		if got := string(appendText(nil, tt.in)); got != tt.want {
			t.Errorf("appendText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParamQuoting(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Anna de Vries", "Anna de Vries"},
		{"Vries, Anna de", `"Vries, Anna de"`},
		{"W. Europe Standard Time", "W. Europe Standard Time"},
		{"a:b", `"a:b"`},
		{`say "hi"`, "say hi"},
	}
	for _, tt := range tests {
		if got := string(appendParamValue(nil, tt.in)); got != tt.want {
			t.Errorf("appendParamValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzTextProperty checks that any text written as a property comes back
// the same after unfolding and unescaping, in lines no longer than 75
// octets that never split a UTF-8 sequence.
func FuzzTextProperty(f *testing.F) {
	f.Fuzz(func(t *testing.T, value string, crlf bool) {
		out := writeLine(crlf, func(lw *lineWriter) { lw.textProp("DESCRIPTION", value) })
		lines := physicalLines(t, out, crlf)
		for i, l := range lines {
			if len(l) > maxLineOctets {
				t.Fatalf("line %d has %d octets", i+1, len(l))
			}
			if i > 0 && l[0] != ' ' {
				t.Fatalf("continuation line %d does not start with a space", i+1)
			}
			if utf8.ValidString(value) && !utf8.ValidString(l) {
				t.Fatalf("line %d splits a UTF-8 sequence", i+1)
			}
		}
		logical := unfold(lines)
		if len(logical) != 1 {
			t.Fatalf("%d logical lines, want 1", len(logical))
		}
		want := strings.Map(func(r rune) rune {
			if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
				return -1
			}
			return r
		}, value)
		if !utf8.ValidString(value) {
			return // bytes that are not UTF-8 are kept but need not round-trip through strings.Map
		}
		if got := unescapeText(strings.TrimPrefix(logical[0], "DESCRIPTION:")); got != want {
			t.Fatalf("round trip gave %q, want %q", got, want)
		}
	})
}
