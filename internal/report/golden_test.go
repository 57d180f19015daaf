package report

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/klaver/klaver"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files")

// renderings are the outputs compared with golden files.
var renderings = []struct {
	golden string
	render func(io.Writer, *klaver.Report) error
}{
	{"table_en.golden", func(w io.Writer, r *klaver.Report) error {
		return Table(w, r, Options{Lang: "en"})
	}},
	{"table_nl_color.golden", func(w io.Writer, r *klaver.Report) error {
		return Table(w, r, Options{Lang: "nl", Color: true, Title: "Klaver team — januari"})
	}},
	{"report.json.golden", JSON},
	{"report.csv.golden", CSV},
	{"report_en.html.golden", func(w io.Writer, r *klaver.Report) error {
		return HTML(w, r, Options{Lang: "en", Generated: "2026-01-26 09:00"})
	}},
	{"report_nl.html.golden", func(w io.Writer, r *klaver.Report) error {
		return HTML(w, r, Options{Lang: "nl", Title: "Klaver team — januari", Generated: "26-01-2026 09:00"})
	}},
}

func TestGolden(t *testing.T) {
	for _, tc := range renderings {
		t.Run(tc.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.render(&buf, goldenReport()); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from the rendering; run go test -update and review the diff.\ngot:\n%s", path, buf.String())
			}
		})
	}
}
