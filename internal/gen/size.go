package gen

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// sizeUnits are the units ParseSize accepts: decimal as disks count, and
// binary.
var sizeUnits = []struct {
	suffix string
	bytes  float64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9},
	{"K", 1e3}, {"M", 1e6}, {"G", 1e9}, {"B", 1},
}

// ParseSize reads a size such as 300MB, 1.5GB, 512KiB or 1000 (bytes).
// Units are case-insensitive; KB, MB and GB are powers of 1000.
func ParseSize(s string) (int64, error) {
	text := strings.TrimSpace(s)
	unit := 1.0
	for _, u := range sizeUnits {
		if len(text) > len(u.suffix) && strings.EqualFold(text[len(text)-len(u.suffix):], u.suffix) {
			text, unit = strings.TrimSpace(text[:len(text)-len(u.suffix)]), u.bytes
			break
		}
	}
	n, err := strconv.ParseFloat(text, 64)
	if err != nil || n < 0 || math.IsInf(n, 0) || math.IsNaN(n) || n*unit > math.MaxInt64/2 {
		return 0, fmt.Errorf("size %q: want a number of bytes with an optional unit, such as 300MB, 1.5GB or 512KiB", s)
	}
	return int64(math.Round(n * unit)), nil
}
