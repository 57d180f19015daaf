package server

import (
	"net/http"
	"time"

	"github.com/klaver/klaver"
)

// placeJSON is a team the signed-in person belongs to or coaches.
type placeJSON struct {
	TeamID   int64  `json:"team_id"`
	TeamName string `json:"team_name"`
	OrgID    int64  `json:"org_id"`
	OrgName  string `json:"org_name"`
	Role     string `json:"role"`
}

// meJSON is the signed-in person with the teams they see.
type meJSON struct {
	personJSON
	Teams []placeJSON `json:"teams"`
}

// handleMe answers who is signed in and in which teams.
func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	places, err := s.store.PlacesOf(r.Context(), p.person.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := meJSON{personJSON: toPersonJSON(p.person), Teams: []placeJSON{}}
	for _, pl := range places {
		out.Teams = append(out.Teams, placeJSON{TeamID: pl.Team.ID, TeamName: pl.Team.Name,
			OrgID: pl.Org.ID, OrgName: pl.Org.Name, Role: string(pl.Role)})
	}
	writeJSON(w, http.StatusOK, out)
}

// mePatch holds what a person may change of themselves.
type mePatch struct {
	Name            *string `json:"name"`
	Lang            *string `json:"lang"`
	ShareIndividual *bool   `json:"share_individual"`
}

// handleMeUpdate changes the person's name, language or sharing choice:
// with share_individual their leader sees their own figures, without it
// only team sums include them.
func (s *Server) handleMeUpdate(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	var patch mePatch
	if err := decodeJSON(w, r, &patch, `{"share_individual": true}`); err != nil {
		s.writeError(w, r, err)
		return
	}
	person := p.person
	set(&person.Name, patch.Name)
	set(&person.Lang, patch.Lang)
	set(&person.ShareIndividual, patch.ShareIndividual)
	if person.Lang != "" && person.Lang != "nl" && person.Lang != "en" {
		s.writeError(w, r, klaver.Errorf(klaver.ErrInvalid, "lang is nl or en."))
		return
	}
	if err := s.store.UpdatePerson(r.Context(), person); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toPersonJSON(person))
}

// importJSON is one source a person imported.
type importJSON struct {
	ID         int64     `json:"id"`
	TeamID     int64     `json:"team_id"`
	Source     string    `json:"source"`
	Kind       string    `json:"kind"`
	Bytes      int64     `json:"bytes"`
	Skipped    int64     `json:"skipped"`
	ImportedAt time.Time `json:"imported_at"`
	From       string    `json:"from"`
	To         string    `json:"to"`
}

// handleMyImports lists what the person imported, newest first.
func (s *Server) handleMyImports(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	imports, err := s.store.ImportsOfPerson(r.Context(), p.person.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := []importJSON{}
	for _, i := range imports {
		out = append(out, importJSON{ID: i.ID, TeamID: i.TeamID, Source: i.SourceName, Kind: i.Kind,
			Bytes: i.Bytes, Skipped: i.Skipped, ImportedAt: i.ImportedAt, From: i.PeriodFrom, To: i.PeriodTo})
	}
	writeJSON(w, http.StatusOK, map[string]any{"imports": out})
}

// handleMyDataDelete deletes everything the person imported and all that
// was derived from it. The account stays, so they can import again.
func (s *Server) handleMyDataDelete(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	if err := s.store.DeletePersonData(r.Context(), p.person.ID); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
