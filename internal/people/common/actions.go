package common

import "github.com/trama-welfare/trama/internal/platform/auth"

// Actions of Persone attive, checked per route. Which organization,
// opportunity, course or person an action may touch is decided by each
// service (membership, territory, ownership).
const (
	// ActionVolunteer: be a volunteer — profile, sign-ups, hours,
	// attestation, courses, calendar. Any resident with an account.
	ActionVolunteer auth.Action = "people.volunteer"
	// ActionOrganize: an organization's opportunities, sign-ups and hours;
	// courses and attendance registers.
	ActionOrganize auth.Action = "people.organize"
	// ActionCoordinate: qualifications and the map of the active network.
	ActionCoordinate auth.Action = "people.coordinate"
)

// Rules are Persone attive's rows of the permission table.
var Rules = auth.Rules{
	ActionVolunteer:  {auth.Citizen, auth.Volunteer, auth.Operator, auth.Coordinator, auth.Admin},
	ActionOrganize:   {auth.Operator, auth.Coordinator, auth.Admin},
	ActionCoordinate: {auth.Coordinator, auth.Admin},
}
