package directory

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// TermEdit is what an admin may change of a term, or set for a new one.
type TermEdit struct {
	Name, NameEN, Description string
}

func (e *TermEdit) validate() error {
	var f errs.Fields
	e.Name, e.NameEN, e.Description = strings.TrimSpace(e.Name), strings.TrimSpace(e.NameEN), strings.TrimSpace(e.Description)
	if e.Name == "" {
		f.Add("name", "errors.required")
	}
	for field, s := range map[string]string{"name": e.Name, "name_en": e.NameEN} {
		if utf8.RuneCountInString(s) > 120 {
			f.Add(field, "errors.too_long", 120)
		}
	}
	if utf8.RuneCountInString(e.Description) > 1000 {
		f.Add("description", "errors.too_long", 1000)
	}
	return f.Err()
}

// UpdateTerm renames a term. Codes and ids never change: imports, exports
// and links keep working.
func (t *Taxonomies) UpdateTerm(ctx context.Context, id string, e TermEdit) error {
	if err := e.validate(); err != nil {
		return err
	}
	err := t.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE taxonomy_terms SET name = $1, name_en = $2, description = $3, updated_at = $4
			WHERE id = $5`, e.Name, e.NameEN, e.Description, db.Now(), id)
		if err != nil {
			return fmt.Errorf("directory: update term: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundErr()
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "update", Entity: "taxonomy_term", EntityID: id})
	})
	t.Invalidate()
	return err
}

// AddTerm adds a term under a parent (services taxonomy: a second-level
// category) or at the top of a taxonomy. Its code is the parent's plus a
// suffix made from the name, unique.
func (t *Taxonomies) AddTerm(ctx context.Context, taxonomy, parentCode string, e TermEdit) (Term, error) {
	if err := e.validate(); err != nil {
		return Term{}, err
	}
	var tm Term
	err := t.db.Tx(ctx, func(tx *sql.Tx) error {
		var taxID string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM taxonomies WHERE code = $1`, taxonomy).Scan(&taxID); err != nil {
			return errs.NotFoundErr()
		}
		prefix, parentID := strings.ToUpper(taxonomy), ""
		if parentCode != "" {
			if err := tx.QueryRowContext(ctx, `SELECT id FROM taxonomy_terms WHERE code = $1 AND taxonomy_id = $2`,
				parentCode, taxID).Scan(&parentID); err != nil {
				return errs.NotFoundErr()
			}
			prefix = parentCode
		}
		base := prefix + "-" + strings.ToUpper(codeFromName(e.Name))
		code := base
		for i := 2; ; i++ {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM taxonomy_terms WHERE code = $1`, code).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				break
			}
			code = fmt.Sprintf("%s%d", base, i)
		}
		var pos int
		tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM taxonomy_terms WHERE taxonomy_id = $1 AND parent_id = $2`,
			taxID, parentID).Scan(&pos)
		tm = Term{ID: NewID(), Code: code, Name: e.Name, NameEN: e.NameEN, Description: e.Description,
			ParentID: parentID, TaxonomyID: taxID, Taxonomy: taxonomy, Position: pos}
		if _, err := tx.ExecContext(ctx, `INSERT INTO taxonomy_terms (id, code, name, description, parent_id, taxonomy,
			language, taxonomy_id, term_uri, name_en, position, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'it', $7, '', $8, $9, $10)`,
			tm.ID, tm.Code, tm.Name, tm.Description, tm.ParentID, taxonomy, taxID, tm.NameEN, pos, db.Now()); err != nil {
			return fmt.Errorf("directory: add term: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "create", Entity: "taxonomy_term", EntityID: tm.ID,
			Detail: map[string]any{"code": tm.Code}})
	})
	t.Invalidate()
	return tm, err
}

// codeFromName makes a short code part: the first letters of the name,
// ASCII only ("Aiuto compiti" → "AIUTOC").
func codeFromName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(name) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
		if b.Len() >= 8 {
			break
		}
	}
	if b.Len() == 0 {
		return "X"
	}
	return b.String()
}

// taxonomyPage is what directory/taxonomies shows.
type taxonomyPage struct {
	Taxonomy string
	Names    []string
	Terms    []Term
	Edit     *Term
}

var editableTaxonomies = []string{TaxServices, TaxTargets}

func (h *Handlers) taxonomies(w http.ResponseWriter, r *http.Request) {
	h.renderTaxonomies(w, r, nil, nil)
}

func (h *Handlers) renderTaxonomies(w http.ResponseWriter, r *http.Request, form *web.Form, formErr error) {
	ctx := r.Context()
	tax := r.URL.Query().Get("t")
	if !contains(editableTaxonomies, tax) {
		tax = TaxServices
	}
	terms, err := h.dir.Tax.Tree(ctx, tax)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	p := taxonomyPage{Taxonomy: tax, Names: editableTaxonomies, Terms: terms}
	if code := r.URL.Query().Get("modifica"); code != "" {
		if tm, ok := h.dir.Tax.ByCode(ctx, code); ok {
			p.Edit = &tm
			if form == nil {
				form = web.NewForm(map[string][]string{"name": {tm.Name}, "name_en": {tm.NameEN}, "description": {tm.Description}})
			}
		}
	}
	if form == nil {
		form = web.NewForm(nil)
	}
	h.site.RenderForm(w, r, "directory/taxonomies", p, form, formErr)
}

func (h *Handlers) saveTerm(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	f := r.PostForm
	e := TermEdit{Name: f.Get("name"), NameEN: f.Get("name_en"), Description: f.Get("description")}
	tax := f.Get("t")
	var err error
	if code := f.Get("code"); code != "" {
		tm, ok := h.dir.Tax.ByCode(r.Context(), code)
		if !ok {
			h.site.NotFound(w, r)
			return
		}
		err = h.dir.Tax.UpdateTerm(r.Context(), tm.ID, e)
	} else {
		_, err = h.dir.Tax.AddTerm(r.Context(), tax, f.Get("parent"), e)
	}
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			h.renderTaxonomies(w, r, web.NewForm(f), err)
			return
		}
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/admin/tassonomie?t="+tax, "directory.flash.term_saved")
}
