package server

import (
	_ "embed"
	"net/http"
)

// openAPI is the API's description. TestOpenAPIMatchesRoutes keeps it and
// routes.go in step: every route is in it and everything in it is a route.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) handleOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(openAPI)
}
