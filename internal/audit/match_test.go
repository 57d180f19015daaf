package audit

import (
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"
)

var matchPatterns = []string{"Rabo", "RAB", "ABN AMRO", "Gemeente Utrecht", "C&A", "Zoë", "GU-2026", "a"}

func mentions(m *matcher, text string, fast bool) []int {
	var got []int
	hit := func(c int) { got = append(got, c) }
	if fast {
		var scratch []byte
		m.find([]byte(text), &scratch, hit)
	} else {
		m.findNormalised(normalise(nil, []byte(text)), hit)
	}
	slices.Sort(got)
	return got
}

func TestMentions(t *testing.T) {
	m := newMatcher(matchPatterns, []int{0, 1, 2, 3, 4, 5, 6, 7})
	cases := []struct {
		text string
		want []int
	}{
		{"Rabo-team", []int{0}},
		{"(rabo)", []int{0}},
		{"Rabobankier", nil},
		{"RAB2026", nil},
		{"rab", []int{1}},
		{"abn\n\t amro", []int{2}},
		{"ABNAMRO", nil},
		{"bij gemeente  utrecht.", []int{3}},
		{"C&A-winkel", []int{4, 7}}, // "A" after "&" is a word of its own
		{"voor ZOË!", []int{5}},
		{"Zoëtje", nil},
		{"project gu-2026 en rabo", []int{0, 6}},
		{"a", []int{7}},
		{"é a", []int{7}},
		{"éa", nil},
	}
	for _, c := range cases {
		if got := mentions(m, c.text, true); !slices.Equal(got, c.want) {
			t.Errorf("mentions in %q = %v, want %v", c.text, got, c.want)
		}
	}
}

// asciiPatterns have no accents: text with accents goes through the
// normalised pass, and a mention in it must be found there.
var asciiPatterns = []string{"Rabo", "ABN AMRO", "Gemeente Utrecht", "C&A", "GU-2026", "a"}

func TestMentionsInTextWithAccents(t *testing.T) {
	m := newMatcher(asciiPatterns, []int{0, 1, 2, 3, 4, 5})
	cases := []struct {
		text string
		want []int
	}{
		{"Acme Amsterdam \u2013 Rabo (12)", []int{0}},
		{"caf\u00e9 Rabo", []int{0}},
		{"caf\u00e9Rabo", nil},
		{"Rabo\u2019s team", []int{0}},
		{"\uff32abo", nil},                        // a full-width letter before "abo"
		{"ABN\u00a0AMRO \u2013 Zuidas", []int{1}}, // no-break space inside a name
		{"ABN\u2003\tAMRO", []int{1}},
		{"\u212aabo rabo", []int{0}}, // the Kelvin sign lower-cases to k
		{"Gemeente Utrecht\u0301", nil},
		{"\u00e9 a", []int{5}},
		{"\u00e9a", nil},
		{"\xff rabo \xe2\x80", []int{0}},
	}
	for _, c := range cases {
		if got := mentions(m, c.text, true); !slices.Equal(got, c.want) {
			t.Errorf("mentions in %q = %v, want %v", c.text, got, c.want)
		}
		if got := mentions(m, c.text, false); !slices.Equal(got, c.want) {
			t.Errorf("mentions in normalised %q = %v, want %v", c.text, got, c.want)
		}
	}
}

// FuzzMatcher checks that matching raw text finds exactly what matching
// its normalised form finds.
func FuzzMatcher(f *testing.F) {
	for _, s := range []string{"Rabo-team", "abn \t\n amro", "RAB2026 rab", "Zoë en C&A", "  a  a ", "gemeente\r\nutrecht"} {
		f.Add(s)
	}
	f.Add("Acme \u2013 Rabo\u00a0team, caf\u00e9 ABN\u2003AMRO")
	matchers := []*matcher{
		newMatcher(matchPatterns, []int{0, 1, 2, 3, 4, 5, 6, 7}),
		newMatcher(asciiPatterns, []int{0, 1, 2, 3, 4, 5}),
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, m := range matchers {
			fast, slow := mentions(m, text, true), mentions(m, text, false)
			if !slices.Equal(fast, slow) {
				t.Errorf("text %q: raw match %v, normalised match %v", text, fast, slow)
			}
		}
	})
}

func TestWordMaskAgreesWithWordByte(t *testing.T) {
	for c := 0; c < 128; c++ {
		for pos := 0; pos < 8; pos++ {
			x := uint64(c) << (8 * pos)
			got := wordMask(x)>>(8*pos+7)&1 == 1
			if got != wordByte[c] {
				t.Fatalf("byte %q at %d: wordMask %v, wordByte %v", rune(c), pos, got, wordByte[c])
			}
		}
	}
}

// TestWordsReadAccentedText checks that text with accents, dashes and
// quotes is matched as it stands, without the normalised pass, and that
// characters normalising changes make it fall back.
func TestWordsReadAccentedText(t *testing.T) {
	m := newMatcher(asciiPatterns, []int{0, 1, 2, 3, 4, 5})
	cases := []struct {
		text  string
		plain bool
	}{
		{"Acme Amsterdam \u2013 Rabo (12)", true},
		{"caf\u00e9 Rabo", true},
		{"Zo\u00eb en ABN AMRO", true},
		{"\xff rabo \xe2\x80", true},
		{"ABN\u00a0AMRO", false},  // no-break space
		{"\u212aabo rabo", false}, // Kelvin sign
		{"Rabo \u0130stanbul", false},
	}
	for _, c := range cases {
		var got []int
		if ok := m.findWords([]byte(c.text), func(client int) { got = append(got, client) }); ok != c.plain {
			t.Errorf("findWords(%q) = %v, want %v", c.text, ok, c.plain)
		}
		if !c.plain && len(got) > 0 {
			t.Errorf("findWords(%q) reported %v before falling back", c.text, got)
		}
	}
}

// TestRuneTables checks the tables that answer for the common runes
// against the unicode package, over every rune.
func TestRuneTables(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
		if got := isWordRune(r); got != want {
			t.Fatalf("isWordRune(%U) = %v, want %v", r, got, want)
		}
		got, ok := plainTable.lookup(r)
		if !ok {
			continue
		}
		lower := unicode.ToLower(r)
		want = !unicode.IsSpace(r) && lower >= utf8.RuneSelf && isUnicodeWord(r) == isUnicodeWord(lower)
		if got != want {
			t.Fatalf("plainTable for %U = %v, want %v", r, got, want)
		}
	}
}
