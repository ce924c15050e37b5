package directory

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// Bundled taxonomies (migration 00101, stable ids).
const (
	TaxServices   = "trama-servizi"     // service categories, two levels
	TaxTargets    = "trama-destinatari" // target groups
	TaxActivities = "cts-art5"          // art. 5 CTS activities of organizations
)

// Term is a taxonomy term.
type Term struct {
	ID          string
	Code        string
	Name        string // Italian
	NameEN      string
	Description string
	ParentID    string
	TaxonomyID  string
	Taxonomy    string // code of the taxonomy
	Position    int
	Children    []Term
}

// Label is the term's name in lang.
func (t Term) Label(lang string) string {
	if lang == "en" && t.NameEN != "" {
		return t.NameEN
	}
	return t.Name
}

// Taxonomies reads the taxonomy terms, cached for a short while (they change
// rarely, and other instances see an edit within the cache lifetime).
type Taxonomies struct {
	db     *db.DB
	mu     sync.Mutex
	loaded time.Time
	byCode map[string]Term
	byID   map[string]Term
	trees  map[string][]Term
	kids   map[string][]Term // by parent id
}

const taxonomyTTL = 30 * time.Second

// NewTaxonomies returns the taxonomy reader on d.
func NewTaxonomies(d *db.DB) *Taxonomies { return &Taxonomies{db: d} }

// Invalidate drops the cache (after an edit).
func (t *Taxonomies) Invalidate() {
	t.mu.Lock()
	t.loaded = time.Time{}
	t.mu.Unlock()
}

func (t *Taxonomies) load(ctx context.Context) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if time.Since(t.loaded) < taxonomyTTL {
		return nil
	}
	rows, err := t.db.R.QueryContext(ctx, `SELECT id, code, name, name_en, description, parent_id, taxonomy_id, taxonomy, position
		FROM taxonomy_terms ORDER BY taxonomy, position, name`)
	if err != nil {
		return fmt.Errorf("directory: load taxonomies: %w", err)
	}
	defer rows.Close()
	byCode, byID := map[string]Term{}, map[string]Term{}
	var all []Term
	for rows.Next() {
		var tm Term
		if err := rows.Scan(&tm.ID, &tm.Code, &tm.Name, &tm.NameEN, &tm.Description, &tm.ParentID, &tm.TaxonomyID, &tm.Taxonomy, &tm.Position); err != nil {
			return err
		}
		all = append(all, tm)
		byID[tm.ID] = tm
		if tm.Code != "" {
			byCode[tm.Code] = tm
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	trees := map[string][]Term{}
	children := map[string][]Term{}
	for _, tm := range all {
		if tm.ParentID != "" {
			children[tm.ParentID] = append(children[tm.ParentID], tm)
		}
	}
	for _, tm := range all {
		if _, hasParent := byID[tm.ParentID]; tm.ParentID == "" || !hasParent {
			tm.Children = children[tm.ID]
			trees[tm.Taxonomy] = append(trees[tm.Taxonomy], tm)
		}
	}
	for k := range trees {
		sort.SliceStable(trees[k], func(i, j int) bool { return trees[k][i].Position < trees[k][j].Position })
	}
	t.byCode, t.byID, t.trees, t.kids, t.loaded = byCode, byID, trees, children, time.Now()
	return nil
}

// Tree returns the top-level terms of a taxonomy with their children.
func (t *Taxonomies) Tree(ctx context.Context, taxonomy string) ([]Term, error) {
	if err := t.load(ctx); err != nil {
		return nil, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.trees[taxonomy], nil
}

// ByCode returns a term by code.
func (t *Taxonomies) ByCode(ctx context.Context, code string) (Term, bool) {
	if t.load(ctx) != nil {
		return Term{}, false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	tm, ok := t.byCode[code]
	return tm, ok
}

// Subtree returns the ids of the term of taxonomy with code and of all its
// descendants (a filter by a category includes its subcategories); false
// when taxonomy has no such code.
func (t *Taxonomies) Subtree(ctx context.Context, taxonomy, code string) ([]string, bool) {
	if t.load(ctx) != nil {
		return nil, false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	tm, ok := t.byCode[code]
	if !ok || tm.Taxonomy != taxonomy {
		return nil, false
	}
	ids := []string{tm.ID}
	for i := 0; i < len(ids) && i < 1000; i++ {
		for _, c := range t.kids[ids[i]] {
			ids = append(ids, c.ID)
		}
	}
	return ids, true
}

// ByID returns a term by id.
func (t *Taxonomies) ByID(ctx context.Context, id string) (Term, bool) {
	if t.load(ctx) != nil {
		return Term{}, false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	tm, ok := t.byID[id]
	return tm, ok
}

// Labels returns the labels of term codes in lang, in the given order;
// unknown codes are skipped.
func (t *Taxonomies) Labels(ctx context.Context, codes []string, lang string) []string {
	var out []string
	for _, c := range codes {
		if tm, ok := t.ByCode(ctx, c); ok {
			out = append(out, tm.Label(lang))
		}
	}
	return out
}
