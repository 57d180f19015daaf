package audit

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/klaver/klaver"
)

// cacheRegistries are client registries whose names make mentions that
// go on over line breaks, start or end with one-letter words, hold
// punctuation and accents, or are many.
func cacheRegistries() []*Registry {
	named := func(names ...string) *Registry {
		var clients []klaver.ClientRecord
		for _, n := range names {
			clients = append(clients, klaver.ClientRecord{Name: n})
		}
		return NewRegistry(clients)
	}
	return []*Registry{
		named(matchPatterns...),
		named(wordPatterns...),
		named("Rabo", "a b", "x y z", "Noord Bouw 1", "Zoë Utrecht", "K Rabo", "Teams-vergadering"),
		named("Meer informatie", "Google Meet", "ab cd", "cd ef", "C&A"),
		NewRegistry(manyClients(300)),
	}
}

// cachedMentions returns the distinct clients a scanner with a line
// cache finds in text.
func cachedMentions(s *mentionScanner, text string) []int {
	s.found = s.found[:0]
	s.scan([]byte(text))
	return slices.Compact(slices.Sorted(slices.Values(s.found)))
}

// checkCached fails the test when what the scanner finds in text with its
// line cache differs from what scanning the whole text finds.
func checkCached(t *testing.T, s *mentionScanner, text string) {
	t.Helper()
	if got, want := cachedMentions(s, text), plainMentions(s.reg, text); !slices.Equal(got, want) {
		t.Fatalf("text %q: with the line cache %v, scanning the whole text %v", text, got, want)
	}
}

// plainMentions returns the distinct clients that the matcher finds in
// the normalised text, as a whole.
func plainMentions(reg *Registry, text string) []int {
	var got []int
	reg.mention.findNormalised(normalise(nil, []byte(text)), func(c int) { got = append(got, c) })
	return slices.Compact(slices.Sorted(slices.Values(got)))
}

// cacheLines are pieces of texts: lines long enough to be looked up,
// with mentions at their edges, one-letter words that start and end
// names, white space and other characters at the edges, and accents.
var cacheLines = []string{
	"Deelnemen op uw computer, mobiele app of ruimteapparaat",
	"________________________________________________________________________________",
	"-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-",
	"Meer informatie over Meet: https://support.google.com/a/users/answer/9282720",
	"Gemeente Utrecht en Rabo, overleg over de planning",
	"overleg met de gemeente", "Utrecht over de planning van het project",
	"planning van het project met Noord", "Bouw 1 en de rest van het team erbij",
	"project review met team a", "b en de rest van de afdeling erbij",
	"een lange regel die eindigt op x y", "z staat aan het begin van deze regel",
	"regel die eindigt met ABN", "AMRO staat aan het begin van deze regel",
	"   regel met witruimte aan het begin en eind   ",
	"\tregel met een tab aan het begin, Rabo erin",
	"regel van Zoë met accenten: café, Zoë Utrecht", "Utrecht en Zoë",
	"\u212aelvin-teken aan het begin van de regel, Rabo", "regel met \u00a0harde spatie aan het eind\u00a0",
	"Microsoft Teams-vergadering", "teams-vergadering met C&A erbij",
	"K", "Rabo", "a", "b", "", " ", "ab", "cd ef", "GU-2026 planning en uitwerking",
	"regel die eindigt met 3", "M staat aan het begin van deze regel en meer",
	"\xff ongeldige bytes \xe2\x80 in een regel van Rabo",
}

// randomText joins random pieces of cacheLines, and now and then a long
// link line, with line breaks and other white space, or none.
func randomText(rng *rand.Rand) string {
	seps := []string{"\n", "\n", "\n", "\r\n", "\n\n", " \n", "\n ", "", " "}
	var b strings.Builder
	for i := range rng.IntN(8) {
		if i > 0 {
			b.WriteString(seps[rng.IntN(len(seps))])
		}
		if rng.IntN(4) == 0 {
			b.WriteString(randomLink(rng))
		} else {
			b.WriteString(cacheLines[rng.IntN(len(cacheLines))])
		}
	}
	return b.String()
}

// linkParts are the fixed parts of long invitation lines, and linkCodes
// what goes between them: meeting codes, names and punctuation, some of
// which the patterns of cacheRegistries hold.
var (
	linkParts = []string{
		"Klik hier om deel te nemen aan de vergadering<https://teams.microsoft.com/l/meetup-join/19%3ameeting_",
		"%40thread.v2/0?context=%7b%22Tid%22%3a%22",
		"Meer informatie<https://aka.ms/JoinTeamsMeeting> | Opties voor vergadering<https://teams.microsoft.com/meetingOptions/?organizerId=",
		"&tenantId=", "&threadId=19_meeting_", "@thread.v2&messageId=0&language=nl-NL>",
		"Deelnemen met Google Meet: https://meet.google.com/", "?pin=",
		" Rabo ", "-Rabo-", "Gemeente\tUtrecht", "Noord Bouw 1", "C&A", "GU-2026", "Zoë Utrecht", "Teams-vergadering",
	}
	linkCodes = []string{"", "-", "&", "%", "/", ":", "?", "=", "ë", "Rabo", "a", "b", "K", "x y z", "&A", "2026"}
)

// randomLink returns a line of one to twelve linkParts with random codes
// between them, long enough to be looked up piece by piece.
func randomLink(rng *rand.Rand) string {
	var b strings.Builder
	for range 1 + rng.IntN(12) {
		b.WriteString(linkParts[rng.IntN(len(linkParts))])
		for range rng.IntN(3) {
			b.WriteString(linkCodes[rng.IntN(len(linkCodes))])
		}
		if rng.IntN(3) == 0 {
			b.WriteString(strconv.FormatUint(rng.Uint64(), 36))
		}
	}
	return b.String()
}

// TestLineCacheFindsWhatScanningFinds scans many generated texts, and
// each again, with one line cache per registry, and compares what it
// finds with the matcher's pass over the whole normalised text.
func TestLineCacheFindsWhatScanningFinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, reg := range cacheRegistries() {
		s := mentionScanner{reg: reg, lines: newLineCache()}
		for range 20000 {
			text := randomText(rng)
			for range 2 {
				checkCached(t, &s, text)
			}
		}
		if s.lines.hits == 0 {
			t.Errorf("no line found in the cache in %d look-ups", s.lines.lookups)
		}
	}
}

// TestLineCacheRandomBytes does the same for texts of random bytes from a
// small alphabet, long enough to be looked up.
func TestLineCacheRandomBytes(t *testing.T) {
	const alphabet = "abcdxyzRAB o\n\n\t -.é\u00a0"
	rng := rand.New(rand.NewPCG(5, 6))
	runes := []rune(alphabet)
	for _, reg := range cacheRegistries() {
		s := mentionScanner{reg: reg, lines: newLineCache()}
		for range 20000 {
			var b strings.Builder
			for range 16 + rng.IntN(64) {
				b.WriteRune(runes[rng.IntN(len(runes))])
			}
			checkCached(t, &s, b.String())
		}
	}
}

// TestLineCacheRingWraps stores many more lines than the ring holds, so
// that slots point at bytes written over since; answers stay right.
func TestLineCacheRingWraps(t *testing.T) {
	reg := cacheRegistries()[2]
	s := mentionScanner{reg: reg, lines: newLineCache()}
	rng := rand.New(rand.NewPCG(7, 8))
	var texts []string
	for i := 0; len(texts) < 3*lineRing/64; i++ {
		texts = append(texts, strings.Repeat("regel ", rng.IntN(8))+"Rabo "+strings.Repeat("x", i%50)+" nummer "+string(rune('a'+i%26)))
	}
	for _, text := range slices.Concat(texts, texts, texts) {
		checkCached(t, &s, text)
	}
}

// TestLineCacheRingCountWraps starts the count of bytes written into the
// ring just before it wraps round: the table starts again empty, and
// answers stay right.
func TestLineCacheRingCountWraps(t *testing.T) {
	reg := cacheRegistries()[2]
	s := mentionScanner{reg: reg, lines: newLineCache()}
	s.lines.bind(reg.mention)
	s.lines.end = maxRingEnd - 100
	rng := rand.New(rand.NewPCG(9, 10))
	var texts []string
	for len(texts) < 200 {
		texts = append(texts, randomText(rng))
	}
	for _, text := range slices.Concat(texts, texts, texts) {
		checkCached(t, &s, text)
	}
	if s.lines.end > maxRingEnd {
		t.Errorf("the ring's count is %d, past %d", s.lines.end, maxRingEnd)
	}
	if s.lines.hits == 0 {
		t.Errorf("no text found in the cache in %d look-ups", s.lines.lookups)
	}
}

// TestLineCacheStoresOnSecondSight checks that a text is stored when it
// comes for the second time, not the first, and found from the third on.
func TestLineCacheStoresOnSecondSight(t *testing.T) {
	reg := cacheRegistries()[2]
	s := mentionScanner{reg: reg, lines: newLineCache()}
	text := "Gemeente Utrecht en Rabo, overleg over de planning"
	for i, wantHits := range []int{0, 0, 1, 2} {
		if got, want := cachedMentions(&s, text), plainMentions(reg, text); !slices.Equal(got, want) {
			t.Fatalf("time %d: with the line cache %v, scanning the whole text %v", i+1, got, want)
		}
		if s.lines.hits != wantHits {
			t.Errorf("after %d times: %d hits, want %d", i+1, s.lines.hits, wantHits)
		}
	}
}

// TestLineCacheFindsLinkPieces checks that the fixed start of long link
// lines is found in the cache even though every line differs in its
// meeting code.
func TestLineCacheFindsLinkPieces(t *testing.T) {
	reg := cacheRegistries()[2]
	s := mentionScanner{reg: reg, lines: newLineCache()}
	rng := rand.New(rand.NewPCG(11, 12))
	for range 10 {
		text := linkParts[0] + strconv.FormatUint(rng.Uint64(), 36) + " Rabo" + strings.Repeat(linkParts[1], 3)
		if got, want := cachedMentions(&s, text), plainMentions(reg, text); !slices.Equal(got, want) || len(want) != 1 {
			t.Fatalf("text %q: with the line cache %v, scanning the whole text %v, want one client", text, got, want)
		}
	}
	// Each text is looked up as a whole and in two pieces; the first
	// piece is stored the second time and found from the third on.
	if s.lines.lookups != 30 || s.lines.hits != 8 {
		t.Errorf("%d look-ups and %d hits, want 30 and 8", s.lines.lookups, s.lines.hits)
	}
}

// TestCutBytes checks that the bytes a mention can hold are no cuts.
func TestCutBytes(t *testing.T) {
	m := newMatcher(wordPatterns, ownersOf(wordPatterns))
	for c := range 256 {
		cut := m.cuts[c]
		switch {
		case c >= utf8.RuneSelf || wordByte[c] || asciiSpace[c]:
			if cut {
				t.Errorf("byte %q is a cut", rune(c))
			}
		case strings.ContainsRune("&-*", rune(c)):
			if cut {
				t.Errorf("byte %q, which a pattern holds, is a cut", rune(c))
			}
		case !cut:
			t.Errorf("byte %q is no cut", rune(c))
		}
	}
}

// TestLineCacheForgetsOtherMatcher checks that a cache bound to another
// registry's matcher does not answer for it.
func TestLineCacheForgetsOtherMatcher(t *testing.T) {
	regs := cacheRegistries()
	lines := newLineCache()
	text := "Gemeente Utrecht en Rabo, overleg over de planning"
	for _, reg := range []*Registry{regs[0], regs[1], regs[0]} {
		s := mentionScanner{reg: reg, lines: lines}
		if got, want := cachedMentions(&s, text), plainMentions(reg, text); !slices.Equal(got, want) {
			t.Errorf("with the line cache %v, scanning the whole text %v", got, want)
		}
	}
}

// FuzzLineCache compares the scan with a line cache with the matcher's
// pass over the whole normalised text, for the text alone and inside
// another.
func FuzzLineCache(f *testing.F) {
	f.Add("Gemeente\nUtrecht en Rabo, overleg over de planning", "x")
	f.Add("regel die eindigt met ABN\nAMRO staat aan het begin van deze regel", "ABN")
	f.Add("\u212aelvin-teken aan het begin van de regel, Rabo\n", "\n")
	f.Add("een lange regel die eindigt op x y\nz staat aan het begin van deze regel", "a\n")
	f.Add("Rabo", "https://teams.microsoft.com/l/meetup-join/19%3ameeting_")
	f.Add("C&A-GU-2026", "%40thread.v2/0?context=%7b%22Tid")
	regs := cacheRegistries()
	scanners := make([]mentionScanner, len(regs))
	for i, reg := range regs {
		scanners[i] = mentionScanner{reg: reg, lines: newLineCache()}
	}
	f.Fuzz(func(t *testing.T, text, around string) {
		// A long line of the text over and over, so that it is looked up
		// piece by piece.
		long := strings.Repeat(around+text, 2*minPiece/max(1, len(around+text))+1)
		for i := range scanners {
			s := &scanners[i]
			for _, txt := range []string{text, around + text + around, text, long, long, long} {
				checkCached(t, s, txt)
			}
		}
	})
}
