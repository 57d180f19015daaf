// Package web renders klaver's pages: server-side html/template with the
// templates and style sheet embedded, in Dutch and English. The pages show
// what the server's services computed; they compute nothing of their own
// beyond formatting, and every page works without JavaScript.
package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/message"

	"github.com/klaver/klaver"
	"github.com/klaver/klaver/internal/report"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets
var assetFiles embed.FS

// pageNames are the pages; each is its template file with the layout.
var pageNames = []string{"signin", "invitation", "error", "home", "team", "org", "results", "forgot", "reset"}

// Pages renders the pages. It is safe for concurrent use.
type Pages struct {
	templates map[string]*template.Template
	tr        *translator
	css       []byte
	js        []byte
}

// New parses the templates and builds the message catalog.
func New() (*Pages, error) {
	tr, err := newTranslator()
	if err != nil {
		return nil, err
	}
	p := &Pages{templates: map[string]*template.Template{}, tr: tr}
	for _, name := range pageNames {
		t, err := template.New(name).Option("missingkey=error").ParseFS(templateFiles, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", name, err)
		}
		p.templates[name] = t
	}
	css, err := fs.ReadFile(assetFiles, "assets/klaver.css")
	if err != nil {
		return nil, err
	}
	p.css = append(css, report.ChartStyle...)
	if p.js, err = fs.ReadFile(assetFiles, "assets/upload.js"); err != nil {
		return nil, err
	}
	return p, nil
}

// Text translates a message key into lang ("nl" or "en"), for what is not
// a page, such as a mail.
func (p *Pages) Text(lang, key string, args ...any) string {
	if _, ok := messages[key]; !ok {
		return "!missing:" + key
	}
	return p.tr.printer(lang).Sprintf(key, args...)
}

// Lang picks a page's language from the person's choice and the browser's.
func (p *Pages) Lang(chosen, acceptLanguage string) string { return p.tr.Lang(chosen, acceptLanguage) }

// Person is who a page is for.
type Person struct {
	Name, Email string
}

// Display is how the page greets the person.
func (p *Person) Display() string {
	if p.Name != "" {
		return p.Name
	}
	return p.Email
}

// ErrorData is what the error page shows: a heading, what to do, and the
// details in the words of the domain (English), when they add something.
type ErrorData struct {
	Heading, Message, Detail string
}

// Place is a link to a team or organisation in the navigation.
type Place struct {
	Href, Name string
}

// Page is what every page shows, with the page's own Data. Its methods
// are the templates' words and number formats in the page's language.
type Page struct {
	Title   string // a message key
	Lang    string
	Path    string // the page's own path, to come back to after a form
	Current string // "home" or the Href of the current place
	Person  *Person
	Places  []Place
	Flash   string
	Data    any

	printer *message.Printer
}

// T translates a message key with its arguments. A key without a message
// shows as "!missing:key", which the page tests look for.
func (p *Page) T(key string, args ...any) string {
	if _, ok := messages[key]; !ok {
		return "!missing:" + key
	}
	return p.printer.Sprintf(key, args...)
}

// Hours formats minutes as hours with one decimal, "12,5 u" or "12.5 h".
func (p *Page) Hours(minutes int64) string {
	return p.printer.Sprintf("hours_value", float64(minutes)/60)
}

// HoursOnly formats minutes as a number of hours without the unit.
func (p *Page) HoursOnly(minutes int64) string {
	return p.printer.Sprintf("%.1f", float64(minutes)/60)
}

// Percent formats a share, "23,4%".
func (p *Page) Percent(share float64) string {
	if math.IsNaN(share) || math.IsInf(share, 0) {
		share = 0
	}
	return p.printer.Sprintf("%.1f%%", share*100)
}

// Verdict names a verdict.
func (p *Page) Verdict(v string) string {
	if v == klaver.VerdictOver {
		return p.T("verdict_over")
	}
	return p.T("verdict_ok")
}

// Week names an ISO week, "week 2, 2026".
func (p *Page) Week(week string) string {
	y, w, ok := strings.Cut(week, "-W")
	n, err := strconv.Atoi(w)
	if !ok || err != nil {
		return week
	}
	return p.printer.Sprintf("week_name", n, y)
}

// Time writes a moment (in UTC, as stored) the language's way:
// "29 nov 2026 09:30 UTC" or "29 Nov 2026 09:30 UTC".
func (p *Page) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	// The year is text: a number would get a thousands separator.
	return p.printer.Sprintf("time_value", t.Day(), p.T(monthKeys[t.Month()-1]), strconv.Itoa(t.Year()), t.Hour(), t.Minute())
}

// monthKeys are the message keys of the months' short names.
var monthKeys = [12]string{"month_1", "month_2", "month_3", "month_4", "month_5", "month_6",
	"month_7", "month_8", "month_9", "month_10", "month_11", "month_12"}

// Join lists names.
func (p *Page) Join(items []string) string { return strings.Join(items, ", ") }

// Pair hands a sub-template the page with one value.
func (p *Page) Pair(v any) struct {
	P *Page
	V any
} {
	return struct {
		P *Page
		V any
	}{p, v}
}

// Prepare readies a page for its language, so that its words can be used
// before it is rendered.
func (p *Pages) Prepare(page *Page) {
	page.printer = p.tr.printer(page.Lang)
}

// HasMessage reports whether key is a message of the pages, so that a key
// passed in a link is shown only when it is one.
func (p *Pages) HasMessage(key string) bool {
	_, ok := messages[key]
	return ok
}

// Fragment renders one named template of a page, for a part that the
// server caches: the part may be shown many times between changes.
func (p *Pages) Fragment(name, fragment string, page *Page) (template.HTML, error) {
	t, ok := p.templates[name]
	if !ok {
		return "", fmt.Errorf("no page %q", name)
	}
	if page.printer == nil {
		p.Prepare(page)
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, fragment, page); err != nil {
		return "", fmt.Errorf("page %s, %s: %w", name, fragment, err)
	}
	return template.HTML(b.String()), nil // produced by html/template, escaped there
}

// Render writes a page: the whole page is rendered before anything is
// sent, so that a failure gives an error page and not half a page.
func (p *Pages) Render(w http.ResponseWriter, status int, name string, page *Page) error {
	t, ok := p.templates[name]
	if !ok {
		return fmt.Errorf("no page %q", name)
	}
	if page.printer == nil {
		p.Prepare(page)
	}
	page.Title = page.T(page.Title)
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", page); err != nil {
		return fmt.Errorf("page %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", page.Lang)
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	// Once the page is on its way, a failed write (the browser left) leaves
	// nothing to do, and nothing to report as an error page.
	_, _ = w.Write(b.Bytes())
	return nil
}

// ServeJS serves the script of the upload forms; the pages work without it.
func (p *Pages) ServeJS(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(p.js)
}

// ServeCSS serves the style sheet.
func (p *Pages) ServeCSS(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(p.css)
}
