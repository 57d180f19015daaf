package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/audit"
	"github.com/klaver/klaver/internal/importer"
)

// teamJSON is a team with its client statement and audit settings.
type teamJSON struct {
	ID              int64   `json:"id"`
	OrgID           int64   `json:"org_id"`
	Name            string  `json:"name"`
	ClientStatement string  `json:"client_statement"`
	TZ              string  `json:"tz"`
	HoursPerDay     float64 `json:"hours_per_day"`
	Workdays        string  `json:"workdays"`
	MaxInternal     float64 `json:"max_internal"`
}

func toTeamJSON(t klaver.Team) teamJSON {
	return teamJSON{ID: t.ID, OrgID: t.OrgID, Name: t.Name, ClientStatement: t.ClientStatement,
		TZ: t.TZ, HoursPerDay: t.HoursPerDay, Workdays: t.Workdays, MaxInternal: t.MaxInternal}
}

// maxJSONBody bounds the JSON bodies of settings and registries.
const maxJSONBody = 1 << 20

// decodeJSON reads a JSON body into v, refusing unknown fields so that a
// typing error in a field name is not silently ignored.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any, example string) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return klaver.Errorf(klaver.ErrInvalid, "Send JSON like %s: %s.", example, jsonProblem(err))
	}
	return nil
}

func (s *Server) handleTeam(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	writeJSON(w, http.StatusOK, toTeamJSON(p.team.Team))
}

// teamPatch holds the fields a leader may change; absent fields stay.
type teamPatch struct {
	Name            *string  `json:"name"`
	ClientStatement *string  `json:"client_statement"`
	TZ              *string  `json:"tz"`
	HoursPerDay     *float64 `json:"hours_per_day"`
	Workdays        *string  `json:"workdays"`
	MaxInternal     *float64 `json:"max_internal"`
}

// handleTeamUpdate changes the team's name, client statement or settings.
func (s *Server) handleTeamUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	who, _ := principalOf(ctx)
	team := who.team.Team
	var p teamPatch
	if err := decodeJSON(w, r, &p, `{"client_statement": "Onze klant is de inwoner."}`); err != nil {
		s.writeError(w, r, err)
		return
	}
	set(&team.Name, p.Name)
	set(&team.ClientStatement, p.ClientStatement)
	set(&team.TZ, p.TZ)
	set(&team.HoursPerDay, p.HoursPerDay)
	set(&team.Workdays, p.Workdays)
	set(&team.MaxInternal, p.MaxInternal)
	if err := s.checkSettings(team); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.store.UpdateTeam(ctx, team); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toTeamJSON(team))
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// checkSettings refuses settings the audit cannot use, before they are
// stored and every later import fails on them.
func (s *Server) checkSettings(t klaver.Team) error {
	if _, ok := s.zones.Location(t.TZ); !ok {
		return klaver.Errorf(klaver.ErrInvalid, "%q is not a time zone; use an IANA name such as Europe/Amsterdam.", t.TZ)
	}
	if _, err := audit.ParseWorkdays(t.Workdays); err != nil {
		return klaver.Errorf(klaver.ErrInvalid, "%v", err)
	}
	if t.HoursPerDay <= 0 || t.HoursPerDay > 24 {
		return klaver.Errorf(klaver.ErrInvalid, "hours_per_day must be more than 0 and at most 24.")
	}
	if t.MaxInternal < 0 || t.MaxInternal > 1 {
		return klaver.Errorf(klaver.ErrInvalid, "max_internal is a share between 0 and 1 (25%% is 0.25).")
	}
	return nil
}

// clientRecordJSON is one client of the registry.
type clientRecordJSON struct {
	Name    string   `json:"name"`
	Domains []string `json:"domains"`
	Aliases []string `json:"aliases"`
}

func (s *Server) handleClients(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "team")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	clients, err := s.store.Clients(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]clientRecordJSON, len(clients))
	for i, c := range clients {
		out[i] = clientRecordJSON{Name: c.Name, Domains: c.Domains, Aliases: c.Aliases}
	}
	writeJSON(w, http.StatusOK, map[string]any{"clients": out})
}

// handleClientsReplace replaces the team's client registry. It applies to
// later imports: import the calendars again to apply it to earlier ones.
func (s *Server) handleClientsReplace(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "team")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var body struct {
		Clients []clientRecordJSON `json:"clients"`
	}
	if err := decodeJSON(w, r, &body, `{"clients": [{"name": "Rabobank", "domains": ["rabobank.nl"], "aliases": ["Rabo"]}]}`); err != nil {
		s.writeError(w, r, err)
		return
	}
	records := make([]klaver.ClientRecord, len(body.Clients))
	for i, c := range body.Clients {
		records[i] = klaver.ClientRecord{Name: c.Name, Domains: orNone(c.Domains), Aliases: orNone(c.Aliases)}
	}
	if err := s.store.ReplaceClients(r.Context(), id, records); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.handleClients(w, r)
}

func orNone(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// maxUploadFiles bounds the files of one import request.
const maxUploadFiles = 200

// handleImport imports the files of a multipart/form-data request (any
// field name). Each file streams to a temporary file while its hash is
// taken, so that an upload of any size holds little memory, and is
// imported on its own: the answer lists each file's result.
func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) {
	results, err := s.importUpload(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status := http.StatusUnprocessableEntity
	for _, res := range results {
		if res.OK() {
			status = http.StatusOK
		}
	}
	writeJSON(w, status, map[string]any{"files": results})
}

// importUpload imports the files of a request into the route's team as
// the signed-in person, as the API and the pages both do.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) ([]importer.Result, error) {
	p, _ := principalOf(r.Context())
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUploadBytes)
	dir, err := os.MkdirTemp("", "klaver-upload-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	files, err := receiveFiles(r, dir)
	if err != nil {
		return nil, err
	}
	results, err := s.importer.Import(r.Context(), importer.Request{TeamID: p.team.Team.ID, By: p.person, Leader: p.team.Leader, Files: files})
	if err != nil {
		return nil, err
	}
	for _, res := range results {
		s.metrics.imported(res.OK())
	}
	return results, nil
}

// receiveFiles saves every file part of a multipart request in dir.
func receiveFiles(r *http.Request, dir string) ([]importer.File, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, klaver.Errorf(klaver.ErrInvalid, "Send the files as multipart/form-data, e.g. curl -F file=@anna.ics.")
	}
	var files []importer.File
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, uploadError(err)
		}
		name := filepath.Base(strings.ReplaceAll(part.FileName(), "\\", "/"))
		if part.FileName() == "" || name == "." || name == "/" {
			part.Close()
			continue
		}
		if len(files) == maxUploadFiles {
			return nil, klaver.Errorf(klaver.ErrInvalid, "Send at most %d files at once.", maxUploadFiles)
		}
		f, err := saveFile(part, filepath.Join(dir, "upload-"+strconv.Itoa(len(files))), name)
		part.Close()
		if err != nil {
			return nil, uploadError(err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, klaver.Errorf(klaver.ErrInvalid, "The request holds no files; send .ics or .csv files as multipart/form-data.")
	}
	return files, nil
}

// saveFile copies a file being received to path, hashing it on the way.
func saveFile(part io.Reader, path, name string) (importer.File, error) {
	out, err := os.Create(path)
	if err != nil {
		return importer.File{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), part)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return importer.File{}, err
	}
	return importer.File{Name: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil)),
		Open: func() (io.ReadCloser, error) { return os.Open(path) }}, nil
}

func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return klaver.Errorf(errTooLarge, "The upload is larger than %d MiB; send fewer or smaller files at once.", tooBig.Limit>>20)
	}
	return klaver.Errorf(klaver.ErrInvalid, "The upload was cut off or malformed: %v.", err)
}
