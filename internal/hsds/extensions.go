package hsds

import "github.com/trama-welfare/trama/internal/directory"

// Trama's extension resources carry what Italy needs beside HSDS: they are
// extra files of an exported package (declared in its datapackage.json) and
// are read back on import. Partner notes and confidential addresses are
// never exported, so they have no column here.
func extensions() []*Table {
	id := Field{Name: "id", Type: "string", Format: "uuid", Required: true, Description: "Identifier of the row it extends."}
	text := func(name, desc string) Field { return Field{Name: name, Type: "string", Description: desc} }
	flag := func(name, desc string) Field {
		return Field{Name: name, Type: "boolean", Kind: KindBool, Description: desc}
	}
	whole := func(name, desc string) Field {
		return Field{Name: name, Type: "integer", Kind: KindInt, Description: desc}
	}
	base := func(resource string) *Table { return &Table{Resource: resource} }
	return []*Table{
		{Resource: "trama_organization", Name: "organizations", Path: "trama_organizations.csv", Base: base("organization"),
			Fields: []Field{id,
				{Name: "territory_id", Type: "string", Format: "uuid", Description: "Territory (ambito territoriale) of the organization in the exporting installation."},
				{Name: "kind", Type: "string", Enum: directory.Kinds, Description: "RUNTS section or other kind of organization."},
				whole("volunteers_count", "Number of volunteers."),
				text("volunteer_management", "How the organization manages its volunteers."),
				text("social_utility", "Social utility of the organization, in its own words."),
			}},
		{Resource: "trama_service", Name: "services", Path: "trama_services.csv", Base: base("service"),
			Fields: []Field{id,
				flag("free", "The service costs nothing."),
				flag("referral_required", "A referral (invio) is needed to access the service."),
				whole("capacity", "Places available."),
				flag("waiting_list", "The service keeps a waiting list."),
				flag("volunteers_wanted", "The service looks for volunteers."),
				text("accessibility_notes", "Notes on accessibility."),
			}},
		{Resource: "trama_location", Name: "locations", Path: "trama_locations.csv", Base: base("location"),
			Fields: []Field{id,
				{Name: "istat_code", Type: "string", Description: "ISTAT code of the comune."},
				flag("confidential", "The address is confidential and never published (e.g. shelters); the coordinates are those of the comune."),
			}},
		{Resource: "trama_schedule", Name: "schedules", Path: "trama_schedules.csv", Base: base("schedule"),
			Fields: []Field{id,
				text("timezone", "IANA time zone of the schedule (HSDS only has a UTC offset); empty means Europe/Rome."),
				text("exceptions", "Dates (YYYY-MM-DD, comma-separated) on which the schedule does not happen."),
				flag("seasonal", "valid_from and valid_to repeat every year."),
			}},
		{Resource: "trama_taxonomy", Name: "taxonomies", Path: "trama_taxonomies.csv", Base: base("taxonomy"),
			Fields: []Field{id, text("code", "Stable code of a taxonomy bundled with Trama.")}},
		{Resource: "trama_taxonomy_term", Name: "taxonomy_terms", Path: "trama_taxonomy_terms.csv", Base: base("taxonomy_term"),
			Fields: []Field{id, text("name_en", "English name of the term."), whole("position", "Order of the term among its siblings.")}},
		{Resource: "trama_training_plan", Name: "organization_training_plans", Path: "trama_training_plans.csv", Base: base("organization"),
			Fields: []Field{id,
				{Name: "organization_id", Type: "string", Format: "uuid", Required: true, Description: "Organization offering the training."},
				{Name: "title", Type: "string", Required: true, Description: "Title of the training."},
				text("period", "When it takes place."),
				text("audience", "Who it is for."),
				text("description", "What it covers."),
				whole("position", "Order among the organization's plans."),
			}},
	}
}
