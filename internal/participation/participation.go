// Package participation is Partecipazione: events with registration and
// waiting lists (events), laboratori di comunità (labs), the Patto di
// comunità and the network of its signatories (pact) and the bulletin
// between organizations (bulletin). This package wires them into the app.
package participation

import (
	"io/fs"
	"maps"
	"time"

	"github.com/trama-welfare/trama/internal/participation/bulletin"
	"github.com/trama-welfare/trama/internal/participation/events"
	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/participation/labs"
	"github.com/trama-welfare/trama/internal/participation/pact"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/jobs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Config tunes Partecipazione (retention of registrants' data, limits).
type Config = kit.Config

// Deps are the platform services Partecipazione uses.
type Deps = kit.Deps

// Rules are Partecipazione's rows of the permission table.
var Rules = merge(events.Rules, labs.Rules, pact.Rules, bulletin.Rules)

func merge(sets ...auth.Rules) auth.Rules {
	out := auth.Rules{}
	for _, s := range sets {
		maps.Copy(out, s)
	}
	return out
}

// Templates are the pages, by namespace.
func Templates() map[string]fs.FS {
	return map[string]fs.FS{"events": events.Templates(), "labs": labs.Templates(), "pact": pact.Templates(),
		"bulletin": bulletin.Templates()}
}

// Participation holds the parts.
type Participation struct {
	Deps     *kit.Deps
	Events   *events.Events
	Labs     *labs.Labs
	Pact     *pact.Service
	Bulletin *bulletin.Bulletin
}

// New wires the parts on d.
func New(d Deps) *Participation {
	d.Config = d.Config.WithDefaults()
	p := &Participation{Deps: &d}
	p.Events = events.New(p.Deps)
	p.Labs = labs.New(p.Deps)
	p.Pact = pact.New(p.Deps)
	p.Bulletin = bulletin.New(p.Deps)
	return p
}

// SetReferrals adds the referrals exchanged between organizations to the
// network graph (the porta capability calls it when wired).
func (p *Participation) SetReferrals(src pact.ReferralSource) { p.Pact.Referrals = src }

// Routes registers every page.
func (p *Participation) Routes(r *web.Router) {
	p.Events.Routes(r)
	p.Labs.Routes(r)
	p.Pact.Routes(r)
	p.Bulletin.Routes(r)
}

// Navigation adds the menu entries and home cards.
func (p *Participation) Navigation(s *web.Site) {
	s.AddNav(
		web.NavItem{Href: "/eventi", Key: "nav.events", Action: auth.Public},
		web.NavItem{Href: "/laboratori", Key: "nav.labs", Action: auth.Public},
		web.NavItem{Href: "/patto", Key: "nav.pact", Action: auth.Public},
		web.NavItem{Href: "/bacheca", Key: "nav.bulletin", Action: bulletin.ActionUse},
	)
	s.AddHomeCards(
		web.HomeCard{Href: "/eventi", Key: "home.card.events", Action: auth.Public, Icon: "it-calendar", Section: "citizen"},
		web.HomeCard{Href: "/laboratori", Key: "home.card.labs", Action: auth.Public, Icon: "it-comment", Section: "citizen"},
		web.HomeCard{Href: "/patto", Key: "home.card.pact", Action: auth.Public, Icon: "it-file", Section: "citizen"},
		web.HomeCard{Href: "/rete/mappa", Key: "home.card.network_map", Action: auth.Public, Icon: "it-share", Section: "network"},
		web.HomeCard{Href: "/bacheca", Key: "home.card.bulletin", Action: bulletin.ActionUse, Icon: "it-horn", Section: "network"},
		web.HomeCard{Href: "/eventi/gestione", Key: "home.card.my_events", Action: events.ActionManage, Icon: "it-calendar", Section: "network"},
	)
}

// Job kinds.
const (
	JobPurge     = "participation.purge_registrants"
	JobReminders = "participation.event_reminders"
	JobDigest    = "participation.bulletin_digest"
)

// Jobs registers the periodic work: reminders before events, the purge of
// registrants' personal data and the bulletin's weekly digest.
func (p *Participation) Jobs(q *jobs.Queue) {
	q.Register(JobPurge, p.Events.PurgeJob)
	q.Register(JobReminders, p.Events.RemindJob)
	q.Every(JobPurge, 24*time.Hour)
	q.Every(JobReminders, time.Hour)
	q.Register(JobDigest, p.Bulletin.DigestJob)
	q.Every(JobDigest, 7*24*time.Hour)
}
