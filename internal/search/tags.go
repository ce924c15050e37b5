package search

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/platform/geo"
)

// Filters are tokens of the full-text index, in a column (SQLite) or a
// weight (PostgreSQL) of their own so that no word of a text can match
// them: a filter is then one more term of the engine's query, intersected
// by the same inverted index as the words, and both engines filter alike
// because both are given the same tokens. Each kind of token starts with
// its own letter.

// Tokens of yes/no facts.
const (
	tagFree       = "xfree"
	tagAccessible = "xacc"
)

// Age tokens: one per year of childhood, one for adults, one for older
// people, and one for services open to every age.
const (
	maxChildAge = 17
	adultFrom   = 18
	seniorFrom  = 65
	tagAdults   = "aad"
	tagSeniors  = "asn"
	tagAllAges  = "aall"
)

func tagAge(n int) string { return "a" + strconv.Itoa(n) }

// squash keeps the lowercase ASCII letters and digits of s: codes and ids
// become single index tokens on both engines.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, s)
}

func tagCategory(code string) string           { return "c" + squash(code) }
func tagTarget(code string) string             { return "t" + squash(code) }
func tagLanguage(code string) string           { return "l" + squash(code) }
func tagTerritory(id string) string            { return "r" + squash(id) }
func tagComune(istat string) string            { return "i" + squash(istat) }
func tagDay(d time.Weekday) string             { return "d" + strconv.Itoa(int(d)) }
func tagPart(p Part) string                    { return "p" + string(p) }
func tagDayPart(d time.Weekday, p Part) string { return tagDay(d) + string(p) }

// Part is a part of the day, for "Saturday afternoon".
type Part string

// The parts of the day, as ranges of minutes [From, To).
const (
	Morning   Part = "m" // mattina: before noon
	Afternoon Part = "p" // pomeriggio: noon to 18:00
	Evening   Part = "s" // sera: from 18:00
)

// Parts lists them in order.
var Parts = []Part{Morning, Afternoon, Evening}

// Minutes returns the range of the part, in minutes after midnight.
func (p Part) Minutes() (from, to int) {
	switch p {
	case Morning:
		return 0, 12 * 60
	case Afternoon:
		return 12 * 60, 18 * 60
	case Evening:
		return 18 * 60, 24 * 60
	}
	return 0, 0
}

// Valid tells whether p is one of Parts.
func (p Part) Valid() bool { return p == Morning || p == Afternoon || p == Evening }

// Geographic cells: a point is filed under one cell per level, a square
// grid of 0.01° × 2^level (level 0 is about 1 km, level 6 about 70 km). A
// distance filter asks for the few cells, of the finest level that keeps
// them few, that cover the circle's bounding box; the exact distance is
// then checked on the places of what matched.
const (
	cellLevels    = 7
	cellBase      = 0.01
	maxCoverCells = 16
)

func cellSize(level int) float64 { return cellBase * float64(int(1)<<level) }

func cellXY(level int, lat, lon float64) (x, y int) {
	s := cellSize(level)
	return int(math.Floor((lon + 180) / s)), int(math.Floor((lat + 90) / s))
}

func tagCell(level, x, y int) string {
	return "g" + strconv.Itoa(level) + "x" + strconv.Itoa(x) + "y" + strconv.Itoa(y)
}

// pointCells returns the cell tokens of a point, one per level.
func pointCells(lat, lon float64) []string {
	out := make([]string, cellLevels)
	for l := range cellLevels {
		x, y := cellXY(l, lat, lon)
		out[l] = tagCell(l, x, y)
	}
	return out
}

// coverCells returns the tokens of the cells that cover every point within
// km of (lat, lon), at the finest level where they are at most
// maxCoverCells; nil when even the coarsest level needs more (a radius of
// hundreds of km: then only the exact distance filters).
func coverCells(lat, lon, km float64) []string {
	minLat, maxLat, minLon, maxLon := geo.BoundingBox(lat, lon, km)
	for l := range cellLevels {
		x0, y0 := cellXY(l, minLat, minLon)
		x1, y1 := cellXY(l, maxLat, maxLon)
		if (x1-x0+1)*(y1-y0+1) > maxCoverCells {
			continue
		}
		var out []string
		for x := x0; x <= x1; x++ {
			for y := y0; y <= y1; y++ {
				out = append(out, tagCell(l, x, y))
			}
		}
		return out
	}
	return nil
}
