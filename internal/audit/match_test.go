package audit

import (
	"math/rand/v2"
	"slices"
	"strings"
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
	f.Add("ey EY.ey- 3m 3M ab\t cd x*y x*yz")
	matchers := []*matcher{
		newMatcher(matchPatterns, []int{0, 1, 2, 3, 4, 5, 6, 7}),
		newMatcher(asciiPatterns, []int{0, 1, 2, 3, 4, 5}),
		newMatcher(wordPatterns, ownersOf(wordPatterns)),
		manyClientsMatcher(),
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
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			// The other bytes are such as could carry into this one.
			x := uint64(c)<<(8*pos) | 0xffffffffffffffff&^(0xff<<(8*pos))
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

// wordPatterns all start with a word of two bytes or more, so that the
// matcher looks at word starts only; they have short keys, spaces and
// punctuation early on.
var wordPatterns = []string{"Rabo", "RAB", "ABN AMRO", "Gemeente Utrecht", "C&A", "GU-2026", "EY", "3M", "ab cd", "x*y"}

func ownersOf(patterns []string) []int {
	owners := make([]int, len(patterns))
	for i := range owners {
		owners[i] = i
	}
	return owners
}

// manyClientsMatcher matches the names and aliases of 300 clients.
func manyClientsMatcher() *matcher {
	var patterns []string
	var owners []int
	for i, c := range manyClients(300) {
		for _, p := range append([]string{c.Name}, c.Aliases...) {
			patterns = append(patterns, p)
			owners = append(owners, i)
		}
	}
	return newMatcher(patterns, owners)
}

func TestWordPatternsUseWordStarts(t *testing.T) {
	for _, m := range []*matcher{newMatcher(wordPatterns, ownersOf(wordPatterns)), manyClientsMatcher()} {
		if m.oddStart {
			t.Errorf("a matcher of word patterns reads every byte")
		}
	}
	for _, p := range []string{"a", "A Bouw", "-x"} {
		if m := newMatcher([]string{p}, []int{0}); !m.oddStart {
			t.Errorf("pattern %q: the matcher looks at word starts only", p)
		}
	}
}

// TestMentionsAtEveryOffset puts mentions at each place of the scan's
// blocks of eight bytes, and at the end of the text, where the scan reads
// fewer bytes of a word.
func TestMentionsAtEveryOffset(t *testing.T) {
	m := newMatcher(wordPatterns, ownersOf(wordPatterns))
	cases := []struct {
		mention string
		want    []int
	}{
		{"Rabo", []int{0}},
		{"rab", []int{1}},
		{"ABN\n\t AMRO", []int{2}},
		{"GEMEENTE UTRECHT", []int{3}},
		{"c&a", []int{4}},
		{"ey", []int{6}},
		{"3M", []int{7}},
		{"AB  CD", []int{8}},
		{"X*Y", []int{9}},
		{"Raboo", nil},
		{"eye", nil},
		{"ab cdx", nil},
	}
	for _, c := range cases {
		for pad := 0; pad < 20; pad++ {
			for _, tail := range []string{"", ".", " en meer"} {
				text := strings.Repeat("-", pad) + c.mention + tail
				if got := mentions(m, text, true); !slices.Equal(got, c.want) {
					t.Errorf("mentions in %q = %v, want %v", text, got, c.want)
				}
				text = strings.Repeat("w", pad) + c.mention + tail
				if got := mentions(m, text, true); pad > 0 && len(got) > 0 {
					t.Errorf("mentions in %q = %v, want none", text, got)
				}
			}
		}
	}
}

// TestWordsAgreeWithNormalisedText compares the scan of raw text with the
// automaton's pass over normalised text, on texts made of pieces of the
// patterns, separators and characters that normalising changes.
func TestWordsAgreeWithNormalisedText(t *testing.T) {
	pieces := []string{"rabo", "RAB", "ab", "AB", "cd", "ey", "EY", "3m", "x*y", "ABN", "amro", "gemeente",
		"Utrecht", "c&a", "gu-2026", "noord", "Bouw", "NB0", "zuid", "zorg", "ZZ", " ", "  ", "\t", "\n", "-",
		".", "é", "\u2013", "\u00a0", "\u212a", "x", "0"}
	matchers := []*matcher{newMatcher(wordPatterns, ownersOf(wordPatterns)), manyClientsMatcher()}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		for _, m := range matchers {
			fast, slow := mentions(m, text, true), mentions(m, text, false)
			if !slices.Equal(fast, slow) {
				t.Fatalf("text %q: raw match %v, normalised match %v", text, fast, slow)
			}
		}
	}
}
