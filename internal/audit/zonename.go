package audit

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LocalZoneName names the machine's zone for the report: $TZ when set,
// else the zone that /etc/localtime links to, else the name Go gives it.
func LocalZoneName() string {
	if name := strings.TrimPrefix(os.Getenv("TZ"), ":"); name != "" {
		return name
	}
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(target, "zoneinfo/"); ok {
			return name
		}
	}
	if name := time.Local.String(); name != "Local" {
		return name
	}
	return "UTC"
}
