// Package searchtest publishes a small, fixed network of organizations and
// services through the directory's own workflow (create, edit, approve),
// around Buccinasco and in a few places far from it. The search-quality
// suite runs its queries on it on both engines, and the browser journeys
// search it.
package searchtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/territory"
)

// Place is a location of the fixture.
type Place struct {
	Key, Name, Address, CAP, ISTAT string
	Lat, Lon                       float64 // 0: none (the comune's centre is used)
	Accessible, Confidential       bool
}

// Service is a service of the fixture.
type Service struct {
	Key, Name, Description string
	Categories, Targets    []string
	MinAge, MaxAge         int // -1: none
	Free                   bool
	Fees                   string
	Languages              []string
	Places                 []string // place keys
	// Schedules: "SA 15:00-18:00", "MO,WE 10:00-11:00", "TU" (all day).
	Schedules []string
	Status    string // "" is active
}

// Org is an organization of the fixture with its places and services.
type Org struct {
	Key, Name, Description string
	Places                 []Place
	Services               []Service
	// Archive archives it after publishing; Pending leaves it unpublished.
	Archive, Pending bool
}

// Network is the fixture: published in this order (later is fresher).
var Network = []Org{
	{Key: "lodi", Name: "Polisportiva Lodigiana", Description: "Sport per tutti a Lodi.",
		Places: []Place{{Key: "palalodi", Name: "Palazzetto dello sport", Address: "Via Piermarini 1", CAP: "26900", ISTAT: "098031", Lat: 45.3140, Lon: 9.5030}},
		Services: []Service{
			{Key: "minibasket-lodi", Name: "Minibasket", Description: "Basket per bambini e bambine dai 6 ai 10 anni.",
				Categories: []string{"EDU-SPORT"}, Targets: []string{"DEST-BAMB"}, MinAge: 6, MaxAge: 10, Free: true,
				Places: []string{"palalodi"}, Schedules: []string{"SA 15:00-17:00"}},
		}},
	{Key: "roma", Name: "Associazione Sportiva Tevere", Description: "Calcio e sport di squadra a Roma.",
		Places: []Place{{Key: "campo-roma", Name: "Campo sportivo Tevere", Address: "Lungotevere 5", CAP: "00153", ISTAT: "058091", Lat: 41.8800, Lon: 12.4700}},
		Services: []Service{
			{Key: "calcio-roma", Name: "Scuola calcio", Description: "Calcio per bambini e ragazzi, allenamenti due volte a settimana.",
				Categories: []string{"EDU-SPORT"}, Targets: []string{"DEST-BAMB", "DEST-PREADO"}, MinAge: 6, MaxAge: 14, Fees: "40 euro al mese",
				Places: []string{"campo-roma"}, Schedules: []string{"TU,TH 17:00-18:30"}},
		}},
	{Key: "biblioteca", Name: "Biblioteca civica di Milano", Description: "La biblioteca dei ragazzi, con letture e laboratori.",
		Places: []Place{{Key: "bib", Name: "Sezione ragazzi", Address: "Corso di Porta Vittoria 6", CAP: "20122", ISTAT: "015146", Lat: 45.4610, Lon: 9.2010, Accessible: true}},
		Services: []Service{
			{Key: "letture", Name: "Letture animate", Description: "Storie lette ad alta voce per bambine e bambini, con un piccolo laboratorio.",
				Categories: []string{"EDU-LETT"}, Targets: []string{"DEST-INF", "DEST-BAMB"}, MinAge: 3, MaxAge: 8, Free: true,
				Places: []string{"bib"}, Schedules: []string{"SA 10:00-11:00"}},
			{Key: "italiano", Name: "Corso di italiano per stranieri", Description: "Lezioni di lingua italiana per adulti, livello A1 e A2.",
				Categories: []string{"MIG-ITAL"}, Targets: []string{"DEST-MIG"}, MinAge: 16, MaxAge: -1, Free: true, Languages: []string{"ar", "en"},
				Places: []string{"bib"}, Schedules: []string{"TU,TH 18:30-20:30"}},
		}},
	{Key: "tela", Name: "Cooperativa sociale La Tela", Description: "Servizi educativi per bambini, ragazzi e famiglie.",
		Places: []Place{{Key: "tela-assago", Name: "Centro La Tela", Address: "Via Roma 2", CAP: "20057", ISTAT: "015011", Lat: 45.4030, Lon: 9.1290}},
		Services: []Service{
			{Key: "ludoteca", Name: "Ludoteca Arcobaleno", Description: "Giochi, costruzioni e travestimenti per i più piccoli, con un educatore.",
				Categories: []string{"EDU-LUDO"}, Targets: []string{"DEST-INF", "DEST-BAMB"}, MinAge: 3, MaxAge: 10, Free: true,
				Places: []string{"tela-assago"}, Schedules: []string{"SA 10:00-12:30", "WE 16:00-18:00"}},
			{Key: "dsa", Name: "Sostegno scolastico per ragazzi con DSA", Description: "Metodo di studio e strumenti compensativi per studenti con disturbi dell'apprendimento.",
				Categories: []string{"DIS-SCUOLA"}, Targets: []string{"DEST-PREADO", "DEST-ADO"}, MinAge: 11, MaxAge: 17, Fees: "15 euro a incontro",
				Places: []string{"tela-assago"}, Schedules: []string{"WE 15:00-17:00"}},
		}},
	{Key: "oratorio", Name: "Oratorio San Luigi", Description: "L'oratorio della parrocchia: gioco, compiti e amicizia.",
		Places: []Place{{Key: "oratorio-corsico", Name: "Oratorio San Luigi", Address: "Via Cavour 3", CAP: "20094", ISTAT: "015093", Lat: 45.4320, Lon: 9.1130}},
		Services: []Service{
			{Key: "doposcuola", Name: "Doposcuola Il Girasole", Description: "Un aiuto nei compiti per i bambini delle elementari e i ragazzi delle medie, con volontari.",
				Categories: []string{"EDU-DOPO"}, Targets: []string{"DEST-BAMB", "DEST-PREADO"}, MinAge: 6, MaxAge: 13, Free: true,
				Places: []string{"oratorio-corsico"}, Schedules: []string{"MO,TU,WE,TH,FR 14:30-17:00"}},
			{Key: "grest", Name: "Grest estivo", Description: "Giochi, gite e laboratori per l'estate in oratorio.",
				Categories: []string{"EDU-ESTIVI"}, Targets: []string{"DEST-BAMB", "DEST-PREADO"}, MinAge: 6, MaxAge: 14, Fees: "Quota settimanale di 35 euro",
				Places: []string{"oratorio-corsico"}, Schedules: []string{"MO,TU,WE,TH,FR 09:00-17:00"}},
		}},
	{Key: "famiglie", Name: "Associazione Famiglie Insieme", Description: "Ascolto e sostegno alle famiglie del territorio.",
		Places: []Place{
			{Key: "sede-famiglie", Name: "Sede dell'associazione", Address: "Via Vittorio Emanuele 12", CAP: "20090", ISTAT: "015036", Lat: 45.4190, Lon: 9.1120},
			{Key: "rifugio", Name: "Casa rifugio", Address: "Via Segreta 99", CAP: "20090", ISTAT: "015036", Lat: 45.4250, Lon: 9.1000, Confidential: true},
		},
		Services: []Service{
			{Key: "sportello", Name: "Sportello famiglie", Description: "Informazioni, orientamento e consulenza per genitori.",
				Categories: []string{"FAM-CENTRO"}, Targets: []string{"DEST-FAM"}, MinAge: -1, MaxAge: -1, Free: true, Languages: []string{"it", "ar", "en"},
				Places: []string{"sede-famiglie"}, Schedules: []string{"TU 09:00-12:00", "TH 15:00-18:00"}},
			{Key: "antiviolenza", Name: "Centro antiviolenza", Description: "Ascolto, protezione e accoglienza per donne che subiscono violenza.",
				Categories: []string{"ASC-VIOL"}, Targets: []string{"DEST-DONNE"}, MinAge: -1, MaxAge: -1, Free: true,
				Places: []string{"rifugio"}},
		}},
	{Key: "polisportiva", Name: "Polisportiva Buccinasco APS", Description: "Sport per bambini, ragazzi e adulti a Buccinasco.",
		Places: []Place{{Key: "palestra", Name: "Palestra comunale", Address: "Via Roma 10", CAP: "20090", ISTAT: "015036", Lat: 45.4170, Lon: 9.1150, Accessible: true}},
		Services: []Service{
			{Key: "minibasket", Name: "Minibasket", Description: "Basket per bambini e bambine: gioco, squadra e divertimento.",
				Categories: []string{"EDU-SPORT"}, Targets: []string{"DEST-BAMB"}, MinAge: 6, MaxAge: 10, Free: true,
				Places: []string{"palestra"}, Schedules: []string{"SA 15:00-18:00"}},
			{Key: "calcio", Name: "Calcio giovanile", Description: "Allenamenti e partite per ragazze e ragazzi.",
				Categories: []string{"EDU-SPORT"}, Targets: []string{"DEST-BAMB", "DEST-PREADO"}, MinAge: 8, MaxAge: 14, Fees: "30 euro al mese",
				Places: []string{"palestra"}, Schedules: []string{"TU,TH 17:00-19:00"}},
			{Key: "ginnastica", Name: "Ginnastica dolce", Description: "Movimento leggero per la terza età, con un istruttore.",
				Categories: []string{"ANZ-ATTIV"}, Targets: []string{"DEST-ANZ"}, MinAge: 65, MaxAge: -1, Fees: "10 euro al mese",
				Places: []string{"palestra"}, Schedules: []string{"MO,WE 10:00-11:00"}},
			{Key: "nuoto-chiuso", Name: "Corso di nuoto", Description: "Nuoto per bambini: sospeso per lavori alla piscina.",
				Categories: []string{"EDU-SPORT"}, MinAge: 6, MaxAge: 12, Places: []string{"palestra"}, Status: directory.StatusInactive},
		}},
	{Key: "archiviata", Name: "Associazione Calcio Vecchio", Description: "Non più attiva.", Archive: true,
		Places: []Place{{Key: "campo-vecchio", Name: "Campo vecchio", Address: "Via Po 1", CAP: "20090", ISTAT: "015036"}},
		Services: []Service{{Key: "calcio-archiviato", Name: "Calcio per bambini", Description: "Calcio per bambini.",
			Categories: []string{"EDU-SPORT"}, MinAge: 6, MaxAge: 10, Places: []string{"campo-vecchio"}, Schedules: []string{"SA 15:00-16:00"}}}},
	{Key: "bozza", Name: "Associazione in bozza", Description: "Mai pubblicata.", Pending: true,
		Places: []Place{{Key: "bozza-sede", Name: "Sede", Address: "Via Po 2", CAP: "20090", ISTAT: "015036"}},
		Services: []Service{{Key: "calcio-bozza", Name: "Calcio in bozza", Description: "Calcio per bambini.",
			Categories: []string{"EDU-SPORT"}, MinAge: 6, MaxAge: 10, Places: []string{"bozza-sede"}, Schedules: []string{"SA 15:00-16:00"}}}},
}

// Fixture is the published network: ids by key.
type Fixture struct {
	TerritoryID string
	Admin       *auth.User
	Services    map[string]string // service key → id
	Names       map[string]string // service id → key
	Orgs        map[string]string // org key → id
}

// Key returns the fixture key of a service id ("" if unknown).
func (f *Fixture) Key(id string) string { return f.Names[id] }

// Publish creates the network in e through the directory's workflow.
func Publish(t testing.TB, e *apptest.Env) *Fixture {
	t.Helper()
	tr := &territory.Territory{Name: "Rete di prova"}
	if err := e.App.Territories.Create(e.Ctx, tr); err != nil {
		t.Fatal(err)
	}
	f := &Fixture{TerritoryID: tr.ID, Admin: e.CreateUser(auth.Admin, "admin-ricerca@prova.example"),
		Services: map[string]string{}, Names: map[string]string{}, Orgs: map[string]string{}}
	for _, o := range Network {
		f.publish(t, e, o)
	}
	return f
}

func (f *Fixture) publish(t testing.TB, e *apptest.Env, o Org) {
	t.Helper()
	dir := e.App.Directory
	v, err := dir.CreateOrganization(e.Ctx, f.Admin, directory.NewOrganization{Name: o.Name, Kind: "aps",
		Description: o.Description, TerritoryID: f.TerritoryID})
	if err != nil {
		t.Fatalf("searchtest: create %s: %v", o.Key, err)
	}
	f.Orgs[o.Key] = v.OrganizationID
	v, err = dir.Change(e.Ctx, f.Admin, v.OrganizationID, v.Revision, func(r *directory.Record) error {
		f.fill(r, o)
		return nil
	})
	if err != nil {
		t.Fatalf("searchtest: edit %s: %v", o.Key, err)
	}
	if o.Pending {
		return
	}
	if _, err := dir.Approve(e.Ctx, f.Admin, v.ID, ""); err != nil {
		t.Fatalf("searchtest: publish %s: %v", o.Key, err)
	}
	if o.Archive {
		if err := dir.SetArchived(e.Ctx, f.Admin, v.OrganizationID, true, "prova"); err != nil {
			t.Fatalf("searchtest: archive %s: %v", o.Key, err)
		}
	}
}

// fill writes the places and services of o into a draft record.
func (f *Fixture) fill(r *directory.Record, o Org) {
	locs := map[string]string{}
	for _, p := range o.Places {
		id := directory.NewID()
		l := directory.Location{ID: id, Name: p.Name, LocationType: directory.LocationPhysical,
			ISTATCode: p.ISTAT, Confidential: p.Confidential,
			Addresses: []directory.Address{{ID: directory.NewID(), LocationID: id, Address1: p.Address, PostalCode: p.CAP,
				Country: "IT", AddressType: directory.LocationPhysical}}}
		if p.Lat != 0 {
			lat, lon := p.Lat, p.Lon
			l.Latitude, l.Longitude = &lat, &lon
		}
		if p.Accessible {
			l.Accessibility = []directory.Accessibility{{ID: directory.NewID(), LocationID: id, Description: "Ingresso senza gradini, bagno accessibile"}}
		}
		locs[p.Key] = l.ID
		r.Locations = append(r.Locations, l)
	}
	for _, s := range o.Services {
		sv := directory.Service{ID: directory.NewID(), Name: s.Name, Description: s.Description, Status: directory.StatusActive,
			Categories: s.Categories, TargetGroups: s.Targets, Free: s.Free, FeesDescription: s.Fees}
		if s.Status != "" {
			sv.Status = s.Status
		}
		if s.MinAge >= 0 {
			n := s.MinAge
			sv.MinimumAge = &n
		}
		if s.MaxAge >= 0 {
			n := s.MaxAge
			sv.MaximumAge = &n
		}
		for _, code := range s.Languages {
			sv.Languages = append(sv.Languages, directory.Language{ID: directory.NewID(), ServiceID: sv.ID, Code: code})
		}
		for _, pk := range s.Places {
			sv.ServiceAtLocations = append(sv.ServiceAtLocations, directory.ServiceAtLocation{ID: directory.NewID(), ServiceID: sv.ID, LocationID: locs[pk]})
		}
		for _, spec := range s.Schedules {
			sv.Schedules = append(sv.Schedules, schedule(sv.ID, spec))
		}
		f.Services[s.Key] = sv.ID
		f.Names[sv.ID] = s.Key
		r.Services = append(r.Services, sv)
	}
}

// schedule reads "SA 15:00-18:00" (weekly on those days, those hours).
func schedule(serviceID, spec string) directory.Schedule {
	days, hours, _ := strings.Cut(spec, " ")
	s := directory.Schedule{ID: directory.NewID(), ServiceID: serviceID, Freq: "WEEKLY", ByDay: days}
	if hours != "" {
		opens, closes, ok := strings.Cut(hours, "-")
		if !ok {
			panic(fmt.Sprintf("searchtest: bad hours %q", spec))
		}
		s.OpensAt, s.ClosesAt = opens, closes
	}
	return s
}
