package directory

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/secret"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Freshness says when published data counts as old: after Months without a
// verification the operators are reminded and the back office flags it;
// after Grace more months the public sees it marked "da verificare".
type Freshness struct {
	Months int
	Grace  int
}

// DefaultFreshness is six months, plus one of grace.
var DefaultFreshness = Freshness{Months: 6, Grace: 1}

func (f Freshness) before(months int) string {
	return time.Now().In(rome).AddDate(0, -months, 0).Format("2006-01-02")
}

// StaleBefore is the date before which a verification is old.
func (f Freshness) StaleBefore() string { return f.before(f.Months) }

// UnverifiedBefore is the date before which the public is warned.
func (f Freshness) UnverifiedBefore() string { return f.before(f.Months + f.Grace) }

// Stale tells whether a service verified on assured (YYYY-MM-DD, "" for
// never) is old enough to remind its organization and flag it in the back
// office.
func (f Freshness) Stale(assured string) bool { return firstDay(assured) < f.StaleBefore() }

// Unverified tells whether the public should see the service marked "da
// verificare": stale, and the grace period is over too.
func (f Freshness) Unverified(assured string) bool { return firstDay(assured) < f.UnverifiedBefore() }

// firstDay is the date part of an ISO date or timestamp.
func firstDay(s string) string { return s[:min(len(s), 10)] }

// Validate rejects periods that make no sense (flags, environment).
func (f Freshness) Validate() error {
	if f.Months < 1 || f.Months > 120 || f.Grace < 0 || f.Grace > 120 {
		return fmt.Errorf("directory: stale months must be 1–120 and grace months 0–120 (got %d and %d)", f.Months, f.Grace)
	}
	return nil
}

// JobReminders is the daily job that e-mails the reminders.
const JobReminders = "directory.freshness_reminders"

// remindEvery is the least time between two reminders about a service.
const remindEvery = 30 * 24 * time.Hour

// confirmTTL is how long a "still correct" link works.
const confirmTTL = 30 * 24 * time.Hour

// ConfirmLink returns the one-click "still correct" address for an
// organization, signed so that it cannot be made up, valid for 30 days.
func ConfirmLink(keys *secret.Keyring, baseURL, orgID string, now time.Time) string {
	exp := strconv.FormatInt(now.Add(confirmTTL).Unix(), 10)
	q := url.Values{"ente": {orgID}, "scade": {exp}, "firma": {keys.Hash("confirm|" + orgID + "|" + exp)}}
	return baseURL + "/conferma-dati?" + q.Encode()
}

// checkConfirm verifies a link's signature and expiry.
func checkConfirm(keys *secret.Keyring, orgID, exp, sig string) bool {
	n, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || time.Now().Unix() > n {
		return false
	}
	want := keys.Hash("confirm|" + orgID + "|" + exp)
	return subtle.ConstantTimeCompare([]byte(want), []byte(sig)) == 1
}

// SendReminders e-mails the people of every active organization whose
// services were not verified for a while, at most once a month per service.
// It returns how many organizations were reminded.
func (d *Directory) SendReminders(ctx context.Context, a *auth.Service, keys *secret.Keyring, f Freshness) (int, error) {
	cutoff := db.Now().Add(-remindEvery)
	// The organizations first, then each one's services in its own
	// transaction: holding every stale service of a national directory
	// in memory at once took 134 MB in the load test.
	const stale = `FROM services s WHERE s.deleted_at IS NULL AND s.assured_date < $1
		AND (s.reminded_at IS NULL OR s.reminded_at < $2)`
	rows, err := d.db.R.QueryContext(ctx, `SELECT o.id FROM organizations o WHERE o.status = 'active'
		AND EXISTS (SELECT 1 `+stale+` AND s.organization_id = o.id) ORDER BY o.id`, f.StaleBefore(), cutoff)
	if err != nil {
		return 0, fmt.Errorf("directory: stale services: %w", err)
	}
	var order []string
	for rows.Next() {
		var org string
		if err := rows.Scan(&org); err != nil {
			rows.Close()
			return 0, err
		}
		order = append(order, org)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, org := range order {
		sent := false
		err := d.db.Tx(ctx, func(tx *sql.Tx) error {
			var ids, names []string
			rows, err := tx.QueryContext(ctx, `SELECT s.id, s.name `+stale+` AND s.organization_id = $3 ORDER BY s.name`,
				f.StaleBefore(), cutoff, org)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id, name string
				if err := rows.Scan(&id, &name); err != nil {
					rows.Close()
					return err
				}
				ids, names = append(ids, id), append(names, name)
			}
			rows.Close()
			if err := rows.Err(); err != nil || len(ids) == 0 {
				return err
			}
			var name string
			if err := tx.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, org).Scan(&name); err != nil {
				return err
			}
			users, err := MailNotifier{Auth: a}.recipients(ctx, tx,
				`u.id IN (SELECT user_id FROM organization_members WHERE organization_id = $1)`, org)
			if err != nil {
				return err
			}
			link := ConfirmLink(keys, a.BaseURL(), org, time.Now())
			list := "- " + strings.Join(names, "\n- ")
			for _, u := range users {
				if err := a.Notify(ctx, tx, u, "mail.directory_reminder", u.Name, name, list, link,
					a.BaseURL()+"/ente/"+org); err != nil {
					return err
				}
			}
			args := []any{db.Now()}
			for _, id := range ids {
				args = append(args, id)
			}
			_, err = tx.ExecContext(ctx, `UPDATE services SET reminded_at = $1 WHERE `+in("id", 2, len(ids)), args...)
			sent = err == nil
			return err
		})
		if err != nil {
			return n, err
		}
		if sent {
			n++
		}
	}
	return n, nil
}

// ReminderJob is the handler of JobReminders, with the directory's
// freshness periods.
func (d *Directory) ReminderJob(a *auth.Service, keys *secret.Keyring) func(context.Context, json.RawMessage) error {
	return func(ctx context.Context, _ json.RawMessage) error {
		_, err := d.SendReminders(ctx, a, keys, d.Freshness)
		return err
	}
}

// confirmPage is what directory/confirm shows.
type confirmPage struct {
	OrgID, Exp, Sig string
	Name            string
	Services        []ServiceRow
}

func (h *Handlers) confirmData(r *http.Request, q url.Values) (confirmPage, error) {
	p := confirmPage{OrgID: q.Get("ente"), Exp: q.Get("scade"), Sig: q.Get("firma")}
	if !checkConfirm(h.keys, p.OrgID, p.Exp, p.Sig) {
		return p, errs.New(errs.Invalid, "errors.link_expired")
	}
	if err := h.dir.db.R.QueryRowContext(r.Context(), `SELECT name FROM organizations WHERE id = $1`, p.OrgID).Scan(&p.Name); err != nil {
		return p, errs.NotFoundErr()
	}
	var err error
	p.Services, _, err = h.dir.Store.ListServices(r.Context(), ServiceFilter{OrganizationID: p.OrgID, Limit: 500,
		StaleBefore: h.dir.Freshness.StaleBefore()})
	return p, err
}

// confirmForm shows what will be confirmed and a button: opening the link
// alone (as mail scanners do) changes nothing.
func (h *Handlers) confirmForm(w http.ResponseWriter, r *http.Request) {
	p, err := h.confirmData(r, r.URL.Query())
	if err != nil {
		h.linkError(w, r, err)
		return
	}
	h.site.Render(w, r, "directory/confirm", p)
}

func (h *Handlers) confirm(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	p, err := h.confirmData(r, r.PostForm)
	if err != nil {
		h.linkError(w, r, err)
		return
	}
	by := "link"
	if u := web.UserFrom(r); u != nil {
		by = u.Email
	}
	if _, err := h.dir.Confirm(r.Context(), p.OrgID, by); err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Render(w, r, "directory/confirmed", p)
}

func (h *Handlers) linkError(w http.ResponseWriter, r *http.Request, err error) {
	if errs.Is(err, errs.Invalid) {
		h.site.ErrorStatus(w, r, http.StatusGone, "errors.link_expired")
		return
	}
	h.site.Error(w, r, err)
}
