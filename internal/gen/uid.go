package gen

import "math/rand/v2"

// Each calendar system writes its own kind of UID; a meeting keeps the UID
// its organiser's system gave it in every attendee's export.

const (
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	hexUpper   = "0123456789ABCDEF"
	hexLower   = "0123456789abcdef"
)

// newUID returns a UID in the form the organiser's system writes.
func newUID(rng *rand.Rand, style Style) string {
	switch style {
	case Outlook:
		// A Global Object ID: class id, creation time, padding, then a
		// random identifier.
		return "040000008200E00074C5B7101A82E00800000000" + randomString(rng, hexUpper, 16) +
			"000000000000000010000000" + randomString(rng, hexUpper, 32)
	case Apple:
		return randomString(rng, hexUpper, 8) + "-" + randomString(rng, hexUpper, 4) + "-" +
			randomString(rng, hexUpper, 4) + "-" + randomString(rng, hexUpper, 4) + "-" +
			randomString(rng, hexUpper, 12)
	}
	return randomString(rng, lowerAlnum, 26) + "@google.com"
}

// randomString returns n characters drawn from alphabet.
func randomString(rng *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}
