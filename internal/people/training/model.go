// Package training is formazione: courses (such as "Sentinelle di
// comunità", "Natural helper", "Amministratori di sostegno") with their
// sessions, capacity, audience and organizer; enrolment with a waiting
// list; the trainer's attendance register; and the completion rule (at
// least MinAttendance percent of the sessions) that grants the course's
// qualification, at once or after the trainer's confirmation. An
// organization's courses link to the training plans of its directory
// record.
package training

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// Course statuses.
const (
	Draft     = "draft"
	Open      = "open"
	Concluded = "concluded"
)

// Enrolment statuses. Enrolled (and, after the evaluation, completed or
// not completed) hold a place.
const (
	Enrolled     = "enrolled"
	Waiting      = "waiting"
	Cancelled    = "cancelled"
	Completed    = "completed"
	NotCompleted = "not_completed"
)

// Audiences a course is meant for.
var Audiences = []string{"citizens", "volunteers", "operators"}

// Course is a training course.
type Course struct {
	ID                string
	TerritoryID       string
	OrganizationID    string // "" when the coordinators run it
	OrganizationName  string
	TrainingPlanID    string
	TrainingPlanTitle string
	Title             string
	Description       string
	Organizer         string
	Audience          common.List
	Capacity          int
	Enrolled          int
	Qualification     string
	ValidityMonths    int
	MinAttendance     int
	ConfirmRequired   bool
	Status            string
	CreatedAt         time.Time
	ConcludedAt       *time.Time
	Sessions          []Session
	Waiting           int
}

// Left is the number of free places.
func (c *Course) Left() int { return max(c.Capacity-c.Enrolled, 0) }

// Public tells whether anyone may see the course.
func (c *Course) Public() bool { return c.Status == Open || c.Status == Concluded }

// First is the start of the first session (zero when there is none).
func (c *Course) First() time.Time {
	if len(c.Sessions) == 0 {
		return time.Time{}
	}
	return c.Sessions[0].Start
}

// Needed is the number of sessions to attend to complete the course.
func (c *Course) Needed() int {
	n := len(c.Sessions) * c.MinAttendance
	return (n + 99) / 100
}

// Session is one meeting of a course.
type Session struct {
	ID        string
	CourseID  string
	Start     time.Time
	End       time.Time
	Place     string
	ISTAT     string
	OnlineURL string
}

// Enrolment is a person's place in a course.
type Enrolment struct {
	ID              string
	CourseID        string
	CourseTitle     string
	UserID          string
	UserName        string
	UserEmail       string
	Status          string
	CreatedAt       time.Time
	Attended        int
	QualificationID string
	Position        int // in the waiting list, from 1
	Present         map[string]bool
}

// Holds tells whether the enrolment takes a place.
func (e Enrolment) Holds() bool { return e.Status != Waiting && e.Status != Cancelled }

// Form is the course form.
type Form struct {
	Title, Description, Organizer, OrganizationID, TrainingPlanID string
	Audience                                                      []string
	Capacity, Qualification, ValidityMonths, MinAttendance        string
	ConfirmRequired                                               bool
}

// ReadForm reads a submitted course form.
func ReadForm(v url.Values) Form {
	return Form{Title: v.Get("title"), Description: v.Get("description"), Organizer: v.Get("organizer"),
		OrganizationID: v.Get("organization_id"), TrainingPlanID: v.Get("training_plan_id"), Audience: v["audience"],
		Capacity: v.Get("capacity"), Qualification: v.Get("qualification"), ValidityMonths: v.Get("validity_months"),
		MinAttendance: v.Get("min_attendance"), ConfirmRequired: v.Get("confirm_required") == "on"}
}

// Values is the form of an existing course.
func (c *Course) Values() url.Values {
	v := url.Values{"title": {c.Title}, "description": {c.Description}, "organizer": {c.Organizer},
		"organization_id": {c.OrganizationID}, "training_plan_id": {c.TrainingPlanID}, "audience": c.Audience,
		"capacity": {strconv.Itoa(c.Capacity)}, "qualification": {c.Qualification},
		"validity_months": {strconv.Itoa(c.ValidityMonths)}, "min_attendance": {strconv.Itoa(c.MinAttendance)}}
	if c.ConfirmRequired {
		v.Set("confirm_required", "on")
	}
	return v
}

// build checks the form's own fields into c.
func (f Form) build(c *Course) *validate.Checker {
	v := &validate.Checker{}
	c.Title = v.Required("title", f.Title)
	c.Title = v.MaxLength("title", c.Title, 150)
	c.Description = v.MaxLength("description", f.Description, 4000)
	c.Organizer = v.MaxLength("organizer", f.Organizer, 200)
	c.Audience = common.Clean(f.Audience, func(a string) bool { return slices.Contains(Audiences, a) })
	if len(c.Audience) == 0 {
		v.Fail("audience", "people.errors.audience_required")
	}
	c.Capacity = number(v, "capacity", f.Capacity, 1, 1000, 0)
	c.Qualification = strings.TrimSpace(f.Qualification)
	if c.Qualification != "" && !qualification.Valid(c.Qualification) {
		v.Fail("qualification", "people.errors.qualification_unknown")
	}
	c.ValidityMonths = number(v, "validity_months", f.ValidityMonths, 0, 120, 0)
	c.MinAttendance = number(v, "min_attendance", f.MinAttendance, 1, 100, 75)
	c.ConfirmRequired = f.ConfirmRequired
	return v
}

// number reads a whole number in [lo, hi]; empty gives def (required when
// def is 0 and lo is not).
func number(v *validate.Checker, field, s string, lo, hi, def int) int {
	s = strings.TrimSpace(s)
	if s == "" {
		if def == 0 && lo > 0 {
			v.Fail(field, "errors.required")
		}
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		v.Fail(field, "people.errors.number_range", lo, hi)
		return def
	}
	return n
}
