package gen

import (
	"math/rand/v2"
	"strings"
)

// Titles and descriptions, Dutch and English as they mix in Dutch offices.
// None of the internal titles may mention a client or an absence: the
// tests check every generated event against its Kind.

var clientTitles = []string{
	"Stuurgroep {project}", "Voortgangsoverleg {project}", "Sprint review {project}",
	"Refinement {project}", "Workshop klantreis", "Demo nieuwe release",
	"Kick-off fase 2 {project}", "Steering committee", "Weekly sync {client} / Acme",
	"Architectuurboard", "Retrospective", "Lunchsessie met product owners",
	"Afstemming testaanpak", "Go/no-go {project}",
}

var clientForInternalTitles = []string{
	"Voorbereiding {client}-pitch", "{alias} sprint review (intern)", "Interne review offerte {client}",
	"Bezetting {alias}-team", "Prep {client} stuurgroep", "Lessons learned {client}",
	"{client}: capaciteitsplanning", "Afstemming aanpak {project} ({alias})",
}

// quietTitles are internal titles whose client shows only in the
// description.
var quietTitles = []string{"Sparren over architectuur", "Afstemming planning volgende sprint", "Review conceptrapport"}

var internalTitles = []string{
	"Kennissessie: Copilot in de praktijk", "Lunch & learn: toegankelijkheid", "Brainstorm nieuwe propositie",
	"Kwartaalplanning", "Budgetoverleg", "Roosterplanning", "HR: jaargesprekken voorbereiden",
	"Koffie", "Sparren over CI/CD", "Onboarding nieuwe collega", "Intervisie",
	"Marketing: teksten website", "OR-vergadering", "Werkgroep duurzaamheid",
	"Demo interne tooling", "Review urenregistratie", "Recruitment-overleg",
}

var internalDescriptions = []string{
	"",
	"Zie de notities van vorige keer in de teamsite.",
	"Doel: besluit nemen, geen discussie over details.\nGraag vooraf lezen: bijgevoegd document.",
	"Agenda volgt; input welkom.",
}

var supplierTitles = []string{"Contractbespreking {org}", "{org}: roadmap-sessie", "Evaluatie dienstverlening {org}", "Licenties {org} verlengen"}

var prospectTitles = []string{"Kennismaking {org}", "Verkennend gesprek {org}", "Offertebespreking {org}"}

var clientWorkTitles = []string{
	"Focus: {client} rapport", "{alias}: architectuurschets uitwerken", "Deep work – {project} ({client})",
	"Voorbereiden workshop {client}", "Analyse {project} voor {client}",
}

var ownWorkTitles = []string{"Admin", "E-mail", "Uren & declaraties", "Focus", "Inbox zero", "Lezen: vakliteratuur", "Plannen volgende week"}

var agendaTopics = []string{
	"Terugblik vorige sprint", "Stand van zaken; risico's en issues", "Planning Q1, Q2 en verder",
	"Demo", "Besluiten: scope, budget en planning", "Actiepunten vorige keer",
	"Feedback gebruikers (zie \\\\acme-fs01\\projecten)", "Koppelingen en beveiliging",
}

// rooms are the meeting rooms of the office.
var rooms = []string{"Amstel (8)", "IJ (4)", "Vecht (12)", "Spaarne (6)"}

// fillTitle replaces {client}, {alias}, {project} and {org} in a title.
func fillTitle(rng *rand.Rand, title string, c *client, org string) string {
	if c != nil {
		title = fillProject(rng, title, c, pick(rng, c.projects))
	}
	return strings.ReplaceAll(title, "{org}", org)
}

// fillProject is fillTitle for a client and a project already chosen.
func fillProject(rng *rand.Rand, title string, c *client, project string) string {
	alias := c.Name
	if len(c.Aliases) > 0 && rng.IntN(2) == 0 {
		alias = pick(rng, c.Aliases)
	}
	title = strings.ReplaceAll(title, "{client}", c.Name)
	title = strings.ReplaceAll(title, "{alias}", alias)
	return strings.ReplaceAll(title, "{project}", project)
}

// agenda returns a short agenda with commas, semicolons and line breaks,
// as people type them.
func agenda(rng *rand.Rand) string {
	var b strings.Builder
	b.WriteString("Agenda:")
	for _, i := range rng.Perm(len(agendaTopics))[:2+rng.IntN(3)] {
		b.WriteString("\n- ")
		b.WriteString(agendaTopics[i])
	}
	b.WriteString("\n- Rondvraag")
	return b.String()
}

// teamsInvite is the block Outlook adds to an online meeting.
func teamsInvite(rng *rand.Rand) string {
	thread := randomString(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 48)
	tenant, organizer := uuid(rng), uuid(rng)
	line := strings.Repeat("_", 80)
	return line + "\nMicrosoft Teams-vergadering\nDeelnemen op uw computer, mobiele app of ruimteapparaat\n" +
		"Klik hier om deel te nemen aan de vergadering<https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + thread +
		"%40thread.v2/0?context=%7b%22Tid%22%3a%22" + tenant + "%22%2c%22Oid%22%3a%22" + organizer + "%22%7d>\n" +
		"Vergadering-id: " + randomString(rng, "123456789", 3) + " " + randomString(rng, "0123456789", 3) + " " +
		randomString(rng, "0123456789", 3) + " " + randomString(rng, "0123456789", 3) + "\n" +
		"Wachtwoordcode: " + randomString(rng, "23456789", 1) + randomString(rng, "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 5) + "\n" +
		"Teams downloaden<https://www.microsoft.com/nl-nl/microsoft-teams/download-app> | Deelnemen op het web<https://www.microsoft.com/microsoft-teams/join-a-meeting>\n" +
		"Meer informatie<https://aka.ms/JoinTeamsMeeting> | Opties voor vergadering<https://teams.microsoft.com/meetingOptions/?organizerId=" +
		organizer + "&tenantId=" + tenant + "&threadId=19_meeting_" + thread + "@thread.v2&messageId=0&language=nl-NL>\n" + line
}

// meetAlphabet leaves out the letters of every client alias, so a Meet
// code can never spell one.
const meetAlphabet = "bcfghjkmpqvwxyz"

// meetInvite is the block Google adds to a meeting with a Meet link.
func meetInvite(rng *rand.Rand) string {
	code := randomString(rng, meetAlphabet, 3) + "-" + randomString(rng, meetAlphabet, 4) + "-" + randomString(rng, meetAlphabet, 3)
	rule := "-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-"
	return rule + "\nDeelnemen met Google Meet: https://meet.google.com/" + code +
		"\n\nOf bel: (NL) +31 20 808 " + randomString(rng, "0123456789", 4) + " PIN: " +
		randomString(rng, "123456789", 3) + " " + randomString(rng, "0123456789", 3) + " " + randomString(rng, "0123456789", 3) + "#" +
		"\nMeer telefoonnummers: https://tel.meet/" + code + "?pin=" + randomString(rng, "0123456789", 13) +
		"\n\nMeer informatie over Meet: https://support.google.com/a/users/answer/9282720\n\nBewerk deze sectie van de beschrijving niet.\n" + rule
}

// uuid returns a random lower-case UUID.
func uuid(rng *rand.Rand) string {
	return randomString(rng, hexLower, 8) + "-" + randomString(rng, hexLower, 4) + "-" +
		randomString(rng, hexLower, 4) + "-" + randomString(rng, hexLower, 4) + "-" + randomString(rng, hexLower, 12)
}

// onlineInvite returns the join block the organiser's system adds, or ""
// for systems that add none.
func onlineInvite(rng *rand.Rand, origin Style) string {
	switch origin {
	case Outlook:
		return teamsInvite(rng)
	case Google:
		return meetInvite(rng)
	}
	return ""
}

// joinText appends block to text with a blank line between them.
func joinText(text, block string) string {
	switch {
	case block == "":
		return text
	case text == "":
		return block
	}
	return text + "\n\n" + block
}
