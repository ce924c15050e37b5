// Package pact holds the Patto di comunità and the network around it: a
// versioned pact (Markdown), signed by organizations, through one of their
// operators, saying what they bring (value, resources, hours, spaces), and
// by citizens; signatories confirm each new version. The network is who
// adhered, since when, with which role (cabina di regia), and the links
// between organizations — declared partnerships, shared events, referrals —
// drawn as a graph computed on the server.
package pact

import (
	"time"

	"github.com/trama-welfare/trama/internal/platform/auth"
)

// Actions of the pact and the network.
const (
	ActionPublish auth.Action = "participation.pact.publish"  // write the pact's versions
	ActionSignOrg auth.Action = "participation.pact.sign_org" // sign for one's organization
	ActionRoles   auth.Action = "participation.network.roles" // set roles in the cabina di regia
	ActionDeclare auth.Action = "participation.network.declare"
)

// Rules are the pact's rows of the permission table.
var Rules = auth.Rules{
	ActionPublish: {auth.Coordinator, auth.Admin},
	ActionSignOrg: {auth.Operator, auth.Coordinator, auth.Admin},
	ActionRoles:   {auth.Coordinator, auth.Admin},
	ActionDeclare: {auth.Operator, auth.Coordinator, auth.Admin},
}

// Pact is a patto di comunità of a territory.
type Pact struct {
	ID          string
	TerritoryID string
	Title       string
	CreatedAt   time.Time
	Current     int // number of the latest version
}

// Version is one published text of a pact.
type Version struct {
	Number      int
	Body        string // Markdown
	Changes     string
	PublishedBy string
	PublishedAt time.Time
}

// Signature is an adhesion: an organization's (signed by an operator) or a
// citizen's.
type Signature struct {
	ID               string
	PactID           string
	OrganizationID   string
	OrgName          string
	UserID           string
	SignerName       string
	Value            string
	Resources        string
	Hours            *int
	Spaces           string
	SignedVersion    int
	ConfirmedVersion int
	SignedAt         time.Time
	ConfirmedAt      time.Time
	Role             string // the organization's role in the network
}

// Organization tells whether an organization signed it.
func (s *Signature) Organization() bool { return s.OrganizationID != "" }

// HoursN is the hours a month, 0 when not given.
func (s *Signature) HoursN() int {
	if s.Hours == nil {
		return 0
	}
	return *s.Hours
}

// Roles an organization can have in the network.
var Roles = []string{"cabina_ristretta", "cabina_allargata"}
