// Package importer turns uploaded calendars and time-tracking exports into
// stored figures. It runs the audit itself (internal/audit) with the
// team's settings and registry and stores the seconds it returns, so the
// server never computes a figure a second way: a team's stored weeks are
// what `klaver audit --whole-weeks` gives for the same files.
package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/audit"
	"github.com/klaver/klaver/internal/store"
	"github.com/klaver/klaver/internal/tz"
)

// Importer imports files for a team.
type Importer struct {
	store *store.Store
	zones *tz.DB
}

// New returns an importer that stores into st and resolves time zones
// with zones, which it shares across imports so each zone loads once.
func New(st *store.Store, zones *tz.DB) *Importer {
	return &Importer{store: st, zones: zones}
}

// File is one uploaded file. Open may be called more than once (finding a
// calendar's owner can take a pass of its own), so an upload is kept in a
// temporary file, never in memory.
type File struct {
	// Name is the file's own name, without directories: it identifies the
	// source, so that importing a file of the same name again replaces it.
	Name string
	Size int64
	Open func() (io.ReadCloser, error)
	// SHA256 is the hex hash of the content when the caller computed it
	// while receiving the file; empty means the importer reads it once more.
	SHA256 string
}

// Request is who imports what for which team.
type Request struct {
	TeamID int64
	// By is the person importing. A member imports their own data only: a
	// calendar is theirs whoever it names, and a time-tracking export
	// gives only their entries. A leader imports for the team's members.
	By     klaver.Person
	Leader bool
	Files  []File
}

// Result is what became of one file.
type Result struct {
	File string `json:"file"`
	// Kind is "calendar" or "timesheet".
	Kind string `json:"kind"`
	// People are the members whose figures the file replaced.
	People []string `json:"people"`
	// From and To are the period the figures cover, whole ISO weeks.
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
	Weeks int    `json:"weeks"`
	// Skipped lists input the audit could not use (the first 1,000);
	// SkippedTotal counts all of it. Warnings likewise.
	Skipped       []klaver.Problem `json:"skipped"`
	SkippedTotal  int              `json:"skipped_total"`
	Warnings      []klaver.Problem `json:"warnings"`
	WarningsTotal int              `json:"warnings_total"`
	// Error, when set, says why nothing of the file was stored.
	Error *ResultError `json:"error,omitempty"`
}

// ResultError is a file's failure in the API's error form.
type ResultError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// OK reports whether the file was stored.
func (r Result) OK() bool { return r.Error == nil }

// Import audits and stores each file on its own: one file's failure
// leaves the others stored and itself changes nothing. An error is
// returned only when no file could be tried (the team does not exist, the
// database is down); per-file problems are in the results.
func (im *Importer) Import(ctx context.Context, req Request) ([]Result, error) {
	team, err := im.store.Team(ctx, req.TeamID)
	if err != nil {
		return nil, err
	}
	setup, err := im.prepare(ctx, team)
	if err != nil {
		return nil, err
	}
	results := make([]Result, len(req.Files))
	for i, f := range req.Files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res, err := im.importFile(ctx, setup, req, f)
		if err != nil {
			res.Error = &ResultError{Code: klaver.ErrorCode(err), Message: klaver.ErrorMessage(err)}
			res.People = []string{}
		}
		results[i] = res
	}
	return results, nil
}

// setup is what every file of one request shares.
type setup struct {
	team      klaver.Team
	cfg       audit.Config
	members   map[string]int64 // e-mail → person ID
	withdrawn map[int64]bool   // members who deleted their data
}

func (im *Importer) prepare(ctx context.Context, team klaver.Team) (*setup, error) {
	team = team.WithDefaults()
	cfg := audit.DefaultConfig()
	cfg.Zones = im.zones
	loc, ok := im.zones.Location(team.TZ)
	if !ok {
		return nil, klaver.Errorf(klaver.ErrInvalid, "Team %s has time zone %q, which klaver does not know; correct it in the team's settings.", team.Name, team.TZ)
	}
	cfg.TZ, cfg.TZName = loc, loc.String()
	cfg.HoursPerDay = team.HoursPerDay
	cfg.MaxInternal = team.MaxInternal
	days, err := audit.ParseWorkdays(team.Workdays)
	if err != nil {
		return nil, klaver.Errorf(klaver.ErrInvalid, "Team %s: %v", team.Name, err)
	}
	cfg.Workdays = days
	cfg.WholeWeeks = true
	cfg.Workers = 1
	clients, err := im.store.Clients(ctx, team.ID)
	if err != nil {
		return nil, err
	}
	cfg.Clients = audit.NewRegistry(clients)
	members, err := im.store.MembersOfTeam(ctx, team.ID)
	if err != nil {
		return nil, err
	}
	s := &setup{team: team, cfg: cfg, members: map[string]int64{}, withdrawn: map[int64]bool{}}
	cfg.TeamMembers = map[string]bool{}
	for _, m := range members {
		s.members[m.Email] = m.ID
		s.withdrawn[m.ID] = m.Withdrawn
		cfg.TeamMembers[m.Email] = true
	}
	s.cfg = cfg
	return s, nil
}

func (im *Importer) importFile(ctx context.Context, s *setup, req Request, f File) (Result, error) {
	res := Result{File: f.Name, People: []string{}, Skipped: []klaver.Problem{}, Warnings: []klaver.Problem{}}
	if f.Name == "" || strings.ContainsAny(f.Name, "/\\") {
		return res, klaver.Errorf(klaver.ErrInvalid, "A file needs a name without directories, such as anna.ics.")
	}
	in, err := audit.NewInput(f.Name, f.Size, f.Open)
	if err != nil {
		return res, klaver.Errorf(klaver.ErrInvalid, "%v", err)
	}
	res.Kind = store.KindCalendar
	if in.Kind == audit.Timesheet {
		res.Kind = store.KindTimesheet
	}
	cfg := s.cfg
	if !req.Leader && in.Kind == audit.Calendar {
		cfg.Owner = req.By.Email
	}
	rep, det, err := audit.RunDetail(ctx, cfg, []audit.Input{in}, nil)
	if err != nil {
		return res, klaver.Errorf(klaver.ErrInvalid, "%v", err)
	}
	res.Skipped, res.SkippedTotal = orEmpty(rep.Skipped), rep.SkippedTotal
	res.Warnings, res.WarningsTotal = orEmpty(rep.Warnings), rep.WarningsTotal
	res.From, res.To = rep.Period.From, rep.Period.To
	sum := f.SHA256
	if sum == "" {
		if sum, err = hashFile(f); err != nil {
			return res, err
		}
	}
	var data []store.ImportData
	for _, pd := range det.People {
		id, ok := s.members[pd.Person]
		switch {
		case !ok && in.Kind == audit.Calendar:
			return res, klaver.Errorf(klaver.ErrInvalid,
				"%s is the calendar of %s, who is not a member of team %s; invite them first, or import it as the member.", f.Name, pd.Person, s.team.Name)
		case !ok, !req.Leader && id != req.By.ID:
			res.Warnings = append(res.Warnings, klaver.Problem{File: f.Name,
				Message: fmt.Sprintf("the entries of %s were not imported: %s", pd.Person, notYours(ok, s.team.Name))})
			res.WarningsTotal++
			continue
		case id != req.By.ID && s.withdrawn[id]:
			res.Warnings = append(res.Warnings, klaver.Problem{File: f.Name,
				Message: fmt.Sprintf("the entries of %s were not imported: they deleted their data, and only they import it again", pd.Person)})
			res.WarningsTotal++
			continue
		}
		if id != req.By.ID {
			own, err := im.store.OwnImport(ctx, id, f.Name)
			if err != nil {
				return res, err
			}
			if own {
				res.Warnings = append(res.Warnings, klaver.Problem{File: f.Name,
					Message: fmt.Sprintf("the entries of %s were not imported: they imported a file of this name themselves, which only they replace", pd.Person)})
				res.WarningsTotal++
				continue
			}
		}
		d := importData(s.team.ID, id, f, res.Kind, sum, rep, pd)
		d.ImportedBy = req.By.ID
		data = append(data, d)
		res.People = append(res.People, pd.Person)
		res.Weeks = len(pd.Weeks)
	}
	if len(data) == 0 {
		return res, nil
	}
	if _, err := im.store.ReplaceImports(ctx, data); err != nil {
		return res, err
	}
	return res, nil
}

func notYours(member bool, team string) string {
	if member {
		return "a member imports only their own entries; a leader imports for the team"
	}
	return "they are not a member of team " + team
}

func orEmpty(p []klaver.Problem) []klaver.Problem {
	if p == nil {
		return []klaver.Problem{}
	}
	return p
}

// importData turns one person's audit into what the store keeps.
func importData(teamID, personID int64, f File, kind, sum string, rep *klaver.Report, pd audit.PersonDetail) store.ImportData {
	d := store.ImportData{Import: store.Import{
		PersonID: personID, TeamID: teamID, SourceName: f.Name, Kind: kind,
		SHA256: sum, Bytes: f.Size, Skipped: int64(rep.SkippedTotal),
		PeriodFrom: rep.Period.From, PeriodTo: rep.Period.To, Weeks: len(pd.Weeks),
	}}
	for _, w := range pd.Weeks {
		d.Weeks = append(d.Weeks, store.PersonWeek{Week: w.Week, Seconds: w.Seconds, Tracked: w.Tracked})
		for _, c := range w.Clients {
			d.Clients = append(d.Clients, store.PersonWeekClient{Week: w.Week, Client: c.Client, Seconds: c.Seconds})
		}
	}
	for _, sr := range pd.Series {
		h := sha256.Sum256([]byte(sr.UID))
		d.Series = append(d.Series, store.Series{UIDHash: hex.EncodeToString(h[:]), Title: sr.Title,
			TeamMeeting: sr.Title != "", Seconds: sr.Seconds})
	}
	return d
}

func hashFile(f File) (string, error) {
	r, err := f.Open()
	if err != nil {
		return "", fmt.Errorf("%s: %w", f.Name, err)
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", fmt.Errorf("%s: %w", f.Name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
