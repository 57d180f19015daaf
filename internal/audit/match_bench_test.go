package audit

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/gen"
	"github.com/klaver/klaver/internal/ical"
)

// eventTexts reads the texts the audit scans for mentions (summary,
// description, location, categories) from about 4 MB of generated
// calendars, with the size of each field as it stands.
func eventTexts(b *testing.B) (texts [][]byte, size int64) {
	b.Helper()
	dir := b.TempDir()
	g := gen.DefaultConfig()
	g.People, g.Weeks, g.MinBytes, g.Toggl = 1, 52, 4_000_000, false
	if _, err := gen.WriteSet(dir, g); err != nil {
		b.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.ics"))
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		r := ical.NewReader(f, name)
		for {
			ev, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			for _, t := range [][]byte{ev.Summary, ev.Description, ev.Location, ev.Categories} {
				texts = append(texts, append([]byte(nil), t...))
				size += int64(len(t))
			}
		}
		f.Close()
	}
	return texts, size
}

// manyClients returns a registry of n clients, each with a two-word name,
// a domain and an abbreviation as its alias, the way larger teams keep
// theirs.
func manyClients(n int) []klaver.ClientRecord {
	first := []string{"Noord", "Zuid", "Delta", "Holland", "Rijn", "Maas", "Vecht", "Kennemer",
		"Amstel", "Eem", "Gooi", "Veluwe", "Twente", "Zeeland", "Brabant", "Limburg", "Drenthe"}
	second := []string{"Bouw", "Zorg", "Energie", "Logistiek", "Bank", "Verzekeringen", "Water",
		"Media", "Techniek", "Advies", "Groep", "Wonen", "Vervoer", "Onderwijs", "Data", "Netwerk",
		"Installaties", "Makelaars", "Accountants"}
	var list []klaver.ClientRecord
	for i := 0; len(list) < n; i++ {
		a, c := first[i%len(first)], second[(i/len(first))%len(second)]
		name := a + " " + c
		if i >= len(first)*len(second) {
			name = fmt.Sprintf("%s %s %d", a, c, i/(len(first)*len(second)))
		}
		list = append(list, klaver.ClientRecord{
			Name:    name,
			Domains: []string{fmt.Sprintf("client%d.nl", i)},
			Aliases: []string{fmt.Sprintf("%c%c%d", a[0], c[0], i)},
		})
	}
	return list
}

// BenchmarkMentions scans the texts of generated events for mentions of
// the generator's clients, and of a registry of 300; with a line cache
// ("lines") as the audit scans them, emptied before each pass so that
// every pass finds what one reading of the calendars finds.
func BenchmarkMentions(b *testing.B) {
	texts, size := eventTexts(b)
	for _, r := range []struct {
		name    string
		clients []klaver.ClientRecord
	}{
		{"clients=5", gen.Clients()},
		{"clients=300", append(gen.Clients(), manyClients(295)...)},
	} {
		reg := NewRegistry(r.clients)
		for _, cached := range []bool{false, true} {
			name := r.name
			s := mentionScanner{reg: reg}
			if cached {
				name += "/lines"
				s.lines = newLineCache()
			}
			b.Run(name, func(b *testing.B) {
				b.SetBytes(size)
				b.ReportAllocs()
				for b.Loop() {
					if s.lines != nil {
						s.lines.bind(nil)
					}
					for _, t := range texts {
						s.found = s.found[:0]
						s.scan(t)
					}
				}
			})
		}
	}
}
