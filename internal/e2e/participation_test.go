package e2e_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/e2e"
	"github.com/trama-welfare/trama/internal/participation/ptest"
)

// setAll gives form fields their values through the DOM: selects, date inputs
// (whose typing depends on the browser's locale) and textareas (chromedp
// cannot clear an empty one).
func setAll(b *e2e.Browser, values map[string]string) {
	b.T.Helper()
	for sel, v := range values {
		b.SetValue(sel, v)
	}
}

// tick ticks a checkbox (Bootstrap Italia draws its own box over the
// input, so a click may land beside it).
func tick(b *e2e.Browser, sel string) {
	b.T.Helper()
	e2e.Eval[chromedp.Void](b, `document.querySelector(`+quote(sel)+`).checked = true`)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// An operator publishes an event with two places; three people register
// without an account, the third waits; the first cancels and the third
// moves up; at the door the operator checks them in.
func TestEventRegistrationJourney(t *testing.T) {
	env := apptest.SQLite(t)
	w := ptest.Setup(t, env)
	b := e2e.NewBrowser(t, env)

	login(b, w.Operators[0].Email)
	b.Visit("/eventi/nuovo")
	b.Fill("#f-title", "Convegno difFUSIONE")
	setAll(b, map[string]string{"#f-description": "Un modello partecipato di lavoro nel sociale."})
	b.Fill("#f-place_name", "Sala consiliare")
	b.Fill("#f-capacity", "2")
	b.Fill("#f-q_0_label", "Acconsento alle foto")
	setAll(b, map[string]string{"#f-organization_id": w.Orgs[0], "#f-category": "conference", "#f-registration": "required",
		"#f-date": time.Now().AddDate(0, 1, 0).Format(time.DateOnly), "#f-opens": "09:00", "#f-closes": "13:00",
		"#f-istat_code": "015093", "#f-q_0_kind": "consent"})
	tick(b, "#f-q_0_required")
	tick(b, "#f-publish")
	b.Submit(`form[action="/eventi/nuovo"] button[type=submit]`)
	b.See("Evento salvato", "Convegno difFUSIONE", "Restano 2 posti", "Iscritti: 0")
	event := b.Path()
	logout(b)

	var pages []string
	for _, p := range [][2]string{{"Anna Rossi", "anna@example.org"}, {"Bruno Bianchi", "bruno@example.org"}, {"Carla Verdi", "carla@example.org"}} {
		b.Visit(event)
		b.Fill("#f-name", p[0])
		b.Fill("#f-email", p[1])
		b.Submit(`form[action$="/iscrizione"] button[type=submit]`)
		b.See("Per iscriverti serve questo consenso") // the consent box was not ticked
		tick(b, `input[type=checkbox][name^="answer_"]`)
		b.Submit(`form[action$="/iscrizione"] button[type=submit]`)
		pages = append(pages, b.Path())
	}
	b.See("Sei in lista d'attesa", "posto 1")
	b.Visit(pages[0])
	b.See("iscrizione confermata", "Il tuo codice per l'ingresso")
	b.Submit(`form[action$="/annulla"] button[type=submit]`)
	b.See("Iscrizione annullata")
	b.Visit(pages[2])
	b.See("iscrizione confermata")

	login(b, w.Operators[0].Email)
	b.Visit(event + "/iscritti")
	b.See("Iscritti: 2 · in lista d'attesa: 0 · annullati: 1", "Bruno Bianchi", "Carla Verdi")
	b.Submit(`button[type=submit].btn-success`)
	b.See("Ingresso registrato", "presente")
}

// A lab goes through its phases: a citizen raises a problem, then makes a
// proposal that others support; the facilitator publishes an outcome.
func TestLabJourney(t *testing.T) {
	env := apptest.SQLite(t)
	w := ptest.Setup(t, env)
	citizen := env.CreateUser("cittadino", "chiara@example.org")
	b := e2e.NewBrowser(t, env)

	login(b, w.Coord.Email)
	b.Visit("/laboratori/nuovo")
	b.Fill("#f-title", "Laboratorio Lavagna")
	b.Fill("#f-theme", "Quartiere Lavagna")
	setAll(b, map[string]string{"#f-description": "Leggiamo insieme i problemi del quartiere."})
	setAll(b, map[string]string{"#f-facilitators": w.Operators[0].Email})
	b.Submit(`form[action="/laboratori/nuovo"] button[type=submit]`)
	b.See("Laboratorio creato", "Ascolto")
	lab := b.Path()
	logout(b)

	login(b, citizen.Email)
	b.Visit(lab)
	b.Fill("#f-title", "Parco buio la sera")
	setAll(b, map[string]string{"#f-body": "Mancano luci nel parco."})
	b.Submit(`form[action$="/contributi"] button[type=submit]`)
	b.See("Il tuo contributo è pubblicato")
	logout(b)

	login(b, w.Operators[0].Email)
	b.Visit(lab)
	setAll(b, map[string]string{"#phase": "proposte"})
	b.Submit(`form[action$="/fase"] button[type=submit]`)
	b.See("Fase aggiornata", "Fai una proposta")
	logout(b)

	login(b, citizen.Email)
	b.Visit(lab)
	b.Fill("#f-title", "Nuovi lampioni nel parco")
	setAll(b, map[string]string{"#f-body": "Chiedere al Comune tre lampioni."})
	b.Submit(`form[action$="/contributi"] button[type=submit]`)
	b.Submit(`form[action$="/sostegno"] button[type=submit]`)
	b.See("il tuo sostegno è stato contato", "1 persona sostiene")
	b.Submit(`form[action$="/sostegno"] button[type=submit]`)
	b.See("Hai già sostenuto", "1 persona sostiene")
	logout(b)

	login(b, w.Operators[1].Email)
	b.Visit(lab)
	b.Follow(`a[href*="/contributi/"]`)
	b.Submit(`form[action$="/sostegno"] button[type=submit]`)
	b.See("2 persone sostengono")
	logout(b)

	login(b, w.Operators[0].Email)
	b.Visit(lab)
	setAll(b, map[string]string{"#phase": "esiti"})
	b.Submit(`form[action$="/fase"] button[type=submit]`)
	b.Fill("#f-outcome_title", "Illuminazione del parco")
	setAll(b, map[string]string{"#f-outcome_state": "in_corso"})
	tick(b, `input[name="outcome_posts"]`)
	b.Submit(`form[action$="/esiti"] button[type=submit]`)
	b.See("Decisione pubblicata", "Illuminazione del parco", "in corso", "Nuovi lampioni nel parco")
	logout(b)

	// The coordinator hides the lab: the participants are told, the
	// public no longer sees it.
	login(b, w.Coord.Email)
	b.Visit(lab)
	write(b, "#f-lab_reason", "Il quartiere ha chiesto una pausa")
	b.Submit(`form[action$="/nascondi"] button[type=submit]`)
	b.See("Laboratorio nascosto", "Questo laboratorio è nascosto")
	logout(b)
	b.Visit("/laboratori")
	if strings.Contains(b.Text("main"), "Laboratorio Lavagna") {
		t.Fatal("the hidden lab is still listed")
	}
}

// An organization adheres to the pact saying what it brings, and appears
// among the signatories and in the network graph.
func TestPactAdhesionJourney(t *testing.T) {
	env := apptest.SQLite(t)
	w := ptest.Setup(t, env)
	b := e2e.NewBrowser(t, env)

	login(b, w.Coord.Email)
	b.Visit("/patto/nuovo")
	b.Fill("#f-title", "Patto di comunità di Corsico")
	setAll(b, map[string]string{"#f-body": "# Principi\n\nUna comunità che sa stare bene perché sa prendersi cura di sé."})
	b.Submit(`form[action="/patto/nuovo"] button[type=submit]`)
	b.See("Patto pubblicato", "Principi")
	pact := b.Path()
	logout(b)

	login(b, w.Operators[0].Email)
	b.Visit(pact)
	b.Follow(`a[href$="/aderisci"]`)
	setAll(b, map[string]string{"#f-brings_value": "Allenatori volontari e sport per tutti"})
	b.Fill("#f-brings_hours", "20")
	b.Fill("#f-brings_spaces", "Palestra il sabato mattina")
	b.Submit(`form[action$="/aderisci"] button[type=submit]`)
	b.See("Grazie per l'adesione", "Polisportiva Corsico APS", "Allenatori volontari e sport per tutti", "Palestra il sabato mattina")
	b.Visit("/rete/mappa")
	b.See("1 enti aderenti", "Polisportiva Corsico APS")
	if n := e2e.Eval[int](b, `document.querySelectorAll("svg.network-graph circle").length`); n != 1 {
		t.Fatalf("the graph has %d nodes, want 1", n)
	}
}
