package server

import "net/http"

// routes lists every route of the server with who may call it. Nothing is
// registered anywhere else, so this is the whole surface.
func (s *Server) routes() {
	s.handle("GET /healthz", anyone, s.handleHealthz)
	s.handle("GET /readyz", anyone, s.handleReadyz)
	s.handle("GET /metrics", anyone, s.handleMetrics)
	s.handle("GET /api/openapi.json", anyone, s.handleOpenAPI)

	s.handle("POST /api/v1/session", anyone, s.handleSessionCreate)
	s.handle("DELETE /api/v1/session", signedIn, s.handleSessionDelete)
	s.handle("GET /api/v1/me", signedIn, s.handleMe)
	s.handle("/api/v1/", anyone, s.handleAPINotFound)
}

// handle registers a route behind the chain every route shares. The
// pattern is also the route's name in logs and metrics.
func (s *Server) handle(pattern string, rule access, h http.HandlerFunc) {
	s.patterns = append(s.patterns, pattern)
	var next http.Handler = s.authorized(rule, h)
	next = s.crossOrigin.Handler(next)
	next = s.recoverPanic(next)
	next = s.observe(pattern, next)
	s.mux.Handle(pattern, next)
}
