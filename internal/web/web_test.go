package web

import (
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// verbs finds the fmt verbs of a message.
var verbs = regexp.MustCompile(`%(\[[0-9]+\])?[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

// Both languages of a message take the same arguments in the same order.
func TestMessagesHaveTheSameVerbsInBothLanguages(t *testing.T) {
	for _, key := range messageKeys() {
		m := messages[key]
		nl, en := verbs.FindAllString(m.nl, -1), verbs.FindAllString(m.en, -1)
		if strings.Join(nl, " ") != strings.Join(en, " ") {
			t.Errorf("%s: nl has %v, en has %v", key, nl, en)
		}
		for _, text := range []string{m.nl, m.en} {
			if strings.Contains(verbs.ReplaceAllString(text, ""), "%") {
				t.Errorf("%s: a lone %% in %q (write %%%% for a percent sign)", key, text)
			}
		}
	}
}

func TestEveryMessageKeyInTheTemplatesExists(t *testing.T) {
	keys := regexp.MustCompile(`\.T "([a-z_]+)"`)
	for _, name := range append(pageNames, "layout") {
		b, err := templateFiles.ReadFile("templates/" + name + ".html")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keys.FindAllStringSubmatch(string(b), -1) {
			if _, ok := messages[m[1]]; !ok {
				t.Errorf("%s.html uses %q, which has no message", name, m[1])
			}
		}
	}
}

func TestLanguageChoice(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ chosen, accept, want string }{
		{"", "", "nl"},
		{"", "en-GB,en;q=0.9", "en"},
		{"", "nl-BE,nl;q=0.9,en;q=0.8", "nl"},
		{"", "de-DE,de;q=0.9", "nl"},
		{"", "fr, en;q=0.5", "en"},
		{"nl", "en-US", "nl"},
		{"en", "nl", "en"},
		{"xx", "en", "en"},
	}
	for _, c := range cases {
		if got := p.Lang(c.chosen, c.accept); got != c.want {
			t.Errorf("Lang(%q, %q) = %q, want %q", c.chosen, c.accept, got, c.want)
		}
	}
}

// Numbers and weeks are written the way each language writes them.
func TestFormatsFollowTheLanguage(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		lang                     string
		hours, share, week, miss string
	}{
		{"nl", "1.234,5 u", "23,4%", "week 2, 2026", "!missing:nope"},
		{"en", "1,234.5 h", "23.4%", "week 2, 2026", "!missing:nope"},
	}
	for _, c := range cases {
		pg := &Page{Lang: c.lang}
		p.Prepare(pg)
		if got := pg.Hours(74070); got != c.hours {
			t.Errorf("%s: Hours = %q, want %q", c.lang, got, c.hours)
		}
		if got := pg.Percent(0.234); got != c.share {
			t.Errorf("%s: Percent = %q, want %q", c.lang, got, c.share)
		}
		if got := pg.Week("2026-W02"); got != c.week {
			t.Errorf("%s: Week = %q, want %q", c.lang, got, c.week)
		}
		at := time.Date(2026, 11, 29, 9, 5, 0, 0, time.UTC)
		if got, want := pg.Time(at), map[string]string{"nl": "29 nov 2026, 09:05 UTC", "en": "29 Nov 2026, 09:05 UTC"}[c.lang]; got != want {
			t.Errorf("%s: Time = %q, want %q", c.lang, got, want)
		}
		if got := pg.T("nope"); got != c.miss {
			t.Errorf("%s: T of an unknown key = %q", c.lang, got)
		}
	}
}

// A page is rendered whole and sent with headers that keep it private and
// confined to this site.
func TestRenderSetsHeaders(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	pg := &Page{Lang: "en", Title: "title_error", Data: &ErrorData{Heading: "Oops", Message: "<b>bold</b>"}}
	if err := p.Render(rec, 404, "error", pg); err != nil {
		t.Fatal(err)
	}
	body := rec.Body.String()
	if rec.Code != 404 || !strings.Contains(body, "&lt;b&gt;bold&lt;/b&gt;") || strings.Contains(body, "<b>bold") {
		t.Errorf("status %d, body %s", rec.Code, body)
	}
	for h, want := range map[string]string{"Content-Language": "en", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"} {
		if got := rec.Header().Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
	// An error in a template gives an error, not half a page.
	rec = httptest.NewRecorder()
	if err := p.Render(rec, 200, "home", &Page{Lang: "nl", Title: "title_home", Data: 42}); err == nil || rec.Body.Len() != 0 {
		t.Errorf("a failing page wrote %d bytes, error %v", rec.Body.Len(), err)
	}
}

func TestMailTextInBothLanguages(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	link := "https://klaver.example.org/invitation?t=abc"
	nl := p.Text("nl", "mail_invite_body", "Lea de Vries", "Vergunningen", p.Text("nl", "mail_role_member"), link)
	en := p.Text("en", "mail_invite_body", "Lea de Vries", "Vergunningen", p.Text("en", "mail_role_member"), link)
	for _, want := range []string{"Lea de Vries nodigt je uit voor het team Vergunningen in klaver, als lid.", link} {
		if !strings.Contains(nl, want) {
			t.Errorf("Dutch invitation lacks %q:\n%s", want, nl)
		}
	}
	if !strings.Contains(en, "Lea de Vries invites you to the team Vergunningen in klaver, as member.") {
		t.Errorf("English invitation:\n%s", en)
	}
	if got := p.Text("en", "no_such_key"); got != "!missing:no_such_key" {
		t.Errorf("missing key: %q", got)
	}
}
