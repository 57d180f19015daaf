package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/klaver/klaver"
)

func TestJSONIsTheContract(t *testing.T) {
	r := goldenReport()
	var buf bytes.Buffer
	if err := JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	want, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if buf.String() != string(want)+"\n" {
		t.Errorf("JSON differs from encoding/json of the report:\n%s", buf.String())
	}
	var back klaver.Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, r) {
		t.Error("the JSON does not decode to the report it came from")
	}
}

func TestJSONEmptyListsAreArrays(t *testing.T) {
	r := &klaver.Report{
		MaxInternal: 0.25,
		People:      []klaver.PersonReport{{Person: "anna@acme.nl"}},
		Series:      []klaver.Series{{Title: "stand-up"}},
	}
	var buf bytes.Buffer
	if err := JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "null") {
		t.Errorf("JSON holds null:\n%s", buf.String())
	}
	var generic struct {
		People   []map[string]any `json:"people"`
		Team     map[string]any   `json:"team"`
		Series   []map[string]any `json:"series"`
		Skipped  []any            `json:"skipped"`
		Warnings []any            `json:"warnings"`
	}
	if err := json.Unmarshal(buf.Bytes(), &generic); err != nil {
		t.Fatal(err)
	}
	lists := map[string]any{
		"skipped": generic.Skipped, "warnings": generic.Warnings,
		"team.weeks": generic.Team["weeks"], "team.clients": generic.Team["clients"],
		"people[0].weeks": generic.People[0]["weeks"], "people[0].clients": generic.People[0]["clients"],
		"people[0].sources": generic.People[0]["sources"], "series[0].people": generic.Series[0]["people"],
	}
	for name, v := range lists {
		if v == nil {
			t.Errorf("%s is missing or null", name)
		}
	}
	if r.Skipped != nil || r.People[0].Weeks != nil || r.Series[0].People != nil || r.Team.Weeks != nil {
		t.Error("JSON changed the caller's report")
	}
}

func TestJSONEmptyReport(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, &klaver.Report{}); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"people", "series", "skipped", "warnings", "weeks", "clients"} {
		if !strings.Contains(buf.String(), `"`+key+`": []`) {
			t.Errorf("%s is not [] in\n%s", key, buf.String())
		}
	}
}

func TestCSVRows(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, goldenReport()); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != strings.Join(csvHeader, ",") {
		t.Errorf("header = %s", got)
	}
	// 3 people × (3 weeks + total) + team (3 weeks + total), under a header.
	if len(rows) != 1+3*4+4 {
		t.Fatalf("%d rows, want 17", len(rows))
	}
	tests := []struct {
		row  int
		want string
	}{
		{1, "person,anna@acme.nl,2026-W02,2400,1500,300,360,180,0.1500,ok"},
		{3, "person,anna@acme.nl,2026-W04,1920,1100,200,300,250,0.1563,ok"},
		{8, "person,Zoë van den Bergh,total,4400,2500,500,1400,0,0.3182,over"},
		{16, "team,,total,15920,10100,1700,3000,890,0.1884,ok"},
	}
	for _, tc := range tests {
		if got := strings.Join(rows[tc.row], ","); got != tc.want {
			t.Errorf("row %d = %s, want %s", tc.row, got, tc.want)
		}
	}
}

func TestCSVFormulaInjection(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{`=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`},
		{"+31 6 1234", "'+31 6 1234"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tcmd", "'\tcmd"},
		{"\rcmd", "'\rcmd"},
		{"anna@acme.nl", "anna@acme.nl"},
		{"Zoë", "Zoë"},
	}
	for _, tc := range tests {
		r := goldenReport()
		r.People = r.People[:1]
		r.People[0].Person = tc.name
		var buf bytes.Buffer
		if err := CSV(&buf, r); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows[1:5] {
			if row[1] != tc.want {
				t.Errorf("person %q is written as %q, want %q", tc.name, row[1], tc.want)
			}
		}
	}
}

// failingWriter fails every write, like a closed pipe.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestWriteErrorsAreReturned(t *testing.T) {
	renders := map[string]func() error{
		"table": func() error { return Table(failingWriter{}, goldenReport(), Options{}) },
		"json":  func() error { return JSON(failingWriter{}, goldenReport()) },
		"csv":   func() error { return CSV(failingWriter{}, goldenReport()) },
		"html":  func() error { return HTML(failingWriter{}, goldenReport(), Options{}) },
	}
	for name, render := range renders {
		if err := render(); err == nil || !strings.Contains(err.Error(), "broken pipe") {
			t.Errorf("%s: error = %v, want the write error", name, err)
		}
	}
}
