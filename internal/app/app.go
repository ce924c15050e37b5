// Package app wires Trama together: database, stores, services, web pages
// and background jobs. The command line and the tests build the same App.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/trama-welfare/trama/data"
	"github.com/trama-welfare/trama/internal/account"
	"github.com/trama-welfare/trama/internal/admin"
	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/home"
	"github.com/trama-welfare/trama/internal/hsds"
	"github.com/trama-welfare/trama/internal/participation"
	"github.com/trama-welfare/trama/internal/people"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/i18n"
	"github.com/trama-welfare/trama/internal/platform/jobs"
	"github.com/trama-welfare/trama/internal/platform/mail"
	"github.com/trama-welfare/trama/internal/platform/ratelimit"
	"github.com/trama-welfare/trama/internal/platform/sealed"
	"github.com/trama-welfare/trama/internal/platform/secret"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/porta"
	"github.com/trama-welfare/trama/internal/portal"
	"github.com/trama-welfare/trama/internal/search"
	"github.com/trama-welfare/trama/internal/territory"
	webui "github.com/trama-welfare/trama/web"
)

// Config is the installation's configuration (flags with environment
// fallbacks, see cmd/trama).
type Config struct {
	Addr          string
	DB            string
	BaseURL       string
	SecretKeyFile string
	SecretKey     string
	SMTPURL       string
	MailFrom      string
	MapTiles      string
	SiteName      string
	MetricsToken  string
	Freshness     directory.Freshness
	Porta         porta.Config
	Participation participation.Config
	Demo          bool
	TrustProxy    bool
	Workers       int
	Version       string
}

// App is a running Trama.
type App struct {
	Config      Config
	DB          *db.DB
	Cat         *i18n.Catalog
	Site        *web.Site
	Router      *web.Router
	Jobs        *jobs.Queue
	Mailer      *mail.Mailer
	Auth        *auth.Service
	Limiter     *ratelimit.Limiter
	Keys        *secret.Keyring
	Geo         *geo.Store
	Territories *territory.Store
	Directory   *directory.Directory
	People      *people.People
	Porta       *porta.Porta
	Sealed      []sealed.Table // every table with encrypted columns, for key rotation
	Search      *search.Index
	HSDS        *hsds.HSDS
	Metrics     *web.Metrics
	handler     http.Handler

	// Participation: events, laboratori di comunità, pact and network, bulletin.
	Participation *participation.Participation
}

// Prepare migrates the database and loads the reference data.
func Prepare(ctx context.Context, d *db.DB) error {
	if err := db.Migrate(ctx, d); err != nil {
		return err
	}
	return geo.LoadComuni(ctx, d)
}

// Open opens the database, brings it up to date and builds the whole app.
func Open(ctx context.Context, cfg Config) (*App, error) {
	cfg = withDefaults(cfg)
	d, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	if err := Prepare(ctx, d); err != nil {
		d.Close()
		return nil, err
	}
	a, err := New(cfg, d)
	if err != nil {
		d.Close()
		return nil, err
	}
	return a, nil
}

func withDefaults(cfg Config) Config {
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:8080"
	}
	if cfg.DB == "" {
		cfg.DB = "trama.db"
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + cfg.Addr
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.MailFrom == "" {
		cfg.MailFrom = "Trama <noreply@localhost>"
	}
	if cfg.SiteName == "" {
		cfg.SiteName = "Trama"
	}
	if cfg.MapTiles == "" {
		cfg.MapTiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	if cfg.Version == "" {
		cfg.Version = "dev"
	}
	if cfg.Freshness.Months <= 0 {
		cfg.Freshness = directory.DefaultFreshness
	}
	return cfg
}

// New builds the app on an open, migrated database.
func New(cfg Config, d *db.DB) (*App, error) {
	cfg = withDefaults(cfg)
	cat, err := i18n.Load(webui.Locales())
	if err != nil {
		return nil, err
	}
	assets, err := web.NewAssets(webui.Static())
	if err != nil {
		return nil, fmt.Errorf("app: static assets: %w", err)
	}
	if !assets.Has("vendor/bootstrap-italia/css/bootstrap-italia.min.css") {
		slog.Warn("Bootstrap Italia assets are missing: run `make assets` (pages will work, unstyled)")
	}
	mailer, err := mail.NewMailer(d, cfg.SMTPURL, cfg.MailFrom)
	if err != nil {
		return nil, err
	}
	keys, err := loadKeys(cfg, d)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, DB: d, Cat: cat, Mailer: mailer, Jobs: jobs.NewQueue(d), Keys: keys,
		Limiter: ratelimit.New(d), Geo: geo.NewStore(d), Territories: territory.NewStore(d), Metrics: web.NewMetrics()}
	a.Auth = auth.NewService(d, cat, a.Limiter, cfg.BaseURL)
	a.Directory = directory.New(d, directory.NewTaxonomies(d), directory.MailNotifier{Auth: a.Auth, DB: d})
	a.Directory.Freshness = cfg.Freshness
	a.People = people.New(d, a.Auth, cat, a.Directory, keys, a.Geo)
	a.Porta = porta.New(d, keys, a.Auth, a.Directory, a.Geo, a.Territories, a.People.Qualifications, cfg.Porta)
	a.Sealed = append(a.Sealed, porta.SealedTables...)
	a.Sealed = append(a.Sealed, peopleSealed...)
	searchEnv, err := search.NewEnv(a.Directory.Tax)
	if err != nil {
		return nil, err
	}
	a.Search = search.New(d, searchEnv, a.Directory.Store.PublishedIn)
	a.People.Volunteers.FindComune = searchEnv.FindComune
	a.Directory.SetIndexer(a.Search)
	if a.HSDS, err = hsds.New(d, a.Directory, cfg.BaseURL); err != nil {
		return nil, err
	}
	a.HSDS.Text = a.Search

	a.Site = &web.Site{
		Config: web.SiteConfig{SiteName: cfg.SiteName, BaseURL: cfg.BaseURL, Demo: cfg.Demo, MapTiles: cfg.MapTiles,
			SecureCookies: strings.HasPrefix(cfg.BaseURL, "https://"), Version: cfg.Version},
		Cat: cat, Policy: auth.NewPolicy(auth.PlatformRules, directory.Rules, people.Rules, porta.Rules, participation.Rules, search.Rules, hsds.Rules), Auth: a.Auth, Assets: assets,
		Attribution: data.Attribution,
		HeaderName: func(ctx context.Context, u *auth.User) string {
			tid := ""
			if u != nil {
				tid = u.TerritoryID
			}
			return a.Territories.HeaderName(ctx, tid, cfg.SiteName)
		},
	}
	if cfg.Demo {
		for _, d := range DemoAccounts {
			a.Site.DemoAccounts = append(a.Site.DemoAccounts, web.DemoAccount{Role: d.Role, Email: d.Email, Password: d.Password})
		}
	}

	modules := map[string]fs.FS{
		"account":   account.Templates(),
		"admin":     admin.Templates(),
		"territory": territory.Templates(),
		"home":      home.Templates(),
		"directory": directory.Templates(),
		"people":    people.Templates(),
		"porta":     porta.Templates(),
		"search":    search.Templates(),
		"hsds":      hsds.Templates(),
		"portal":    portal.Templates(),
	}
	maps.Copy(modules, participation.Templates())
	if a.Site.Renderer, err = web.NewRenderer(webui.Templates(), web.Funcs(assets), modules); err != nil {
		return nil, err
	}

	a.Participation = participation.New(participation.Deps{Site: a.Site, DB: d, Auth: a.Auth, Keys: keys, Limiter: a.Limiter,
		Dir: a.Directory, Geo: a.Geo, Cat: cat, BaseURL: cfg.BaseURL, Config: cfg.Participation})
	a.Participation.SetReferrals(a.Porta)

	a.Router = web.NewRouter(a.Site)
	a.routes()
	a.navigation()
	a.jobs()
	a.handler = a.Site.Chain(a.Router, a.Metrics, cfg.TrustProxy)
	return a, nil
}

// loadKeys loads the key that encrypts sensitive data. A SQLite installation
// without one gets a key file beside the database; PostgreSQL installations
// (several instances) must configure the same key everywhere.
func loadKeys(cfg Config, d *db.DB) (*secret.Keyring, error) {
	createAt := ""
	if d.Dialect == db.SQLite {
		createAt = d.Path + ".key"
	}
	keys, created, err := secret.Load(cfg.SecretKey, cfg.SecretKeyFile, createAt)
	if err != nil {
		return nil, fmt.Errorf("%w (generate one with: openssl rand -base64 32)", err)
	}
	if created != "" {
		slog.Warn("created a new secret key file: back it up apart from the database, or sensitive data cannot be read after a restore", "file", created)
	}
	return keys, nil
}

func (a *App) routes() {
	r := a.Router
	pt := portal.New(a.Site, a.Directory, a.Search, a.Territories, a.Config.BaseURL)
	home.NewHandlers(a.Site).WithCitizen(pt.Home).Routes(r)
	account.NewHandlers(a.Site, a.Auth, a.Config.TrustProxy).WithVolunteer(a.People.IsVolunteer).Routes(r)
	admin.NewHandlers(a.Site, a.DB, a.Auth, a.Territories, a.Mailer).Routes(r)
	territory.NewHandlers(a.Site, a.Territories, a.Geo).Routes(r)
	directory.NewHandlers(a.Site, a.Directory, a.Auth, a.Geo, a.Territories, a.Keys).Routes(r)
	a.Participation.Routes(r)
	a.People.Routes(a.Site, r)
	porta.NewHandlers(a.Site, a.Porta, a.Limiter, a.Config.TrustProxy).Routes(r)
	search.NewHandlers(a.Site, a.Search, a.Geo, a.Config.Freshness).Routes(r)
	pt.Routes(r)
	a.HSDS.API.Routes(r)
	a.HSDS.Handlers(a.Site, a.Territories, a.Jobs).Routes(r)
	r.HandleRaw("GET /static/", a.Site.Assets)
	a.operations()
}

func (a *App) navigation() {
	a.Site.AddNav(
		web.NavItem{Href: "/servizi", Key: "nav.search", Action: auth.Public},
		web.NavItem{Href: "/ente", Key: "nav.my_organization", Action: directory.ActionManage},
		web.NavItem{Href: "/rete", Key: "nav.network", Action: directory.ActionNetwork},
		web.NavItem{Href: "/coordinamento/enti", Key: "nav.coordination", Action: directory.ActionReview},
		web.NavItem{Href: "/chiedi-aiuto", Key: "nav.ask_help", Action: auth.Public},
		web.NavItem{Href: "/segnalazioni", Key: "nav.signals", Action: porta.ActionSignal},
		web.NavItem{Href: "/invii", Key: "nav.referrals", Action: porta.ActionInbox},
		web.NavItem{Href: "/coordinamento/porta", Key: "nav.porta", Action: porta.ActionTriage},
		web.NavItem{Href: "/coordinamento/importa", Key: "nav.import", Action: hsds.ActionImport},
		web.NavItem{Href: "/admin/utenti", Key: "nav.admin_users", Action: auth.AdminUsers},
		web.NavItem{Href: "/admin/ambiti", Key: "nav.admin_territories", Action: auth.AdminTerritories},
		web.NavItem{Href: "/admin/registro", Key: "nav.admin_audit", Action: auth.AdminAudit},
		web.NavItem{Href: "/admin/tassonomie", Key: "nav.admin_taxonomies", Action: directory.ActionTaxonomy},
	)
	a.Site.AddHomeCards(
		web.HomeCard{Href: "/aderisci", Key: "home.card.join", Action: auth.Public, Icon: "it-plus-circle", Section: "network"},
		web.HomeCard{Href: "/ente", Key: "home.card.my_organization", Action: directory.ActionManage, Icon: "it-pencil", Section: "network"},
		web.HomeCard{Href: "/rete", Key: "home.card.network", Action: directory.ActionNetwork, Icon: "it-share", Section: "network"},
		web.HomeCard{Href: "/coordinamento/validazioni", Key: "home.card.queue", Action: directory.ActionReview, Icon: "it-check-circle", Section: "coordination"},
		web.HomeCard{Href: "/coordinamento/enti", Key: "home.card.office", Action: directory.ActionReview, Icon: "it-folder", Section: "coordination"},
		web.HomeCard{Href: "/chiedi-aiuto", Key: "home.card.ask_help", Action: auth.Public, Icon: "it-help-circle", Section: "citizen"},
		web.HomeCard{Href: "/chiedi-aiuto/segui", Key: "home.card.follow", Action: auth.Public, Icon: "it-search", Section: "citizen"},
		web.HomeCard{Href: "/segnalazioni", Key: "home.card.signals", Action: porta.ActionSignal, Icon: "it-flag", Section: "citizen"},
		web.HomeCard{Href: "/invii", Key: "home.card.referrals", Action: porta.ActionInbox, Icon: "it-inbox", Section: "network"},
		web.HomeCard{Href: "/sportello", Key: "home.card.desk", Action: porta.ActionDesk, Icon: "it-comment", Section: "network"},
		web.HomeCard{Href: "/coordinamento/porta", Key: "home.card.porta", Action: porta.ActionTriage, Icon: "it-horn", Section: "coordination"},
		web.HomeCard{Href: "/coordinamento/importa", Key: "home.card.import", Action: hsds.ActionImport, Icon: "it-upload", Section: "coordination"},
		web.HomeCard{Href: "/profilo", Key: "home.card.profile", Action: auth.SignedIn, Icon: "it-user", Section: "citizen"},
		web.HomeCard{Href: "/admin/utenti", Key: "home.card.users", Action: auth.AdminUsers, Icon: "it-users", Section: "admin"},
		web.HomeCard{Href: "/admin/ambiti", Key: "home.card.territories", Action: auth.AdminTerritories, Icon: "it-map-marker-circle", Section: "admin"},
		web.HomeCard{Href: "/admin/registro", Key: "home.card.audit", Action: auth.AdminAudit, Icon: "it-files", Section: "admin"},
		web.HomeCard{Href: "/admin/posta", Key: "home.card.outbox", Action: auth.AdminOutbox, Icon: "it-mail", Section: "admin"},
	)
	a.Participation.Navigation(a.Site)
	a.People.Navigation(a.Site)
}

// Periodic housekeeping job kinds.
const (
	jobPruneSessions = "platform.prune_sessions"
	jobPruneLimits   = "platform.prune_rate_limits"
	jobPruneJobs     = "platform.prune_jobs"
)

func (a *App) jobs() {
	a.Mailer.Register(a.Jobs)
	a.Auth.RegisterJobs(a.Jobs)
	a.Jobs.Register(jobPruneSessions, func(ctx context.Context, _ json.RawMessage) error {
		if err := a.Directory.PruneJoinRequests(ctx); err != nil {
			return err
		}
		return a.Auth.Store.PruneSessions(ctx)
	})
	a.Jobs.Register(jobPruneLimits, func(ctx context.Context, _ json.RawMessage) error {
		_, err := a.Limiter.Prune(ctx, time.Now().Add(-24*time.Hour))
		return err
	})
	a.Jobs.Register(jobPruneJobs, func(ctx context.Context, _ json.RawMessage) error {
		_, err := jobs.Prune(ctx, a.DB, time.Now().Add(-7*24*time.Hour))
		return err
	})
	a.Jobs.Register(directory.JobReminders, a.Directory.ReminderJob(a.Auth, a.Keys))
	a.Jobs.Register(hsds.JobTemplateImport, a.HSDS.TemplateJob)
	a.Jobs.Every(directory.JobReminders, 24*time.Hour)
	a.Jobs.Register(directory.JobPruneLogos, func(ctx context.Context, _ json.RawMessage) error {
		_, err := a.Directory.Store.PruneLogos(ctx, time.Now().Add(-24*time.Hour))
		return err
	})
	a.Jobs.Every(directory.JobPruneLogos, 24*time.Hour)
	a.Jobs.Register(porta.JobReminders, a.Porta.ReminderJob())
	a.Jobs.Every(porta.JobReminders, 24*time.Hour)
	a.Jobs.Register(porta.JobRetention, a.Porta.RetentionJob())
	a.Jobs.Every(porta.JobRetention, 24*time.Hour)
	a.Jobs.Every(jobPruneSessions, time.Hour)
	a.Jobs.Every(jobPruneLimits, time.Hour)
	a.Jobs.Every(jobPruneJobs, 24*time.Hour)
	a.Participation.Jobs(a.Jobs)
	a.People.Jobs(a.Jobs)
}

// Handler is the whole site with its middleware.
func (a *App) Handler() http.Handler { return a.handler }

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }

// Serve listens on cfg.Addr and runs the background jobs until ctx ends,
// then lets in-flight requests and jobs finish (up to 20 seconds).
func (a *App) Serve(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.Config.Addr, err)
	}
	return a.ServeListener(ctx, ln)
}

// ServeListener is Serve on an existing listener.
func (a *App) ServeListener(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	jobsCtx, stopJobs := context.WithCancel(context.Background())
	jobsDone := make(chan struct{})
	go func() {
		a.Jobs.Run(jobsCtx, a.Config.Workers)
		close(jobsDone)
	}()

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	slog.Info("Trama is listening", "url", "http://"+ln.Addr().String(), "db", a.DB.Dialect, "demo", a.Config.Demo)

	select {
	case err := <-errc:
		stopJobs()
		<-jobsDone
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down: finishing requests in flight")
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := srv.Shutdown(shutCtx)
	stopJobs()
	<-jobsDone
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
