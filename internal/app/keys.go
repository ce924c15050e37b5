package app

import (
	"context"

	"github.com/trama-welfare/trama/internal/platform/sealed"
)

// RotateKeys re-encrypts every sealed value with the current key and
// recomputes the lookup hashes derived from them (`trama keys rotate`).
func (a *App) RotateKeys(ctx context.Context) (map[string]int, error) {
	return sealed.Rotate(ctx, a.DB, a.Keys, a.Sealed)
}
