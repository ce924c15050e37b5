package directory

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/auth"
)

// placeFilters are the filters the back office's lists of organizations and
// of services share: a category of the services (a parent includes its
// subcategories) and a comune of the places; the choices of their selects
// (template "place-filters"); and, for a value in the address that is not
// valid, the message shown next to its field. Such a value filters nothing:
// a stale bookmark still opens the list, and says why it is not narrowed.
type placeFilters struct {
	Category   string // a service category's code, "" for any (or when not valid)
	Comune     string // ISTAT code, "" for any (or when not valid)
	Typed      string // the comune as in the address: a name or an ISTAT code
	Categories []Term
	Comuni     choices           // the comuni of the user's territory (and the chosen one); none for admins, who type it
	Errors     map[string]string // by field name: message key
	Bad        map[string]string // by field name: the value not valid, for the message
}

// readPlaceFilters reads "category" and "comune" from q for u.
func (h *Handlers) readPlaceFilters(ctx context.Context, q url.Values, u *auth.User) (placeFilters, error) {
	var p placeFilters
	var err error
	if p.Categories, err = h.dir.Tax.Tree(ctx, TaxServices); err != nil {
		return p, err
	}
	if u.TerritoryID != "" {
		codes, err := h.territories.ComuniCodes(ctx, u.TerritoryID)
		if err != nil {
			return p, err
		}
		comuni, err := h.geo.ByCodes(ctx, codes)
		if err != nil {
			return p, err
		}
		for _, c := range comuni {
			p.Comuni = append(p.Comuni, []string{c.ISTAT, c.Label()})
		}
	}
	if code := strings.TrimSpace(q.Get("category")); code != "" {
		if _, ok := h.dir.Tax.Subtree(ctx, TaxServices, code); ok {
			p.Category = code
		} else {
			p.bad("category", "directory.office.bad_category", code)
		}
	}
	if typed := strings.TrimSpace(q.Get("comune")); typed != "" {
		p.Typed = typed
		c, ok, err := h.geo.Comune(ctx, h.resolveComune(ctx, "", typed))
		switch {
		case err != nil:
			return p, err
		case !ok:
			p.bad("comune", "directory.office.bad_comune", typed)
		default:
			p.Comune = c.ISTAT
			if len(p.Comuni) > 0 && !slices.ContainsFunc(p.Comuni, func(o []string) bool { return o[0] == c.ISTAT }) { // one outside the territory
				p.Comuni = append(p.Comuni, []string{c.ISTAT, c.Label()})
			}
		}
	}
	return p, nil
}

func (p *placeFilters) bad(field, key, value string) {
	if p.Errors == nil {
		p.Errors, p.Bad = map[string]string{}, map[string]string{}
	}
	if r := []rune(value); len(r) > 40 {
		value = string(r[:40]) + "…"
	}
	p.Errors[field], p.Bad[field] = key, value
}
