package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/i18n"
	"github.com/trama-welfare/trama/internal/platform/jobs"
	"github.com/trama-welfare/trama/internal/platform/ratelimit"
	webui "github.com/trama-welfare/trama/web"
)

func newService(t *testing.T, d *db.DB) *auth.Service {
	t.Helper()
	cat, err := i18n.Load(webui.Locales())
	if err != nil {
		t.Fatal(err)
	}
	return auth.NewService(d, cat, ratelimit.New(d), "https://trama.example")
}

var ctx = audit.WithActor(context.Background(), audit.Actor{Label: "test"})

func TestPasswordHashing(t *testing.T) {
	h, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("unexpected PHC string %q", h)
	}
	if ok, stale, err := auth.CheckPassword(h, "correct horse battery"); !ok || stale || err != nil {
		t.Errorf("right password: ok=%v stale=%v err=%v", ok, stale, err)
	}
	if ok, _, _ := auth.CheckPassword(h, "correct horse batterY"); ok {
		t.Error("wrong password accepted")
	}
	weak := "$argon2id$v=19$m=1024,t=1,p=1$" + strings.SplitN(h, "$", 6)[4] + "$" + strings.SplitN(h, "$", 6)[5]
	if _, stale, _ := auth.CheckPassword(weak, "x"); !stale {
		t.Error("hash with weaker parameters not reported stale")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$a$b", "$argon2id$v=19$m=x$a$b"} {
		if _, _, err := auth.CheckPassword(bad, "x"); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
	pw := auth.GeneratePassword()
	if len(pw) != 23 || auth.ValidatePassword(pw) != nil {
		t.Errorf("generated password %q is not valid", pw)
	}
}

func TestValidation(t *testing.T) {
	cases := []struct {
		u     auth.User
		field string
	}{
		{auth.User{Email: "not-an-email", Name: "A", Role: auth.Citizen}, "email"},
		{auth.User{Email: "a@localhost", Name: "A", Role: auth.Citizen}, "email"},
		{auth.User{Email: "Mario Rossi <m@r.it>", Name: "A", Role: auth.Citizen}, "email"},
		{auth.User{Email: "m@r.it", Name: "  ", Role: auth.Citizen}, "name"},
		{auth.User{Email: "m@r.it", Name: strings.Repeat("x", 121), Role: auth.Citizen}, "name"},
		{auth.User{Email: "m@r.it", Name: "A", Role: "superuser"}, "role"},
	}
	for _, c := range cases {
		err := c.u.Validate()
		e, ok := errs.As(err)
		if !ok || !e.Fields.Has(c.field) {
			t.Errorf("%+v: want an error on %s, got %v", c.u, c.field, err)
		}
	}
	good := auth.User{Email: "  Mario.Rossi@Esempio.IT ", Name: "Mario", Role: auth.Volunteer}
	if err := good.Validate(); err != nil || good.Email != "mario.rossi@esempio.it" {
		t.Errorf("good user: %v, email %q", err, good.Email)
	}
	if err := auth.ValidatePassword("short"); !errs.Is(err, errs.Invalid) {
		t.Error("short password accepted")
	}
}

func TestLoginSessionsAndThrottle(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		u, _, err := s.CreateUser(ctx, auth.NewUser{Email: "op@ente.it", Name: "Op", Role: auth.Operator, Password: "una-password-lunga"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.CreateUser(ctx, auth.NewUser{Email: "OP@ente.it", Name: "Dup", Role: auth.Operator}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("duplicate e-mail (other case): %v", err)
		}

		token, got, err := s.Login(ctx, " OP@Ente.it ", "una-password-lunga", "10.0.0.1", "ua")
		if err != nil || got.ID != u.ID {
			t.Fatalf("login: %v", err)
		}
		if _, su, err := s.Store.SessionUser(ctx, token); err != nil || su.ID != u.ID {
			t.Fatalf("session lookup: %v", err)
		}
		token2, _, _ := s.Login(ctx, "op@ente.it", "una-password-lunga", "10.0.0.1", "ua")
		if token2 == token {
			t.Fatal("two logins share a token")
		}
		if err := s.Logout(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Store.SessionUser(ctx, token); !errs.Is(err, errs.NotFound) {
			t.Fatal("session alive after logout")
		}
		if _, _, err := s.Store.SessionUser(ctx, token2); err != nil {
			t.Fatal("logout ended the other session too")
		}
		if err := s.LogoutEverywhere(ctx, u); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Store.SessionUser(ctx, token2); !errs.Is(err, errs.NotFound) {
			t.Fatal("session alive after logout everywhere")
		}

		// Unknown account and wrong password answer alike.
		_, _, e1 := s.Login(ctx, "nobody@ente.it", "whatever-password", "10.0.0.2", "")
		_, _, e2 := s.Login(ctx, "op@ente.it", "wrong-password!", "10.0.0.2", "")
		if e1 == nil || e2 == nil || e1.Error() != e2.Error() {
			t.Fatalf("unknown vs wrong password differ: %v / %v", e1, e2)
		}
		for range auth.LoginFailuresPerAcc - 1 {
			s.Login(ctx, "op@ente.it", "wrong-password!", "10.0.0.3", "")
		}
		if _, _, err := s.Login(ctx, "op@ente.it", "una-password-lunga", "10.0.0.4", ""); !errs.Is(err, errs.TooMany) {
			t.Fatalf("after %d failures the right password still logs in: %v", auth.LoginFailuresPerAcc, err)
		}
		if _, _, err := s.Login(ctx, "nobody@ente.it", "x-password-x", "10.0.0.4", ""); errs.Is(err, errs.TooMany) {
			t.Fatal("throttling one account throttled another")
		}
	})
}

func TestDisabledUserLosesSessions(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		admin, _, _ := s.CreateUser(ctx, auth.NewUser{Email: "admin@x.it", Name: "Admin", Role: auth.Admin, Password: "una-password-lunga"})
		u, _, _ := s.CreateUser(ctx, auth.NewUser{Email: "v@x.it", Name: "V", Role: auth.Volunteer, Password: "una-password-lunga"})
		token, _, _ := s.Login(ctx, "v@x.it", "una-password-lunga", "1.1.1.1", "")
		now := db.Now()
		u.DisabledAt = &now
		if err := s.AdminUpdate(ctx, u); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Store.SessionUser(ctx, token); !errs.Is(err, errs.NotFound) {
			t.Fatal("disabled user's session still valid")
		}
		if _, _, err := s.Login(ctx, "v@x.it", "una-password-lunga", "1.1.1.1", ""); !errs.Is(err, errs.Invalid) {
			t.Fatalf("disabled user logged in: %v", err)
		}
		admin.Role = auth.Coordinator
		if err := s.AdminUpdate(ctx, admin); !errs.Is(err, errs.Conflict) {
			t.Fatalf("last admin demoted: %v", err)
		}
	})
}

func TestPasswordResetIsSingleUseAndExpires(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		u, _, _ := s.CreateUser(ctx, auth.NewUser{Email: "c@x.it", Name: "C", Role: auth.Citizen, Password: "vecchia-password"})
		session, _, _ := s.Login(ctx, "c@x.it", "vecchia-password", "1.1.1.1", "")

		if err := s.RequestReset(ctx, "nobody@x.it", "it", "1.1.1.1"); err != nil {
			t.Fatalf("reset for unknown address: %v", err)
		}
		q := jobs.NewQueue(d)
		s.RegisterJobs(q)
		if _, err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		var before int
		d.R.QueryRow(`SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send'`).Scan(&before)
		if before != 0 {
			t.Fatal("a mail was queued for an unknown address")
		}

		token, err := s.Store.CreateToken(ctx, d.W, u.ID, auth.PurposeReset, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ResetPassword(ctx, token, "corta"); !errs.Is(err, errs.Invalid) {
			t.Fatal("short new password accepted")
		}
		if !s.ResetValid(ctx, token) {
			t.Fatal("a failed attempt used up the token")
		}
		if err := s.ResetPassword(ctx, token, "nuova-password-sicura"); err != nil {
			t.Fatal(err)
		}
		if err := s.ResetPassword(ctx, token, "altra-password-sicura"); err == nil {
			t.Fatal("reset token used twice")
		}
		if _, _, err := s.Store.SessionUser(ctx, session); !errs.Is(err, errs.NotFound) {
			t.Fatal("sessions survive a password reset")
		}
		if _, _, err := s.Login(ctx, "c@x.it", "nuova-password-sicura", "1.1.1.1", ""); err != nil {
			t.Fatalf("login with new password: %v", err)
		}

		expired, _ := s.Store.CreateToken(ctx, d.W, u.ID, auth.PurposeReset, -time.Minute)
		if err := s.ResetPassword(ctx, expired, "nuova-password-sicura"); err == nil {
			t.Fatal("expired token accepted")
		}
		verify, _ := s.Store.CreateToken(ctx, d.W, u.ID, auth.PurposeVerify, time.Hour)
		if err := s.ResetPassword(ctx, verify, "nuova-password-sicura"); err == nil {
			t.Fatal("a verification token reset a password")
		}
	})
}

func TestRegisterDoesNotRevealAccounts(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		if err := s.Register(ctx, auth.Registration{Name: "Luca", Email: "luca@x.it", Password: "una-password-lunga", Lang: "it", PrivacyAccepted: true}); err != nil {
			t.Fatal(err)
		}
		if err := s.Register(ctx, auth.Registration{Name: "Altro", Email: "luca@x.it", Password: "altra-password-lunga", Lang: "it", PrivacyAccepted: true}); err != nil {
			t.Fatalf("second registration with the same address must look the same, got %v", err)
		}
		var users, mails int
		d.R.QueryRow(`SELECT COUNT(*) FROM users`).Scan(&users)
		d.R.QueryRow(`SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send'`).Scan(&mails)
		if users != 1 || mails != 2 {
			t.Fatalf("users=%d mails=%d, want 1 user and 2 mails (verify + already registered)", users, mails)
		}
		err := s.Register(ctx, auth.Registration{Email: "bad", Password: "x", Lang: "it"})
		e, _ := errs.As(err)
		if e == nil || !e.Fields.Has("name") || !e.Fields.Has("email") || !e.Fields.Has("password") || !e.Fields.Has("privacy") {
			t.Fatalf("bad registration: want errors on name, email, password and privacy, got %v", err)
		}
		u, _ := s.Store.UserByEmail(ctx, "luca@x.it")
		if u.PrivacyAcceptedAt == nil {
			t.Fatal("privacy acceptance not recorded")
		}
	})
}

// TestResetDoesTheSameWorkForEveryAddress: asking a reset link for an
// address with an account, without one, or of a disabled account writes
// the same rows (limit counters and one job of the same kind) and nothing
// else; only the job, run later, tells them apart: one e-mail, for the
// active account.
func TestResetDoesTheSameWorkForEveryAddress(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		s := newService(t, d)
		s.CreateUser(ctx, auth.NewUser{Email: "attiva@x.it", Name: "A", Role: auth.Citizen, Password: "una-password-lunga"})
		off, _, _ := s.CreateUser(ctx, auth.NewUser{Email: "spenta@x.it", Name: "S", Role: auth.Citizen, Password: "una-password-lunga"})
		now := time.Now()
		off.DisabledAt = &now
		if err := s.AdminUpdate(ctx, off); err != nil {
			t.Fatal(err)
		}
		counts := func() [4]int {
			var c [4]int
			for i, q := range []string{`SELECT COUNT(*) FROM jobs`, `SELECT COUNT(*) FROM jobs WHERE kind = '` + auth.JobReset + `'`,
				`SELECT COUNT(*) FROM rate_limits`, `SELECT COUNT(*) FROM user_tokens`} {
				if err := d.R.QueryRow(q).Scan(&c[i]); err != nil {
					t.Fatal(err)
				}
			}
			return c
		}
		var deltas [][4]int
		for i, email := range []string{"attiva@x.it", "nessuno@x.it", "spenta@x.it"} {
			before := counts()
			if err := s.RequestReset(ctx, email, "it", "10.0.0."+string(rune('1'+i))); err != nil {
				t.Fatalf("%s: %v", email, err)
			}
			after := counts()
			var delta [4]int
			for k := range delta {
				delta[k] = after[k] - before[k]
			}
			deltas = append(deltas, delta)
		}
		if deltas[0] != deltas[1] || deltas[0] != deltas[2] || deltas[0] != [4]int{1, 1, 2, 0} {
			t.Fatalf("rows written (jobs, reset jobs, limits, tokens) for active, unknown, disabled: %v, want all [1 1 2 0]", deltas)
		}
		q := jobs.NewQueue(d)
		s.RegisterJobs(q)
		if _, err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		var mails, tokens int
		d.R.QueryRow(`SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send'`).Scan(&mails)
		d.R.QueryRow(`SELECT COUNT(*) FROM user_tokens WHERE purpose = 'reset'`).Scan(&tokens)
		var to string
		d.R.QueryRow(`SELECT payload FROM jobs WHERE kind = 'mail.send'`).Scan(&to)
		if mails != 1 || tokens != 1 || !strings.Contains(to, "attiva@x.it") {
			t.Fatalf("after the jobs: %d mails, %d tokens (%s); want one, for the active account", mails, tokens, to)
		}
	})
}
