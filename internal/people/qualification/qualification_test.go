package qualification_test

import (
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/peopletest"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/people/volunteer"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/territory"
)

// Coordinators grant and revoke qualifications in their territory only;
// HasQualification follows validity and revocation; the map counts the
// active people per comune; renewal reminders go out once.
func TestGrantRevokeHasQualificationAndMap(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := peopletest.New(t, e)
		q := e.App.People.Qualifications
		sara := w.Volunteer(t, "sara@example.org", volunteer.ProfileForm{Comuni: []string{peopletest.Corsico}})
		cc := e.As(w.Coordinator)
		cc.PostForm("/coordinamento/qualifiche", url.Values{"email": {"nessuno@example.org"}, "code": {"sentinella"}}).
			Status(t, 422).Contains(t, "Nessuna persona del territorio")
		cc.PostForm("/coordinamento/qualifiche", url.Values{"email": {"sara@example.org"}, "code": {"sentinella"}, "valid_until": {"2000-01-01"}}).
			Status(t, 422).Contains(t, "già passata")
		cc.PostForm("/coordinamento/qualifiche", url.Values{"email": {"sara@example.org"}, "code": {"sentinella"}}).
			RedirectsTo(t, "/coordinamento/qualifiche")
		if ok, err := q.HasQualification(e.Ctx, sara.ID, qualification.Sentinel); !ok || err != nil {
			t.Fatalf("sentinel after the grant: %v %v", ok, err)
		}
		if ok, _ := q.HasQualification(e.Ctx, sara.ID, qualification.NaturalHelper); ok {
			t.Fatal("a sentinel is not a natural helper")
		}
		list := cc.Get("/coordinamento/qualifiche").Status(t, 200).Contains(t, "sara", "Sentinella di comunità").Body
		qid := peopletest.Between(list, `action="/coordinamento/qualifiche/`, `/revoca"`)

		// The map: Corsico has a sentinel, Buccinasco none.
		net := cc.Get("/coordinamento/rete-attiva").Status(t, 200).Contains(t, "Corsico (MI)", "Buccinasco (MI)", "scoperto").Body
		if !strings.Contains(net, `level-none"><th scope="row">Buccinasco`) {
			t.Errorf("Buccinasco should be uncovered:\n%s", net)
		}
		js := cc.Get("/coordinamento/rete-attiva.json").Status(t, 200).Body
		if !strings.Contains(js, `"istat":"015093"`) || !strings.Contains(js, `"sentinella":1`) {
			t.Errorf("map data: %s", js)
		}

		// A coordinator of another territory can do nothing to Sara.
		other := &territory.Territory{Name: "Alta Padovana"}
		e.App.Territories.Create(e.Ctx, other)
		oc := e.CreateUser(auth.Coordinator, "altro@comune.example")
		oc.TerritoryID = other.ID
		e.App.Auth.AdminUpdate(e.Ctx, oc)
		e.As(oc).PostForm("/coordinamento/qualifiche/"+qid+"/revoca", nil).Status(t, 404)
		e.As(oc).PostForm("/coordinamento/qualifiche", url.Values{"email": {"sara@example.org"}, "code": {"natural_helper"}}).Status(t, 422)
		e.As(oc).Get("/coordinamento/qualifiche").Lacks(t, "sara@example.org")

		cc.PostForm("/coordinamento/qualifiche/"+qid+"/revoca", nil).RedirectsTo(t, "/coordinamento/qualifiche")
		if ok, _ := q.HasQualification(e.Ctx, sara.ID, qualification.Sentinel); ok {
			t.Fatal("still a sentinel after the revocation")
		}
		cc.PostForm("/coordinamento/qualifiche/"+qid+"/revoca", nil).Status(t, 409)

		// Expiry and renewal reminders.
		until := time.Now().AddDate(0, 0, 10).Format(time.DateOnly)
		cc.PostForm("/coordinamento/qualifiche", url.Values{"email": {"sara@example.org"}, "code": {"natural_helper"}, "valid_until": {until}}).
			RedirectsTo(t, "/coordinamento/qualifiche")
		if n, err := q.SendRenewalReminders(e.Ctx, time.Now()); n != 1 || err != nil {
			t.Fatalf("renewal reminders: %d %v", n, err)
		}
		if n, _ := q.SendRenewalReminders(e.Ctx, time.Now()); n != 0 {
			t.Fatalf("reminded twice")
		}
		if mails := strings.Join(e.Outbox(), "\n"); !strings.Contains(mails, "sara@example.org | La tua qualifica sta per scadere") {
			t.Fatalf("no reminder:\n%s", mails)
		}
		if ok, _ := q.HasQualification(e.Ctx, sara.ID, qualification.NaturalHelper); !ok {
			t.Fatal("natural helper before the expiry")
		}
		e.App.DB.W.Exec(`UPDATE user_qualifications SET valid_until = '2000-01-01' WHERE code = 'natural_helper'`)
		if ok, _ := q.HasQualification(e.Ctx, sara.ID, qualification.NaturalHelper); ok {
			t.Fatal("natural helper after the expiry")
		}
	})
}

// Coordinators assign natural helpers to a case of the porta; only a
// qualified helper of their territory, once; the helper sees the case.
func TestHelperAssignments(t *testing.T) {
	e := apptest.SQLite(t)
	w := peopletest.New(t, e)
	q := e.App.People.Qualifications
	helper := w.Volunteer(t, "helper@example.org", volunteer.ProfileForm{})
	plain := w.Volunteer(t, "plain@example.org", volunteer.ProfileForm{})
	if _, err := q.Insert(e.Ctx, e.App.DB.W, qualification.Grant{UserID: helper.ID, Code: qualification.NaturalHelper}); err != nil {
		t.Fatal(err)
	}
	list, err := q.EligibleHelpers(e.Ctx, w.TerritoryID)
	if err != nil || len(list) != 1 || list[0].ID != helper.ID {
		t.Fatalf("eligible helpers %v %v", list, err)
	}
	d := e.App.DB.W
	if _, err := q.AssignHelper(e.Ctx, d, plain, "case-1", helper.ID); err == nil {
		t.Fatal("a volunteer assigned a helper")
	}
	if _, err := q.AssignHelper(e.Ctx, d, w.Coordinator, "case-1", plain.ID); err == nil {
		t.Fatal("someone who is not a natural helper was assigned")
	}
	a, err := q.AssignHelper(e.Ctx, d, w.Coordinator, "case-1", helper.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.AssignHelper(e.Ctx, d, w.Coordinator, "case-1", helper.ID); err == nil {
		t.Fatal("assigned twice")
	}
	if ok, _ := q.IsAssigned(e.Ctx, helper.ID, "case-1"); !ok {
		t.Fatal("not assigned")
	}
	if err := q.EndAssignment(e.Ctx, d, w.Coordinator, a.ID); err != nil {
		t.Fatal(err)
	}
	if ok, _ := q.IsAssigned(e.Ctx, helper.ID, "case-1"); ok {
		t.Fatal("still assigned after the end")
	}
	if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE entity = 'case' AND entity_id = 'case-1'`); n != 2 {
		t.Errorf("%d audit lines for the case, want 2", n)
	}
}

// A qualification makes a cittadino a volontario, whoever grants it: a
// citizen made a sentinel can open the porta's signal form at once; other
// roles are kept. Migration 00410 does the same for citizens qualified
// before the rule.
func TestQualificationMakesACitizenAVolunteer(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := peopletest.New(t, e)
		anna := e.CreateUser(auth.Citizen, "anna@example.org") // no territory yet
		e.As(anna).Get("/segnalazioni/nuova").Status(t, 403)
		e.As(anna).Get("/profilo").Status(t, 200).Contains(t, "Diventa volontario").Lacks(t, `href="/volontariato/attestato"`)
		cc := e.As(w.Coordinator)
		cc.PostForm("/coordinamento/qualifiche", url.Values{"email": {"anna@example.org"}, "code": {"sentinella"}}).
			RedirectsTo(t, "/coordinamento/qualifiche")
		got, err := e.App.Auth.Store.User(e.Ctx, anna.ID)
		if err != nil || got.Role != auth.Volunteer || got.TerritoryID != w.TerritoryID {
			t.Fatalf("after the grant: %+v %v; want a volontario of territory %s", got, err, w.TerritoryID)
		}
		e.As(got).Get("/segnalazioni/nuova").Status(t, 200)
		// Her account page leads to her volunteer's pages.
		e.As(got).Get("/profilo").Status(t, 200).Contains(t, `href="/volontariato/impegni"`, `href="/volontariato/ore"`,
			`href="/volontariato/calendario"`, `href="/volontariato/attestato"`).Lacks(t, "Diventa volontario")
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND entity_id = $1 AND detail LIKE '%volontario%'`, anna.ID); n != 1 {
			t.Errorf("%d audit lines for the new role, want 1", n)
		}

		op := w.User(t, auth.Operator, "operatore@example.org")
		cc.PostForm("/coordinamento/qualifiche", url.Values{"email": {"operatore@example.org"}, "code": {"natural_helper"}}).
			RedirectsTo(t, "/coordinamento/qualifiche")
		if got, _ := e.App.Auth.Store.User(e.Ctx, op.ID); got.Role != auth.Operator {
			t.Fatalf("an operator became %s", got.Role)
		}
		e.As(op).Get("/profilo").Status(t, 200).Lacks(t, `href="/volontariato/ore"`)
		// An operator who also volunteers (a profile) sees the links.
		if _, err := e.App.People.Volunteers.SaveProfile(e.Ctx, op, volunteer.ProfileForm{Skills: []string{"cucina"},
			Comuni: []string{peopletest.Corsico}, Consent: true}); err != nil {
			t.Fatal(err)
		}
		e.As(op).Get("/profilo").Status(t, 200).Contains(t, `href="/volontariato/ore"`)

		// Citizens qualified before the rule (written as the old code did).
		old := w.User(t, auth.Citizen, "vecchia.sentinella@example.org")
		revoked := w.User(t, auth.Citizen, "revocata@example.org")
		expired := w.User(t, auth.Citizen, "scaduta@example.org")
		for i, row := range []struct {
			user          *auth.User
			until, revoke string
		}{{old, "", ""}, {revoked, "", "2026-01-01"}, {expired, "2000-01-01", ""}} {
			var revokedAt any
			if row.revoke != "" {
				revokedAt = time.Now().UTC()
			}
			if _, err := e.App.DB.W.ExecContext(e.Ctx, `INSERT INTO user_qualifications (id, user_id, code, granted_at, valid_until, revoked_at)
				VALUES ($1, $2, 'sentinella', $3, $4, $5)`, fmt.Sprint("old-", i), row.user.ID, time.Now().UTC(), row.until, revokedAt); err != nil {
				t.Fatal(err)
			}
		}
		up, err := fs.ReadFile(db.MigrationsFS(e.App.DB.Dialect), "00410_qualified_volunteers.sql")
		if err != nil {
			t.Fatal(err)
		}
		script, _, _ := strings.Cut(string(up), "-- +goose Down")
		if _, err := e.App.DB.W.ExecContext(e.Ctx, script); err != nil {
			t.Fatalf("migration 00410: %v", err)
		}
		for _, c := range []struct {
			user *auth.User
			want auth.Role
		}{{old, auth.Volunteer}, {revoked, auth.Citizen}, {expired, auth.Citizen}} {
			if got, err := e.App.Auth.Store.User(e.Ctx, c.user.ID); err != nil || got.Role != c.want {
				t.Errorf("%s after migration 00410: %v %v, want %s", c.user.Email, got.Role, err, c.want)
			}
		}
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE actor_label = 'migration 00410' AND entity_id = $1`, old.ID); n != 1 {
			t.Errorf("%d audit lines written by the migration, want 1", n)
		}
	})
}
