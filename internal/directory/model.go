// Package directory is the rete delle risorse: the organizations of a
// territory, the services they offer, where and when, on the Open Referral
// HSDS 3.0 model with the fields Italy needs. Operators edit a draft of their
// organization; coordinators review a field-by-field diff and publish it; the
// public only ever sees published data.
package directory

import "time"

// Organization is an ente: association, cooperative, parish, school, public
// office, informal group. HSDS fields first, then Trama's.
type Organization struct {
	ID                      string                   `json:"id"`
	Name                    string                   `json:"name"`
	AlternateName           string                   `json:"alternate_name,omitempty"`
	Description             string                   `json:"description"`
	Email                   string                   `json:"email,omitempty"`
	Website                 string                   `json:"website,omitempty"`
	TaxStatus               string                   `json:"tax_status,omitempty"`
	TaxID                   string                   `json:"tax_id,omitempty"` // codice fiscale
	YearIncorporated        *int                     `json:"year_incorporated,omitempty"`
	LegalStatus             string                   `json:"legal_status,omitempty"`
	Logo                    string                   `json:"logo,omitempty"`
	URI                     string                   `json:"uri,omitempty"`
	ParentOrganizationID    string                   `json:"parent_organization_id,omitempty"`
	Funding                 []Funding                `json:"funding,omitempty"`
	Contacts                []Contact                `json:"contacts,omitempty"`
	Phones                  []Phone                  `json:"phones,omitempty"`
	Programs                []Program                `json:"programs,omitempty"`
	OrganizationIdentifiers []OrganizationIdentifier `json:"organization_identifiers,omitempty"`
	Attributes              []Attribute              `json:"attributes,omitempty"`
	Metadata                []Metadata               `json:"metadata,omitempty"`

	// Trama.
	TerritoryID         string         `json:"territory_id,omitempty"`
	Kind                string         `json:"kind,omitempty"`       // RUNTS section or other kind (kinds.go)
	Activities          []string       `json:"activities,omitempty"` // art. 5 CTS term codes (CTS-A …)
	VolunteersCount     *int           `json:"volunteers_count,omitempty"`
	VolunteerManagement string         `json:"volunteer_management,omitempty"`
	SocialUtility       string         `json:"social_utility,omitempty"`
	TrainingPlans       []TrainingPlan `json:"training_plans,omitempty"`
	PartnerNotes        string         `json:"partner_notes,omitempty"` // for the network only
}

// TrainingPlan is training an organization offers its members.
type TrainingPlan struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Period      string `json:"period,omitempty"`
	Audience    string `json:"audience,omitempty"`
	Description string `json:"description,omitempty"`
}

// Service is something an organization offers.
type Service struct {
	ID                     string              `json:"id"`
	OrganizationID         string              `json:"organization_id"`
	ProgramID              string              `json:"program_id,omitempty"`
	Name                   string              `json:"name"`
	AlternateName          string              `json:"alternate_name,omitempty"`
	Description            string              `json:"description,omitempty"`
	URL                    string              `json:"url,omitempty"`
	Email                  string              `json:"email,omitempty"`
	Status                 string              `json:"status"`
	InterpretationServices string              `json:"interpretation_services,omitempty"`
	ApplicationProcess     string              `json:"application_process,omitempty"`
	FeesDescription        string              `json:"fees_description,omitempty"`
	WaitTime               string              `json:"wait_time,omitempty"`
	Fees                   string              `json:"fees,omitempty"`
	Accreditations         string              `json:"accreditations,omitempty"`
	EligibilityDescription string              `json:"eligibility_description,omitempty"`
	MinimumAge             *int                `json:"minimum_age,omitempty"`
	MaximumAge             *int                `json:"maximum_age,omitempty"`
	AssuredDate            string              `json:"assured_date,omitempty"`
	AssurerEmail           string              `json:"assurer_email,omitempty"`
	Licenses               string              `json:"licenses,omitempty"`
	Alert                  string              `json:"alert,omitempty"`
	LastModified           string              `json:"last_modified,omitempty"`
	Phones                 []Phone             `json:"phones,omitempty"`
	Schedules              []Schedule          `json:"schedules,omitempty"`
	ServiceAreas           []ServiceArea       `json:"service_areas,omitempty"`
	ServiceAtLocations     []ServiceAtLocation `json:"service_at_locations,omitempty"`
	Languages              []Language          `json:"languages,omitempty"`
	Funding                []Funding           `json:"funding,omitempty"`
	CostOptions            []CostOption        `json:"cost_options,omitempty"`
	RequiredDocuments      []RequiredDocument  `json:"required_documents,omitempty"`
	Contacts               []Contact           `json:"contacts,omitempty"`
	Attributes             []Attribute         `json:"attributes,omitempty"`
	Metadata               []Metadata          `json:"metadata,omitempty"`

	// Trama.
	TerritoryID        string   `json:"territory_id,omitempty"`
	Categories         []string `json:"categories,omitempty"`    // trama-servizi term codes
	TargetGroups       []string `json:"target_groups,omitempty"` // trama-destinatari term codes
	Free               bool     `json:"free,omitempty"`
	ReferralRequired   bool     `json:"referral_required,omitempty"`
	Capacity           *int     `json:"capacity,omitempty"`
	WaitingList        bool     `json:"waiting_list,omitempty"`
	VolunteersWanted   bool     `json:"volunteers_wanted,omitempty"`
	AccessibilityNotes string   `json:"accessibility_notes,omitempty"`
	PartnerNotes       string   `json:"partner_notes,omitempty"` // for the network only
}

// Service statuses (HSDS).
const (
	StatusActive            = "active"
	StatusInactive          = "inactive"
	StatusDefunct           = "defunct"
	StatusTemporarilyClosed = "temporarily closed"
)

// ServiceStatuses lists them in display order.
var ServiceStatuses = []string{StatusActive, StatusTemporarilyClosed, StatusInactive, StatusDefunct}

// Location is where a service happens: a place, or online.
type Location struct {
	ID                     string          `json:"id"`
	LocationType           string          `json:"location_type"` // physical, postal, virtual
	URL                    string          `json:"url,omitempty"`
	OrganizationID         string          `json:"organization_id,omitempty"`
	Name                   string          `json:"name,omitempty"`
	AlternateName          string          `json:"alternate_name,omitempty"`
	Description            string          `json:"description,omitempty"`
	Transportation         string          `json:"transportation,omitempty"`
	Latitude               *float64        `json:"latitude,omitempty"`
	Longitude              *float64        `json:"longitude,omitempty"`
	ExternalIdentifier     string          `json:"external_identifier,omitempty"`
	ExternalIdentifierType string          `json:"external_identifier_type,omitempty"`
	Languages              []Language      `json:"languages,omitempty"`
	Addresses              []Address       `json:"addresses,omitempty"`
	Contacts               []Contact       `json:"contacts,omitempty"`
	Accessibility          []Accessibility `json:"accessibility,omitempty"`
	Phones                 []Phone         `json:"phones,omitempty"`
	Schedules              []Schedule      `json:"schedules,omitempty"`
	Attributes             []Attribute     `json:"attributes,omitempty"`
	Metadata               []Metadata      `json:"metadata,omitempty"`

	// Trama.
	ISTATCode    string `json:"istat_code,omitempty"`   // comune
	Confidential bool   `json:"confidential,omitempty"` // the address is never shown publicly
}

// Location types (HSDS).
const (
	LocationPhysical = "physical"
	LocationPostal   = "postal"
	LocationVirtual  = "virtual"
)

// Address is a postal address of a location.
type Address struct {
	ID            string `json:"id"`
	LocationID    string `json:"location_id,omitempty"`
	Attention     string `json:"attention,omitempty"`
	Address1      string `json:"address_1"`
	Address2      string `json:"address_2,omitempty"`
	City          string `json:"city"`
	Region        string `json:"region,omitempty"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

// ServiceAtLocation links a service to a location.
type ServiceAtLocation struct {
	ID          string     `json:"id"`
	ServiceID   string     `json:"service_id,omitempty"`
	LocationID  string     `json:"location_id,omitempty"`
	Description string     `json:"description,omitempty"`
	Contacts    []Contact  `json:"contacts,omitempty"`
	Phones      []Phone    `json:"phones,omitempty"`
	Schedules   []Schedule `json:"schedules,omitempty"`
}

// Schedule is when a service happens (HSDS schedule, RFC 5545 parts).
type Schedule struct {
	ID                  string `json:"id"`
	ServiceID           string `json:"service_id,omitempty"`
	LocationID          string `json:"location_id,omitempty"`
	ServiceAtLocationID string `json:"service_at_location_id,omitempty"`
	ValidFrom           string `json:"valid_from,omitempty"`
	ValidTo             string `json:"valid_to,omitempty"`
	DTStart             string `json:"dtstart,omitempty"`
	Timezone            string `json:"timezone,omitempty"`
	Until               string `json:"until,omitempty"`
	Count               *int   `json:"count,omitempty"`
	Wkst                string `json:"wkst,omitempty"`
	Freq                string `json:"freq,omitempty"`
	Interval            *int   `json:"interval,omitempty"`
	ByDay               string `json:"byday,omitempty"`
	ByWeekNo            string `json:"byweekno,omitempty"`
	ByMonthDay          string `json:"bymonthday,omitempty"`
	ByYearDay           string `json:"byyearday,omitempty"`
	Description         string `json:"description,omitempty"`
	OpensAt             string `json:"opens_at,omitempty"`
	ClosesAt            string `json:"closes_at,omitempty"`
	ScheduleLink        string `json:"schedule_link,omitempty"`
	AttendingType       string `json:"attending_type,omitempty"`
	Notes               string `json:"notes,omitempty"`
	Exceptions          string `json:"exceptions,omitempty"` // Trama: dates it does not happen, comma-separated
	Seasonal            bool   `json:"seasonal,omitempty"`   // Trama: valid_from/valid_to repeat every year
}

// Phone is a telephone number.
type Phone struct {
	ID                  string     `json:"id"`
	LocationID          string     `json:"location_id,omitempty"`
	ServiceID           string     `json:"service_id,omitempty"`
	OrganizationID      string     `json:"organization_id,omitempty"`
	ContactID           string     `json:"contact_id,omitempty"`
	ServiceAtLocationID string     `json:"service_at_location_id,omitempty"`
	Number              string     `json:"number"`
	Extension           *int       `json:"extension,omitempty"`
	Type                string     `json:"type,omitempty"`
	Description         string     `json:"description,omitempty"`
	Languages           []Language `json:"languages,omitempty"`
}

// Contact is a person to contact.
type Contact struct {
	ID                  string  `json:"id"`
	OrganizationID      string  `json:"organization_id,omitempty"`
	ServiceID           string  `json:"service_id,omitempty"`
	ServiceAtLocationID string  `json:"service_at_location_id,omitempty"`
	LocationID          string  `json:"location_id,omitempty"`
	Name                string  `json:"name,omitempty"`
	Title               string  `json:"title,omitempty"`
	Department          string  `json:"department,omitempty"`
	Email               string  `json:"email,omitempty"`
	Phones              []Phone `json:"phones,omitempty"`
}

// CostOption is a price of a service.
type CostOption struct {
	ID                string   `json:"id"`
	ServiceID         string   `json:"service_id,omitempty"`
	ValidFrom         string   `json:"valid_from,omitempty"`
	ValidTo           string   `json:"valid_to,omitempty"`
	Option            string   `json:"option,omitempty"`
	Currency          string   `json:"currency,omitempty"`
	Amount            *float64 `json:"amount,omitempty"`
	AmountDescription string   `json:"amount_description,omitempty"`
}

// Language is a language a service or place works in.
type Language struct {
	ID         string `json:"id"`
	ServiceID  string `json:"service_id,omitempty"`
	LocationID string `json:"location_id,omitempty"`
	PhoneID    string `json:"phone_id,omitempty"`
	Name       string `json:"name,omitempty"`
	Code       string `json:"code,omitempty"`
	Note       string `json:"note,omitempty"`
}

// Accessibility describes how accessible a location is.
type Accessibility struct {
	ID          string `json:"id"`
	LocationID  string `json:"location_id,omitempty"`
	Description string `json:"description,omitempty"`
	Details     string `json:"details,omitempty"`
	URL         string `json:"url,omitempty"`
}

// ServiceArea is the area a service covers.
type ServiceArea struct {
	ID          string `json:"id"`
	ServiceID   string `json:"service_id,omitempty"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Extent      string `json:"extent,omitempty"`
	ExtentType  string `json:"extent_type,omitempty"`
	URI         string `json:"uri,omitempty"`
}

// Funding is a source of money.
type Funding struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organization_id,omitempty"`
	ServiceID      string `json:"service_id,omitempty"`
	Source         string `json:"source,omitempty"`
}

// Program groups services of an organization.
type Program struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organization_id,omitempty"`
	Name           string `json:"name"`
	AlternateName  string `json:"alternate_name,omitempty"`
	Description    string `json:"description"`
}

// RequiredDocument is a document needed to access a service.
type RequiredDocument struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id,omitempty"`
	Document  string `json:"document,omitempty"`
	URI       string `json:"uri,omitempty"`
}

// OrganizationIdentifier is a third-party identifier of an organization
// (e.g. the RUNTS registration number).
type OrganizationIdentifier struct {
	ID               string `json:"id"`
	OrganizationID   string `json:"organization_id,omitempty"`
	IdentifierScheme string `json:"identifier_scheme,omitempty"`
	IdentifierType   string `json:"identifier_type"`
	Identifier       string `json:"identifier"`
}

// Attribute links an entity to a taxonomy term (HSDS). Trama's categories,
// target groups and art. 5 activities are kept as their own fields and
// written as attributes on export; other attributes are kept as they come.
type Attribute struct {
	ID             string `json:"id"`
	LinkID         string `json:"link_id,omitempty"`
	TaxonomyTermID string `json:"taxonomy_term_id,omitempty"`
	LinkType       string `json:"link_type,omitempty"`
	LinkEntity     string `json:"link_entity,omitempty"`
	Value          string `json:"value,omitempty"`
}

// Metadata is an HSDS change record, kept as imported.
type Metadata struct {
	ID               string `json:"id"`
	ResourceID       string `json:"resource_id,omitempty"`
	ResourceType     string `json:"resource_type,omitempty"`
	LastActionDate   string `json:"last_action_date,omitempty"`
	LastActionType   string `json:"last_action_type,omitempty"`
	FieldName        string `json:"field_name,omitempty"`
	PreviousValue    string `json:"previous_value,omitempty"`
	ReplacementValue string `json:"replacement_value,omitempty"`
	UpdatedBy        string `json:"updated_by,omitempty"`
}

// Record is an organization with everything it offers: the unit that is
// drafted, reviewed and published together.
type Record struct {
	Organization Organization `json:"organization"`
	Locations    []Location   `json:"locations,omitempty"`
	Services     []Service    `json:"services,omitempty"`
}

// Service returns the service with id, or nil.
func (r *Record) Service(id string) *Service {
	for i := range r.Services {
		if r.Services[i].ID == id {
			return &r.Services[i]
		}
	}
	return nil
}

// Location returns the location with id, or nil.
func (r *Record) Location(id string) *Location {
	for i := range r.Locations {
		if r.Locations[i].ID == id {
			return &r.Locations[i]
		}
	}
	return nil
}

// OrgStatus is the life of an organization in the network.
type OrgStatus string

const (
	OrgPending  OrgStatus = "pending"  // signed up, never published
	OrgActive   OrgStatus = "active"   // published
	OrgArchived OrgStatus = "archived" // hidden from the public, can be restored
)

// OrgSummary is an organization as listed in the back office.
type OrgSummary struct {
	ID              string
	Name            string
	TerritoryID     string
	Status          OrgStatus
	Kind            string
	ServicesCount   int
	StaleCount      int
	DraftStatus     string // status of the open version, if any
	DraftNumber     int
	PublishedAt     *time.Time
	UpdatedAt       time.Time
	PublishedNumber int
	LastUpdate      time.Time // UpdatedAt, or the open draft's last edit if later
}

// Address returns the place's first address (the zero Address if none).
func (l Location) Address() Address {
	if len(l.Addresses) == 0 {
		return Address{}
	}
	return l.Addresses[0]
}
