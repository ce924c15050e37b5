// Package people is Persone attive: volunteers, sentinels and natural
// helpers; organizations' opportunities and shifts; hours; training
// courses and qualifications. The work is split in subpackages —
// qualification, volunteer, hours, training — that this package wires
// together, with the pages that span them (a person's commitments and
// calendar feed) and the demo data.
package people

import (
	"context"
	"embed"
	"encoding/json"
	"io/fs"
	"time"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/people/hours"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/people/training"
	"github.com/trama-welfare/trama/internal/people/volunteer"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/i18n"
	"github.com/trama-welfare/trama/internal/platform/jobs"
	"github.com/trama-welfare/trama/internal/platform/secret"
	"github.com/trama-welfare/trama/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are the pages of every part of Persone attive, registered
// under the namespace "people".
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// Rules are Persone attive's rows of the permission table.
var Rules = common.Rules

// People is Persone attive, wired.
type People struct {
	Qualifications *qualification.Service
	Volunteers     *volunteer.Service
	Hours          *hours.Service
	Training       *training.Service
	db             *db.DB
	dir            *directory.Directory
	keys           *secret.Keyring
	mail           common.Mail
}

// New builds the services.
func New(d *db.DB, a *auth.Service, cat *i18n.Catalog, dir *directory.Directory, keys *secret.Keyring, g *geo.Store) *People {
	m := common.Mail{Auth: a, Cat: cat}
	q := qualification.NewService(d, a, m)
	return &People{
		Qualifications: q,
		Volunteers:     volunteer.NewService(d, a, dir, q.Store, keys, g, m),
		Hours:          hours.NewService(d, dir, m),
		Training:       training.NewService(d, dir, q.Store, m),
		db:             d, dir: dir, keys: keys, mail: m,
	}
}

// SetClock moves every service's clock (tests of time-dependent rules).
func (p *People) SetClock(now func() time.Time) {
	p.Volunteers.Now, p.Hours.Now, p.Training.Now = now, now, now
}

// Routes registers every page.
func (p *People) Routes(site *web.Site, r *web.Router) {
	volunteer.NewHandlers(site, p.Volunteers).Routes(r)
	hours.NewHandlers(site, p.Hours).Routes(r)
	training.NewHandlers(site, p.Training, p.courseOrgs).Routes(r)
	qualification.NewHandlers(site, p.Qualifications).Routes(r)
	h := &handlers{site: site, p: p}
	r.Handle("GET /volontariato/impegni", common.ActionVolunteer, h.mine)
	r.Handle("GET /volontariato/calendario", common.ActionVolunteer, h.calendarPage)
	r.Handle("POST /volontariato/calendario", common.ActionVolunteer, h.newCalendarLink)
	r.Handle("GET /calendario/{token}", auth.Public, h.feed)
}

// courseOrgs lists the organizations whose courses u may create.
func (p *People) courseOrgs(ctx context.Context, u *auth.User) ([][]string, error) {
	list, err := volunteer.OrgsOf(ctx, p.dir, u)
	out := make([][]string, 0, len(list))
	for _, o := range list {
		out = append(out, []string{o.ID, o.Name})
	}
	return out, err
}

// Navigation adds the entries and home cards.
func (p *People) Navigation(site *web.Site) {
	site.AddNav(
		web.NavItem{Href: "/volontariato", Key: "nav.volunteering", Action: auth.Public},
		web.NavItem{Href: "/formazione", Key: "nav.training", Action: auth.Public},
	)
	site.AddHomeCards(
		web.HomeCard{Href: "/volontariato", Key: "home.card.volunteering", Action: auth.Public, Icon: "it-star-outline", Section: "citizen"},
		web.HomeCard{Href: "/formazione", Key: "home.card.training", Action: auth.Public, Icon: "it-presentation", Section: "citizen"},
		web.HomeCard{Href: "/volontariato/impegni", Key: "home.card.commitments", Action: common.ActionVolunteer, Icon: "it-calendar", Section: "citizen"},
		web.HomeCard{Href: "/volontariato/gestione", Key: "home.card.org_volunteering", Action: common.ActionOrganize, Icon: "it-user", Section: "network"},
		web.HomeCard{Href: "/formazione/gestione", Key: "home.card.courses", Action: common.ActionOrganize, Icon: "it-presentation", Section: "network"},
		web.HomeCard{Href: "/coordinamento/qualifiche", Key: "home.card.qualifications", Action: common.ActionCoordinate, Icon: "it-check", Section: "coordination"},
		web.HomeCard{Href: "/coordinamento/rete-attiva", Key: "home.card.active_network", Action: common.ActionCoordinate, Icon: "it-map-marker", Section: "coordination"},
	)
}

// Job kinds.
const jobRenewals = "people.qualification_renewals"

// Jobs registers the periodic jobs: the day-before reminders of shifts
// (hourly, each sent once) and the renewal reminders of qualifications.
func (p *People) Jobs(q *jobs.Queue) {
	q.Register(volunteer.JobReminders, p.Volunteers.ReminderJob)
	q.Every(volunteer.JobReminders, time.Hour)
	q.Register(jobRenewals, func(ctx context.Context, _ json.RawMessage) error {
		_, err := p.Qualifications.SendRenewalReminders(ctx, time.Now())
		return err
	})
	q.Every(jobRenewals, 24*time.Hour)
}
