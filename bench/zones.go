package bench

import (
	"fmt"
	"sync"
	"time"
)

// windowsZones maps the Windows zone names Outlook writes as TZID to IANA
// names, so that the libraries, which know only IANA names, can read
// Outlook's events too. The generated sets use only this one.
var windowsZones = map[string]string{
	"W. Europe Standard Time": "Europe/Amsterdam",
}

// zoneCache loads each zone once. The libraries call time.LoadLocation,
// which reads the zone file again every time, for every TZID value; the
// cache is the best setting a user of them would choose. Safe for
// concurrent use.
type zoneCache struct {
	floating *time.Location
	zones    sync.Map // TZID → *time.Location, or error
}

func newZoneCache(floating string) *zoneCache {
	zc := &zoneCache{floating: time.UTC}
	if loc, err := zc.lookup(floating); err == nil {
		zc.floating = loc
	}
	return zc
}

// lookup returns the zone a TZID names; "" is the zone of floating times.
func (zc *zoneCache) lookup(tzid string) (*time.Location, error) {
	if tzid == "" && zc.floating != nil {
		return zc.floating, nil
	}
	if v, ok := zc.zones.Load(tzid); ok {
		if loc, ok := v.(*time.Location); ok {
			return loc, nil
		}
		return nil, v.(error)
	}
	name := tzid
	if iana, ok := windowsZones[tzid]; ok {
		name = iana
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		err = fmt.Errorf("unknown time zone %q", tzid)
		zc.zones.Store(tzid, err)
		return nil, err
	}
	zc.zones.Store(tzid, loc)
	return loc, nil
}

// parseValue reads a DATE or DATE-TIME value the way RFC 5545 writes it:
// YYYYMMDD, YYYYMMDDTHHMMSS (in loc) or YYYYMMDDTHHMMSSZ.
func parseValue(value string, loc *time.Location) (time.Time, error) {
	switch {
	case len(value) == 8:
		return time.ParseInLocation("20060102", value, loc)
	case len(value) == 16 && value[15] == 'Z':
		return time.Parse("20060102T150405Z", value)
	default:
		return time.ParseInLocation("20060102T150405", value, loc)
	}
}
