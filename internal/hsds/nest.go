package hsds

// HSDS JSON nests related objects: a service carries its phones, schedules,
// service_at_locations (each with its location) and so on. The same rules
// read nested JSON into table rows (import) and build it back from the
// tables (API, export).

// child is a property of an object that holds related objects.
type child struct {
	Prop     string // property of the parent
	Resource string // resource of the child objects
	Many     bool   // an array; else one object
	// Link is the child's field holding the parent's id (arrays); Ref is
	// the parent's field holding the child's id (single objects).
	Link, Ref string
	// Entity is the child's field naming the parent's resource (attributes'
	// link_entity, metadata's resource_type).
	Entity string
}

func many(prop, resource, link string) child {
	return child{Prop: prop, Resource: resource, Many: true, Link: link}
}

func one(prop, resource, ref string) child { return child{Prop: prop, Resource: resource, Ref: ref} }

var (
	attributes = child{Prop: "attributes", Resource: "attribute", Many: true, Link: "link_id", Entity: "link_entity"}
	metadata   = child{Prop: "metadata", Resource: "metadata", Many: true, Link: "resource_id", Entity: "resource_type"}
)

// nesting lists, per resource, the properties holding related objects, in
// the order of the HSDS schemas.
var nesting = map[string][]child{
	"service": {
		many("phones", "phone", "service_id"), many("schedules", "schedule", "service_id"),
		many("service_areas", "service_area", "service_id"),
		many("service_at_locations", "service_at_location", "service_id"),
		many("languages", "language", "service_id"), one("organization", "organization", "organization_id"),
		many("funding", "funding", "service_id"), many("cost_options", "cost_option", "service_id"),
		one("program", "program", "program_id"), many("required_documents", "required_document", "service_id"),
		many("contacts", "contact", "service_id"), attributes, metadata,
	},
	"organization": {
		many("funding", "funding", "organization_id"), many("contacts", "contact", "organization_id"),
		many("phones", "phone", "organization_id"), many("locations", "location", "organization_id"),
		many("programs", "program", "organization_id"),
		many("organization_identifiers", "organization_identifier", "organization_id"),
		attributes, metadata, many("services", "service", "organization_id"),
	},
	"service_at_location": {
		many("contacts", "contact", "service_at_location_id"), many("phones", "phone", "service_at_location_id"),
		many("schedules", "schedule", "service_at_location_id"), one("location", "location", "location_id"),
		attributes, metadata, one("service", "service", "service_id"),
	},
	"location": {
		many("languages", "language", "location_id"), many("addresses", "address", "location_id"),
		many("contacts", "contact", "location_id"), many("accessibility", "accessibility", "location_id"),
		many("phones", "phone", "location_id"), many("schedules", "schedule", "location_id"), attributes, metadata,
	},
	"phone":         {many("languages", "language", "phone_id"), attributes, metadata},
	"contact":       {many("phones", "phone", "contact_id"), attributes, metadata},
	"attribute":     {one("taxonomy_term", "taxonomy_term", "taxonomy_term_id"), metadata},
	"taxonomy_term": {one("taxonomy_detail", "taxonomy", "taxonomy_id"), metadata},
	"taxonomy":      {metadata},
	"program":       {attributes, metadata},
	"schedule":      {attributes, metadata},
	"service_area":  {attributes, metadata},
	"language":      {attributes, metadata},
	"funding":       {attributes, metadata},
	"cost_option":   {attributes, metadata},
	"address":       {attributes, metadata},
	"accessibility": {attributes, metadata},

	"required_document":       {attributes, metadata},
	"organization_identifier": {attributes, metadata},
}

// childOf returns the nesting rule of a property of a resource.
func childOf(resource, prop string) (child, bool) {
	for _, c := range nesting[resource] {
		if c.Prop == prop {
			return c, true
		}
	}
	return child{}, false
}
