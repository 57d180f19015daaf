package timesheet_test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/klaver/klaver/internal/timesheet"
)

func ExampleNewReader() {
	export := `person,start,end,duration,client,project,description,tags
anna.devries@acme.nl,2026-01-05T09:00,10:30,,Rabobank,Hypotheekportaal,Refinement,
Bram.Jansen@acme.nl,2026-01-05 22:00,01:00,,,Acme intern,Nachtelijke release,release
sanne.bakker@acme.nl,2026-01-06T09:00,,90m,Gemeente Utrecht,,Stuurgroep,
sanne.bakker@acme.nl,2026-01-06T13:00,,anderhalf uur,,,Typfout,
`
	rd, err := timesheet.NewReader(strings.NewReader(export), "uren.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("format:", rd.Format())
	for {
		e, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s %s %dm %s\n", e.Person, e.Start, e.Seconds/60, e.Description)
	}
	// Output:
	// format: generic
	// anna.devries@acme.nl 2026-01-05T09:00:00 90m Refinement
	// bram.jansen@acme.nl 2026-01-05T22:00:00 180m Nachtelijke release
	// sanne.bakker@acme.nl 2026-01-06T09:00:00 90m Stuurgroep
	// uren.csv:5: duration: invalid duration "anderhalf uur"
}
