package directory

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// JoinTTL is how long the e-mailed link to finish joining stays valid.
const JoinTTL = 7 * 24 * time.Hour

// JoinRequest is a visitor's request to join the network, kept until the
// link e-mailed to Email is followed: what they typed, so nothing is lost.
type JoinRequest struct {
	Email        string          `json:"-"`
	Org          NewOrganization `json:"org"`
	Name         string          `json:"name"`
	Lang         string          `json:"lang"`
	PasswordHash string          `json:"password_hash"`
	PrivacyAt    time.Time       `json:"privacy_at"`
}

// Apply is the "aderisci" form of a visitor who is not logged in. Once
// everything is valid it stores the request and e-mails the address a
// link: to finish joining (a new account), or — when the address already
// has an account — to log in and confirm the organization's data. Nothing
// else is written, and the work is the same either way (the password is
// hashed, one row and one e-mail are queued): the page, the same for both,
// tells nobody who has an account. At most a few such e-mails an hour go
// to an address; beyond that, requests are dropped without a word.
func (d *Directory) Apply(ctx context.Context, authSvc *auth.Service, n NewOrganization, a Applicant) error {
	f := d.checkNew(ctx, &n)
	u := &auth.User{Name: a.Name, Email: a.Email, Role: auth.Operator, TerritoryID: n.TerritoryID, Lang: a.Lang}
	if err := u.Validate(); err != nil {
		e, _ := errs.As(err)
		for k, v := range e.Fields {
			f.Add("person_"+k, v.Key, v.Args...)
		}
	}
	if err := auth.ValidatePassword(a.Password); err != nil {
		e, _ := errs.As(err)
		f.Add("person_password", e.Fields["password"].Key, e.Fields["password"].Args...)
	}
	if !a.PrivacyAccepted {
		f.Add("privacy", "errors.privacy_required")
	}
	if len(f) > 0 {
		return f.Err()
	}
	hash, err := auth.HashPassword(a.Password)
	if err != nil {
		return err
	}
	if ok, err := authSvc.MailAllowed(ctx, "join", u.Email); err != nil || !ok {
		return err
	}
	_, err = authSvc.Store.UserByEmail(ctx, u.Email)
	exists := err == nil
	if err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	now := db.Now()
	payload, err := json.Marshal(JoinRequest{Org: n, Name: u.Name, Lang: u.Lang, PasswordHash: hash, PrivacyAt: now})
	if err != nil {
		return err
	}
	token, tokenHash := auth.NewToken()
	link := authSvc.BaseURL() + "/aderisci/conferma?" + url.Values{"token": {token}}.Encode()
	days := int(JoinTTL.Hours() / 24)
	return d.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO join_requests (token_hash, email, payload, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5)`, tokenHash, u.Email, string(payload), now, now.Add(JoinTTL)); err != nil {
			return fmt.Errorf("directory: store a join request: %w", err)
		}
		if exists {
			return authSvc.Notify(ctx, tx, u, "mail.join_existing", n.Name, link, days)
		}
		return authSvc.Notify(ctx, tx, u, "mail.join_new", u.Name, n.Name, link, days)
	})
}

var errJoinLink = errs.New(errs.Invalid, "errors.link_expired")

// JoinRequestFor reads the request of a join link, or says the link has
// expired (or was used).
func (d *Directory) JoinRequestFor(ctx context.Context, token string) (*JoinRequest, error) {
	var email, payload string
	err := d.db.R.QueryRowContext(ctx, `SELECT email, payload FROM join_requests WHERE token_hash = $1 AND expires_at > $2`,
		auth.HashToken(token), db.Now()).Scan(&email, &payload)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errJoinLink
	}
	if err != nil {
		return nil, fmt.Errorf("directory: join request: %w", err)
	}
	var req JoinRequest
	if err := json.Unmarshal([]byte(payload), &req); err != nil {
		return nil, fmt.Errorf("directory: join request: %w", err)
	}
	req.Email = email
	return &req, nil
}

// JoinOwner is the account that must confirm a join request: the one of its
// address, or nil when the address has none (FinishJoin makes it).
func (d *Directory) JoinOwner(ctx context.Context, authSvc *auth.Service, req *JoinRequest) (*auth.User, error) {
	u, err := authSvc.Store.UserByEmail(ctx, req.Email)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	return u, err
}

// FinishJoin turns the join request of token into the organization n (its
// data as confirmed on the page) with its first operator: current, who
// must own the request's address when it has an account; otherwise a new
// operatore account made from the request, its address confirmed by the
// link. The request is used up. It returns the draft and the member.
func (d *Directory) FinishJoin(ctx context.Context, authSvc *auth.Service, current *auth.User, token string, n NewOrganization) (*Version, *auth.User, error) {
	req, err := d.JoinRequestFor(ctx, token)
	if err != nil {
		return nil, nil, err
	}
	owner, err := d.JoinOwner(ctx, authSvc, req)
	if err != nil {
		return nil, nil, err
	}
	if owner != nil && (current == nil || current.ID != owner.ID) {
		return nil, nil, errs.ForbiddenErr()
	}
	if f := d.checkNew(ctx, &n); len(f) > 0 {
		return nil, nil, f.Err()
	}
	var v *Version
	member := owner
	err = d.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM join_requests WHERE token_hash = $1 AND expires_at > $2`,
			auth.HashToken(token), db.Now())
		if err != nil {
			return fmt.Errorf("directory: use a join request: %w", err)
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return errJoinLink
		}
		if member == nil {
			now := db.Now()
			member = &auth.User{Name: req.Name, Email: req.Email, Role: auth.Operator, TerritoryID: n.TerritoryID,
				Lang: req.Lang, EmailVerifiedAt: &now, PrivacyAcceptedAt: &req.PrivacyAt}
			if err := authSvc.Store.Create(ctx, tx, member, req.PasswordHash); err != nil {
				return err
			}
			ctx = audit.WithActor(ctx, audit.Actor{ID: member.ID, Label: member.Email, IP: audit.ActorFrom(ctx).IP})
		}
		v, err = d.join(ctx, tx, authSvc, member, n)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return v, member, nil
}

// PruneJoinRequests deletes the join requests whose link has expired.
func (d *Directory) PruneJoinRequests(ctx context.Context) error {
	_, err := d.db.W.ExecContext(ctx, `DELETE FROM join_requests WHERE expires_at < $1`, db.Now())
	return err
}
