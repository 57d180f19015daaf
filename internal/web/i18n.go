package web

import (
	"fmt"
	"sort"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Languages are the languages of the pages, Dutch first: the audience is
// Dutch, and English serves everyone else.
var Languages = []language.Tag{language.Dutch, language.English}

// langCodes are the codes people choose from and store, in that order.
var langCodes = []string{"nl", "en"}

// translator prints the pages' messages in the two languages. Its catalog
// is built once from the messages table; printers are made per request.
type translator struct {
	catalog *catalog.Builder
	matcher language.Matcher
}

func newTranslator() (*translator, error) {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for key, m := range messages {
		if m.nl == "" || m.en == "" {
			return nil, fmt.Errorf("message %q lacks a language", key)
		}
		if err := b.SetString(language.Dutch, key, m.nl); err != nil {
			return nil, fmt.Errorf("message %q: %w", key, err)
		}
		if err := b.SetString(language.English, key, m.en); err != nil {
			return nil, fmt.Errorf("message %q: %w", key, err)
		}
	}
	return &translator{catalog: b, matcher: language.NewMatcher(Languages)}, nil
}

// Lang picks the language of a page: the person's choice when they made
// one, otherwise the best match of the browser's Accept-Language, else
// Dutch.
func (t *translator) Lang(chosen, acceptLanguage string) string {
	for _, c := range langCodes {
		if chosen == c {
			return c
		}
	}
	_, i := language.MatchStrings(t.matcher, acceptLanguage)
	return langCodes[i]
}

func (t *translator) printer(lang string) *message.Printer {
	tag := language.Dutch
	if lang == "en" {
		tag = language.English
	}
	return message.NewPrinter(tag, message.Catalog(t.catalog))
}

// messageKeys lists every message key, sorted, for tests.
func messageKeys() []string {
	keys := make([]string, 0, len(messages))
	for k := range messages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
