// Package porta is the porta di comunità: needs come in from citizens (the
// public "chiedi aiuto" form), from sentinels (signals) and from desks
// (sportello); coordinators triage them, take people in charge (cases),
// match needs to the network's services, refer people to one or more
// services and follow every referral to its outcome.
//
// It is private by design: everything a person tells about themselves is
// sealed with the secret keyring before it is stored, each role sees only
// what it needs (a coordinator their territory's cases, an organization the
// referrals sent to it, a sentinel that their signal was taken in charge),
// every read of a person or a case is written to the audit log, consent is
// recorded and its withdrawal stops processing, and closed cases are
// anonymised after a retention period.
package porta

import (
	"slices"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/platform/validate"
)

// Sources of a need.
const (
	SourceWeb    = "web"    // the public "chiedi aiuto" form
	SourceSignal = "signal" // a sentinel's signal
	SourceDesk   = "desk"   // an operator or coordinator at a desk
)

// Need statuses.
const (
	NeedNew          = "new"           // in the triage queue
	NeedInCharge     = "in_charge"     // part of an open case
	NeedNotPertinent = "not_pertinent" // closed in triage, with a reason
	NeedClosed       = "closed"        // its case was closed
	NeedWithdrawn    = "withdrawn"     // consent withdrawn: processing stopped
)

// Urgency of a need: 1 can wait, 2 within days, 3 urgent.
const (
	UrgencyLow    = 1
	UrgencyMedium = 2
	UrgencyHigh   = 3
)

// Urgencies lists them, least urgent first.
var Urgencies = []int{UrgencyLow, UrgencyMedium, UrgencyHigh}

// Who may be involved in a need (the "chi è coinvolto" checkboxes).
var Involved = []string{"children", "elderly", "disability"}

// Contact preferences.
const (
	ContactPhone = "phone"
	ContactEmail = "email"
	ContactOrg   = "organization" // through a named organization
)

// ContactPrefs lists them in form order.
var ContactPrefs = []string{ContactPhone, ContactEmail, ContactOrg}

// Person is someone the porta helps. Only the territory, the comune and
// the minors flag are stored in clear; Details are sealed.
type Person struct {
	ID           string
	TerritoryID  string
	ISTATCode    string
	HasMinors    bool
	Lang         string
	Details      PersonDetails
	CreatedAt    time.Time
	UpdatedAt    time.Time
	AnonymisedAt *time.Time
}

// PersonDetails is what is known of a person, kept minimal.
type PersonDetails struct {
	FirstName    string `json:"first_name,omitempty"`
	LastName     string `json:"last_name,omitempty"`
	BirthDate    string `json:"birth_date,omitempty"` // YYYY-MM-DD
	BirthYear    int    `json:"birth_year,omitempty"`
	Phone        string `json:"phone,omitempty"` // E.164
	Email        string `json:"email,omitempty"`
	ContactPref  string `json:"contact_pref,omitempty"`
	ContactTimes string `json:"contact_times,omitempty"`
	ViaOrg       string `json:"via_org,omitempty"` // organization to contact them through
	Language     string `json:"language,omitempty"`
	Adults       int    `json:"adults,omitempty"`
	Minors       int    `json:"minors,omitempty"`
	Recognize    string `json:"recognize,omitempty"` // signals: how to recognise someone whose name is unknown
}

// Name is the person's name as shown to coordinators.
func (d PersonDetails) Name() string {
	return strings.TrimSpace(d.FirstName + " " + d.LastName)
}

// PhoneDisplay is the phone number grouped for reading.
func (d PersonDetails) PhoneDisplay() string { return validate.FormatPhone(d.Phone) }

// Age is the age in the given year, or -1 when the birth year is unknown.
func (d PersonDetails) Age(now time.Time) int {
	y := d.BirthYear
	if y == 0 && len(d.BirthDate) >= 4 {
		y = atoi(d.BirthDate[:4])
	}
	if y == 0 {
		return -1
	}
	return now.Year() - y
}

// Need is one request for help.
type Need struct {
	ID             string
	TerritoryID    string
	PersonID       string
	CaseID         string
	Source         string
	Status         string
	Urgency        int
	Categories     []string // taxonomy term codes (trama-servizi)
	Details        NeedDetails
	Reason         string // sealed; why not pertinent
	CreatedBy      string
	OrganizationID string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	TakenAt        *time.Time
	ClosedAt       *time.Time
}

// NeedDetails is what the need is about, sealed.
type NeedDetails struct {
	Description  string   `json:"description,omitempty"`
	Involved     []string `json:"involved,omitempty"`      // children, elderly, disability
	ChildrenAges []int    `json:"children_ages,omitempty"` // ages of the children involved
	Days         []string `json:"days,omitempty"`          // availability: MO…SU
	Parts        []string `json:"parts,omitempty"`         // availability: morning, afternoon, evening
	FreeOnly     bool     `json:"free_only,omitempty"`     // only free services
	PersonKnows  string   `json:"person_knows,omitempty"`  // signals: yes, no
	PersonAgrees string   `json:"person_agrees,omitempty"` // signals: yes, no, not_asked
}

// Involves tells whether the need involves a group (children …).
func (d NeedDetails) Involves(group string) bool { return slices.Contains(d.Involved, group) }

// Open tells whether the need is still being handled.
func (n *Need) Open() bool { return n.Status == NeedNew || n.Status == NeedInCharge }

// Case statuses.
const (
	CaseOpen   = "open"
	CaseClosed = "closed"
)

// Case is a person taken in charge by a coordinator.
type Case struct {
	ID            string
	TerritoryID   string
	PersonID      string
	CoordinatorID string
	Coordinator   string // name, for pages
	Status        string
	Outcome       string
	OpenedAt      time.Time
	ClosedAt      *time.Time
	UpdatedAt     time.Time
}

// Outcomes of a concluded referral or a closed case.
const (
	OutcomeHelped      = "helped"
	OutcomeNotReached  = "not_reached"
	OutcomeNotEligible = "not_eligible"
	OutcomeRenounced   = "renounced"
	// OutcomeWithdrawn closes a case whose consent was withdrawn (set by
	// the system, never chosen).
	OutcomeWithdrawn = "consent_withdrawn"
)

// Outcomes lists the ones people choose.
var Outcomes = []string{OutcomeHelped, OutcomeNotReached, OutcomeNotEligible, OutcomeRenounced}

// Consent purposes and scopes.
const (
	PurposePorta = "porta" // handle the request and follow the person

	ScopeCoordination = "coordination" // the territory's coordinators
	ScopeReferrals    = "referrals"    // the organizations the person is referred to
)

// Scopes lists the consent scopes in form order.
var Scopes = []string{ScopeCoordination, ScopeReferrals}

// Consent collection methods.
const (
	MethodWeb      = "web"
	MethodInPerson = "in_person"
	MethodPhone    = "phone"
	MethodSignal   = "signal" // the sentinel asked the person
)

// Methods lists the ones staff can record.
var Methods = []string{MethodInPerson, MethodPhone}

// NoticeVersion identifies the privacy notice people consent to.
const NoticeVersion = "porta-2026-1"

// Consent is a record of consent: purpose, scope, when, who collected it,
// and its withdrawal.
type Consent struct {
	ID             string
	PersonID       string
	Purpose        string
	Scope          []string
	Method         string
	Notice         string
	CollectedBy    string
	CollectedLabel string
	CollectedAt    time.Time
	WithdrawnAt    *time.Time
	WithdrawnLabel string
}

// Active tells whether the consent is in force.
func (c *Consent) Active() bool { return c.WithdrawnAt == nil }

// Covers tells whether the consent covers a scope.
func (c *Consent) Covers(scope string) bool { return c.Active() && slices.Contains(c.Scope, scope) }

// Event is a line of a case's timeline.
type Event struct {
	ID         int64
	PersonID   string
	NeedID     string
	CaseID     string
	At         time.Time
	ActorLabel string
	Kind       string // see the event kinds
	Body       string // opened
	Detail     map[string]string
}

// Event kinds.
const (
	EventReceived     = "received"
	EventAssigned     = "assigned"
	EventMerged       = "merged"
	EventNotPertinent = "not_pertinent"
	EventNote         = "note"
	EventContact      = "contact"
	EventReferred     = "referred"
	EventReferral     = "referral" // a referral changed status
	EventReminder     = "reminder"
	EventClosed       = "closed"
	EventConsent      = "consent"
	EventWithdrawn    = "withdrawn"
	EventNotice       = "notice"
	EventEdited       = "edited"
	EventHelper       = "helper"       // a natural helper accompanies the person
	EventHelperEnded  = "helper_ended" // the accompaniment ended
)

// NoteKinds are the events coordinators write by hand.
var NoteKinds = []string{EventNote, EventContact}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}
