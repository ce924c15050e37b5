package volunteer

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/people/common"
	"github.com/trama-welfare/trama/internal/search/analysis"
)

// The public listing GET /volontariato: published opportunities of active
// organizations that still have shifts to come, with the portal's Italian
// text analysis (stems, accents, synonyms) and filters by skill, comune,
// day of the week and kind. The structured filters run in SQL; the text
// and the schedule filters on the few hundred rows left, in Go.

// Filter is what the visitor asks.
type Filter struct {
	Q      string
	Skill  string
	Comune string
	Day    string // MO…SU
	Kind   string // "once" or "recurring"
	Page   int
}

// PageSize is the number of opportunities per page.
const PageSize = 20

// Listing is one opportunity with its next shift.
type Listing struct {
	*Opportunity
	Next time.Time
}

// maxScan bounds the rows the listing reads.
const maxScan = 5000

// Public lists the opportunities matching f, soonest first, and the total.
func (s *Service) Public(ctx context.Context, f Filter) ([]Listing, int, error) {
	where := `v.status = 'published' AND o.status = 'active' AND (v.until = '' OR v.until >= $1)`
	args := []any{common.Today(s.Now())}
	if f.Skill != "" {
		args = append(args, common.HasArg(f.Skill))
		where += ` AND ` + common.ListHas("v.skills", len(args))
	}
	if f.Comune != "" {
		args = append(args, f.Comune)
		where += ` AND (v.istat_code = $` + strconv.Itoa(len(args)) + ` OR v.online = TRUE)`
	}
	list, err := s.list(ctx, where+` ORDER BY v.created_at DESC LIMIT `+strconv.Itoa(maxScan), args...)
	if err != nil {
		return nil, 0, err
	}
	q := analysis.ParseQuery(f.Q, analysis.Options{Synonyms: analysis.DefaultSynonyms()})
	var index map[string]string
	if !q.Empty() {
		if index, err = s.indexTexts(ctx, list); err != nil {
			return nil, 0, err
		}
	}
	now := s.Now()
	var out []Listing
	for _, o := range list {
		if !q.Empty() && !q.Matches(index[o.ID]) {
			continue
		}
		if f.Kind == "once" && !o.Rule.IsOneOff() || f.Kind == "recurring" && o.Rule.IsOneOff() {
			continue
		}
		if f.Day != "" {
			i := slices.Index(Days, f.Day)
			if i < 0 || !o.Rule.OnWeekday(time.Weekday((i+1)%7)) {
				continue
			}
		}
		next, ok := o.Rule.Next(now)
		if !ok {
			continue
		}
		out = append(out, Listing{Opportunity: o, Next: next.Start})
	}
	slices.SortStableFunc(out, func(a, b Listing) int { return cmp.Compare(a.Next.Unix(), b.Next.Unix()) })
	total := len(out)
	page := max(f.Page, 1)
	from := min((page-1)*PageSize, total)
	return out[from:min(from+PageSize, total)], total, nil
}

// indexTexts reads the stored search text of the opportunities.
func (s *Service) indexTexts(ctx context.Context, list []*Opportunity) (map[string]string, error) {
	out := map[string]string{}
	rows, err := s.db.R.QueryContext(ctx, `SELECT v.id, v.index_text FROM volunteer_opportunities v
		JOIN organizations o ON o.id = v.organization_id WHERE v.status = 'published' AND o.status = 'active'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, err
		}
		out[id] = text
	}
	return out, rows.Err()
}

// ComuneNames names comuni by code ("Buccinasco (MI)").
func (s *Service) ComuneNames(ctx context.Context, codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		if cm, ok, _ := s.geo.Comune(ctx, c); ok {
			out = append(out, cm.Label())
		} else {
			out = append(out, c)
		}
	}
	return out
}

// MaxComuneChoices is how many comuni a page offers to pick from
// (checkboxes, a datalist): the most populous of the territory; any other
// comune is typed and resolved by name (Service.ResolveComune).
const MaxComuneChoices = 60

// ComuniOf lists the comuni of territory tid (of every territory when tid
// is ""), the MaxComuneChoices most populous, plus the comuni extra
// (already chosen) wherever they are, as [code, label] pairs sorted by name.
// At national scale every territory together has thousands of comuni: a
// page listed them all (a fifth of the server's CPU in the load test).
func (s *Service) ComuniOf(ctx context.Context, tid string, extra []string) ([][]string, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT c.istat_code FROM territory_comuni tc
		JOIN comuni c ON c.istat_code = tc.istat_code WHERE $1 = '' OR tc.territory_id = $1
		GROUP BY c.istat_code, c.population ORDER BY c.population DESC, c.istat_code LIMIT $2`, tid, MaxComuneChoices)
	if err != nil {
		return nil, fmt.Errorf("volunteer: comuni of territory: %w", err)
	}
	var codes []string
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			rows.Close()
			return nil, err
		}
		codes = append(codes, code)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, c := range extra {
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	comuni, err := s.geo.ByCodes(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := make([][]string, 0, len(comuni))
	for _, c := range comuni {
		out = append(out, []string{c.ISTAT, c.Label()})
	}
	return out, nil
}

// ResolveComune is the ISTAT code of what a user typed as a comune: a name
// ("Buccinasco", "Buccinasco (MI)", resolved like the search's and the home
// page's comune fields) or, from older links, a code; ok is false when no
// comune matches.
func (s *Service) ResolveComune(ctx context.Context, typed string) (string, bool) {
	typed = strings.TrimSpace(typed)
	if typed == "" || len(typed) > 80 {
		return "", false
	}
	if _, ok, _ := s.geo.Comune(ctx, typed); ok {
		return typed, true
	}
	if s.FindComune == nil {
		return "", false
	}
	c, ok := s.FindComune(typed)
	return c.ISTAT, ok
}
