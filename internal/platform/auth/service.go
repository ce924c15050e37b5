package auth

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/i18n"
	"github.com/trama-welfare/trama/internal/platform/jobs"
	"github.com/trama-welfare/trama/internal/platform/mail"
	"github.com/trama-welfare/trama/internal/platform/ratelimit"
)

// Login throttling: failures counted per account and per address.
const (
	LoginWindow         = 15 * time.Minute
	LoginFailuresPerAcc = 5
	LoginFailuresPerIP  = 30
	ResetTTL            = time.Hour
	VerifyTTL           = 7 * 24 * time.Hour
	resetsPerHour       = 3
	// Per connection and hour: sign-ups and password reset requests (the
	// same for every address, so the limit reveals no account).
	SignupsPerIPHour = 10
	ResetsPerIPHour  = 20
)

// Service is the accounts workflow: login, registration, password reset,
// e-mail verification.
type Service struct {
	Store   *Store
	db      *db.DB
	limiter *ratelimit.Limiter
	cat     *i18n.Catalog
	baseURL string
}

// NewService wires the accounts workflow.
func NewService(d *db.DB, cat *i18n.Catalog, limiter *ratelimit.Limiter, baseURL string) *Service {
	return &Service{Store: NewStore(d), db: d, limiter: limiter, cat: cat, baseURL: strings.TrimRight(baseURL, "/")}
}

// Login checks e-mail and password and starts a session. Unknown e-mail,
// wrong password and disabled account get the same answer in the same time.
func (s *Service) Login(ctx context.Context, email, password, ip, userAgent string) (string, *User, error) {
	email = NormalizeEmail(email)
	acctKey, ipKey := "login:acct:"+email, "login:ip:"+ip
	nAcct, err := s.limiter.Count(ctx, acctKey, LoginWindow)
	if err != nil {
		return "", nil, err
	}
	nIP, err := s.limiter.Count(ctx, ipKey, LoginWindow)
	if err != nil {
		return "", nil, err
	}
	if nAcct >= LoginFailuresPerAcc || nIP >= LoginFailuresPerIP {
		return "", nil, errs.New(errs.TooMany, "errors.login_throttled", int(LoginWindow.Minutes()))
	}
	fail := func() (string, *User, error) {
		s.limiter.Hit(ctx, acctKey, LoginWindow)
		s.limiter.Hit(ctx, ipKey, LoginWindow)
		return "", nil, errs.E("errors.login_failed")
	}
	u, err := s.Store.UserByEmail(ctx, email)
	if errs.Is(err, errs.NotFound) {
		CheckPassword(dummyHash, password)
		return fail()
	}
	if err != nil {
		return "", nil, err
	}
	ok, stale, err := CheckPassword(u.passwordHash, password)
	if err != nil {
		slog.Error("auth: stored hash unreadable", "user", u.ID, "err", err)
	}
	if !ok || u.Disabled() {
		return fail()
	}
	s.limiter.Reset(ctx, acctKey)
	ctx = audit.WithActor(ctx, audit.Actor{ID: u.ID, Label: u.Email, IP: ip})
	if stale {
		if h, err := HashPassword(password); err == nil {
			s.Store.SetPasswordHash(ctx, s.db.W, u.ID, h)
		}
	}
	token, err := s.Store.CreateSession(ctx, u.ID, ip, userAgent)
	if err != nil {
		return "", nil, err
	}
	audit.Record(ctx, s.db.W, audit.Entry{Action: "login", Entity: "user", EntityID: u.ID})
	return token, u, nil
}

// Logout ends one session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, token)
}

// LogoutEverywhere ends every session of u.
func (s *Service) LogoutEverywhere(ctx context.Context, u *User) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.Store.DeleteSessions(ctx, tx, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "logout_everywhere", Entity: "user", EntityID: u.ID})
	})
}

// NewUser describes an account to create.
type NewUser struct {
	Email       string
	Name        string
	Role        Role
	TerritoryID string
	Lang        string
	Password    string // empty: a random one is generated and returned
	Verified    bool   // the e-mail address is known to be right
}

// CreateUser makes an account (command line, admins) and returns its
// password: the one given or a generated one.
func (s *Service) CreateUser(ctx context.Context, n NewUser) (*User, string, error) {
	pw := n.Password
	if pw == "" {
		pw = GeneratePassword()
	}
	if err := ValidatePassword(pw); err != nil {
		return nil, "", err
	}
	hash, err := HashPassword(pw)
	if err != nil {
		return nil, "", err
	}
	u := &User{Email: n.Email, Name: n.Name, Role: n.Role, TerritoryID: n.TerritoryID, Lang: n.Lang}
	if n.Verified {
		now := db.Now()
		u.EmailVerifiedAt = &now
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error { return s.Store.Create(ctx, tx, u, hash) })
	if err != nil {
		return nil, "", err
	}
	return u, pw, nil
}

// Registration is what a visitor fills in to create an account.
type Registration struct {
	Name, Email, Password, Lang string
	PrivacyAccepted             bool   // the privacy notice was read: recorded with its time
	IP                          string // the connection's address, for the hourly limit
}

// Register creates a citizen account and e-mails a verification link. When
// the address already has an account, the owner gets an e-mail saying so and
// the caller sees the same result: nobody learns who is registered.
func (s *Service) Register(ctx context.Context, reg Registration) error {
	name, email, password, lang := reg.Name, reg.Email, reg.Password, reg.Lang
	u := &User{Email: email, Name: name, Role: Citizen, Lang: lang}
	var f errs.Fields
	if err := u.Validate(); err != nil {
		e, _ := errs.As(err)
		f = e.Fields
	}
	if !reg.PrivacyAccepted {
		f.Add("privacy", "errors.privacy_required")
	}
	if err := ValidatePassword(password); err != nil {
		e, _ := errs.As(err)
		f.Add("password", e.Fields["password"].Key, e.Fields["password"].Args...)
	}
	if err := f.Err(); err != nil {
		return err
	}
	if err := s.perConnection(ctx, "signup:ip:"+reg.IP, SignupsPerIPHour); err != nil {
		return err
	}
	if _, err := s.Store.UserByEmail(ctx, u.Email); err == nil {
		// As long as a new account takes (the hash), and at most a few
		// e-mails an hour to the owner: nobody learns who is registered, and
		// nobody floods an address through this form.
		HashPassword(password)
		if ok, err := s.MailAllowed(ctx, "registered", u.Email); err != nil || !ok {
			return err
		}
		return s.mail(ctx, s.db.W, u.Email, lang, "mail.already_registered", s.link("/password/dimenticata", nil))
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := s.CreateApplicant(ctx, tx, u, password)
		return err
	})
}

// SendVerification e-mails u a new verification link.
func (s *Service) SendVerification(ctx context.Context, u *User) error {
	if u.Verified() {
		return nil
	}
	ok, err := s.limiter.Allow(ctx, "verify:"+u.ID, resetsPerHour, time.Hour)
	if err != nil || !ok {
		return errs.New(errs.TooMany, "errors.too_many_mails")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		token, err := s.Store.CreateToken(ctx, tx, u.ID, PurposeVerify, VerifyTTL)
		if err != nil {
			return err
		}
		return s.mail(ctx, tx, u.Email, u.Lang, "mail.verify", u.Name, s.link("/email/verifica", url.Values{"token": {token}}))
	})
}

// VerifyEmail marks the address of a token's user as confirmed.
func (s *Service) VerifyEmail(ctx context.Context, token string) (*User, error) {
	var u *User
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, err := s.Store.UseToken(ctx, tx, token, PurposeVerify)
		if err != nil {
			return err
		}
		if u, err = s.Store.one(ctx, tx, "id = $1", id); err != nil {
			return err
		}
		now := db.Now()
		u.EmailVerifiedAt = &now
		return s.Store.Update(ctx, tx, u)
	})
	return u, err
}

// JobReset is the job that makes and mails a password reset link.
const JobReset = "auth.reset"

// resetRequest is the payload of JobReset.
type resetRequest struct {
	Email string `json:"email"`
	Lang  string `json:"lang"`
}

// RequestReset queues a password reset link for email. The request does the
// same work whether the address has an account or not — the same limit
// counters and one JobReset job — so neither the page nor its timing tells
// who is registered; the job (ResetJob) looks the address up later. At most
// a few links per hour go to an address; a connection may ask
// ResetsPerIPHour times an hour.
func (s *Service) RequestReset(ctx context.Context, email, lang, ip string) error {
	email = NormalizeEmail(email)
	if !ValidEmail(email) {
		var f errs.Fields
		f.Add("email", "errors.email_invalid")
		return f.Err()
	}
	if err := s.perConnection(ctx, "reset:ip:"+ip, ResetsPerIPHour); err != nil {
		return err
	}
	ok, err := s.limiter.Allow(ctx, "reset:"+email, resetsPerHour, time.Hour)
	if err != nil || !ok {
		return err // silently drop the extra requests
	}
	return jobs.Enqueue(ctx, s.db.W, JobReset, resetRequest{Email: email, Lang: lang}, jobs.Options{})
}

// ResetJob runs JobReset: when the address has an active account, it stores
// a reset token and queues the e-mail with the link; otherwise it does
// nothing.
func (s *Service) ResetJob(ctx context.Context, payload json.RawMessage) error {
	var req resetRequest
	if err := json.Unmarshal(payload, &req); err != nil {
		return jobs.Permanent{Err: err}
	}
	u, err := s.Store.UserByEmail(ctx, req.Email)
	if errs.Is(err, errs.NotFound) || (err == nil && u.Disabled()) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		token, err := s.Store.CreateToken(ctx, tx, u.ID, PurposeReset, ResetTTL)
		if err != nil {
			return err
		}
		return s.mail(ctx, tx, u.Email, u.Lang, "mail.reset", u.Name,
			s.link("/password/reimposta", url.Values{"token": {token}}), int(ResetTTL.Minutes()))
	})
}

// RegisterJobs installs the accounts' jobs on q.
func (s *Service) RegisterJobs(q *jobs.Queue) { q.Register(JobReset, s.ResetJob) }

// perConnection counts a form sent from a connection and refuses it, with
// a message, beyond limit an hour.
func (s *Service) perConnection(ctx context.Context, key string, limit int) error {
	ok, err := s.limiter.Allow(ctx, key, limit, time.Hour)
	if err != nil {
		return err
	}
	if !ok {
		return errTooMany
	}
	return nil
}

var errTooMany = errs.New(errs.TooMany, "errors.too_many_requests")

// FormAllowed tells, with a message, whether a connection (ip) may still
// send a public form of a kind this hour: limit forms, counted by FormSent.
// Forms refused for their mistakes are not counted.
func (s *Service) FormAllowed(ctx context.Context, kind, ip string, limit int) error {
	n, err := s.limiter.Count(ctx, "form:"+kind+":"+ip, time.Hour)
	if err != nil {
		return err
	}
	if n >= limit {
		return errTooMany
	}
	return nil
}

// FormSent counts a public form a connection sent.
func (s *Service) FormSent(ctx context.Context, kind, ip string) error {
	_, err := s.limiter.Hit(ctx, "form:"+kind+":"+ip, time.Hour)
	return err
}

// MailAllowed tells whether one more e-mail of a kind may go to an address
// this hour (a few at most): public forms that mail an address a visitor
// typed use it, so that nobody floods an inbox through them.
func (s *Service) MailAllowed(ctx context.Context, kind, email string) (bool, error) {
	return s.limiter.Allow(ctx, "mail:"+kind+":"+NormalizeEmail(email), resetsPerHour, time.Hour)
}

// ResetValid tells whether a reset link can still be used.
func (s *Service) ResetValid(ctx context.Context, token string) bool {
	return s.Store.TokenValid(ctx, token, PurposeReset)
}

// ResetPassword sets a new password with a one-time link. Every session of
// the user ends; the address counts as verified (the link reached it).
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	if err := ValidatePassword(password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		id, err := s.Store.UseToken(ctx, tx, token, PurposeReset)
		if err != nil {
			return err
		}
		u, err := s.Store.one(ctx, tx, "id = $1", id)
		if err != nil {
			return err
		}
		ctx := audit.WithActor(ctx, audit.Actor{ID: u.ID, Label: u.Email, IP: audit.ActorFrom(ctx).IP})
		if err := s.Store.SetPasswordHash(ctx, tx, id, hash); err != nil {
			return err
		}
		if !u.Verified() {
			now := db.Now()
			u.EmailVerifiedAt = &now
			if err := s.Store.Update(ctx, tx, u); err != nil {
				return err
			}
		}
		return s.Store.DeleteSessions(ctx, tx, id)
	})
}

// ChangePassword replaces u's password after checking the current one and
// ends every session of u; the caller starts a new one for this browser.
func (s *Service) ChangePassword(ctx context.Context, u *User, current, next string) error {
	fresh, err := s.Store.User(ctx, u.ID)
	if err != nil {
		return err
	}
	if ok, _, _ := CheckPassword(fresh.passwordHash, current); !ok {
		var f errs.Fields
		f.Add("current", "errors.password_wrong")
		return f.Err()
	}
	if err := ValidatePassword(next); err != nil {
		return err
	}
	hash, err := HashPassword(next)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.Store.SetPasswordHash(ctx, tx, u.ID, hash); err != nil {
			return err
		}
		return s.Store.DeleteSessions(ctx, tx, u.ID)
	})
}

// SetRole changes a user's role (and territory when not empty).
func (s *Service) SetRole(ctx context.Context, email string, role Role, territoryID string) (*User, error) {
	if !role.Valid() {
		var f errs.Fields
		f.Add("role", "errors.role_invalid")
		return nil, f.Err()
	}
	u, err := s.Store.UserByEmail(ctx, email)
	if err != nil {
		return nil, err
	}
	u.Role = role
	if territoryID != "" {
		u.TerritoryID = territoryID
	}
	return u, s.db.Tx(ctx, func(tx *sql.Tx) error { return s.Store.Update(ctx, tx, u) })
}

// mail enqueues a message whose subject and body are the i18n keys
// key.subject and key.body.
func (s *Service) mail(ctx context.Context, q db.Querier, to, lang, key string, args ...any) error {
	return mail.Send(ctx, q, mail.Message{
		To:      to,
		Subject: s.cat.T(lang, key+".subject"),
		Body:    s.cat.T(lang, key+".body", args...),
	})
}

func (s *Service) link(path string, q url.Values) string {
	u := s.baseURL + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// BaseURL is where links in e-mails point.
func (s *Service) BaseURL() string { return s.baseURL }

// String is for logs.
func (u *User) String() string { return fmt.Sprintf("%s <%s> (%s)", u.Name, u.Email, u.Role) }

// UpdateProfile saves what users may change of themselves: name and language.
func (s *Service) UpdateProfile(ctx context.Context, u *User) error {
	fresh, err := s.Store.User(ctx, u.ID)
	if err != nil {
		return err
	}
	fresh.Name, fresh.Lang = u.Name, u.Lang
	return s.db.Tx(ctx, func(tx *sql.Tx) error { return s.Store.Update(ctx, tx, fresh) })
}

// InviteTTL is how long an invitation link stays valid.
const InviteTTL = 7 * 24 * time.Hour

// Invite creates an account for someone else (admins) and e-mails them a
// link to choose their password.
func (s *Service) Invite(ctx context.Context, n NewUser, inviter string) (*User, error) {
	var u *User
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = s.InviteIn(ctx, tx, n, inviter)
		return err
	})
	return u, err
}

// InviteIn is Invite inside the caller's transaction.
func (s *Service) InviteIn(ctx context.Context, q db.Querier, n NewUser, inviter string) (*User, error) {
	hash, err := HashPassword(GeneratePassword())
	if err != nil {
		return nil, err
	}
	u := &User{Email: n.Email, Name: n.Name, Role: n.Role, TerritoryID: n.TerritoryID, Lang: n.Lang}
	if err := s.Store.Create(ctx, q, u, hash); err != nil {
		return nil, err
	}
	token, err := s.Store.CreateToken(ctx, q, u.ID, PurposeReset, InviteTTL)
	if err != nil {
		return nil, err
	}
	return u, s.mail(ctx, q, u.Email, u.Lang, "mail.invite", u.Name, inviter,
		s.link("/password/reimposta", url.Values{"token": {token}}))
}

// CreateApplicant creates, in q, the account of someone who signs up (for
// themselves or an organization), records their acceptance of the privacy
// notice and e-mails them a link to confirm the address.
func (s *Service) CreateApplicant(ctx context.Context, q db.Querier, u *User, password string) (*User, error) {
	if err := ValidatePassword(password); err != nil {
		return nil, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	now := db.Now()
	u.PrivacyAcceptedAt = &now
	if err := s.Store.Create(ctx, q, u, hash); err != nil {
		return nil, err
	}
	token, err := s.Store.CreateToken(ctx, q, u.ID, PurposeVerify, VerifyTTL)
	if err != nil {
		return nil, err
	}
	return u, s.mail(ctx, q, u.Email, u.Lang, "mail.verify", u.Name, s.link("/email/verifica", url.Values{"token": {token}}))
}

// Notify e-mails u the message key.subject / key.body in their language.
func (s *Service) Notify(ctx context.Context, q db.Querier, u *User, key string, args ...any) error {
	return s.mail(ctx, q, u.Email, u.Lang, key, args...)
}

// AdminUpdate saves an admin's changes to an account: a disabled account is
// logged out everywhere, and the last active admin cannot be demoted or
// disabled (nobody could administer the installation any more).
func (s *Service) AdminUpdate(ctx context.Context, u *User) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.Store.one(ctx, tx, "id = $1", u.ID)
		if err != nil {
			return err
		}
		if before.Role == Admin && !before.Disabled() && (u.Role != Admin || u.Disabled()) {
			var admins int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL`).Scan(&admins); err != nil {
				return err
			}
			if admins <= 1 {
				return errs.New(errs.Conflict, "errors.last_admin")
			}
		}
		if err := s.Store.Update(ctx, tx, u); err != nil {
			return err
		}
		if u.Disabled() {
			return s.Store.DeleteSessions(ctx, tx, u.ID)
		}
		return nil
	})
}
