package auth

import "slices"

// Role is what a user is on the platform. The values are the Italian names
// used on the command line and in the database.
type Role string

const (
	Anonymous   Role = ""             // nobody logged in
	Admin       Role = "admin"        // amministratore: territories, users, configuration
	Coordinator Role = "coordinatore" // social worker, ufficio di piano, cabina di regia
	Operator    Role = "operatore"    // member of one or more organizations
	Volunteer   Role = "volontario"   // volunteer, sentinel, natural helper
	Citizen     Role = "cittadino"    // resident with an account
)

// Roles lists the roles a user can have, most powerful first.
var Roles = []Role{Admin, Coordinator, Operator, Volunteer, Citizen}

// Valid tells whether r is a role a user can have.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// LabelKey is the i18n key of the role's name.
func (r Role) LabelKey() string {
	if r == Anonymous {
		return "role.anonymous"
	}
	return "role." + string(r)
}
