// Package bulletin is the bacheca della rete: organizations offer and ask
// each other for things — a room to lend, a van, volunteers to share, a
// call for partners — until an expiry date; others answer with private
// messages, and a weekly e-mail tells the network what is new.
package bulletin

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/participation/kit"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/validate"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// ActionUse opens the bulletin to the people of organizations.
const ActionUse auth.Action = "participation.bulletin.use"

// Rules are the bulletin's rows of the permission table.
var Rules = auth.Rules{ActionUse: {auth.Operator, auth.Coordinator, auth.Admin}}

// Kinds and categories of posts.
var (
	Kinds      = []string{"offer", "request"}
	Categories = []string{"space", "vehicle", "volunteers", "partners", "equipment", "other"}
)

// maxDays is how long a post may stay up.
const maxDays = 180

// Post is an offer or a request.
type Post struct {
	ID             string
	TerritoryID    string
	OrganizationID string
	OrgName        string
	Kind           string
	Category       string
	Title          string
	Body           string
	ExpiresOn      string
	ClosedAt       *time.Time
	CreatedAt      time.Time
	Messages       int
}

// Open tells whether it is still up.
func (p *Post) Open(today string) bool { return p.ClosedAt == nil && p.ExpiresOn >= today }

// Message is a reply in a conversation about a post.
type Message struct {
	ThreadOrg, ThreadName string
	FromOrg, FromName     string
	AuthorName            string
	Body                  string
	CreatedAt             time.Time
}

// Bulletin is the service.
type Bulletin struct{ *kit.Deps }

// New wires the service.
func New(d *kit.Deps) *Bulletin { return &Bulletin{Deps: d} }

func today() string { return time.Now().In(web.Rome).Format(time.DateOnly) }

const postCols = `p.id, COALESCE(p.territory_id, ''), p.organization_id, o.name, p.kind, p.category, p.title, p.body, p.expires_on,
	p.closed_at, p.created_at, (SELECT COUNT(*) FROM bulletin_messages m WHERE m.post_id = p.id)`

func scanPost(s kit.Scanner) (*Post, error) {
	var p Post
	var closed sql.NullTime
	err := s.Scan(&p.ID, &p.TerritoryID, &p.OrganizationID, &p.OrgName, &p.Kind, &p.Category, &p.Title, &p.Body, &p.ExpiresOn,
		&closed, &p.CreatedAt, &p.Messages)
	if closed.Valid {
		p.ClosedAt = &closed.Time
	}
	return &p, err
}

// territoryOf is the territory whose bulletin u reads ("" for admins: all).
func (s *Bulletin) territoryOf(ctx context.Context, u *auth.User) (string, error) {
	if u.Role == auth.Admin {
		return "", nil
	}
	if u.TerritoryID != "" {
		return u.TerritoryID, nil
	}
	orgs, err := s.OrgsOf(ctx, u)
	if err != nil || len(orgs) == 0 {
		return "-", err // nothing to see
	}
	return orgs[0].TerritoryID, nil
}

// List returns the open posts of u's territory, newest first.
func (s *Bulletin) List(ctx context.Context, u *auth.User, kind, category string) ([]*Post, error) {
	territory, err := s.territoryOf(ctx, u)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+postCols+` FROM bulletin_posts p JOIN organizations o ON o.id = p.organization_id
		WHERE ($1 = '' OR p.territory_id = $1) AND p.closed_at IS NULL AND p.expires_on >= $2
		AND ($3 = '' OR p.kind = $3) AND ($4 = '' OR p.category = $4) ORDER BY p.created_at DESC LIMIT 200`,
		territory, today(), kind, category)
	list, err := kit.Collect(rows, err, scanPost)
	if err != nil {
		return nil, fmt.Errorf("bulletin: list: %w", err)
	}
	return list, nil
}

// Post loads a post u may read: of their territory (admins: any).
func (s *Bulletin) Post(ctx context.Context, u *auth.User, id string) (*Post, error) {
	p, err := scanPost(s.DB.R.QueryRowContext(ctx, `SELECT `+postCols+` FROM bulletin_posts p
		JOIN organizations o ON o.id = p.organization_id WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, err
	}
	territory, err := s.territoryOf(ctx, u)
	if err != nil {
		return nil, err
	}
	if territory != "" && territory != p.TerritoryID && !s.MemberOf(ctx, u, p.OrganizationID) {
		return nil, errs.NotFoundErr()
	}
	return p, nil
}

// Create publishes a post for one of u's organizations.
func (s *Bulletin) Create(ctx context.Context, u *auth.User, p *Post) error {
	var c validate.Checker
	p.Title = c.MaxLength("title", c.Required("title", p.Title), 160)
	p.Body = c.MaxLength("body", c.Required("body", p.Body), 4000)
	p.ExpiresOn = c.Date("expires_on", c.Required("expires_on", p.ExpiresOn))
	if !slices.Contains(Kinds, p.Kind) {
		c.Fail("kind", "errors.required")
	}
	if !slices.Contains(Categories, p.Category) {
		c.Fail("category", "errors.required")
	}
	if p.ExpiresOn != "" && c.OK() {
		last := time.Now().In(web.Rome).AddDate(0, 0, maxDays).Format(time.DateOnly)
		if p.ExpiresOn < today() || p.ExpiresOn > last {
			c.Fail("expires_on", "participation.bulletin.errors.expiry", maxDays)
		}
	}
	o, err := s.OrgByID(ctx, p.OrganizationID)
	if err != nil || !s.MemberOf(ctx, u, o.ID) {
		c.Fail("organization_id", "participation.pact.errors.organization")
	}
	if err := c.Err(); err != nil {
		return err
	}
	p.ID, p.TerritoryID = kit.NewID(), o.TerritoryID
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := db.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO bulletin_posts (id, territory_id, organization_id, author_id, kind, category,
			title, body, expires_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
			p.ID, kit.Null(p.TerritoryID), p.OrganizationID, u.ID, p.Kind, p.Category, p.Title, p.Body, p.ExpiresOn, now); err != nil {
			return fmt.Errorf("bulletin: create: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "create", Entity: "bulletin_post", EntityID: p.ID})
	})
}

// Close takes a post down (its organization only).
func (s *Bulletin) Close(ctx context.Context, u *auth.User, p *Post) error {
	if !s.MemberOf(ctx, u, p.OrganizationID) {
		return errs.NotFoundErr()
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE bulletin_posts SET closed_at = $1, updated_at = $1 WHERE id = $2`, db.Now(), p.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "close", Entity: "bulletin_post", EntityID: p.ID})
	})
}

// Threads returns the conversations about a post u may read: all of them
// for the post's organization, their own for the others.
func (s *Bulletin) Threads(ctx context.Context, u *auth.User, p *Post) ([]Message, error) {
	owner := s.MemberOf(ctx, u, p.OrganizationID)
	rows, err := s.DB.R.QueryContext(ctx, `SELECT m.thread_org, t.name, m.from_org, f.name, COALESCE(u.name, ''), m.body, m.created_at
		FROM bulletin_messages m JOIN organizations t ON t.id = m.thread_org JOIN organizations f ON f.id = m.from_org
		LEFT JOIN users u ON u.id = m.author_id WHERE m.post_id = $1 AND ($2 OR m.thread_org IN
		(SELECT organization_id FROM organization_members WHERE user_id = $3)) ORDER BY t.name, m.thread_org, m.created_at`,
		p.ID, owner, u.ID)
	list, err := kit.Collect(rows, err, func(s kit.Scanner) (Message, error) {
		var m Message
		err := s.Scan(&m.ThreadOrg, &m.ThreadName, &m.FromOrg, &m.FromName, &m.AuthorName, &m.Body, &m.CreatedAt)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("bulletin: threads: %w", err)
	}
	return list, nil
}

// Reply sends a message about a post: from another organization of u (a
// new or its own conversation), or from the post's organization in an
// existing conversation. The other side's people get an e-mail.
func (s *Bulletin) Reply(ctx context.Context, u *auth.User, p *Post, fromOrg, threadOrg, body string) error {
	var c validate.Checker
	body = c.MaxLength("body", c.Required("body", body), 4000)
	if !s.MemberOf(ctx, u, fromOrg) {
		c.Fail("from_org", "participation.pact.errors.organization")
	}
	if fromOrg != p.OrganizationID {
		threadOrg = fromOrg
		if !p.Open(today()) {
			return errs.New(errs.Conflict, "participation.bulletin.errors.closed")
		}
	} else {
		var n int
		s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM bulletin_messages WHERE post_id = $1 AND thread_org = $2`, p.ID, threadOrg).Scan(&n)
		if n == 0 {
			c.Fail("body", "participation.bulletin.errors.thread")
		}
	}
	if err := c.Err(); err != nil {
		return err
	}
	to := p.OrganizationID
	if fromOrg == p.OrganizationID {
		to = threadOrg
	}
	from, err := s.OrgByID(ctx, fromOrg)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		id := kit.NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO bulletin_messages (id, post_id, thread_org, from_org, author_id, body, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, p.ID, threadOrg, fromOrg, u.ID, body, db.Now()); err != nil {
			return fmt.Errorf("bulletin: reply: %w", err)
		}
		if err := audit.Record(ctx, tx, audit.Entry{Action: "create", Entity: "bulletin_message", EntityID: id}); err != nil {
			return err
		}
		return s.MailMembers(ctx, tx, to, "participation.mail.bulletin_reply", from.Name, p.Title, body, s.Link("/bacheca/"+p.ID))
	})
}

// Subscribed tells whether u receives the weekly digest.
func (s *Bulletin) Subscribed(ctx context.Context, u *auth.User) bool {
	var n int
	s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM bulletin_digest_optout WHERE user_id = $1`, u.ID).Scan(&n)
	return n == 0
}

// SetDigest turns u's weekly digest on or off.
func (s *Bulletin) SetDigest(ctx context.Context, u *auth.User, on bool) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if on {
			_, err = tx.ExecContext(ctx, `DELETE FROM bulletin_digest_optout WHERE user_id = $1`, u.ID)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO bulletin_digest_optout (user_id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
				u.ID, db.Now())
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "digest", Entity: "user", EntityID: u.ID, Detail: map[string]any{"on": on}})
	})
}

// Digest e-mails, per territory, the posts of the last week still open to
// the people of its organizations who did not opt out. It returns how many
// e-mails it sent.
func (s *Bulletin) Digest(ctx context.Context, now time.Time) (int, error) {
	since := now.Add(-7 * 24 * time.Hour).UTC()
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+postCols+` FROM bulletin_posts p JOIN organizations o ON o.id = p.organization_id
		WHERE p.created_at >= $1 AND p.closed_at IS NULL AND p.expires_on >= $2 ORDER BY p.territory_id, p.created_at`,
		since, now.In(web.Rome).Format(time.DateOnly))
	if err != nil {
		return 0, fmt.Errorf("bulletin: digest: %w", err)
	}
	byTerritory := map[string][]*Post{}
	var order []string
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		if byTerritory[p.TerritoryID] == nil {
			order = append(order, p.TerritoryID)
		}
		byTerritory[p.TerritoryID] = append(byTerritory[p.TerritoryID], p)
	}
	rows.Close()
	sent := 0
	for _, t := range order {
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			list, err := kit.Recipients(ctx, tx, `SELECT DISTINCT u.email, u.name, u.lang FROM organization_members m
				JOIN users u ON u.id = m.user_id JOIN organizations o ON o.id = m.organization_id
				WHERE o.territory_id = $1 AND o.status = 'active' AND u.disabled_at IS NULL
				AND u.id NOT IN (SELECT user_id FROM bulletin_digest_optout) ORDER BY u.email`, t)
			if err != nil {
				return err
			}
			for _, r := range list {
				var b strings.Builder
				for _, p := range byTerritory[t] {
					fmt.Fprintf(&b, "- [%s] %s — %s (%s)\n  %s\n", s.Cat.T(r.Lang, "participation.bulletin.kind."+p.Kind), p.Title,
						p.OrgName, s.Cat.T(r.Lang, "participation.bulletin.until", p.ExpiresOn), s.Link("/bacheca/"+p.ID))
				}
				if err := s.Mail(ctx, tx, r.Email, r.Lang, "participation.mail.bulletin_digest", nil, r.Name, len(byTerritory[t]),
					b.String(), s.Link("/bacheca")); err != nil {
					return err
				}
				sent++
			}
			return nil
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}
