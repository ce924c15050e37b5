// Package events publishes the territory's events (conferences, meetings,
// lab sessions, open days) and takes registrations: with or without an
// account, with the organizer's own questions, a waiting list that moves up
// by itself when someone cancels, reminders, check-in at the door by name
// or QR code, and a CSV of registrants for the organizer only. Registrants'
// personal data is sealed at rest and purged after the configured period;
// the counts stay for the statistics.
package events

import (
	"slices"
	"time"

	"github.com/trama-welfare/trama/internal/schedule"
)

// Event statuses.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusCancelled = "cancelled"
)

// Categories of events, in form order.
var Categories = []string{"conference", "meeting", "lab_session", "open_day", "training", "other"}

// Registration modes.
const (
	RegNone     = "none"     // free entry, no registration
	RegOptional = "optional" // registration welcome
	RegRequired = "required" // registration needed to attend
)

// RegModes lists them in form order.
var RegModes = []string{RegRequired, RegOptional, RegNone}

// Event is something that happens at a time and a place (or online).
type Event struct {
	ID             string
	TerritoryID    string
	OrganizationID string // empty: published by the territory's coordination
	LabID          string // the laboratorio di comunità it is a meeting of
	CreatedBy      string
	Status         string
	Category       string
	Title          string
	Description    string
	Programme      string
	Schedule       schedule.Schedule
	StartsAt       time.Time // first occurrence
	EndsAt         time.Time // end of the last occurrence
	PlaceName      string
	Address        string
	ISTATCode      string
	OnlineURL      string
	Audience       string
	Accessibility  string
	Registration   string
	Capacity       *int
	Deadline       *time.Time
	Partners       []string // organizations organising it together
	Questions      []Question
	CreatedAt      time.Time
	UpdatedAt      time.Time
	PublishedAt    *time.Time

	// Filled when loading.
	OrgName string
	Comune  string // name of the comune
	Counts  Counts
}

// Counts are an event's registrations by status, and check-ins. They
// survive the purge of personal data.
type Counts struct {
	Confirmed, Waiting, Cancelled, Attended int
}

// Question is one of the organizer's registration questions.
type Question struct {
	ID       string
	Kind     string // text, choice, consent
	Label    string
	Options  []string // choice
	Required bool
}

// Question kinds.
var QuestionKinds = []string{"text", "choice", "consent"}

// Answer is a registrant's answer to a question.
type Answer struct {
	QuestionID string `json:"q"`
	Label      string `json:"l"`
	Value      string `json:"v"`
}

// Registration statuses.
const (
	RegConfirmed = "confirmed"
	RegWaiting   = "waiting"
	RegCancelled = "cancelled"
)

// Registration is one person's place (or place in line) at an event.
type Registration struct {
	ID          string
	EventID     string
	UserID      string
	Status      string
	Seq         int
	Name        string // opened; empty once purged
	Email       string
	Answers     []Answer
	Lang        string
	CreatedAt   time.Time
	ConfirmedAt *time.Time
	CancelledAt *time.Time
	CheckedInAt *time.Time
	PurgedAt    *time.Time
	Position    int // in the waiting list, from 1
}

// Open tells whether registrations are taken now.
func (e *Event) Open(now time.Time) bool {
	if e.Status != StatusPublished || e.Registration == RegNone || !now.Before(e.StartsAt) {
		return false
	}
	return e.Deadline == nil || now.Before(*e.Deadline)
}

// Full tells whether every place is taken.
func (e *Event) Full() bool { return e.Capacity != nil && e.Counts.Confirmed >= *e.Capacity }

// PlacesLeft is how many places are free (-1: no limit).
func (e *Event) PlacesLeft() int {
	if e.Capacity == nil {
		return -1
	}
	return max(0, *e.Capacity-e.Counts.Confirmed)
}

// Places is the number of places (0: no limit).
func (e *Event) Places() int {
	if e.Capacity == nil {
		return 0
	}
	return *e.Capacity
}

// Past tells whether the event is over.
func (e *Event) Past(now time.Time) bool { return !now.Before(e.EndsAt) }

// Online tells whether it happens online (only or also).
func (e *Event) Online() bool { return e.OnlineURL != "" }

// InPerson tells whether it happens at a place.
func (e *Event) InPerson() bool { return e.PlaceName != "" || e.Address != "" || e.ISTATCode != "" }

// HasPartner tells whether an organization organises it too.
func (e *Event) HasPartner(id string) bool { return slices.Contains(e.Partners, id) }

// Occurrence is one time an event happens.
type Occurrence struct {
	Event      *Event
	Start, End time.Time
}
