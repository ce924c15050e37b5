package app

import (
	"context"

	"github.com/trama-welfare/trama/internal/platform/sealed"
	"github.com/trama-welfare/trama/internal/platform/secret"
)

// peopleSealed are the sealed columns of persone attive (the volunteer's
// date of birth, the calendar feed token and its lookup hash).
var peopleSealed = []sealed.Table{
	{Name: "volunteer_profiles", Key: "user_id", Columns: []string{"birth_date"}},
	{Name: "people_calendar_tokens", Key: "user_id", Columns: []string{"token_sealed"},
		Hashes: func(kr *secret.Keyring, open map[string]string) map[string]string {
			return map[string]string{"token_hash": kr.Hash(open["token_sealed"])}
		}},
}

// RotateKeys re-encrypts every sealed value with the current key and
// recomputes the lookup hashes derived from them (`trama keys rotate`).
func (a *App) RotateKeys(ctx context.Context) (map[string]int, error) {
	return sealed.Rotate(ctx, a.DB, a.Keys, a.Sealed)
}
