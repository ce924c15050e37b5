package search

import (
	"time"

	"github.com/trama-welfare/trama/internal/directory"
)

// Query is one search of the portal: words and filters that must all hold.
type Query struct {
	Text     string
	Category string // a trama-servizi term code; its subcategories count
	// ChildAge keeps services for a child of that age (0–17); AgeGroup
	// ("adults", "seniors") for grown-ups. Services open to every age
	// always qualify.
	ChildAge *int
	AgeGroup AgeGroup
	// Day and Part keep services that happen on that weekday and/or in
	// that part of the day.
	Day  *time.Weekday
	Part Part
	// Origin is where distances are measured from (a comune's centre, or
	// the user's position); with RadiusKm > 0 only services within that
	// distance are kept. Comune with RadiusKm == 0 keeps the services of
	// that comune only.
	Origin      *Point
	RadiusKm    float64
	Comune      string // ISTAT code
	Free        bool
	Accessible  bool
	Language    string // ISO 639-1
	TerritoryID string
	Sort        Sort
	Page        int // from 1
	PerPage     int
	// SkipFacets leaves the category counts out (type-ahead, lists).
	SkipFacets bool
	// Explain fills Results.Explain.
	Explain bool
}

// AgeGroup is a grown-up age filter.
type AgeGroup string

// The grown-up age groups.
const (
	Adults  AgeGroup = "adults"
	Seniors AgeGroup = "seniors"
)

// Point is a WGS84 position.
type Point struct{ Lat, Lon float64 }

// Sort orders the results.
type Sort string

// The orders: by relevance (the default: how well the words match, then
// distance in bands, then the most recently verified), by distance, by
// name.
const (
	ByRelevance Sort = "relevance"
	ByDistance  Sort = "distance"
	ByName      Sort = "name"
)

// Limits of a search.
const (
	// Window is how many results a search ranks and counts: when more
	// services match, the total says "more than Window" and the user is
	// asked to narrow the search.
	Window         = 100
	DefaultPerPage = 20
	MaxPerPage     = 50
	// MaxRadiusKm bounds distance filters.
	MaxRadiusKm = 200
)

// Results is a page of results with what the page needs around it.
type Results struct {
	Items   []Result
	Total   int  // matching services, at most Window
	More    bool // more than Window matched
	Page    int
	Pages   int
	PerPage int
	// Facets are the categories with how many results each would have,
	// the other filters staying as they are: the top-level categories,
	// with the children of the selected one.
	Facets []Facet
	// Explain describes the analysed query and what each engine is asked.
	Explain string
}

// Facet is a category and its count for the current search.
type Facet struct {
	Code     string
	Count    int
	More     bool // more than Window
	Selected bool
	Children []Facet
}

// Result is a service found.
type Result struct {
	ServiceID        string
	Name             string
	OrganizationID   string
	OrganizationName string
	Status           string
	Free             bool
	Cost             string
	MinAge, MaxAge   *int
	Categories       []string
	Places           []Place
	Schedules        []directory.Schedule
	AssuredDate      string
	// DistanceKm is the distance of the nearest place from the origin,
	// when the search has one and the service a place.
	DistanceKm  float64
	HasDistance bool
	Score       Score
}

// Score is why a result is where it is: the parts of its ranking key, in
// order.
type Score struct {
	Rank   int  // position in the results, from 1
	Exact  bool // every word found as typed (not only as a synonym, inflection or correction)
	InName bool // the words found in the name (as typed, or in any form when not as typed elsewhere)
	AgeFit bool // made for the age searched (not only open to every age)
	// Band is the distance band (upper bound in km) used as the first
	// tie-breaker when the search has an origin; 0 without.
	Band float64
	// Fresh is the day the service was last verified, the last
	// tie-breaker (with the order of indexing).
	Fresh string
	RID   int64
}

// Text is the text part of the score: 2 for exact words, 1 for the name.
func (s Score) Text() int {
	n := 0
	if s.Exact {
		n += 2
	}
	if s.InName {
		n++
	}
	return n
}
