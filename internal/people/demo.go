package people

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/people/training"
	"github.com/trama-welfare/trama/internal/people/volunteer"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Demo data: the courses of the Cervia experience (seed 003: 10 sentinel
// activators, 35 natural helpers, 40 support administrators trained), run
// by the territory's coordinators; a few opportunities for the
// organizations that exist (none is needed: the demo organizations may
// come later); the demo volunteer's profile and sentinel qualification.

// DemoAccounts names the demo users this seeding uses, by e-mail.
type DemoAccounts struct {
	Coordinator, Volunteer string
}

// SeedDemo loads the demo data of Persone attive in a territory.
func (p *People) SeedDemo(ctx context.Context, territoryID string, acc DemoAccounts) error {
	coord, err := p.mail.Auth.Store.UserByEmail(ctx, acc.Coordinator)
	if err != nil {
		return fmt.Errorf("people demo: coordinator: %w", err)
	}
	now := time.Now().In(web.Rome)
	day := func(days int) string { return now.AddDate(0, 0, days).Format(time.DateOnly) }
	courses := []struct {
		title, description, code string
		capacity, months         int
		confirm                  bool
	}{
		{"Sentinelle di comunità", "Accorgersi delle fragilità del vicinato (solitudine, anziani soli, famiglie in difficoltà) e sapere come " +
			"segnalarle alla porta di comunità. Sul modello del Welfare dell'Aggancio di Cervia, che ha formato 10 attivatori di sentinelle.",
			qualification.Sentinel, 30, 24, false},
		{"Natural helper", "Accompagnare una persona o una famiglia in un momento difficile, accanto ai servizi. A Cervia il progetto " +
			"Tegole ha formato e attivato 35 natural helper.", qualification.NaturalHelper, 35, 24, false},
		{"Amministratori di sostegno", "Il ruolo, i doveri e gli strumenti dell'amministratore di sostegno, con il giudice tutelare e i " +
			"servizi sociali. Cervia ne ha formati 40.", qualification.SupportAdmin, 40, 0, true},
	}
	for i, c := range courses {
		f := training.Form{Title: c.title, Description: c.description, Organizer: "Ufficio di piano e Casa della salute",
			Audience: []string{"citizens", "volunteers"}, Capacity: fmt.Sprint(c.capacity), Qualification: c.code,
			ValidityMonths: fmt.Sprint(c.months), MinAttendance: "75", ConfirmRequired: c.confirm}
		course, err := p.Training.Save(ctx, coord, "", territoryID, f)
		if err != nil {
			return fmt.Errorf("people demo: course %s: %w", c.title, err)
		}
		for k := range 4 {
			if err := p.Training.AddSession(ctx, coord, course.ID, training.SessionForm{Date: day(10 + 7*k + i), Start: "18:00",
				End: "20:00", Place: "Sala civica, via Roma 2"}); err != nil {
				return fmt.Errorf("people demo: session: %w", err)
			}
		}
		if err := p.Training.Open(ctx, coord, course.ID); err != nil {
			return err
		}
	}

	vol, err := p.mail.Auth.Store.UserByEmail(ctx, acc.Volunteer)
	if err == nil {
		var comuni []string
		rows, err := p.db.R.QueryContext(ctx, `SELECT istat_code FROM territory_comuni WHERE territory_id = $1 ORDER BY istat_code LIMIT 2`, territoryID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c string
			rows.Scan(&c)
			comuni = append(comuni, c)
		}
		rows.Close()
		if _, err := p.Volunteers.SaveProfile(ctx, vol, volunteer.ProfileForm{Skills: []string{"logistica", "guida", "ascolto"},
			Languages: []string{"it", "en"}, Availability: []string{"SA-am", "TU-pm", "TH-pm"}, Comuni: comuni,
			DrivingLicence: true, About: "Pensionato, ho tempo il sabato mattina e qualche pomeriggio.",
			Visible: []string{"skills", "availability", "comuni", "driving_licence"}, Discoverable: true, Consent: true}); err != nil {
			return fmt.Errorf("people demo: volunteer profile: %w", err)
		}
		if err := p.Qualifications.GrantByCoordinator(ctx, coord, territoryID, qualification.GrantRequest{Email: vol.Email,
			Code: qualification.Sentinel, ValidUntil: day(700), Note: "Dati dimostrativi"}); err != nil {
			return fmt.Errorf("people demo: qualification: %w", err)
		}
	}
	return p.seedOpportunities(ctx, territoryID, coord, now)
}

// seedOpportunities posts a few opportunities for up to three active
// organizations of the territory, if there are any.
func (p *People) seedOpportunities(ctx context.Context, territoryID string, coord *auth.User, now time.Time) error {
	rows, err := p.db.R.QueryContext(ctx, `SELECT id FROM organizations WHERE territory_id = $1 AND status = 'active' ORDER BY name LIMIT 3`, territoryID)
	if err != nil {
		return err
	}
	var orgs []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		orgs = append(orgs, id)
	}
	rows.Close()
	if len(orgs) == 0 {
		slog.Info("people demo: no active organization yet, no volunteering opportunities seeded")
		return nil
	}
	comune := ""
	p.db.R.QueryRowContext(ctx, `SELECT istat_code FROM territory_comuni WHERE territory_id = $1 ORDER BY istat_code LIMIT 1`, territoryID).Scan(&comune)
	start := now.AddDate(0, 0, 1).Format(time.DateOnly)
	forms := []url.Values{
		{"title": {"Distribuzione all'emporio solidale"}, "role": {"Magazzino e cassa"}, "description": {"Sistemare gli scaffali, " +
			"accogliere le famiglie e aiutarle a fare la spesa con la tessera a punti."}, "skills": {"logistica", "ascolto"},
			"kind": {"weekly"}, "days": {"SA"}, "opens": {"09:00"}, "closes": {"12:00"}, "places": {"3"}, "approval": {"on"}},
		{"title": {"Accompagnamento a visite mediche"}, "role": {"Autista volontario"}, "description": {"Accompagnare in auto persone " +
			"anziane o sole alle visite e agli esami, e riportarle a casa."}, "skills": {"guida", "accompagnamento"},
			"kind": {"weekly"}, "days": {"TU", "TH"}, "opens": {"08:30"}, "closes": {"12:00"}, "places": {"2"}, "minimum_age": {"21"},
			"approval": {"on"}},
		{"title": {"Festa di quartiere"}, "role": {"Aiuto all'organizzazione"}, "description": {"Allestire i tavoli, servire la merenda, " +
			"animare i giochi per i bambini."}, "skills": {"bambini", "cucina"}, "kind": {"once"},
			"date": {now.AddDate(0, 1, 0).Format(time.DateOnly)}, "opens": {"15:00"}, "closes": {"19:00"}, "places": {"8"}},
	}
	for i, f := range forms {
		f.Set("istat_code", comune)
		f.Set("place", "Via Roma 1")
		f.Set("start", start)
		org := orgs[i%len(orgs)]
		o, err := p.Volunteers.SaveOpportunity(ctx, coord, org, "", volunteer.ReadOpportunityForm(f))
		if err != nil {
			return fmt.Errorf("people demo: opportunity: %w", err)
		}
		if err := p.Volunteers.SetStatus(ctx, coord, org, o.ID, volunteer.StatusPublished); err != nil {
			return err
		}
	}
	return nil
}
