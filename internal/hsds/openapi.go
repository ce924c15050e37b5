package hsds

import (
	"encoding/json"
	"fmt"
)

// openAPI returns the API's OpenAPI 3.1 document: the official HSDS one,
// with this installation's title and address, Trama's extra parameters, and
// the response of /service_at_locations/{id} pointing to the service at
// location schema (the official file says service).
func openAPI(baseURL string) ([]byte, error) {
	b, err := specFS.ReadFile("spec/openapi.json")
	if err != nil {
		return nil, fmt.Errorf("hsds: %w", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("hsds: openapi.json: %w", err)
	}
	doc["info"] = map[string]any{
		"title":   "Trama — HSDS 3.0 API",
		"version": "1.0",
		"summary": "The published organizations, services and places of a community welfare network (rete delle risorse).",
		"description": "Open Referral HSDS 3.0 API of a Trama installation: public, read-only, no authentication. " +
			"Only published data; confidential addresses and the notes meant for the network are never part of it " +
			"(a confidential place has its comune's centre as coordinates). Lists are paginated (per_page up to 500) " +
			"or streamed with format=ndjson. Trama adds the parameters lat, lon, minimum_age, maximum_age, day and comune.",
		"contact": map[string]any{"name": "Trama", "url": baseURL},
		"license": map[string]any{"name": "CC-BY-SA-4.0 (the HSDS specification this document adapts)",
			"url": "https://creativecommons.org/licenses/by-sa/4.0/"},
	}
	doc["servers"] = []any{map[string]any{"url": baseURL + "/api/hsds"}}
	comps := doc["components"].(map[string]any)
	parameters := comps["parameters"].(map[string]any)
	query := func(name, typ, desc string) map[string]any {
		return map[string]any{"name": name, "in": "query", "required": false, "description": desc,
			"schema": map[string]any{"type": typ}}
	}
	parameters["lat"] = query("lat", "number", "Latitude (WGS84) of the centre of a proximity search.")
	parameters["lon"] = query("lon", "number", "Longitude (WGS84) of the centre of a proximity search.")
	parameters["minimum_age"] = query("minimum_age", "integer",
		"Only services open to people of this age or older (their maximum age, if any, is at least this).")
	parameters["maximum_age"] = query("maximum_age", "integer",
		"Only services open to people of this age or younger (their minimum age, if any, is at most this). "+
			"With minimum_age: services for an age range; the same value in both: for a child of that age.")
	parameters["day"] = query("day", "string",
		"Only services with a schedule on this weekday: MO, TU, WE, TH, FR, SA, SU (or the day's English or Italian name).")
	parameters["comune"] = query("comune", "string", "Only services with a place in this comune (ISTAT code, e.g. 015036).")
	parameters["proximity"].(map[string]any)["description"] =
		"Only results with a place within this many metres of lat/lon, or of the centre of the places with the given postcode."
	parameters["per_page"].(map[string]any)["description"] = "Number of results requested in a single page (1 to 500, default 50)."
	paths := doc["paths"].(map[string]any)
	extra := func(path string, names ...string) {
		get := paths[path].(map[string]any)["get"].(map[string]any)
		list, _ := get["parameters"].([]any)
		for _, n := range names {
			list = append(list, map[string]any{"$ref": "#/components/parameters/" + n})
		}
		get["parameters"] = list
	}
	extra("/services", "postcode", "proximity", "lat", "lon", "minimum_age", "maximum_age", "day", "comune")
	extra("/service_at_locations", "lat", "lon", "minimum_age", "maximum_age", "day", "comune")
	sal := paths["/service_at_locations/{id}"].(map[string]any)["get"].(map[string]any)
	resp := sal["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)
	resp["schema"] = map[string]any{"$ref": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/service_at_location.json"}
	return json.MarshalIndent(doc, "", "  ")
}
