package porta

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

// DemoPeople are the demo data's actors: a coordinator, an operator and a
// volunteer holding the sentinel qualification, of the demo territory; and
// two services to refer people to (the operator accepts the first), or
// none to publish demo ones.
type DemoPeople struct {
	Coordinator, Operator, Volunteer *auth.User
	Services                         []string
}

// demoServices are published when the demo territory has no services of
// its own yet (the directory's demo data normally brings them).
var demoServices = []SampleOrg{
	{Name: "Associazione Il Girasole", Kind: "aps", Description: "Doposcuola e laboratori per bambini e ragazzi di Buccinasco.",
		Place: "Spazio Girasole", Address: "Via dei Mille 4", CAP: "20090", ISTAT: "015036",
		Services: []SampleService{{Name: "Doposcuola Il Girasole", Description: "Aiuto compiti il lunedì, mercoledì e venerdì pomeriggio.",
			Categories: []string{"EDU-DOPO"}, TargetGroups: []string{"DEST-BAMB", "DEST-PREADO"}, MinAge: Int(6), MaxAge: Int(14),
			Free: true, Capacity: Int(25), Days: []string{"MO", "WE", "FR"}, Opens: "14:30", Closes: "17:30", Languages: []string{"it", "ar"}}}},
	{Name: "Emporio della Solidarietà di Corsico", Kind: "odv", Description: "Spesa gratuita con la tessera a punti per le famiglie in difficoltà.",
		Place: "Emporio", Address: "Via Cavour 21", CAP: "20094", ISTAT: "015093",
		Services: []SampleService{{Name: "Spesa all'emporio solidale", Description: "Alimenti e prodotti per la casa, il martedì e il sabato mattina.",
			Categories: []string{"BEN-EMPORIO"}, TargetGroups: []string{"DEST-FAM", "DEST-FRAGILI"}, Free: true, WaitingList: true,
			Days: []string{"TU", "SA"}, Opens: "09:00", Closes: "12:00"}}},
	{Name: "Centro di ascolto San Lorenzo", Kind: "parrocchia", Description: "Ascolto, orientamento e accompagnamento ai servizi.",
		Place: "Oratorio San Lorenzo", Address: "Piazza San Lorenzo 1", CAP: "20090", ISTAT: "015220",
		Services: []SampleService{{Name: "Centro di ascolto", Description: "Un volontario ascolta e orienta, il giovedì pomeriggio.",
			Categories: []string{"ASC-CENTRO"}, TargetGroups: []string{"DEST-TUTTI"}, Free: true, Days: []string{"TH"}, Opens: "15:00",
			Closes: "18:00", Languages: []string{"it", "en", "fr"}}}},
}

// SeedDemo fills the demo territory's porta di comunità with fictional
// people: a request waiting in triage (its receipt code is logged), a
// sentinel's signal, a case with two referrals (one accepted, one
// waiting) and a closed case. It returns the receipt code.
func (p *Porta) SeedDemo(ctx context.Context, territoryID string, who DemoPeople) (string, error) {
	as := func(u *auth.User) context.Context {
		return audit.WithActor(ctx, audit.Actor{ID: u.ID, Label: u.Email})
	}
	services, err := p.demoServices(as(who.Coordinator), territoryID, who)
	if err != nil {
		return "", err
	}
	_, code, err := p.Ask(ctx, Intake{ISTATCode: "015036", Categories: []string{"EDU"}, Urgency: UrgencyMedium, Lang: "it",
		Person: PersonDetails{FirstName: "Martina", LastName: "Esposito", BirthYear: 1986, Phone: "+393331234567",
			ContactPref: ContactPhone, ContactTimes: "dopo le 18"},
		Need: NeedDetails{Description: "Lavoro fino a tardi e cerco un doposcuola per mio figlio di 9 anni.", Involved: []string{"children"},
			ChildrenAges: []int{9}, Days: []string{"MO", "WE"}, Parts: []string{"afternoon"}, FreeOnly: true},
		Scopes: []string{ScopeCoordination, ScopeReferrals}, Method: MethodWeb}, nil)
	if err != nil {
		return "", fmt.Errorf("demo: request: %w", err)
	}
	if _, err := p.Signal(as(who.Volunteer), who.Volunteer, Intake{ISTATCode: "015093", Categories: []string{"ANZ-COMPAGNIA"},
		Urgency: UrgencyMedium, Person: PersonDetails{Recognize: "Il signore anziano del secondo piano, scala B"},
		Need: NeedDetails{Description: "Vive solo, da qualche settimana non scende più a prendere la posta.", Involved: []string{"elderly"},
			PersonKnows: "yes", PersonAgrees: "yes"}, Scopes: []string{ScopeCoordination}, Method: MethodSignal}, nil); err != nil {
		return "", fmt.Errorf("demo: signal: %w", err)
	}
	if err := p.demoCases(as(who.Coordinator), who, services); err != nil {
		return "", err
	}
	slog.Info("demo: porta di comunità ready; follow the waiting request with its receipt code", "code", code)
	return code, nil
}

// demoServices returns the two services to refer to: those given, when
// published, else demo ones published now; the demo operator works for the
// organization of the first.
func (p *Porta) demoServices(ctx context.Context, territoryID string, who DemoPeople) ([]string, error) {
	var ids, orgs []string
	for _, id := range who.Services {
		var org string
		if err := p.db.R.QueryRowContext(ctx, `SELECT organization_id FROM services WHERE id = $1 AND status = 'active'
			AND territory_id = $2`, id, territoryID).Scan(&org); err == nil {
			ids, orgs = append(ids, id), append(orgs, org)
		}
	}
	if len(ids) < 2 {
		ids, orgs = nil, nil
		for _, o := range demoServices {
			org, sids, err := PublishSample(ctx, p.dir, who.Coordinator, territoryID, o)
			if err != nil {
				return nil, fmt.Errorf("demo: publish %s: %w", o.Name, err)
			}
			ids, orgs = append(ids, sids[0]), append(orgs, org)
		}
	}
	ids, orgs = ids[:2], orgs[:2]
	if ok, _ := p.dir.Store.IsMember(ctx, orgs[0], who.Operator.ID); !ok {
		if err := p.dir.Store.AddMember(ctx, p.db.W, orgs[0], who.Operator.ID); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// demoCases records a desk need taken in charge and referred to two
// services (the first accepts), and an older case closed with an outcome.
func (p *Porta) demoCases(ctx context.Context, who DemoPeople, services []string) error {
	u := who.Coordinator
	desk := func(first, last, phone, istat, cat, text string, minors int) (*Need, error) {
		in := Intake{ISTATCode: istat, Categories: []string{cat}, Urgency: UrgencyMedium, Lang: "it",
			Person: PersonDetails{FirstName: first, LastName: last, Phone: phone, ContactPref: ContactPhone, Adults: 2, Minors: minors},
			Need:   NeedDetails{Description: text},
			Scopes: []string{ScopeCoordination, ScopeReferrals}, Method: MethodInPerson}
		if minors > 0 {
			in.Need.Involved = []string{"children"}
		}
		return p.Desk(ctx, u, in, nil)
	}
	n, err := desk("Samira", "Benali", "+393471234567", "015093", "BEN",
		"Famiglia con tre figli, il padre ha perso il lavoro: servono la spesa e un doposcuola.", 3)
	if err != nil {
		return fmt.Errorf("demo: desk: %w", err)
	}
	caseID, err := p.Assign(ctx, u, n.ID, "")
	if err != nil {
		return fmt.Errorf("demo: assign: %w", err)
	}
	refs, err := p.Refer(ctx, u, caseID, n.ID, services, "Famiglia di cinque persone, tre bambini dai 6 ai 12 anni. Chiamare la mamma, Samira, dopo le 16.")
	if err != nil {
		return fmt.Errorf("demo: refer: %w", err)
	}
	if err := p.move(audit.WithActor(ctx, audit.Actor{ID: who.Operator.ID, Label: who.Operator.Email}), refs[0],
		Move{To: RefAccepted, Note: "La aspettiamo lunedì alle 15."}); err != nil {
		return fmt.Errorf("demo: accept: %w", err)
	}
	old, err := desk("Luca", "Ferrari", "+390245861234", "015036", "LAV", "Cerca un corso per diventare magazziniere.", 0)
	if err != nil {
		return err
	}
	oldCase, err := p.Assign(ctx, u, old.ID, "")
	if err != nil {
		return err
	}
	if err := p.AddNote(ctx, u, oldCase, EventContact, "Indirizzato al centro per l'impiego: ha iniziato il corso."); err != nil {
		return err
	}
	return p.CloseCase(ctx, u, oldCase, OutcomeHelped, "")
}
