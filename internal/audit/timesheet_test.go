package audit

import (
	"reflect"
	"testing"

	"github.com/klaver/klaver"
)

func TestTimesheetRules(t *testing.T) {
	csv := "person,start,end,duration,client,project,description,tags\n" +
		"Anna@Acme.nl,2026-01-05 09:00,2026-01-05 11:00,,Rabobank,Pitch,,\n" + // client by client field
		"anna@acme.nl,2026-01-05 10:00,2026-01-05 11:00,,,rab,,\n" + // client by alias in project, overlaps: not merged
		"anna@acme.nl,2026-01-06 09:00,,1:30,,Intern,Voorbereiding gemeente utrecht,\n" + // internal for client by mention
		"anna@acme.nl,2026-01-06 13:00,,0:45,,Intern,Teamoverleg,\n" + // internal
		"anna@acme.nl,2026-01-07 23:00,2026-01-08 01:00,,,Intern,Nachtdienst,\n" // whole entry to its start day
	rep := runAudit(t, week1(t), memInput("hours.csv", csv))
	p := personOf(t, rep, "anna@acme.nl")
	if got, want := minutes(p.Figures), [4]int64{180, 90, 165, 0}; got != want {
		t.Errorf("minutes = %v, want %v", got, want)
	}
	if p.WorkingMinutes != 435 {
		t.Errorf("working = %d, want the tracked 435", p.WorkingMinutes)
	}
	want := []klaver.ClientMinutes{{Client: "Rabobank", Minutes: 180}, {Client: "Gemeente Utrecht", Minutes: 90}}
	if !reflect.DeepEqual(p.Clients, want) {
		t.Errorf("clients = %v, want %v", p.Clients, want)
	}
	if !reflect.DeepEqual(p.Sources, []string{"timesheet"}) {
		t.Errorf("sources = %v", p.Sources)
	}
}
