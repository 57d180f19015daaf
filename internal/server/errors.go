package server

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/klaver/klaver"
)

// Codes that are HTTP's own concern, so not among klaver's: a refusal
// because of too many attempts, and a server that cannot work right now.
const (
	errRateLimited = "rate_limited"
	errUnavailable = "unavailable"
	errTooLarge    = "too_large"
)

// statusOf maps each error code to its HTTP status: the only place where
// domain errors become HTTP.
var statusOf = map[string]int{
	klaver.ErrConflict:     http.StatusConflict,
	klaver.ErrForbidden:    http.StatusForbidden,
	klaver.ErrInternal:     http.StatusInternalServerError,
	klaver.ErrInvalid:      http.StatusBadRequest,
	klaver.ErrNotFound:     http.StatusNotFound,
	klaver.ErrUnauthorized: http.StatusUnauthorized,
	errRateLimited:         http.StatusTooManyRequests,
	errUnavailable:         http.StatusServiceUnavailable,
	errTooLarge:            http.StatusRequestEntityTooLarge,
}

// errorBody is the JSON of every error response: a stable code for
// programs and a message that tells a person what to do.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// writeError answers with err as JSON. Errors that are not klaver.Errors
// are logged and shown only as "internal", since their text may expose
// details of the system.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := klaver.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status == http.StatusInternalServerError && clientGone(w, r) {
		return
	}
	if status == http.StatusInternalServerError {
		s.log.ErrorContext(r.Context(), "request failed", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	var body errorBody
	body.Error.Code = code
	body.Error.Message = klaver.ErrorMessage(err)
	if code == klaver.ErrInternal {
		body.Error.Message = "Something went wrong on our side. Try again later; if it persists, tell your administrator."
	}
	writeJSON(w, status, body)
}

// statusClientClosed is what logs and metrics show for a request whose
// client went away before the answer: nginx's 499, as nobody receives it.
const statusClientClosed = 499

// clientGone tells whether the request failed because its client went
// away (it closed the connection, or the server is shutting down); then
// there is nobody to answer and nothing wrong on our side worth an error
// in the log, so it records statusClientClosed instead.
func clientGone(w http.ResponseWriter, r *http.Request) bool {
	if r.Context().Err() == nil {
		return false
	}
	w.WriteHeader(statusClientClosed)
	return true
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	// Once the status is sent, a failed write (the client went away)
	// leaves nothing to do.
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) denyCrossOrigin(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, klaver.Errorf(klaver.ErrForbidden,
		"Cross-origin requests that change data are refused. Use klaver from its own address, or an API token from a script."))
}

func (s *Server) handleAPINotFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, klaver.Errorf(klaver.ErrNotFound,
		"There is no API route %s %s. Check the method and path against the API documentation.", r.Method, r.URL.Path))
}
