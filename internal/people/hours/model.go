// Package hours is the time volunteers give: hours they log themselves —
// for a shift or freely — that the organization confirms, corrects or
// rejects; totals per person, organization and period; and the printable
// attestation of the confirmed hours (HTML for the browser's print, and
// PDF).
package hours

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Entry statuses.
const (
	Logged    = "logged"
	Confirmed = "confirmed"
	Corrected = "corrected"
	Rejected  = "rejected"
)

// Entry is hours a volunteer logged.
type Entry struct {
	ID               string
	UserID           string
	UserName         string
	OrganizationID   string
	OrganizationName string
	OpportunityID    string
	OpportunityTitle string
	SignupID         string
	Day              string // YYYY-MM-DD
	Minutes          Minutes
	Description      string
	Status           string
	ConfirmedMinutes Minutes
	ReviewNote       string
	ReviewerName     string
	ReviewedAt       *time.Time
	CreatedAt        time.Time
}

// Minutes is a duration in minutes; it prints as "3 h 30 min".
type Minutes int

func (m Minutes) String() string { return Duration(int(m)) }

// Value writes it for a form field: "2", "2:30".
func (m Minutes) Value() string { return HoursValue(int(m)) }

// Counted is what the entry adds to the confirmed totals.
func (e Entry) Counted() Minutes {
	if e.Status == Confirmed || e.Status == Corrected {
		return e.ConfirmedMinutes
	}
	return 0
}

// Waiting tells whether the organization has not answered yet.
func (e Entry) Waiting() bool { return e.Status == Logged }

// Totals sums minutes.
type Totals struct {
	Confirmed Minutes // confirmed or corrected
	Waiting   Minutes // logged, not yet reviewed
	Entries   int
}

// Add counts an entry.
func (t *Totals) Add(e Entry) {
	t.Entries++
	t.Confirmed += e.Counted()
	if e.Waiting() {
		t.Waiting += e.Minutes
	}
}

// Duration writes minutes as "3 h 30 min", "45 min", "2 h".
func Duration(minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %02d min", h, m)
}

// HoursValue writes minutes for a form field: "2", "2:30".
func HoursValue(minutes int) string {
	if minutes%60 == 0 {
		return strconv.Itoa(minutes / 60)
	}
	return fmt.Sprintf("%d:%02d", minutes/60, minutes%60)
}

// MaxMinutes is the most one entry may hold: a day.
const MaxMinutes = 24 * 60

// ParseDuration reads hours as people type them: "3", "2,5", "2.5",
// "2:30", "1h30". It returns minutes.
func ParseDuration(s string) (int, bool) {
	s = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "")
	if m, ok := strings.CutSuffix(s, "min"); ok && !strings.Contains(m, "h") {
		n, err := strconv.Atoi(m)
		return n, err == nil && n > 0 && n <= MaxMinutes
	}
	s = strings.TrimSuffix(s, "min")
	if s == "" {
		return 0, false
	}
	var minutes int
	if h, m, ok := strings.Cut(strings.Replace(s, "h", ":", 1), ":"); ok {
		hh, err1 := strconv.Atoi(h)
		mm := 0
		var err2 error
		if m != "" {
			mm, err2 = strconv.Atoi(m)
		}
		if err1 != nil || err2 != nil || mm < 0 || mm > 59 || hh < 0 {
			return 0, false
		}
		minutes = hh*60 + mm
	} else {
		f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil || f < 0 {
			return 0, false
		}
		minutes = int(f*60 + 0.5)
	}
	return minutes, minutes > 0 && minutes <= MaxMinutes
}
