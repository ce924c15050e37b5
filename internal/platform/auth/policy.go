package auth

import (
	"fmt"
	"maps"
	"slices"
)

// Action is something a user asks to do. Every route and every rule names
// the action it needs; the Policy says which roles may do it. Checks that
// depend on the resource (an operator and *their* organization) live in the
// capability's service.go on top of this.
type Action string

const (
	// Public actions are open to everybody, logged in or not.
	Public Action = "public"
	// SignedIn actions are open to every logged-in user.
	SignedIn Action = "signed_in"
	// GuestOnly actions make sense only when nobody is logged in (login form).
	GuestOnly Action = "guest_only"

	AdminUsers       Action = "admin.users"
	AdminTerritories Action = "admin.territories"
	AdminAudit       Action = "admin.audit"
	AdminOutbox      Action = "admin.outbox"
)

// Rules maps actions to the roles allowed to do them.
type Rules map[Action][]Role

// PlatformRules are the platform's own actions.
var PlatformRules = Rules{
	AdminUsers:       {Admin},
	AdminTerritories: {Admin},
	AdminAudit:       {Admin},
	AdminOutbox:      {Admin},
}

// Policy is the one table of who may do what.
type Policy struct{ rules Rules }

// NewPolicy merges the rules of every capability. An action defined twice is
// a programming error.
func NewPolicy(sets ...Rules) *Policy {
	p := &Policy{rules: Rules{}}
	for _, set := range sets {
		for a, roles := range set {
			if _, dup := p.rules[a]; dup || a == Public || a == SignedIn || a == GuestOnly {
				panic(fmt.Sprintf("auth: action %q defined twice", a))
			}
			p.rules[a] = roles
		}
	}
	return p
}

// Allows tells whether a user with role r (Anonymous when nobody is logged
// in) may do a.
func (p *Policy) Allows(r Role, a Action) bool {
	switch a {
	case Public:
		return true
	case SignedIn:
		return r != Anonymous
	case GuestOnly:
		return r == Anonymous
	}
	return r != Anonymous && slices.Contains(p.rules[a], r)
}

// Known tells whether a is in the table (or one of the built-in actions).
func (p *Policy) Known(a Action) bool {
	_, ok := p.rules[a]
	return ok || a == Public || a == SignedIn || a == GuestOnly
}

// Actions lists the actions in the table, sorted.
func (p *Policy) Actions() []Action { return slices.Sorted(maps.Keys(p.rules)) }
