package porta

import (
	"slices"
	"time"
)

// Referral statuses (HL7 FHIR Task in Italian words: inviato, accettato,
// rifiutato, in lista d'attesa, in corso, concluso, ritirato).
const (
	RefSent       = "sent"
	RefAccepted   = "accepted"
	RefDeclined   = "declined"
	RefWaitlisted = "waitlisted"
	RefInProgress = "in_progress"
	RefConcluded  = "concluded"
	RefWithdrawn  = "withdrawn"
)

// RefStatuses lists them in lifecycle order.
var RefStatuses = []string{RefSent, RefAccepted, RefWaitlisted, RefInProgress, RefConcluded, RefDeclined, RefWithdrawn}

// transitions is the referral lifecycle: from a status, where it may go.
//
//	inviato → accettato | rifiutato | in lista d'attesa | ritirato
//	in lista d'attesa → accettato | in corso | rifiutato | ritirato
//	accettato → in corso | concluso | ritirato
//	in corso → concluso | ritirato
//
// Rifiutato, concluso and ritirato are final.
var transitions = map[string][]string{
	RefSent:       {RefAccepted, RefDeclined, RefWaitlisted, RefWithdrawn},
	RefWaitlisted: {RefAccepted, RefInProgress, RefDeclined, RefWithdrawn},
	RefAccepted:   {RefInProgress, RefConcluded, RefWithdrawn},
	RefInProgress: {RefConcluded, RefWithdrawn},
}

// CanMove tells whether a referral may go from one status to another.
func CanMove(from, to string) bool { return slices.Contains(transitions[from], to) }

// Next lists the statuses a referral may go to from status.
func Next(status string) []string { return transitions[status] }

// FinalStatus tells whether a referral's life is over.
func FinalStatus(s string) bool { return len(transitions[s]) == 0 }

// Answered tells whether the organization has answered (anything but sent).
func Answered(s string) bool { return s != RefSent }

// Decline reasons (codes, kept for statistics; a note may explain more).
var DeclineReasons = []string{"full", "not_eligible", "out_of_area", "not_offered", "other"}

// Referral is a person sent to a service.
type Referral struct {
	ID               string
	TerritoryID      string
	CaseID           string
	NeedID           string
	PersonID         string
	ServiceID        string
	OrganizationID   string
	ServiceName      string
	OrganizationName string
	Status           string
	Outcome          string
	DeclineReason    string
	Message          string // opened; the request as written for the organization
	CreatedBy        string
	CreatedAt        time.Time
	UpdatedAt        time.Time
	AnsweredAt       *time.Time
	RemindedAt       *time.Time
	Reminders        int
	ClosedAt         *time.Time
}

// HistoryLine is one change of a referral: who, when, from, to, note.
type HistoryLine struct {
	ReferralID string
	At         time.Time
	ActorLabel string
	From, To   string
	Code       string // outcome or decline reason
	Note       string // opened
}

// Move is a change of status asked for by someone.
type Move struct {
	To      string
	Outcome string // for concluded
	Reason  string // decline reason code, for declined
	Note    string
}
