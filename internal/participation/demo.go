package participation

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/trama-welfare/trama/internal/participation/bulletin"
	"github.com/trama-welfare/trama/internal/participation/events"
	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/participation/labs"
	"github.com/trama-welfare/trama/internal/participation/pact"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// DemoPeople are the demo accounts Partecipazione acts as.
type DemoPeople struct {
	Coordinator, Operator, Citizen string // e-mail addresses
}

// SeedDemo adds, in a territory of the demo data set, a conference like
// difFUSIONE's, a laboratorio di comunità in a Corsico neighbourhood with
// its meetings, a Patto di comunità with its signatories and a notice on
// the bulletin. It uses whatever organizations exist: organizations whose
// people have accounts sign the pact and post; with none, the coordination
// publishes and only citizens sign.
func (p *Participation) SeedDemo(ctx context.Context, territoryID string, people DemoPeople) error {
	coord, err := p.Deps.Auth.Store.UserByEmail(ctx, people.Coordinator)
	if err != nil {
		return fmt.Errorf("participation demo: coordinator: %w", err)
	}
	operator, _ := p.Deps.Auth.Store.UserByEmail(ctx, people.Operator)
	citizen, _ := p.Deps.Auth.Store.UserByEmail(ctx, people.Citizen)
	signers, err := p.demoSigners(ctx, territoryID, operator)
	if err != nil {
		return err
	}
	organizer, orgID := coord, ""
	if len(signers) > 0 {
		organizer, orgID = signers[0].user, signers[0].org.ID
	}
	var partners []string
	for _, sg := range signers[min(1, len(signers)):min(3, len(signers))] {
		partners = append(partners, sg.org.ID)
	}
	if err := p.demoConference(ctx, organizer, orgID, partners, citizen); err != nil {
		return err
	}
	lab, err := p.demoLab(ctx, coord, operator, citizen, organizer, orgID)
	if err != nil {
		return err
	}
	if err := p.demoPact(ctx, coord, citizen, signers); err != nil {
		return err
	}
	if len(signers) > 0 {
		b := &bulletin.Post{OrganizationID: signers[0].org.ID, Kind: "offer", Category: "space",
			Title: "Sala riunioni libera il martedì sera", Body: "Una sala per 25 persone con proiettore, in prestito gratuito agli enti della rete.",
			ExpiresOn: time.Now().In(web.Rome).AddDate(0, 2, 0).Format(time.DateOnly)}
		if err := p.Bulletin.Create(ctx, signers[0].user, b); err != nil {
			return fmt.Errorf("participation demo: bulletin: %w", err)
		}
	}
	slog.Info("demo participation loaded", "lab", lab, "organizations_signing", len(signers))
	return nil
}

type signer struct {
	org  kit.Org
	user *auth.User
}

// demoSigners picks up to six active organizations of the territory that
// have a person with an account, the demo operator's first.
func (p *Participation) demoSigners(ctx context.Context, territoryID string, operator *auth.User) ([]signer, error) {
	orgs, err := p.Deps.ActiveOrgs(ctx, territoryID)
	if err != nil {
		return nil, err
	}
	var out []signer
	for _, o := range orgs {
		if operator != nil && p.Deps.MemberOf(ctx, operator, o.ID) {
			out = append([]signer{{org: o, user: operator}}, out...)
			continue
		}
		var userID string
		p.Deps.DB.R.QueryRowContext(ctx, `SELECT m.user_id FROM organization_members m JOIN users u ON u.id = m.user_id
			WHERE m.organization_id = $1 AND u.disabled_at IS NULL ORDER BY u.email LIMIT 1`, o.ID).Scan(&userID)
		if userID == "" {
			continue
		}
		u, err := p.Deps.Auth.Store.User(ctx, userID)
		if err != nil {
			return nil, err
		}
		out = append(out, signer{org: o, user: u})
	}
	return out[:min(len(out), 6)], nil
}

// conferenceDate is a Friday three to four weeks ahead: difFUSIONE's
// conference was on a Friday morning, announced three weeks before.
func conferenceDate() string {
	d := time.Now().In(web.Rome).AddDate(0, 0, 21)
	for d.Weekday() != time.Friday {
		d = d.AddDate(0, 0, 1)
	}
	return d.Format(time.DateOnly)
}

func (p *Participation) demoConference(ctx context.Context, organizer *auth.User, orgID string, partners []string, citizen *auth.User) error {
	form := url.Values{"organization_id": {orgID}, "category": {"conference"},
		"title":       {"Convegno «difFUSIONE»: un modello partecipato di lavoro nel sociale"},
		"description": {"Il primo convegno del progetto: facciamo il punto dell'esperienza, da dove è nata, cosa ha generato e quale significato può avere per il lavoro sociale nei nostri territori, in un confronto tra buone prassi e bisogni locali."},
		"programme":   {"9:00 Accoglienza e registrazione\n9:30 Saluti delle amministrazioni\n10:00 Il progetto: un modello risorse-centrico e la regia educativa\n11:15 Pausa\n11:30 Tavola rotonda con famiglie, scuole e associazioni\n12:45 Conclusioni"},
		"date":        {conferenceDate()}, "opens": {"09:00"}, "closes": {"13:00"},
		"place_name": {"Sala consiliare"}, "address": {"Via Roma 18"}, "istat_code": {"015093"},
		"audience":      {"Operatori sociali, scuole, associazioni, famiglie, amministratori"},
		"accessibility": {"Sala al piano terra senza gradini; servizio di interpretariato LIS su richiesta."},
		"registration":  {events.RegRequired}, "capacity": {"80"}, "publish": {"on"},
		"q_0_kind": {"choice"}, "q_0_label": {"Partecipi come"}, "q_0_options": {"Genitore\nOperatore o operatrice\nInsegnante\nVolontario o volontaria\nAmministratore"},
		"q_1_kind": {"consent"}, "q_1_label": {"Acconsento a foto e riprese durante il convegno"}, "partners": partners}
	e, err := events.ReadForm(form)
	if err != nil {
		return fmt.Errorf("participation demo: conference: %w", err)
	}
	if err := p.Events.Create(ctx, organizer, e, true); err != nil {
		return fmt.Errorf("participation demo: conference: %w", err)
	}
	guests := []events.Input{{Name: "Giulia Ferraro", Email: "giulia.ferraro@example.org", Lang: "it"},
		{Name: "Marco Esposito", Email: "marco.esposito@example.org", Lang: "it"}}
	if citizen != nil {
		guests = append(guests, events.Input{User: citizen})
	}
	for _, g := range guests {
		g.Answers = map[string]string{e.Questions[0].ID: "Genitore", e.Questions[1].ID: "on"}
		if _, err := p.Events.Register(ctx, e.ID, g); err != nil {
			return fmt.Errorf("participation demo: registration: %w", err)
		}
	}
	return nil
}

func (p *Participation) demoLab(ctx context.Context, coord, operator, citizen, organizer *auth.User, orgID string) (string, error) {
	l := &labs.Lab{Title: "Laboratorio di quartiere Lavagna", Theme: "Quartiere Lavagna", ISTATCode: "015093",
		Description: "Abitanti, scuole, parrocchia e associazioni del quartiere Lavagna si incontrano per leggere insieme i problemi, ascoltare i bisogni delle famiglie e progettare interventi. Chiunque abiti o lavori nel quartiere può partecipare.",
		PhaseDates:  [4]string{time.Now().AddDate(0, -1, 0).Format(time.DateOnly), time.Now().Format(time.DateOnly), time.Now().AddDate(0, 2, 0).Format(time.DateOnly), time.Now().AddDate(0, 4, 0).Format(time.DateOnly)}}
	facilitators := []string{coord.ID}
	if operator != nil {
		facilitators = append(facilitators, operator.ID)
	}
	if err := p.Labs.Create(ctx, coord, l, facilitators); err != nil {
		return "", fmt.Errorf("participation demo: lab: %w", err)
	}
	author := coord
	if citizen != nil {
		author = citizen
	}
	lab, _ := p.Labs.Lab(ctx, l.ID)
	for _, pr := range [][2]string{
		{"Il parco di via Lavagna è buio la sera", "Dopo le 18 in inverno le famiglie non lo usano più: mancano luci e ci sono panchine rotte."},
		{"Pochi spazi per i ragazzi dopo la scuola", "I ragazzi delle medie passano il pomeriggio in strada: servirebbe un posto dove fare i compiti e stare insieme."},
	} {
		if _, err := p.Labs.Contribute(ctx, author, lab, pr[0], pr[1]); err != nil {
			return "", fmt.Errorf("participation demo: problem: %w", err)
		}
	}
	if err := p.Labs.SetPhase(ctx, coord, lab, labs.PhaseProposals); err != nil {
		return "", err
	}
	lab.Phase = labs.PhaseProposals
	proposal, err := p.Labs.Contribute(ctx, author, lab, "Doposcuola di quartiere in oratorio",
		"Due pomeriggi a settimana con volontari e ragazzi più grandi come tutor, negli spazi dell'oratorio.")
	if err != nil {
		return "", fmt.Errorf("participation demo: proposal: %w", err)
	}
	if _, err := p.Labs.Contribute(ctx, coord, lab, "Illuminare il parco e sistemare le panchine",
		"Chiedere al Comune nuovi lampioni e organizzare una giornata di cura del parco con gli abitanti."); err != nil {
		return "", err
	}
	for _, u := range []*auth.User{coord, operator} {
		if u != nil {
			if _, err := p.Labs.Support(ctx, lab, proposal, u, "", "it"); err != nil && err != labs.ErrAlreadySupported {
				return "", err
			}
		}
	}
	meeting := url.Values{"organization_id": {orgID}, "lab_id": {l.ID}, "category": {"lab_session"},
		"title": {"Incontro del laboratorio di quartiere Lavagna"}, "description": {"Incontro aperto del laboratorio: discutiamo le proposte raccolte."},
		"date": {time.Now().In(web.Rome).AddDate(0, 0, 10).Format(time.DateOnly)}, "opens": {"18:30"}, "closes": {"20:00"},
		"repeat": {"monthly"}, "until": {time.Now().In(web.Rome).AddDate(0, 4, 0).Format(time.DateOnly)},
		"place_name": {"Centro civico Lavagna"}, "istat_code": {"015093"}, "registration": {events.RegOptional}, "publish": {"on"}}
	e, err := events.ReadForm(meeting)
	if err == nil {
		err = p.Events.Create(ctx, organizer, e, true)
	}
	if err != nil {
		return "", fmt.Errorf("participation demo: lab meeting: %w", err)
	}
	return l.ID, nil
}

const demoPactText = `Questo patto unisce cittadini, istituzioni e terzo settore dell'ambito per un welfare **generativo, inclusivo e solidale**, fatto di risorse formali e informali.

## Principi

1. **Ogni ente è un nodo della rete** e porta un punto di vista che vale quanto quello degli altri.
2. Guardiamo ai **bisogni** delle persone e delle famiglie, non solo alla domanda espressa.
3. Il valore che ciascuno porta diventa **patrimonio condiviso** di tutta la rete.

## Impegni

- condividere idee, informazioni e modalità di lavoro sui servizi alle famiglie;
- mettere a disposizione spazi, mezzi, tempo e competenze, dicendo con chiarezza che cosa portiamo;
- partecipare ai laboratori di comunità e agli incontri della cabina di regia;
- tenere aggiornate le informazioni sulle nostre attività nella rete delle risorse.

## Come si aderisce

Gli enti aderiscono con la firma di chi li rappresenta; cittadine e cittadini possono firmare personalmente. Quando il patto cambia, chi ha firmato conferma la nuova versione.
`

func (p *Participation) demoPact(ctx context.Context, coord, citizen *auth.User, signers []signer) error {
	pc, err := p.Pact.Create(ctx, coord, "Patto di comunità dell'Ambito di Corsico", demoPactText)
	if err != nil {
		return fmt.Errorf("participation demo: pact: %w", err)
	}
	brings := []pact.Brings{
		{Value: "Esperienza con bambini e ragazzi 6-14 anni, allenatori volontari", Hours: "20", Spaces: "Palestra il sabato mattina"},
		{Value: "Orti sociali e inserimento lavorativo di persone fragili", Resources: "Un furgone 9 posti", Hours: "10"},
		{Value: "Spazi dell'oratorio e animatori per il doposcuola", Spaces: "Salone e cortile dell'oratorio", Hours: "12"},
		{Value: "Ascolto e accompagnamento delle famiglie", Hours: "8"},
		{Value: "Volontari per l'accompagnamento di anziani e persone fragili", Resources: "Un'auto attrezzata", Hours: "30"},
		{Value: "Mediazione culturale e corsi di italiano per famiglie", Spaces: "Aula studio il giovedì pomeriggio", Hours: "6"},
	}
	for i, s := range signers {
		if err := p.Pact.SignForOrganization(ctx, s.user, pc, s.org.ID, brings[i]); err != nil {
			return fmt.Errorf("participation demo: adhesion of %s: %w", s.org.Name, err)
		}
	}
	if len(signers) > 0 {
		if err := p.Pact.SetRole(ctx, coord, signers[0].org.ID, "cabina_ristretta"); err != nil {
			return err
		}
	}
	for i, text := range []string{"Doposcuola e sport insieme il mercoledì", "Raccolta e distribuzione di alimenti", "Accompagnamento delle famiglie seguite"} {
		if i+1 < len(signers) {
			from, to := signers[i+1], signers[(i+2)%len(signers)]
			if from.org.ID == to.org.ID {
				continue
			}
			if err := p.Pact.Declare(ctx, from.user, from.org.ID, to.org.ID, text); err != nil {
				return err
			}
		}
	}
	if len(signers) > 2 {
		if err := p.Pact.SetRole(ctx, coord, signers[1].org.ID, "cabina_allargata"); err != nil {
			return err
		}
	}
	if citizen != nil {
		if err := p.Pact.SignAsCitizen(ctx, citizen, pc, pact.Brings{Value: "Un'ora a settimana per leggere con i bambini in biblioteca"}); err != nil {
			return err
		}
	}
	return nil
}
