package server

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/store"
)

// weekJSON is one ISO week's figures. A team week that fewer people
// contributed to than the organisation's minimum is withheld: its figures
// are left out, so nobody can read a single person's week from it.
type weekJSON struct {
	Week         string `json:"week"`
	Contributors int    `json:"contributors"`
	Withheld     bool   `json:"withheld"`
	*klaver.Figures
}

// figuresJSON is a person's, team's or organisation's weeks. Total sums
// the weeks shown, from the same seconds, so it equals the audit's total
// for them.
type figuresJSON struct {
	From            string          `json:"from"`
	To              string          `json:"to"`
	MaxInternal     float64         `json:"max_internal"`
	MinContributors int             `json:"min_contributors,omitempty"`
	Weeks           []weekJSON      `json:"weeks"`
	Total           *klaver.Figures `json:"total"`
	Clients         []clientJSON    `json:"clients"`
}

// clientJSON is the time a client received.
type clientJSON struct {
	Client  string `json:"client"`
	Minutes int64  `json:"minutes"`
}

// weekRange reads ?from= and ?to= (ISO weeks, "2026-W02"); empty leaves
// that end open. The store checks their form.
func weekRange(r *http.Request) (string, string) {
	q := r.URL.Query()
	return q.Get("from"), q.Get("to")
}

// figures turns stored weeks into figures, withholding the weeks with
// fewer than minContributors contributors (0 withholds nothing: one's own
// figures).
func figures(weeks []store.WeekSeconds, maxInternal float64, minContributors int) ([]weekJSON, *klaver.Figures, int) {
	out := make([]weekJSON, 0, len(weeks))
	var total klaver.Seconds
	shown := 0
	for _, w := range weeks {
		wj := weekJSON{Week: w.Week, Contributors: w.People}
		// One person whose figures no leader knows would be singled out:
		// the team's figures minus what a leader knows are theirs.
		if w.People < minContributors || w.Private == 1 {
			wj.Withheld = true
		} else {
			f := w.Figures(maxInternal)
			wj.Figures = &f
			total.Add(w.Seconds)
			shown++
		}
		out = append(out, wj)
	}
	var t *klaver.Figures
	if shown > 0 {
		f := total.Figures(maxInternal)
		t = &f
	}
	return out, t, shown
}

func clientsJSON(clients []store.ClientSeconds) []clientJSON {
	out := make([]clientJSON, 0, len(clients))
	for _, c := range clients {
		cj := clientJSON{Client: c.Client, Minutes: klaver.Minutes(c.Seconds)}
		if cj.Minutes > 0 {
			out = append(out, cj)
		}
	}
	return out
}

// handleTeamWeeks answers a team's weeks, its total and the clients that
// received its time, within the privacy minimum: the total and the clients
// count only the weeks shown. The answer is cached until the team's sums
// change.
func (s *Server) handleTeamWeeks(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, _ := principalOf(ctx)
	team, minimum := p.team.Team, p.team.MinContributors
	from, to := weekRange(r)
	key := answerKey{route: "weeks", team: team.ID, version: p.team.DataVersion, from: from, to: to,
		maxInternal: team.MaxInternal, minContributors: minimum}
	if a, ok := s.answers.get(key); ok {
		a.write(w, r)
		return
	}
	out, err := s.teamFigures(ctx, team, minimum, from, to)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body, err := json.Marshal(out)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body = append(body, '\n')
	a := newAnswer(body)
	s.answers.put(key, a)
	a.write(w, r)
}

// teamFigures are a team's weeks, total and clients within the privacy
// minimum: the total and the clients count only the weeks shown.
func (s *Server) teamFigures(ctx context.Context, team klaver.Team, minimum int, from, to string) (figuresJSON, error) {
	weeks, err := s.store.TeamWeeks(ctx, team.ID, from, to)
	if err != nil {
		return figuresJSON{}, err
	}
	out := figuresJSON{From: from, To: to, MaxInternal: team.MaxInternal, MinContributors: minimum}
	var shown int
	out.Weeks, out.Total, shown = figures(weeks, team.MaxInternal, minimum)
	out.Clients = []clientJSON{}
	if shown > 0 {
		clients, err := s.store.TeamClients(ctx, team.ID, from, to, minimum)
		if err != nil {
			return out, err
		}
		out.Clients = clientsJSON(clients)
	}
	return out, nil
}

// seriesJSON is a team meeting that costs internal time.
type seriesJSON struct {
	Title         string `json:"title"`
	People        int    `json:"people"`
	Minutes       int64  `json:"minutes"`
	WeeklyMinutes int64  `json:"weekly_minutes"`
}

// handleTeamSeries lists the team meetings that cost the team most
// without serving a client: "Weekly sync — 7 people × 1 h". Only team
// meetings are listed; the store has no title for the others, and one
// person's private meetings are not the team's business.
func (s *Server) handleTeamSeries(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, _ := principalOf(ctx)
	series, err := s.store.TeamSeriesCost(ctx, p.team.Team.ID, 50)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := []seriesJSON{}
	for _, sr := range series {
		if sr.Title == "" || sr.People < p.team.MinContributors {
			continue
		}
		out = append(out, seriesJSON{Title: sr.Title, People: sr.People,
			Minutes: klaver.Minutes(sr.Seconds), WeeklyMinutes: klaver.Minutes(sr.WeeklySeconds)})
		if len(out) == 10 {
			break
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"series": out})
}

// memberJSON is a team member as the leader sees them: their figures only
// when they chose to share them.
type memberJSON struct {
	personJSON
	Role    string       `json:"role"`
	Figures *figuresJSON `json:"figures,omitempty"`
}

// handleTeamMembers lists the team's members for its leader, with the
// individual figures of those who share them.
func (s *Server) handleTeamMembers(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, _ := principalOf(ctx)
	team := p.team.Team
	members, err := s.store.MembersOfTeam(ctx, team.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	from, to := weekRange(r)
	out := []memberJSON{}
	for _, m := range members {
		mj := memberJSON{personJSON: toPersonJSON(m.Person), Role: string(m.Role)}
		if m.ShareIndividual {
			f, err := s.personFigures(ctx, m.ID, team.ID, team.MaxInternal, from, to)
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			mj.Figures = &f
		}
		out = append(out, mj)
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": out})
}

// personFigures are a person's weeks over what they imported for teamID
// (0: all their imports).
func (s *Server) personFigures(ctx context.Context, personID, teamID int64, maxInternal float64, from, to string) (figuresJSON, error) {
	weeks, err := s.store.PersonWeeksInTeam(ctx, personID, teamID, from, to)
	if err != nil {
		return figuresJSON{}, err
	}
	out := figuresJSON{From: from, To: to, MaxInternal: maxInternal}
	out.Weeks, out.Total, _ = figures(weeks, maxInternal, 0)
	clients, err := s.store.PersonClients(ctx, personID, teamID, from, to)
	if err != nil {
		return out, err
	}
	out.Clients = clientsJSON(clients)
	return out, nil
}

// handleMyWeeks answers the signed-in person's own figures, over all their
// imports, judged against the 25% rule.
func (s *Server) handleMyWeeks(w http.ResponseWriter, r *http.Request) {
	p, _ := principalOf(r.Context())
	from, to := weekRange(r)
	out, err := s.personFigures(r.Context(), p.person.ID, 0, klaver.DefaultMaxInternal, from, to)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// teamWeeksJSON is one team in a coach's overview.
type teamWeeksJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	figuresJSON
}

// handleOrgTeams gives a coach every team of an organisation side by
// side: aggregates only, within the privacy minimum.
func (s *Server) handleOrgTeams(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := pathID(r, "org")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	org, err := s.store.Organisation(ctx, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	teams, err := s.store.TeamsOfOrganisation(ctx, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	from, to := weekRange(r)
	out := []teamWeeksJSON{}
	for _, t := range teams {
		weeks, err := s.store.TeamWeeks(ctx, t.ID, from, to)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		tw := teamWeeksJSON{ID: t.ID, Name: t.Name, figuresJSON: figuresJSON{From: from, To: to,
			MaxInternal: t.MaxInternal, MinContributors: org.MinContributors, Clients: []clientJSON{}}}
		tw.Weeks, tw.Total, _ = figures(weeks, t.MaxInternal, org.MinContributors)
		out = append(out, tw)
	}
	writeJSON(w, http.StatusOK, map[string]any{"organisation": map[string]any{"id": org.ID, "name": org.Name}, "teams": out})
}
