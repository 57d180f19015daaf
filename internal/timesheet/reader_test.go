package timesheet

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

// show writes an entry the way a reviewer reads it.
func show(e Entry) string {
	when := e.Start.String()
	if !e.HasTime {
		when = e.Start.Date.String() + " (date only)"
	}
	if !e.End.IsZero() {
		when += " to " + e.End.String()
	}
	return fmt.Sprintf("line %d: %s %s %ds | %s | %s | %s | %s | %s",
		e.Line, e.Person, when, e.Seconds, e.Client, e.Project, e.Task, e.Description, e.Tags)
}

// readAll reads every entry and error of an export.
func readAll(t *testing.T, r io.Reader, name string) (Format, []string) {
	t.Helper()
	rd, err := NewReader(r, name)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var got []string
	for {
		e, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return rd.Format(), got
		}
		var pe *ParseError
		switch {
		case errors.As(err, &pe):
			got = append(got, "error: "+pe.Error())
		case err != nil:
			t.Fatalf("Next: %v", err)
		default:
			got = append(got, show(e))
		}
	}
}

func compareLines(t *testing.T, got, want []string) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("entry %d:\n got %s\nwant %s", i, g, w)
		}
	}
}

func TestSampleExports(t *testing.T) {
	tests := []struct {
		file   string
		format Format
		want   []string
	}{
		{"toggl.csv", Toggl, []string{
			"line 2: anna.devries@acme.nl 2026-01-05T09:00:00 to 2026-01-05T11:30:00 9000s | Rabobank | Hypotheekportaal | Development | Bugfix aflossingsberekening | development",
			"line 3: anna.devries@acme.nl 2026-01-05T11:30:00 to 2026-01-05T12:00:00 1800s |  | Acme intern |  | Weekstart team | meeting",
			"line 4: anna.devries@acme.nl 2026-01-05T13:00:00 to 2026-01-05T16:15:00 11700s | Gemeente Utrecht | Parkeervergunningen | Design | Workshop with Gemeente Utrecht, incl. preparation | workshop, design",
			"line 5: bram.jansen@acme.nl 2026-01-05T14:00:00 to 2026-01-05T15:00:00 3600s |  | Acme intern |  | Sprint review voorbereiden\n- demo voor het Rabo-team\n- notulen rondsturen | ",
			"line 8: bram.jansen@acme.nl 2026-01-05T23:30:00 to 2026-01-06T01:15:00 6300s | Rabobank | Hypotheekportaal | Deployment | Release 2.3 nachtelijke uitrol | release",
			`line 9: bram.jansen@acme.nl 2026-01-07T09:00:00 to 2026-01-08T10:00:00 90000s | Gemeente Utrecht | Hackathon |  | Hackathon "Slimme stad" (incl. nacht) | hackathon`,
			"line 10: anna.devries@acme.nl 2026-01-08T17:00:00 to 2026-01-08T17:00:00 0s |  | Acme intern |  | Timer left running | ",
		}},
		{"clockify.csv", Clockify, []string{
			"line 2: sanne.bakker@acme.nl 2026-01-05T09:15:00 to 2026-01-05T10:45:00 5400s | Rabobank | Mobiel bankieren | Development | Code review login flow | ",
			"line 3: sanne.bakker@acme.nl 2026-01-05T12:00:00 to 2026-01-05T12:45:00 2700s |  | Acme intern |  | Lunchlezing: security awareness | training",
			"line 4: sanne.bakker@acme.nl 2026-01-13T16:30:00 to 2026-01-13T16:45:00 900s | Gemeente Utrecht | Open data portaal | Meetings | Stand-up | ",
			"line 5: pieter.vandijk@acme.nl 2026-01-13T23:00:00 to 2026-01-14T00:30:00 5400s |  | Acme intern | Sales | Offerte voorbereiden voor Gemeente Utrecht | sales, offerte",
		}},
		{"clockify_custom.csv", Clockify, []string{ // day first, 24-hour, Activity instead of Task
			"line 2: lotte.visser@acme.nl 2026-01-05T09:00:00 to 2026-01-05T12:00:00 10800s | Rabobank | Hypotheekportaal | Development | Pairing op de rente-API | ",
			"line 3: lotte.visser@acme.nl 2026-01-05T13:00:00 to 2026-01-05T14:30:00 5400s |  | Acme intern | Meeting | Kwartaalplanning | ",
			"line 4: lotte.visser@acme.nl 2026-01-14T10:00:00 to 2026-01-14T11:15:00 4500s | Gemeente Utrecht | Open data portaal | Meeting | Demo aan de gemeente | demo",
		}},
		{"harvest.csv", Harvest, []string{
			"line 2: Pieter van Dijk 2026-01-05 (date only) 23400s | Rabobank | Hypotheekportaal | Development | Koppeling met BKR getest | ",
			"line 3: Pieter van Dijk 2026-01-05 (date only) 1800s | Acme | Intern | Administration | Uren bijwerken | ",
			"line 4: Sanne Bakker 2026-01-06 (date only) 8100s | Gemeente Utrecht | Parkeervergunningen | Meetings | Stuurgroep, incl. verslag | ",
			`line 5: Sanne Bakker 2026-01-06 (date only) 72000s | Acme | Intern | Training | Cursus "Effectief vergaderen" | `,
		}},
		{"harvest_eu.csv", Harvest, []string{ // DD.MM.YYYY and decimal commas
			"line 2: Pieter van Dijk 2026-01-26 (date only) 27000s | Rabobank | Hypotheekportaal | Development | Regressietest | ",
			"line 3: Pieter van Dijk 2026-01-27 (date only) 900s | Acme | Intern | Administration | Declaraties | ",
		}},
		{"kimai.csv", Kimai, []string{
			"line 2: lotte.visser@acme.nl 2026-01-05T08:30:00 to 2026-01-05T12:00:00 12600s | Gemeente Utrecht | Open data portaal | Development | API voor parkeerdata | api, backend",
			"line 3: lotte.visser@acme.nl 2026-01-05T12:30:00 to 2026-01-05T13:00:00 1800s | Acme | Intern | Meeting | Teamoverleg over Rabobank-pitch | ",
			"line 4: lotte.visser@acme.nl 2026-01-05T22:00:00 to 2026-01-06T01:30:00 12600s | Rabobank | Hypotheekportaal | Support | Storing betaalverkeer\nopgelost en gemonitord | incident",
			"line 6: lotte.visser@acme.nl 2026-01-06T09:00:00 0s | Rabobank | Hypotheekportaal | Development | Timer loopt nog | ",
		}},
		{"kimai_nl.csv", Kimai, []string{ // Dutch headers, ';', decimal durations
			"line 2: daan.smit@acme.nl 2026-01-12T09:00:00 to 2026-01-12T10:30:00 5400s | Rabobank | Hypotheekportaal | Ontwikkeling | Refinement met product owner | ",
			"line 3: Daan Smit 2026-01-12T10:30:00 to 2026-01-12T11:00:00 1800s | Acme | Intern | Overleg | Koffie met Gemeente Utrecht-team | overleg",
		}},
		{"kimai_de_2023.csv", Kimai, []string{ // German, before E-mail was exported, duration in seconds
			"line 2: Jonas Weber 2023-11-20T09:00:00 to 2023-11-20T12:15:00 11700s | Rabobank | Hypotheekportaal | Entwicklung | Schnittstelle zur Bank | ",
			"line 3: Jonas Weber 2023-11-20T13:00:00 to 2023-11-20T13:30:00 1800s | Acme | Intern | Besprechung | Wochenplanung | ",
		}},
		{"generic.csv", Generic, []string{
			"line 2: anna.devries@acme.nl 2026-01-05T09:00:00 to 2026-01-05T10:30:00 5400s | Rabobank | Hypotheekportaal | Development | Refinement | ",
			"line 3: bram.jansen@acme.nl 2026-01-05T13:00:00 to 2026-01-05T17:30:00 16200s | Gemeente Utrecht | Parkeervergunningen |  | Gebruikerstest op locatie | onderzoek, ux",
			"line 4: sanne.bakker@acme.nl 2026-01-06T09:00:00 5400s |  | Acme intern |  | Sollicitatiegesprek | hr",
			"line 5: Sanne Bakker 2026-01-06 (date only) 5400s | Rabobank |  |  | Voorbereiding demo | ",
			"line 6: anna.devries@acme.nl 2026-01-07T22:00:00 to 2026-01-08T01:00:00 10800s | Rabobank | Hypotheekportaal |  | Nachtelijke migratie | ",
			"line 7: anna.devries@acme.nl 2026-01-08T09:00:00 5400s |  | Acme intern |  | Administratie | ",
			"line 8: anna.devries@acme.nl 2026-01-08T11:00:00 5400s | Gemeente Utrecht |  |  | Verslag stuurgroep | ",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			format, got := readAll(t, f, tt.file)
			if format != tt.format {
				t.Errorf("format %q, want %q", format, tt.format)
			}
			compareLines(t, got, tt.want)
		})
	}
}

const (
	togglHeader    = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (EUR)\n"
	clockifyHeader = `"Project","Client","Description","Task","User","Group","Email","Tags","Billable","Start Date","Start Time","End Date","End Time","Duration (h)","Duration (decimal)","Billable Rate (USD)","Billable Amount (USD)"` + "\n"
	harvestHeader  = "Date,Client,Project,Project Code,Task,Notes,Hours,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL\n"
	kimaiHeader    = "Date,From,To,Duration,Currency,Price,Internal price,Hourly price,Fixed price,Name,User,E-mail,Staff number,Customer,Project,Activity,Description,Billable,Tags,Type,category,Account,Project number,VAT-ID,Order number\n"
	genericHeaderN = genericHeader + "\n"
)

func TestRecogniseHeaders(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   Format
	}{
		{"toggl", togglHeader, Toggl},
		{"toggl no currency", strings.Replace(togglHeader, "Amount (EUR)", "Amount ()", 1), Toggl},
		{"toggl USD", strings.Replace(togglHeader, "Amount (EUR)", "Amount (USD)", 1), Toggl},
		{"toggl older, fewer columns", "User,Email,Project,Description,Start date,Start time,Duration,Tags\n", Toggl},
		{"toggl, other case and spaces", " user , EMAIL,client,PROJECT,Start  Date,start time ,END TIME,duration\n", Toggl},
		{"toggl with BOM", "\uFEFF" + togglHeader, Toggl},
		{"toggl with semicolons", strings.ReplaceAll(togglHeader, ",", ";"), Toggl},
		{"toggl with tabs", strings.ReplaceAll(togglHeader, ",", "\t"), Toggl},
		{"toggl CRLF", strings.Replace(togglHeader, "\n", "\r\n", 1), Toggl},
		{"blank lines before a ';' header", "\r\n\n" + strings.ReplaceAll(togglHeader, ",", ";"), Toggl},
		{"clockify", clockifyHeader, Clockify},
		{"clockify customised", `"Project","Client","Description","Activity","User","Email","Tags","Billable","Approval","Approved by","Start Date","Start Time","End Date","End Time","Duration (h)","Duration (decimal)"` + "\n", Clockify},
		{"clockify decimal duration only", "Project,Client,Description,User,Email,Start Date,Start Time,Duration (decimal)\n", Clockify},
		{"harvest", harvestHeader, Harvest},
		{"harvest minimal", "Date,Project,Hours,First Name,Last Name\n", Harvest},
		{"kimai en", kimaiHeader, Kimai},
		{"kimai en without rates", "Date,From,To,Duration,Name,User,E-mail,Staff number,Customer,Project,Activity,Description,Billable,Tags,Type,category,Account,Project number,VAT-ID,Order number\n", Kimai},
		// Header rows as Kimai's translations write them today.
		{"kimai nl", "Datum;Van;Tot;Duur;Valuta;Bedrag;Intern tarief;Uurtarief;Vast bedrag;Naam;Gebruikersnaam;E-mail;Personeelsnummer;Klant;Project;Activiteit;Beschrijving;Factureerbaar;Labels;Type;category;Rekening;Projectnummer;Btw-nummer;Dossiernummer\n", Kimai},
		{"kimai de", "Datum,Von,Bis,Dauer,Währung,Preis,Interner Preis,Preis pro Stunde,Festpreis,Name,Benutzer,E-Mail,Personalnummer,Kunde,Projekt,Tätigkeit,Beschreibung,Abrechenbar,Schlagworte,Typ,category,Kundennummer,Projektnummer,Umsatzsteuer-ID,Bestellnummer\n", Kimai},
		{"kimai fr", "Date,De,À,Durée,Devise,Taux,Taux interne,Taux horaire,Taux fixe,Nom,Nom d'utilisateur,Courriel,Numéro d'équipe,Client,Projet,Activité,Description,Facturable,Mots-clés,Type,category,Compte,Numéro de projet,ID de TVA,Numéro de commande\n", Kimai},
		{"kimai es", "Fecha,De,Para,Duración,Moneda,Tarifa,Tarifa interna,Tarifa por hora,Tarifa fija,Nombre,Usuario,Correo electrónico,Número de personal,Cliente,Proyecto,Actividad,Descripción,Facturable,Etiquetas,Tipo,category,Cuenta,Número del proyecto,CIF / NIF,Número de pedido\n", Kimai},
		{"kimai it", "Data,Da,A,Durata,Valuta,Prezzo,Costo interno,Tariffa oraria,Prezzo fisso,Nome,Utente,E-mail,Numero personale,Cliente,Progetto,Attività,Descrizione,Fatturabile,Etichette,Tipo,category,Account,Numero progetto,P.IVA,Numero d'ordine\n", Kimai},
		{"kimai pt", "Data,De,Para,Duração,Moeda,Taxa,Taxa interna,Taxa horária,Taxa fixa,Nome,Nome do utilizador,Email,Número da equipa,Cliente,Projeto,Atividade,Descrição,Faturável,Etiquetas,Tipo,category,Conta,Número do projeto,ID do IVA,Número do pedido\n", Kimai},
		{"kimai pl", "Data,Od,Do,Czas trwania,Waluta,Stawka,Stawka wewnętrzna,Stawka godzinowa,Stała stawka,Nazwa,Użytkownik,E-mail,Numer pracownika,Klient,Projekt,Aktywność,Opis,Płatne,Tagi,Typ,category,Numer klienta,Numer projektu,NIP,Numer zamówienia\n", Kimai},
		{"kimai sv", "Datum,Från,till,Längd,Valuta,Pris,Internt värde,Timpris,Fast pris,Namn,Användare,E-post,Anställningsnummer,Kund,Projekt,Aktivitet,Beskrivning,Debiterbar,Etiketter,Typ,category,Konto,Projektreferens,VAT-ID / orgnr,Ordernummer\n", Kimai},
		{"kimai da", "Dato,Fra,Til,Varighed,Valuta,Pris,Intern pris,Timesats,Fast sats,Navn,Bruger,E-mail,Medarbejdernummer,Kunde,Projekt,Aktivitet,Beskrivelse,Fakturérbar,Etiketter,Type,category,Konto,Projektnummer,VAT-ID,Ordrenummer\n", Kimai},
		{"generic", genericHeaderN, Generic},
		{"generic reordered with task", "start,duration,person,project,task,client\n", Generic},
		{"generic with end only", "Person,Start,End\n", Generic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.header), "export.csv")
			if err != nil {
				t.Fatalf("NewReader: %v", err)
			}
			if rd.Format() != tt.want {
				t.Errorf("format %q, want %q", rd.Format(), tt.want)
			}
			if !Sniff([]byte(tt.header)) {
				t.Errorf("Sniff = false for a header NewReader reads")
			}
		})
	}
}

func TestUnrecognisedHeader(t *testing.T) {
	tests := []struct {
		name, input string
		want        []string // parts of the message
	}{
		{"unknown columns", "Wie,Wanneer,Uren,Project\n1,2,3,4\n", []string{
			`timesheet.csv:1: header not recognised as a time-tracking export: could not map columns "Wie", "Wanneer", "Uren"`,
			"Toggl Track needs Start date and End time or Duration",
			"Clockify needs Start Date and End Time or Duration (h)",
			"Harvest needs Date and Hours",
			"Kimai needs Date and To or Duration",
			"generic needs person, start and end or duration",
			"rename the columns to the generic header person,start,end,duration,client,project,description,tags",
		}},
		{"known columns, no complete format", "Date,Client,Project,Notes\n", []string{
			"every column is known but no format is complete (closest: Harvest)",
		}},
		{"calendar file", "BEGIN:VCALENDAR\nVERSION:2.0\n", []string{`could not map columns "BEGIN:VCALENDAR"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tt.input), "timesheet.csv")
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a *ParseError", err)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("message spans lines: %q", msg)
			}
			if !strings.HasSuffix(msg, genericHeader) {
				t.Errorf("message does not end with what to do: %q", msg)
			}
			for _, part := range tt.want {
				if !strings.Contains(msg, part) {
					t.Errorf("message lacks %q:\n%s", part, msg)
				}
			}
			if Sniff([]byte(tt.input)) {
				t.Errorf("Sniff = true for a header NewReader refuses")
			}
		})
	}
}

func TestNewReaderRefusesUnreadableFiles(t *testing.T) {
	tests := []struct{ name, input, want string }{
		{"empty", "", "x.csv:1: empty file: no header row"},
		{"only blank lines", "\n\n\r\n", "x.csv:1: empty file: no header row"},
		{"only white space", "  \n\t\n", "x.csv:1: empty file: no header row"},
		{"only a BOM", "\uFEFF", "x.csv:1: empty file: no header row"},
		{"UTF-16", "\xff\xfeU\x00s\x00e\x00r\x00", "x.csv:1: the file is UTF-16 text; save or export it as UTF-8 CSV"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tt.input), "x.csv")
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %s", err, tt.want)
			}
		})
	}
}

func TestRowErrors(t *testing.T) {
	// A good row for each header, to show that reading goes on.
	next := map[string]string{
		togglHeader:    "Anna,anna@acme.nl,,Intern,,ok,No,2026-01-05,09:00:00,2026-01-05,10:00:00,01:00:00,,",
		harvestHeader:  "2026-01-05,Rabobank,Portaal,,Dev,x,1.5,Yes,No,No,Pieter,van Dijk,,,,,,,,",
		kimaiHeader:    "2026-01-05,09:00,10:00,1:00,EUR,0,0,0,,Lotte,lotte,lotte@acme.nl,,Acme,Intern,Meeting,x,,,,,,,,",
		clockifyHeader: `"P","C","d","t","Sanne","G","sanne@acme.nl","","Yes","01/05/2026","1:15 PM","01/05/2026","2:00 PM","","","",""`,
		genericHeaderN: "anna@acme.nl,2026-01-05T09:00,,1:00,,,,",
	}
	tests := []struct {
		name, input, want string
	}{
		{"bad month", togglHeader + "Anna,anna@acme.nl,,Intern,,x,No,2026-13-01,09:00:00,2026-01-05,10:00:00,01:00:00,,",
			`toggl.csv:2: Start date: invalid date "2026-13-01"`},
		{"no such day", togglHeader + "Anna,anna@acme.nl,,Intern,,x,No,2026-02-29,09:00:00,2026-02-29,10:00:00,01:00:00,,",
			`toggl.csv:2: Start date: invalid date "2026-02-29"`},
		{"bad time", togglHeader + "Anna,anna@acme.nl,,Intern,,x,No,2026-01-05,25:00:00,2026-01-05,10:00:00,01:00:00,,",
			`toggl.csv:2: Start time: invalid time "25:00:00"`},
		{"bad end time", togglHeader + "Anna,anna@acme.nl,,Intern,,x,No,2026-01-05,09:00:00,2026-01-05,10h,01:00:00,,",
			`toggl.csv:2: End time: invalid time "10h"`},
		{"bad end date", togglHeader + "Anna,anna@acme.nl,,Intern,,x,No,2026-01-05,09:00:00,5 jan,10:00:00,01:00:00,,",
			`toggl.csv:2: End date: invalid date "5 jan"`},
		{"end before start", togglHeader + "Anna,anna@acme.nl,,Intern,,x,No,2026-01-05,09:00:00,2026-01-04,10:00:00,01:00:00,,",
			`toggl.csv:2: End time: end 2026-01-04T10:00:00 is before the start 2026-01-05T09:00:00`},
		{"bad duration", togglHeader + "Anna,anna@acme.nl,,Intern,,x,No,2026-01-05,09:00:00,,,1:75:00,,",
			`toggl.csv:2: Duration: invalid duration "1:75:00"`},
		{"negative duration", togglHeader + "Anna,anna@acme.nl,,Intern,,x,No,2026-01-05,09:00:00,,,-01:00:00,,",
			`toggl.csv:2: Duration: negative duration "-01:00:00"`},
		{"no end and no duration", togglHeader + "Anna,anna@acme.nl,,Intern,,x,No,2026-01-05,09:00:00,,,,,",
			`toggl.csv:2: no duration: End time and Duration empty`},
		{"no date", togglHeader + "Anna,anna@acme.nl,,Intern,,x,No,,09:00:00,,10:00:00,01:00:00,,",
			`toggl.csv:2: Start date: no date`},
		{"no person", togglHeader + ",,,Intern,,x,No,2026-01-05,09:00:00,2026-01-05,10:00:00,01:00:00,,",
			`toggl.csv:2: no person: Email, User empty`},
		{"harvest hours", harvestHeader + "2026-01-05,Rabobank,Portaal,,Dev,x,zes,Yes,No,No,Pieter,van Dijk,,,,,,,,",
			`toggl.csv:2: Hours: invalid duration "zes"`},
		{"harvest date only, no hours", harvestHeader + "2026-01-05,Rabobank,Portaal,,Dev,x,,Yes,No,No,Pieter,van Dijk,,,,,,,,",
			`toggl.csv:2: no duration: Hours empty`},
		{"kimai bad To", kimaiHeader + "2026-01-05,09:00,9 uur,1:00,EUR,0,0,0,,Lotte,lotte,lotte@acme.nl,,Acme,Intern,Meeting,x,,,,,,,,",
			`toggl.csv:2: To: invalid time "9 uur"`},
		{"clockify 12-hour clock", clockifyHeader + `"P","C","d","t","Sanne","G","sanne@acme.nl","","Yes","01/05/2026","13:15 PM","01/05/2026","2:00 PM","","","",""`,
			`toggl.csv:2: Start Time: invalid time "13:15 PM"`},
		{"clockify no end", clockifyHeader + `"P","C","d","t","Sanne","G","sanne@acme.nl","","Yes","01/05/2026","1:15 PM","01/05/2026","","","","",""`,
			`toggl.csv:2: no duration: End Time and Duration (h) and Duration (decimal) empty`},
		{"generic bad start", genericHeaderN + "anna@acme.nl,5-1-2026 9:00,,1:00,,,,",
			`toggl.csv:2: start: invalid date-time "5-1-2026 9:00"`},
		{"generic bad end", genericHeaderN + "anna@acme.nl,2026-01-05T09:00,morgen,,,,,",
			`toggl.csv:2: end: invalid end "morgen": want a date and time or a time of day`},
		{"generic end dated before the start", genericHeaderN + "anna@acme.nl,2026-01-05T09:00,2026-01-04T08:00,,,,,",
			`toggl.csv:2: end: end 2026-01-04T08:00:00 is before the start 2026-01-05T09:00:00`},
		{"toggl end dated before the start", togglHeader + "A,a@acme.nl,,P,,d,No,2026-01-05,09:00:00,2026-01-04,10:00:00,,,",
			`toggl.csv:2: End time: end 2026-01-04T10:00:00 is before the start 2026-01-05T09:00:00`},
		{"duration over a year", genericHeaderN + "anna@acme.nl,2026-01-05T09:00,,999999999:00,,,,",
			`toggl.csv:2: duration: duration "999999999:00" is longer than a year`},
		{"kimai seconds over a year", kimaiHeader + "2026-01-05,09:00,,99999999,,,,,,L,l,l@acme.nl,,,P,,,,,,,,,,",
			`toggl.csv:2: Duration: invalid duration "99999999": want seconds, up to a year`},
		{"generic date only needs a duration", genericHeaderN + "anna@acme.nl,2026-01-05,17:00,,,,,",
			`toggl.csv:2: no duration: duration empty (an end time counts only with a start time)`},
		{"bare quote", togglHeader + `Anna,anna@acme.nl,,Intern,,5" scherm,No,2026-01-05,09:00:00,2026-01-05,10:00:00,01:00:00,,`,
			`toggl.csv:2: CSV: bare " in non-quoted-field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := tt.input[:strings.IndexByte(tt.input, '\n')+1]
			_, got := readAll(t, strings.NewReader(tt.input+"\n"+next[header]), "toggl.csv")
			if len(got) != 2 {
				t.Fatalf("got %d results, want an error and an entry: %q", len(got), got)
			}
			if got[0] != "error: "+tt.want {
				t.Errorf("got  %s\nwant error: %s", got[0], tt.want)
			}
			if !strings.HasPrefix(got[1], "line 3: ") {
				t.Errorf("the row after the error was not read: %s", got[1])
			}
		})
	}
}

func TestLineNumbers(t *testing.T) {
	input := togglHeader +
		"\n" + // blank line
		`Anna,anna@acme.nl,,Intern,,"drie` + "\nregels\n" + `tekst",No,2026-01-05,09:00:00,2026-01-05,10:00:00,01:00:00,,` + "\n" +
		",,,,,,,,,,,,,\n" + // a row of empty cells
		"  ,  , ,,,,,,,,,,,\n" +
		"Anna,anna@acme.nl,,Intern,,twee,No,2026-01-05,10:00:00,2026-01-05,11:00:00,01:00:00,,\r\n" +
		`Anna,anna@acme.nl,,Intern,,"fout` + "\n" + `",No,2026-01-05,x,2026-01-05,11:00:00,01:00:00,,` + "\n" +
		"Anna,anna@acme.nl,,Intern,,kort,No,2026-01-05,12:00:00\n" + // short row: no end, no duration
		"Anna,anna@acme.nl,,Intern,,laatste,No,2026-01-05,13:00:00,2026-01-05,14:00:00,01:00:00,,,extra,cells"
	_, got := readAll(t, strings.NewReader(input), "t.csv")
	want := []string{
		"line 3: anna@acme.nl 2026-01-05T09:00:00 to 2026-01-05T10:00:00 3600s |  | Intern |  | drie\nregels\ntekst | ",
		"line 8: anna@acme.nl 2026-01-05T10:00:00 to 2026-01-05T11:00:00 3600s |  | Intern |  | twee | ",
		`error: t.csv:9: Start time: invalid time "x"`,
		"error: t.csv:11: no duration: End time and Duration empty",
		"line 12: anna@acme.nl 2026-01-05T13:00:00 to 2026-01-05T14:00:00 3600s |  | Intern |  | laatste | ",
	}
	compareLines(t, got, want)
}

func TestPerson(t *testing.T) {
	tests := []struct{ name, input, want string }{
		{"e-mail lower-cased and trimmed", togglHeader + "Anna, Anna.DeVries@ACME.nl ,,P,,d,No,2026-01-05,09:00:00,,,1:00:00,,", "anna.devries@acme.nl"},
		{"name where the e-mail is empty", togglHeader + " Anna de Vries ,,,P,,d,No,2026-01-05,09:00:00,,,1:00:00,,", "Anna de Vries"},
		{"kimai display name before login", kimaiHeader + "2026-01-05,09:00,10:00,1:00,,,,,,Lotte Visser,lotte,,,,P,,,,,,,,,,", "Lotte Visser"},
		{"kimai login name as last resort", kimaiHeader + "2026-01-05,09:00,10:00,1:00,,,,,,,Lotte@Acme.nl,,,,P,,,,,,,,,,", "lotte@acme.nl"},
		{"harvest first and last name", harvestHeader + "2026-01-05,,P,,,,1,,,,  Pieter ,van Dijk,,,,,,,,", "Pieter van Dijk"},
		{"white space in a name folded", harvestHeader + "2026-01-05,,P,,,,1,,,,Carla,de  Boer,,,,,,,,", "Carla de Boer"},
		{"harvest first name only", harvestHeader + "2026-01-05,,P,,,,1,,,,Pieter,,,,,,,,,", "Pieter"},
		{"harvest with an Email column", "Date,Project,Hours,First Name,Last Name,Email\n2026-01-05,P,1,Pieter,van Dijk,Pieter@Acme.nl", "pieter@acme.nl"},
		{"generic person", genericHeaderN + "Sanne Bakker,2026-01-05T09:00,,1:00,,,,", "Sanne Bakker"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.input), "x.csv")
			if err != nil {
				t.Fatal(err)
			}
			e, err := rd.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e.Person != tt.want {
				t.Errorf("Person %q, want %q", e.Person, tt.want)
			}
		})
	}
}

func TestTaskAndActivity(t *testing.T) {
	header := "Project,Client,Description,Task,Activity,User,Email,Start Date,Start Time,Duration (h)\n"
	tests := []struct{ task, activity, want string }{
		{"Development", "", "Development"},
		{"", "Meeting", "Meeting"},
		{"Development", "Development", "Development"},
		{"Development", "Rabobank support", "Development / Rabobank support"},
	}
	for _, tt := range tests {
		input := header + fmt.Sprintf("P,C,d,%s,%s,Sanne,sanne@acme.nl,01/05/2026,09:00,1:00:00\n", tt.task, tt.activity)
		rd, err := NewReader(strings.NewReader(input), "x.csv")
		if err != nil {
			t.Fatal(err)
		}
		e, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e.Task != tt.want {
			t.Errorf("Task %q and Activity %q: got %q, want %q", tt.task, tt.activity, e.Task, tt.want)
		}
	}
}

func TestDurationColumns(t *testing.T) {
	tests := []struct {
		name, input string
		want        int64
	}{
		{"toggl over a day", togglHeader + "A,a@acme.nl,,P,,d,No,2026-01-05,09:00:00,,,25:30:00,,", 91800},
		{"clockify h column", clockifyHeader + `"P","C","d","t","S","G","s@acme.nl","","Yes","01/05/2026","9:00 AM","","","1:30:00","9.99","",""`, 5400},
		{"clockify decimal column when h is empty", clockifyHeader + `"P","C","d","t","S","G","s@acme.nl","","Yes","01/05/2026","9:00 AM","","","","1.25","",""`, 4500},
		{"kimai H:MM", kimaiHeader + "2026-01-05,09:00,,2:45,,,,,,L,l,l@acme.nl,,,P,,,,,,,,,,", 9900},
		{"kimai decimal", kimaiHeader + "2026-01-05,09:00,,0.11,,,,,,L,l,l@acme.nl,,,P,,,,,,,,,,", 396},
		{"harvest decimal comma", harvestHeader + `2026-01-05,,P,,,,"1,75",,,,P,D,,,,,,,,`, 6300},
		{"harvest hh:mm", harvestHeader + "2026-01-05,,P,,,,1:45,,,,P,D,,,,,,,,", 6300},
		{"start and end win over duration", togglHeader + "A,a@acme.nl,,P,,d,No,2026-01-05,09:00:00,2026-01-05,09:30:00,05:00:00,,", 1800},
		{"kimai seconds without an end (German export)", kimaiHeader + "2026-01-05,09:00,,5400,,,,,,L,l,l@acme.nl,,,P,,,,,,,,,,", 5400},
		{"toggl end before the start on the same date: the next day", togglHeader + "A,a@acme.nl,,P,,d,No,2026-01-05,23:00:00,2026-01-05,01:00:00,02:00:00,,", 7200},
		{"generic end before the start on the same date: the next day", genericHeaderN + "a@acme.nl,2026-01-05T23:00,2026-01-05T00:30,,,,,", 5400},
		{"end equal to start", genericHeaderN + "a@acme.nl,2026-01-05T09:00,09:00,,,,,", 0},
		{"zero duration", genericHeaderN + "a@acme.nl,2026-01-05T09:00,,0:00,,,,", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.input), "x.csv")
			if err != nil {
				t.Fatal(err)
			}
			e, err := rd.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e.Seconds != tt.want {
				t.Errorf("Seconds %d, want %d", e.Seconds, tt.want)
			}
		})
	}
}

// TestDateOrder covers exports that write dates the way the user chose:
// the reader looks ahead for a date that settles day or month first.
func TestDateOrder(t *testing.T) {
	row := func(date string) string {
		return fmt.Sprintf(`"P","C","d","t","S","G","s@acme.nl","","Yes","%s","09:00","%s","10:00","","","",""`+"\n", date, date)
	}
	tests := []struct {
		name  string
		dates []string
		want  []string // start dates, or errors
	}{
		{"month first, settled by a later row", []string{"01/05/2026", "01/06/2026", "01/13/2026"},
			[]string{"2026-01-05", "2026-01-06", "2026-01-13"}},
		{"day first, settled by a later row", []string{"05/01/2026", "06/01/2026", "13/01/2026"},
			[]string{"2026-01-05", "2026-01-06", "2026-01-13"}},
		{"day first with dashes", []string{"05-01-2026", "31-01-2026"},
			[]string{"2026-01-05", "2026-01-31"}},
		{"unsettled: Clockify's default, month first", []string{"01/05/2026", "02/03/2026"},
			[]string{"2026-01-05", "2026-02-03"}},
		{"dots are day first", []string{"05.01.2026", "06.01.2026"},
			[]string{"2026-01-05", "2026-01-06"}},
		{"ISO", []string{"2026-01-05", "2026/01/06"},
			[]string{"2026-01-05", "2026-01-06"}},
		{"a contradicting row is reported, not misread", []string{"01/13/2026", "13/01/2026", "01/14/2026"},
			[]string{"2026-01-13", `x.csv:3: Start Date: invalid date "13/01/2026": this file's dates read as MM/DD/YYYY`, "2026-01-14"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := clockifyHeader
			for _, d := range tt.dates {
				input += row(d)
			}
			rd, err := NewReader(strings.NewReader(input), "x.csv")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for {
				e, err := rd.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					got = append(got, err.Error())
					continue
				}
				got = append(got, e.Start.Date.String())
			}
			compareLines(t, got, tt.want)
		})
	}
}

func TestKimaiDatesDefaultToDayFirst(t *testing.T) {
	input := kimaiHeader + "03-04-2026,09:00,10:00,1:00,,,,,,L,l,l@acme.nl,,,P,,,,,,,,,,\n"
	rd, err := NewReader(strings.NewReader(input), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	e, err := rd.Next()
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Start.Date.String(); got != "2026-04-03" {
		t.Errorf("date %s, want 2026-04-03", got)
	}
}

// TestLookAheadKeepsRowsAndErrors checks that rows read while settling the
// date order come out in order, bad rows included.
func TestLookAheadKeepsRowsAndErrors(t *testing.T) {
	input := clockifyHeader +
		`"P","C","d","t","S","G","s@acme.nl","","Yes","02/01/2026","09:00","","10:00","","","",""` + "\n" +
		`"P","C","d","t","S","G","s@acme.nl","","Yes","03/01/2026",x"09:00","","10:00","","","",""` + "\n" +
		"\n" +
		`"P","C","d","t","S","G","s@acme.nl","","Yes","garbage","09:00","","10:00","","","",""` + "\n" +
		`"P","C","d","t","S","G","s@acme.nl","","Yes","20/01/2026","09:00","","10:00","","","",""` + "\n"
	_, got := readAll(t, strings.NewReader(input), "x.csv")
	want := []string{
		"line 2: s@acme.nl 2026-01-02T09:00:00 to 2026-01-02T10:00:00 3600s | C | P | t | d | ",
		`error: x.csv:3: CSV: bare " in non-quoted-field`,
		`error: x.csv:5: Start Date: invalid date "garbage"`,
		"line 6: s@acme.nl 2026-01-20T09:00:00 to 2026-01-20T10:00:00 3600s | C | P | t | d | ",
	}
	compareLines(t, got, want)
}

// failingReader returns data, then a read error that is not about a row.
type failingReader struct {
	data string
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReadFailureIsNotARowError(t *testing.T) {
	broken := errors.New("connection reset")
	r := &failingReader{data: togglHeader + "A,a@acme.nl,,P,,d,No,2026-01-05,09:00:00,,,1:00:00,,\n", err: broken}
	rd, err := NewReader(r, "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rd.Next(); err != nil {
		t.Fatalf("first row: %v", err)
	}
	for range 2 { // the failure stays
		_, err := rd.Next()
		var pe *ParseError
		if !errors.Is(err, broken) || errors.As(err, &pe) {
			t.Errorf("error %v, want the read failure, not a row error", err)
		}
	}
}

func TestSniffRefusesOtherInput(t *testing.T) {
	for _, head := range []string{
		"",
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n",
		`{"entries": []}`,
		"name,domains,aliases\nRabobank,rabobank.nl,Rabo\n",
		"\xff\xfeU\x00s\x00e\x00r\x00",
	} {
		if Sniff([]byte(head)) {
			t.Errorf("Sniff(%q) = true", head)
		}
	}
	// A head cut off inside the first line still counts when the header
	// so far fits.
	if !Sniff([]byte(togglHeader[:strings.Index(togglHeader, ",Tags")+3])) {
		t.Errorf("Sniff of a cut-off Toggl header = false")
	}
}

// TestHeaderNamesAreUnambiguous guards the header tables: within one
// format, a header name means one thing.
func TestHeaderNamesAreUnambiguous(t *testing.T) {
	for _, n := range []names{kimaiNames} {
		seen := map[string]field{}
		for f, list := range n {
			for _, name := range list {
				key := normHeader(name)
				if g, ok := seen[key]; ok && g != f {
					t.Errorf("%q means both field %d and field %d", name, g, f)
				}
				seen[key] = f
			}
		}
	}
}
