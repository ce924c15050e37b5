package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/people/hours"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/people/training"
	"github.com/trama-welfare/trama/internal/people/volunteer"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/schedule/ical"
)

type handlers struct {
	site *web.Site
	p    *People
}

// minePage is what people/mine shows: a person's commitments.
type minePage struct {
	Profile        *volunteer.Profile
	Comuni         []string
	Upcoming, Past []volunteer.Signup
	Hours          hours.Totals
	Enrolments     []training.Enrolment
	Qualifications []qualification.Qualification
	Today          string
}

// Sentinel tells whether the person holds the sentinel qualification today
// (the page links to the porta's signal form).
func (p minePage) Sentinel() bool {
	for _, q := range p.Qualifications {
		if q.Code == qualification.Sentinel && q.Active(p.Today) {
			return true
		}
	}
	return false
}

func (h *handlers) mine(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), web.UserFrom(r)
	p := minePage{Today: common.Today(time.Now())}
	prof, err := h.p.Volunteers.Profile(ctx, u.ID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		h.site.Error(w, r, err)
		return
	}
	if prof != nil {
		p.Profile, p.Comuni = prof, h.p.Volunteers.ComuneNames(ctx, prof.Comuni)
	}
	if p.Upcoming, p.Past, err = h.p.Volunteers.MySignups(ctx, u.ID); err == nil {
		if _, p.Hours, err = h.p.Hours.Mine(ctx, u.ID, hours.Period{}); err == nil {
			if p.Enrolments, err = h.p.Training.Mine(ctx, u.ID); err == nil {
				p.Qualifications, err = h.p.Qualifications.OfUser(ctx, u.ID)
			}
		}
	}
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	if len(p.Past) > 10 {
		p.Past = p.Past[len(p.Past)-10:]
	}
	h.site.Render(w, r, "people/mine", p)
}

// IsVolunteer tells whether u is a volunteer: the role volontario (a
// qualification or the profile made them one) or a volunteer profile (an
// operator who also volunteers). The account page links their pages.
func (p *People) IsVolunteer(ctx context.Context, u *auth.User) (bool, error) {
	if u.Role == auth.Volunteer {
		return true, nil
	}
	_, err := p.Volunteers.Profile(ctx, u.ID)
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	return err == nil, err
}

// CalendarToken returns the token of a person's calendar feed, creating
// it (or a new one, when renew) as needed.
func (p *People) CalendarToken(ctx context.Context, userID string, renew bool) (string, error) {
	var sealed string
	err := p.db.R.QueryRowContext(ctx, `SELECT token_sealed FROM people_calendar_tokens WHERE user_id = $1`, userID).Scan(&sealed)
	if err == nil && !renew {
		return p.keys.Open(sealed)
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("people: calendar token: %w", err)
	}
	token, _ := auth.NewToken()
	if sealed, err = p.keys.Seal(token); err != nil {
		return "", err
	}
	err = p.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO people_calendar_tokens (user_id, token_hash, token_sealed, created_at)
			VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET token_hash = $2, token_sealed = $3, created_at = $4`,
			userID, p.keys.Hash(token), sealed, db.Now()); err != nil {
			return fmt.Errorf("people: save calendar token: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "calendar_link", Entity: "user", EntityID: userID})
	})
	return token, err
}

// calendarPage is what people/calendar shows.
type calendarPage struct {
	URL    string
	Webcal template.URL
}

func (h *handlers) calendarPage(w http.ResponseWriter, r *http.Request) {
	token, err := h.p.CalendarToken(r.Context(), web.UserFrom(r).ID, false)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	url := h.site.Config.BaseURL + "/calendario/" + token
	h.site.Render(w, r, "people/calendar", calendarPage{URL: url, Webcal: template.URL("webcal" + url[len("http"):])})
}

func (h *handlers) newCalendarLink(w http.ResponseWriter, r *http.Request) {
	if _, err := h.p.CalendarToken(r.Context(), web.UserFrom(r).ID, true); err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/volontariato/calendario", "people.flash.calendar_renewed")
}

// Feed writes the iCalendar feed of a token's owner: their shifts (from a
// month ago on) and the sessions of their courses.
func (p *People) Feed(ctx context.Context, token string, lang string) (*ical.Calendar, error) {
	var userID string
	err := p.db.R.QueryRowContext(ctx, `SELECT user_id FROM people_calendar_tokens WHERE token_hash = $1`, p.keys.Hash(token)).Scan(&userID)
	if err != nil {
		return nil, errs.NotFoundErr()
	}
	t := func(key string, args ...any) string { return p.mail.Cat.T(lang, key, args...) }
	cal := &ical.Calendar{Name: t("people.calendar.name")}
	upcoming, past, err := p.Volunteers.MySignups(ctx, userID)
	if err != nil {
		return nil, err
	}
	from := time.Now().AddDate(0, -1, 0)
	for _, g := range append(past, upcoming...) {
		if g.Start.Before(from) || g.Status == volunteer.Waiting {
			continue
		}
		status := ical.Confirmed
		if g.Status == volunteer.Pending {
			status = ical.Tentative
		}
		cal.Events = append(cal.Events, ical.Event{UID: "signup-" + g.ID + "@trama", Start: g.Start.In(web.Rome),
			End: g.End.In(web.Rome), Summary: g.OpportunityTitle + " · " + g.OrganizationName, Status: status,
			URL: p.mail.Link("/volontariato/opportunita/" + g.OpportunityID), Categories: []string{t("people.calendar.shift")}})
	}
	sessions, titles, err := p.Training.Upcoming(ctx, userID, from)
	if err != nil {
		return nil, err
	}
	for _, s := range sessions {
		loc := s.Place
		if loc == "" {
			loc = s.OnlineURL
		}
		cal.Events = append(cal.Events, ical.Event{UID: "session-" + s.ID + "@trama", Start: s.Start.In(web.Rome), End: s.End.In(web.Rome),
			Summary: titles[s.CourseID], Location: loc, Status: ical.Confirmed, URL: p.mail.Link("/formazione/corsi/" + s.CourseID),
			Categories: []string{t("people.calendar.course")}})
	}
	return cal, nil
}

func (h *handlers) feed(w http.ResponseWriter, r *http.Request) {
	cal, err := h.p.Feed(r.Context(), r.PathValue("token"), web.LangFrom(r))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ical.ContentType)
	w.Header().Set("Cache-Control", "private, max-age=900")
	cal.WriteTo(w)
}
