package report

import (
	"strings"
	"unicode"
)

// displayWidth is the number of terminal columns s takes: combining marks
// and format characters take none, East Asian wide and fullwidth characters
// and most emoji take two, everything else one. It is what a monospaced
// terminal does for the names people have, not a full UAX #11.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

// runeWidth is the number of terminal columns r takes.
func runeWidth(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case isWide(r):
		return 2
	}
	return 1
}

// wideRanges are the blocks that terminals draw two columns wide.
var wideRanges = [][2]rune{
	{0x1100, 0x115F},   // Hangul Jamo initials
	{0x2E80, 0x303E},   // CJK radicals, symbols and punctuation
	{0x3041, 0x33FF},   // Kana, CJK compatibility
	{0x3400, 0x4DBF},   // CJK extension A
	{0x4E00, 0x9FFF},   // CJK unified ideographs
	{0xA000, 0xA4CF},   // Yi
	{0xAC00, 0xD7A3},   // Hangul syllables
	{0xF900, 0xFAFF},   // CJK compatibility ideographs
	{0xFE30, 0xFE4F},   // CJK compatibility forms
	{0xFF00, 0xFF60},   // fullwidth forms
	{0xFFE0, 0xFFE6},   // fullwidth signs
	{0x1F300, 0x1F64F}, // pictographs and emoticons
	{0x1F900, 0x1F9FF}, // supplemental pictographs
	{0x20000, 0x3FFFD}, // CJK extensions B and later
}

// isWide reports whether r is drawn two columns wide.
func isWide(r rune) bool {
	for _, wr := range wideRanges {
		if r >= wr[0] && r <= wr[1] {
			return true
		}
	}
	return false
}

// truncateWidth shortens s to at most width columns, ending in "…" when it
// had to cut, so that one long name cannot stretch the whole table.
func truncateWidth(s string, width int) string {
	if displayWidth(s) <= width {
		return s
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		rw := runeWidth(r)
		if used+rw > width-1 {
			break
		}
		b.WriteRune(r)
		used += rw
	}
	b.WriteString("…")
	return b.String()
}

// terminalSafe replaces control characters and bidirectional overrides,
// which input files may carry in names and titles, so that they cannot move
// the cursor, change colours or reorder what the reader sees.
func terminalSafe(s string) string {
	if !strings.ContainsFunc(s, isUnsafeInTerminal) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isUnsafeInTerminal(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// isUnsafeInTerminal reports whether r is a control character or a
// bidirectional embedding, override or isolate.
func isUnsafeInTerminal(r rune) bool {
	return unicode.IsControl(r) || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}
