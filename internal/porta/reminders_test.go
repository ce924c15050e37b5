package porta_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/porta"
	"github.com/trama-welfare/trama/internal/porta/portatest"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, web.Rome)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWorkingDays(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     int
	}{
		{"2026-11-20 10:00", "2026-11-20 18:00", 0}, // same day
		{"2026-11-20 10:00", "2026-11-23 09:00", 1}, // Friday → Monday
		{"2026-11-16 10:00", "2026-11-23 09:00", 5}, // a week
		{"2026-12-23 10:00", "2026-12-28 09:00", 2}, // 24th and 28th: Christmas and Santo Stefano are holidays
		{"2026-04-03 10:00", "2026-04-07 09:00", 1}, // Easter Monday 2026 (6 April) is a holiday
		{"2027-03-26 10:00", "2027-03-30 09:00", 1}, // Easter Monday 2027 (29 March)
		{"2026-05-29 10:00", "2026-06-03 09:00", 2}, // 2 June, Festa della Repubblica
		{"2026-12-31 10:00", "2027-01-07 09:00", 3}, // New Year and Epiphany
	} {
		if got := porta.WorkingDaysBetween(day(c.from), day(c.to)); got != c.want {
			t.Errorf("%s → %s: %d working days, want %d", c.from, c.to, got, c.want)
		}
	}
}

// TestUnansweredReferralsAreReminded: after five working days without an
// answer the organization is reminded and the coordinator alerted, once
// per period; answered referrals are left alone.
func TestUnansweredReferralsAreReminded(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := portatest.Setup(t, e)
		_, caseURL, _ := caseWithReferral(t, e, w, askForm(), "Doposcuola")
		coord := e.As(w.Coordinator)
		var needID string
		e.App.DB.R.QueryRow(`SELECT need_id FROM porta_referrals`).Scan(&needID)
		coord.PostForm(caseURL+"/invii", url.Values{"need_id": {needID}, "service": {w.ServiceB}, "message": {"Emporio"}}).
			RedirectsTo(t, caseURL)
		refB := between(e.As(w.OperatorB).Get("/invii").Body, `href="/invii/`, `"`)
		e.As(w.OperatorB).PostForm("/invii/"+refB+"/stato", url.Values{"to": {"waitlisted"}}).RedirectsTo(t, "/invii/")
		e.Outbox()
		before := e.Count(`SELECT COUNT(*) FROM dev_outbox`)

		p := e.App.Porta
		now := time.Now()
		if n, err := p.SendReminders(e.Ctx, now.AddDate(0, 0, 2)); err != nil || n != 0 {
			t.Fatalf("reminded too early: %d %v", n, err)
		}
		later := now.AddDate(0, 0, 9) // at least five working days, whatever today is
		if n, err := p.SendReminders(e.Ctx, later); err != nil || n != 1 {
			t.Fatalf("reminders: %d %v", n, err)
		}
		box := e.Outbox()[before:]
		all := strings.Join(box, "\n")
		if len(box) != 2 || !strings.Contains(all, "operatrice@melograno.example | Promemoria") ||
			!strings.Contains(all, "coordinatrice@comune.example | Un invio non ha ancora risposta") {
			t.Fatalf("reminder mails: %v", box)
		}
		if n, _ := p.SendReminders(e.Ctx, later); n != 0 {
			t.Fatal("reminded twice the same day")
		}
		coord.Get(caseURL).Contains(t, "1 sollecito", "Sollecito all&#39;ente")
		e.As(w.OperatorA).Get("/invii").Contains(t, "1 sollecito")
	})
}
