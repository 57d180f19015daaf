package report

import (
	"fmt"
	"strings"

	"github.com/klaver/klaver"
)

// messages are the words of one language, by key. Messages with a %s or %d
// are fmt formats; every language uses the same verbs in the same order.
type messages map[string]string

// english is the default language.
var english = messages{
	"decimal_separator":   ".",
	"title":               "Who pays your bills?",
	"period":              "Period %s to %s (%s)",
	"period_from":         "Period from %s (%s); nothing counted after it",
	"period_to":           "Period up to %s (%s)",
	"period_none":         "No period: nothing was counted (%s)",
	"rule":                "Rule: internal time that serves no client is at most %s of working time",
	"hours_note":          "Hours are shown as hours:minutes.",
	"person":              "Person",
	"people":              "People",
	"team":                "Team",
	"team_summary":        "Team summary",
	"week":                "Week",
	"working":             "Working",
	"client":              "Client",
	"internal_for_client": "Internal for client",
	"internal":            "Internal",
	"own_work":            "Own work",
	"internal_share":      "Internal share",
	"verdict":             "Verdict",
	"verdict_ok":          "ok",
	"verdict_over":        "over",
	"team_per_week":       "Team per week",
	"top_clients":         "Top clients",
	"clients":             "Clients that receive the time",
	"hours":               "Hours",
	"no_clients":          "No client time.",
	"series":              "Largest internal recurring meetings",
	"series_title":        "Meeting",
	"people_count":        "People",
	"per_week":            "Per week",
	"no_series":           "No internal recurring meetings.",
	"no_people":           "No people in the report.",
	"no_weeks":            "No weeks in the period.",
	"skipped":             "Skipped input",
	"skipped_none":        "No input was skipped.",
	"skipped_count":       "Problems skipped in the input: %d",
	"warnings":            "Warnings",
	"warnings_none":       "No warnings.",
	"warnings_count":      "Warnings: %d",
	"and_more":            "… and %d more",
	"share_chart_title":   "Team internal share per week",
	"share_chart_desc":    "Bars show, per ISO week, the share of working time spent internally without serving a client. The dashed line marks the limit of %s.",
	"limit":               "limit %s",
	"person_chart_title":  "Time per week of %s",
	"hours_tick":          "%d h",
	"person_chart_desc":   "Stacked bars per ISO week: client, internal for client, internal and own work. The light bar behind them, topped by a dark line, is the working time of the week; the scale runs to %s hours.",
	"figures_per_week":    "Figures per week",
	"sources":             "Sources",
	"source_calendar":     "calendar",
	"source_timesheet":    "time sheet",
	"created":             "Created %s",
}

// dutch is the language of the team that uses klaver first.
var dutch = messages{
	"decimal_separator":   ",",
	"title":               "Wie betaalt de rekening?",
	"period":              "Periode %s t/m %s (%s)",
	"period_from":         "Periode vanaf %s (%s); daarna is niets geteld",
	"period_to":           "Periode tot en met %s (%s)",
	"period_none":         "Geen periode: er is niets geteld (%s)",
	"rule":                "Regel: interne tijd die geen klant dient is hoogstens %s van de werktijd",
	"hours_note":          "Uren staan als uren:minuten.",
	"person":              "Persoon",
	"people":              "Mensen",
	"team":                "Team",
	"team_summary":        "Samenvatting van het team",
	"week":                "Week",
	"working":             "Werktijd",
	"client":              "Klant",
	"internal_for_client": "Intern voor klant",
	"internal":            "Intern",
	"own_work":            "Eigen werk",
	"internal_share":      "Aandeel intern",
	"verdict":             "Oordeel",
	"verdict_ok":          "ok",
	"verdict_over":        "te hoog",
	"team_per_week":       "Team per week",
	"top_clients":         "Grootste klanten",
	"clients":             "Klanten die de tijd krijgen",
	"hours":               "Uren",
	"no_clients":          "Geen klanttijd.",
	"series":              "Grootste interne terugkerende overleggen",
	"series_title":        "Overleg",
	"people_count":        "Mensen",
	"per_week":            "Per week",
	"no_series":           "Geen interne terugkerende overleggen.",
	"no_people":           "Geen mensen in het rapport.",
	"no_weeks":            "Geen weken in de periode.",
	"skipped":             "Overgeslagen invoer",
	"skipped_none":        "Er is geen invoer overgeslagen.",
	"skipped_count":       "Overgeslagen problemen in de invoer: %d",
	"warnings":            "Waarschuwingen",
	"warnings_none":       "Geen waarschuwingen.",
	"warnings_count":      "Waarschuwingen: %d",
	"and_more":            "… en nog %d",
	"share_chart_title":   "Aandeel interne tijd van het team per week",
	"share_chart_desc":    "De staven tonen per ISO-week het deel van de werktijd dat intern is besteed zonder een klant te dienen. De stippellijn is de grens van %s.",
	"limit":               "grens %s",
	"person_chart_title":  "Tijd per week van %s",
	"hours_tick":          "%d u",
	"person_chart_desc":   "Gestapelde staven per ISO-week: klant, intern voor klant, intern en eigen werk. De lichte staaf erachter, met een donkere lijn erop, is de werktijd van de week; de schaal loopt tot %s uur.",
	"figures_per_week":    "Cijfers per week",
	"sources":             "Bronnen",
	"source_calendar":     "agenda",
	"source_timesheet":    "urenregistratie",
	"created":             "Gemaakt op %s",
}

// languages are the languages a report can be read in, by code.
var languages = map[string]messages{
	"en": english,
	"nl": dutch,
}

// messagesFor returns the words for lang. It accepts a bare code ("nl"),
// a language tag ("nl-BE") or a locale ("nl_NL.UTF-8"); empty means
// English.
func messagesFor(lang string) (code string, m messages, err error) {
	code = strings.ToLower(lang)
	if i := strings.IndexAny(code, "-_.@"); i >= 0 {
		code = code[:i]
	}
	if code == "" {
		code = "en"
	}
	m, ok := languages[code]
	if !ok {
		return "", nil, fmt.Errorf("report language %q: want nl or en", lang)
	}
	return code, m, nil
}

// periodText says what period a report covers, also when it has no first
// or last day because nothing was counted.
func periodText(m messages, p klaver.Period) string {
	switch {
	case p.From != "" && p.To != "":
		return fmt.Sprintf(m["period"], p.From, p.To, p.TZ)
	case p.From != "":
		return fmt.Sprintf(m["period_from"], p.From, p.TZ)
	case p.To != "":
		return fmt.Sprintf(m["period_to"], p.To, p.TZ)
	}
	return fmt.Sprintf(m["period_none"], p.TZ)
}
