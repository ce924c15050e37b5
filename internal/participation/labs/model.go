// Package labs runs the laboratori di comunità: people of a neighbourhood
// or around a theme read problems together, make proposals, support them
// and follow the decisions the lab takes, phase by phase (ascolto →
// proposte → progettazione → esiti). Facilitators moderate and answer;
// authors and supporters hear when their proposal changes state.
package labs

import (
	"slices"
	"time"

	"github.com/trama-welfare/trama/internal/platform/auth"
)

// Actions: coordinators open labs; facilitators (and the territory's
// coordinators) run them, checked per lab by CanFacilitate.
const (
	ActionCreate     auth.Action = "participation.labs.create"
	ActionFacilitate auth.Action = "participation.labs.facilitate"
)

// Rules are the labs' rows of the permission table.
var Rules = auth.Rules{
	ActionCreate:     {auth.Coordinator, auth.Admin},
	ActionFacilitate: {auth.Operator, auth.Coordinator, auth.Admin},
}

// Phases of a lab, in order.
const (
	PhaseListening = "ascolto"
	PhaseProposals = "proposte"
	PhaseDesign    = "progettazione"
	PhaseOutcomes  = "esiti"
)

// Phases lists them in order.
var Phases = []string{PhaseListening, PhaseProposals, PhaseDesign, PhaseOutcomes}

// Lab is a laboratorio di comunità.
type Lab struct {
	ID           string
	TerritoryID  string
	Title        string
	Theme        string
	ISTATCode    string
	Comune       string
	Description  string
	Phase        string
	PhaseDates   [4]string // planned start of each phase, YYYY-MM-DD
	CreatedBy    string
	CreatedAt    time.Time
	Facilitators []Person
	HiddenAt     *time.Time // hidden by a coordinator: only those who run it see it
	HiddenReason string
}

// Hidden tells whether a coordinator hid the lab.
func (l *Lab) Hidden() bool { return l.HiddenAt != nil }

// Person is someone with an account, by name.
type Person struct{ ID, Name, Email string }

// PhaseStart is the planned start of phase i, nil when not planned.
func (l *Lab) PhaseStart(i int) *time.Time {
	t, err := time.Parse(time.DateOnly, l.PhaseDates[i])
	if err != nil {
		return nil
	}
	return &t
}

// PhaseIndex is the position of the current phase.
func (l *Lab) PhaseIndex() int { return slices.Index(Phases, l.Phase) }

// Accepts tells whether the lab takes contributions of a kind now.
func (l *Lab) Accepts(kind string) bool {
	return kind == KindProblem && l.Phase == PhaseListening || kind == KindProposal && l.Phase == PhaseProposals
}

// Discussing tells whether comments and supports are open.
func (l *Lab) Discussing() bool { return l.Phase == PhaseProposals || l.Phase == PhaseDesign }

// Kinds of contributions.
const (
	KindProblem  = "problem"
	KindProposal = "proposal"
)

// States of a proposal: open until an outcome answers it.
const (
	StateOpen          = "open"
	StateInProgress    = "in_corso"
	StateDone          = "realizzato"
	StateNotFeasible   = "non_realizzabile"
	StateMerged        = "merged"
	maxTitle, maxBody  = 160, 4000
	maxComment, maxWhy = 2000, 1000
)

// OutcomeStates are the states of a decision.
var OutcomeStates = []string{StateInProgress, StateDone, StateNotFeasible}

// Post is a problem or a proposal.
type Post struct {
	ID           string
	LabID        string
	Kind         string
	AuthorID     string
	AuthorName   string
	Title        string
	Body         string
	State        string
	MergedInto   string
	HiddenAt     *time.Time
	HiddenReason string
	Answer       string
	AnsweredAt   *time.Time
	Supports     int
	Comments     int
	CreatedAt    time.Time
}

// Hidden tells whether facilitators hid it.
func (p *Post) Hidden() bool { return p.HiddenAt != nil }

// Comment is a remark on a post.
type Comment struct {
	ID           string
	AuthorName   string
	Body         string
	Facilitator  bool
	HiddenAt     *time.Time
	HiddenReason string
	CreatedAt    time.Time
}

// Outcome is a decision of the lab, answering some proposals.
type Outcome struct {
	ID        string
	Title     string
	Body      string
	State     string
	Reason    string
	Posts     []Post // the proposals it answers (id, title)
	CreatedAt time.Time
}
