package timesheet

// kimaiNames are the column headers of Kimai's CSV export. Kimai writes
// them in the exporting user's language; these are the strings of its
// translation files (messages.*.xlf, resnames date, begin, end, duration,
// alias, username, email, customer, project, activity, description, tags
// and the rate, number and flag columns) for English, Dutch, German (also
// Swiss), French, Spanish, Italian, Portuguese (also Brazilian), Polish,
// Swedish, Danish, Norwegian, Finnish and Czech, as they read now and in
// earlier releases. Name is the user's display name, User the login name;
// exports before 2.x had no E-mail column.
var kimaiNames = names{
	colStartDate: {"Data", "Date", "Dato", "Datum", "Fecha", "Päivämäärä"},
	colStartTime: {"Alkaen", "Da", "De", "Fra", "From", "Från", "Od", "Van", "Von", "Začít"},
	colEndTime:   {"A", "Aan", "Bis", "Do", "Para", "Saakka", "Til", "till", "To", "Tot", "Ukončit", "À"},
	colDuration: {"Czas trwania", "Dauer", "Doba trvání", "Duración", "Durata", "Duration", "Duração",
		"Durée", "Duur", "Kesto", "Längd", "Varaktighet", "Varighed", "Varighet"},
	colName: {"Jméno", "Naam", "Name", "Namn", "Navn", "Nazwa", "Nimi", "Nom", "Nombre", "Nome"},
	colUser: {"Användare", "Benutzer", "Benutzername", "Bruger", "Brugernavn", "Bruker", "Gebruiker",
		"Gebruikersnaam", "Identifiant", "Käyttäjä", "Nom d'utilisateur", "Nombre de usuario",
		"Nome de usuário", "Nome do usuário", "Nome do utilizador", "Usager", "User", "Username",
		"Usuario", "Usuário", "Utente", "Utilisateur", "Utilizador", "Użytkownik", "Uživatel",
		"Uživatelské jméno"},
	colEmail: {"Correo electrónico", "Courriel", "E-Mail", "E-mail", "E-post", "Email", "Sähköposti"},
	colClient: {"Asiakas", "Client", "Cliente", "Cliënt", "Customer", "Klant", "Klient", "Kund", "Kunde",
		"Zákazník"},
	colProject: {"Dossier", "Progetto", "Project", "Projekt", "Projekti", "Projet", "Projeto", "Prosjekt",
		"Proyecto"},
	colActivity: {"Actividad", "Activiteit", "Activity", "Activité", "Aktivita", "Aktivitet", "Aktivity",
		"Aktivität", "Aktywność", "Atividade", "Attività", "Rubriek", "Työtehtävä", "Tätigkeit"},
	colDescription: {"Beschreibung", "Beschrijving", "Beskrivelse", "Beskrivning", "Descripción",
		"Description", "Descrizione", "Descrição", "Kuvaus", "Opis", "Popis"},
	colTags: {"Etichette", "Etiketter", "Etiquetas", "Labels", "Mots-clés", "Schlagworte", "Taggar", "Tagi",
		"Tags", "Tunnisteet", "Štítek", "Štítky"},
	colKnown: {
		// currency and rates
		"Currency", "Devise", "Moeda", "Moneda", "Munt", "Měna", "Valuta", "Valuutta", "Waluta", "Währung",
		"Bedrag", "Hinta", "Hodnotit", "Lohn", "Montant", "Preis", "Prezzo", "Preço", "Price", "Pris",
		"Rate", "Sats", "Sazba", "Stawka", "Tarief", "Tarif", "Tarifa", "Tariffa", "Taux", "Taxa",
		"Costo interno", "Intern pris", "Intern sats", "Intern tarief", "Internal price", "Internal rate",
		"Interner Preis", "Internt värde", "Interní sazba", "Preço interno", "Sisäinen hinta",
		"Stawka wewnętrzna", "Tarifa interna", "Tasa interna", "Taux interne", "Taxa interna",
		"Hodinová mzda", "Hourly price", "Hourly rate", "Preis pro Stunde", "Preço por hora",
		"Stawka godzinowa", "Stundenlohn", "Tarif horaire", "Tarifa por hora", "Tariffa oraria",
		"Taux horaire", "Taxa horária", "Timesats", "Timpris", "Tunti hinta", "Tuntihinta", "Uurtarief",
		"Fast pris", "Fast sats", "Festbetrag", "Festpreis", "Fixed price", "Fixed rate", "Fixní sazba",
		"Forfait", "Kiinteä hinta", "Kiinteä korko", "Prezzo fisso", "Preço fixo", "Stała stawka",
		"Tarifa fija", "Tasso fisso", "Taux fixe", "Taxa fixa", "Vast bedrag",
		// staff number
		"Anställningsnummer", "Henkilökunnan numero", "Medarbejdernummer", "Numer personelu",
		"Numer pracownika", "Numero del personale", "Numero personale", "Numéro d'équipe",
		"Número da equipa", "Número da equipe", "Número de personal", "Personalnummer",
		"Personeelsnummer", "Stabsnummer", "Staff number", "Číslo pracovníka",
		// billable, exported, type, category
		"Abrechenbar", "Billable", "Debiterbar", "Declarabel", "Facturable", "Factureerbaar", "Fakturerbar",
		"Fakturérbar", "Fatturabile", "Faturável", "Laskutettava", "Płatne", "Zpoplatnitelné",
		"Eksporteret", "Eksportert", "Esportate", "Esportato", "Exportado", "Exported", "Exporterad",
		"Exportiert", "Exportováno", "Exporté", "Gefactureerd", "Geëxporteerd", "Viety", "Wyeksportowane",
		"Tipo", "Typ", "Type", "Tyyppi", "category",
		// customer account, project number, VAT id, order number
		"Account", "Compte", "Conta", "Cuenta", "Konto", "Kundennummer", "Numer klienta", "Rekening", "Tili",
		"Účet", "Numer projektu", "Numeração do projeto", "Numero progetto", "Numéro de projet",
		"Número del proyecto", "Número do projeto", "Project number", "Projectnummer", "Projekt nummer",
		"Projektinumero", "Projektnummer", "Projektreferens", "Prosjektnummer", "Číslo projektu",
		"Btw-nummer", "CIF / NIF", "ID de TVA", "ID do IVA", "Id. de IVA", "Identification", "IVA-ID", "IČO",
		"Mehrwertsteuer-ID", "Moms-ID", "NIP", "P.IVA", "Umsatzsteuer-ID", "VAD-ID", "VAT-ID",
		"VAT-ID / orgnr", "Bestellnummer", "Dossiernummer", "Numer zamówienia", "Numero d'ordine",
		"Numéro d'ordre", "Numéro de commande", "Número de orden", "Número de pedido", "Número do pedido",
		"Order number", "Ordernummer", "Ordine n.", "Ordrenummer", "Tilausnumero", "Číslo objednávky",
	},
}
