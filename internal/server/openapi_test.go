package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes keeps the document true: every registered route
// is described, and every described operation is a route. The catch-all
// that answers unknown API paths with a JSON 404 is no operation.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	f := newFixture(t, "https://klaver.example.org")
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want a 3.x document", doc.OpenAPI)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" || method == "summary" || method == "description" {
				continue // shared by the path's operations, not an operation
			}
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	var routes []string
	for _, p := range f.srv.patterns {
		if strings.Contains(p, " ") {
			routes = append(routes, p)
		}
	}
	slices.Sort(documented)
	slices.Sort(routes)
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("openapi.json describes %s, which is no route", d)
		}
	}
}

func TestOpenAPIIsServed(t *testing.T) {
	f := newFixture(t, "https://klaver.example.org")
	resp := f.do(t, http.MethodGet, "/api/openapi.json", "")
	wantStatus(t, resp, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if body := bodyOf(t, resp); !json.Valid([]byte(body)) || !strings.Contains(body, `"/api/v1/me"`) {
		t.Errorf("served document is not the API's description")
	}
}
