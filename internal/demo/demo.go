// Package demo is the demo data set: a believable, fictional network of
// organizations and services in a real territory, the comuni around
// Buccinasco of the LINK project (Ambito di Corsico).
//
// The organizations are written in data/*.toml, one file per comune, and
// published through the directory's own workflow (drafts, submissions,
// approvals), so that the demo holds exactly what its users would produce:
// versions, history lines, e-mails, verification dates. A few organizations
// are left in the states a demo needs to show: one waiting for validation,
// one sent back with a comment, one update waiting for review, one
// archived, and some whose services were last verified 7 to 9 months ago.
//
// Other capabilities add their own demo data after the network exists,
// through the seeders listed in app.SeedDemo; they get a *World with the
// ids of what was made, by the keys of the data files.
package demo

import (
	"hash/fnv"
	"math/rand/v2"
	"time"

	"github.com/trama-welfare/trama/internal/platform/auth"
)

// World is what the demo has made so far, for the seeders that come after.
type World struct {
	// Today is the day the demo is loaded (midnight, Europe/Rome): dates of
	// events and verifications are counted from it.
	Today time.Time
	// TerritoryID is the Ambito di Corsico.
	TerritoryID string
	// Users are the demo accounts by e-mail.
	Users map[string]*auth.User
	// Orgs maps organization keys ("polisportiva") to ids.
	Orgs map[string]string
	// Places maps "org/place" keys ("polisportiva/palestra") to location ids.
	Places map[string]string
	// Services maps "org/service" keys ("polisportiva/minibasket") to ids.
	Services map[string]string
}

// NewWorld starts a World for a territory on the day today.
func NewWorld(territoryID string, today time.Time) *World {
	return &World{Today: today, TerritoryID: territoryID, Users: map[string]*auth.User{},
		Orgs: map[string]string{}, Places: map[string]string{}, Services: map[string]string{}}
}

// Rand returns a random source that gives the same sequence on every load
// for the same name: seeders that pick at random stay deterministic.
func (w *World) Rand(name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(h.Sum64(), 0x7472616d61)) // "trama"
}

// Account is a demo account of an organization's operator.
type Account struct {
	Email, Name string
	// Why is what the account shows in a demo (for the README and the
	// seed command's output).
	Why string
}

// Operators are demo operators beyond operatore@trama.example, each
// working for an organization in a state worth showing. Their password is
// the demo password.
var Operators = []Account{
	{"antiviolenza@trama.example", "Elena Ascolto", "Centro antiviolenza Libere di Essere: update waiting for review, confidential place"},
	{"emporio@trama.example", "Franco Dispensa", "Il Granaio (solidarity store) and Pane Condiviso ODV, whose data is 9 months old"},
	{"nuovoente@trama.example", "Rosa Ponti", "Ponti di Parole APS: new organization waiting for validation"},
}
