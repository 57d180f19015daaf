//go:build ignore

// zonedata_gen writes the name lists that DB embeds:
//
//	zonenames.txt     every IANA zone and link name in tzdata.zi
//	windowszones.txt  Windows zone names and display names with their
//	                  default IANA zone, from CLDR's windowsZones.xml
//
// Run it with go generate after updating the time zone database or the CLDR
// file; both outputs are committed.
package main

import (
	"bufio"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"strings"
)

func main() {
	tzdata := flag.String("tzdata", "/usr/share/zoneinfo/tzdata.zi", "zic input with Z (zone) and L (link) lines")
	cldr := flag.String("cldr", "cldr/windowsZones.xml", "CLDR windowsZones.xml")
	flag.Parse()
	if err := writeZoneNames(*tzdata, "zonenames.txt"); err != nil {
		log.Fatal(err)
	}
	if err := writeWindowsZones(*cldr, "windowszones.txt"); err != nil {
		log.Fatal(err)
	}
}

func writeZoneNames(src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	version, names, err := readZoneNames(f)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	header := fmt.Sprintf("# IANA time zone and link names of tzdata %s (tzdata.zi).\n"+
		"# Written by zonedata_gen.go (go generate); do not edit.\n", version)
	return os.WriteFile(dst, []byte(header+strings.Join(names, "\n")+"\n"), 0o644)
}

// readZoneNames returns the version and the sorted zone and link names of a
// zic input file. "Factory" is left out: it is a placeholder, not a place.
func readZoneNames(r io.Reader) (version string, names []string, err error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) >= 3 && f[0] == "#" && f[1] == "version":
			version = f[2]
		case len(f) >= 2 && f[0] == "Z" && f[1] != "Factory":
			names = append(names, f[1])
		case len(f) >= 3 && f[0] == "L":
			names = append(names, f[2])
		}
	}
	if err := sc.Err(); err != nil {
		return "", nil, err
	}
	if len(names) == 0 {
		return "", nil, errors.New("no Z or L lines")
	}
	slices.Sort(names)
	return version, slices.Compact(names), nil
}

func writeWindowsZones(src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	lines, err := readWindowsZones(f)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	header := "# Windows zone name or display name, a tab, the default IANA zone\n" +
		"# (territory 001), from Unicode CLDR windowsZones.xml; see cldr/.\n" +
		"# Written by zonedata_gen.go (go generate); do not edit.\n"
	return os.WriteFile(dst, []byte(header+strings.Join(lines, "\n")+"\n"), 0o644)
}

// readWindowsZones returns "name\tIANA zone" lines for every mapZone of
// territory 001, and one for the display name in the comment above it.
func readWindowsZones(r io.Reader) ([]string, error) {
	d := xml.NewDecoder(r)
	var lines []string
	display := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.Comment:
			if c := strings.TrimSpace(string(t)); strings.HasPrefix(c, "(UTC") {
				display = c
			}
		case xml.StartElement:
			other, territory, zones := mapZone(t)
			if territory != "001" || other == "" || len(zones) == 0 {
				continue
			}
			lines = append(lines, other+"\t"+zones[0])
			if display != "" {
				lines = append(lines, display+"\t"+zones[0])
				display = ""
			}
		}
	}
	if len(lines) == 0 {
		return nil, errors.New("no mapZone with territory 001")
	}
	return lines, nil
}

func mapZone(e xml.StartElement) (other, territory string, zones []string) {
	if e.Name.Local != "mapZone" {
		return "", "", nil
	}
	for _, a := range e.Attr {
		switch a.Name.Local {
		case "other":
			other = a.Value
		case "territory":
			territory = a.Value
		case "type":
			zones = strings.Fields(a.Value)
		}
	}
	return other, territory, zones
}
