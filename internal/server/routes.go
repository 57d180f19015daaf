package server

import "net/http"

// routes lists every route of the server with who may call it. Nothing is
// registered anywhere else, so this is the whole surface.
func (s *Server) routes() {
	// Probes and scrapes answer at once, even when reads queue.
	s.handleNow("GET /healthz", anyone, s.handleHealthz)
	s.handleNow("GET /readyz", anyone, s.handleReadyz)
	s.handleNow("GET /metrics", anyone, s.handleMetrics)
	s.handle("GET /api/openapi.json", anyone, s.handleOpenAPI)

	s.handle("POST /api/v1/session", anyone, s.handleSessionCreate)
	s.handle("DELETE /api/v1/session", signedIn, s.handleSessionDelete)
	s.handle("GET /api/v1/me", signedIn, s.handleMe)
	s.handle("PATCH /api/v1/me", signedIn, s.handleMeUpdate)
	s.handle("GET /api/v1/me/weeks", signedIn, s.handleMyWeeks)
	s.handle("GET /api/v1/me/imports", signedIn, s.handleMyImports)
	s.handle("DELETE /api/v1/me/data", signedIn, s.handleMyDataDelete)
	s.handle("GET /api/v1/me/tokens", signedIn, s.handleTokens)
	s.handle("POST /api/v1/me/tokens", signedIn, s.handleTokenCreate)
	s.handle("DELETE /api/v1/me/tokens/{token}", signedIn, s.handleTokenDelete)
	s.handle("GET /api/v1/me/feeds", signedIn, s.handleMyFeeds)
	s.handle("DELETE /api/v1/me/feeds/{feed}", signedIn, s.handleFeedDelete)
	s.handle("POST /api/v1/invitations/accept", anyone, s.handleAcceptInvitation)

	s.handle("GET /api/v1/teams/{team}", teamViewer, s.handleTeam)
	s.handle("PATCH /api/v1/teams/{team}", teamLeader, s.handleTeamUpdate)
	s.handle("GET /api/v1/teams/{team}/clients", teamViewer, s.handleClients)
	s.handle("PUT /api/v1/teams/{team}/clients", teamLeader, s.handleClientsReplace)
	s.handle("POST /api/v1/teams/{team}/imports", teamMember, s.handleImport)
	s.handle("POST /api/v1/teams/{team}/feeds", teamMember, s.handleFeedCreate)
	s.handle("GET /api/v1/teams/{team}/weeks", teamViewer, s.handleTeamWeeks)
	s.handle("GET /api/v1/teams/{team}/series", teamViewer, s.handleTeamSeries)
	s.handle("GET /api/v1/teams/{team}/members", teamLeader, s.handleTeamMembers)
	s.handle("GET /api/v1/teams/{team}/invitations", teamLeaderOrCoach, s.handleInvitations)
	s.handle("POST /api/v1/teams/{team}/invitations", teamLeaderOrCoach, s.handleInvite)

	s.handle("GET /api/v1/orgs/{org}/teams", orgCoach, s.handleOrgTeams)
	s.handle("POST /api/v1/orgs/{org}/teams", orgCoach, s.handleTeamCreate)
	s.handle("/api/v1/", anyone, s.handleAPINotFound)

	// The pages: the same services and access rules, answered in HTML.
	s.asset("GET /assets/klaver.css", s.pages.ServeCSS)
	s.asset("GET /assets/upload.js", s.pages.ServeJS)
	s.page("GET /sign-in", anyone, s.pageSignIn)
	s.page("POST /sign-in", anyone, s.pageSignInPost)
	s.page("POST /sign-out", signedIn, s.pageSignOut)
	s.page("GET /forgot", anyone, s.pageForgot)
	s.page("POST /forgot", anyone, s.pageForgotPost)
	s.page("GET /reset", anyone, s.pageReset)
	s.page("POST /reset", anyone, s.pageResetPost)
	s.page("GET /invitation", anyone, s.pageInvitation)
	s.page("POST /invitation", anyone, s.pageInvitationPost)
	s.page("POST /lang", anyone, s.pageLang)
	s.page("GET /{$}", signedIn, s.pageHome)
	s.page("POST /me/sharing", signedIn, s.pageSharing)
	s.page("POST /me/delete", signedIn, s.pageDeleteData)
	s.page("POST /me/feeds/{feed}/remove", signedIn, s.pageFeedRemove)
	s.page("GET /teams/{team}", teamViewer, s.pageTeam)
	s.page("POST /teams/{team}/upload", teamMember, s.pageUpload)
	s.page("POST /teams/{team}/feeds", teamMember, s.pageFeedAdd)
	s.page("POST /teams/{team}/settings", teamLeader, s.pageTeamSettings)
	s.page("POST /teams/{team}/invite", teamLeaderOrCoach, s.pageInvite)
	s.page("GET /orgs/{org}", orgCoach, s.pageOrg)
	s.page("/", anyone, s.pageNotFound)
}

// handle registers a route behind the chain every route shares. The
// pattern is also the route's name in logs and metrics.
func (s *Server) handle(pattern string, rule access, h http.HandlerFunc) {
	s.register(pattern, s.admit(s.authorized(rule, h)))
}

// handleNow registers a route that does not wait its turn behind other
// reads (see gate): a health probe must not time out because the server
// is busy answering others.
func (s *Server) handleNow(pattern string, rule access, h http.HandlerFunc) {
	s.register(pattern, s.authorized(rule, h))
}

func (s *Server) register(pattern string, next http.Handler) {
	s.patterns = append(s.patterns, pattern)
	next = s.crossOrigin.Handler(next)
	next = s.recoverPanic(next)
	next = s.observe(pattern, next)
	s.mux.Handle(pattern, next)
}

// asset registers a static file of the pages, outside the API's list.
func (s *Server) asset(pattern string, h http.HandlerFunc) {
	s.pagePatterns = append(s.pagePatterns, pattern)
	s.mux.Handle(pattern, s.observe(pattern, s.recoverPanic(h)))
}
