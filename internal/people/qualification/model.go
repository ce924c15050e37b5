// Package qualification holds what a person is trained or appointed for —
// sentinella, attivatore, natural helper, amministratore di sostegno,
// operatore della porta — earned through a course or granted by a
// coordinator, with a validity and a renewal reminder. Qualifications
// unlock abilities elsewhere: the porta di comunità asks HasQualification
// before accepting a sentinel's signal, and coordinators assign natural
// helpers to accompany a person in a case.
package qualification

import (
	"slices"
	"time"
)

// The qualification codes.
const (
	Sentinel      = "sentinella"
	Activator     = "attivatore"
	NaturalHelper = "natural_helper"
	SupportAdmin  = "amministratore_sostegno"
	DeskOperator  = "operatore_porta"
)

// Codes lists them in the order pages show them.
var Codes = []string{Sentinel, Activator, NaturalHelper, SupportAdmin, DeskOperator}

// Valid tells whether code is a known qualification.
func Valid(code string) bool { return slices.Contains(Codes, code) }

// LabelKey is the i18n key of a code's name.
func LabelKey(code string) string { return "people.qualification." + code }

// Qualification is one grant to one person.
type Qualification struct {
	ID          string
	UserID      string
	UserName    string
	UserEmail   string
	Code        string
	GrantedBy   string
	GrantorName string
	GrantedAt   time.Time
	ValidUntil  string // YYYY-MM-DD, "" = no expiry
	CourseID    string
	CourseTitle string
	Note        string
	RevokedAt   *time.Time
}

// Active tells whether the qualification holds on day today (YYYY-MM-DD).
func (q Qualification) Active(today string) bool {
	return q.RevokedAt == nil && (q.ValidUntil == "" || q.ValidUntil >= today)
}

// LabelKey is the i18n key of its name.
func (q Qualification) LabelKey() string { return LabelKey(q.Code) }
