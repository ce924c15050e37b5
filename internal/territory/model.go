// Package territory manages the ambiti territoriali: named groups of comuni
// that organizations, services and people belong to. One installation can
// host several.
package territory

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/platform/text"
)

// Territory is an ambito territoriale.
type Territory struct {
	ID          string
	Name        string
	Slug        string
	Description string
	CreatedAt   time.Time
	UpdatedAt   time.Time

	// Filled by the store when listing or loading.
	ComuniCount int
	Population  int
	Comuni      []geo.Comune
}

// Validate checks the fields an admin types.
func (t *Territory) Validate() error {
	var f errs.Fields
	t.Name = strings.TrimSpace(t.Name)
	t.Description = strings.TrimSpace(t.Description)
	switch n := utf8.RuneCountInString(t.Name); {
	case n == 0:
		f.Add("name", "errors.required")
	case n > 120:
		f.Add("name", "errors.too_long", 120)
	}
	if utf8.RuneCountInString(t.Description) > 2000 {
		f.Add("description", "errors.too_long", 2000)
	}
	return f.Err()
}

// Slugify turns a name into a URL-friendly identifier.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range text.Fold(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
