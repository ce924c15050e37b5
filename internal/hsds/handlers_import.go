package hsds

import (
	"embed"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path/filepath"

	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/jobs"
	"github.com/trama-welfare/trama/internal/platform/web"
	"github.com/trama-welfare/trama/internal/territory"
)

//go:embed templates/*.html
var templates embed.FS

// Templates are this package's pages.
func Templates() fs.FS { sub, _ := fs.Sub(templates, "templates"); return sub }

// ActionImport is loading spreadsheets of associations into the directory.
const ActionImport auth.Action = "hsds.import"

// Rules are the capability's rows of the permission table.
var Rules = auth.Rules{ActionImport: {auth.Coordinator, auth.Admin}}

// Handlers serve the back office's spreadsheet import.
type Handlers struct {
	site        *web.Site
	h           *HSDS
	territories *territory.Store
	queue       *jobs.Queue
}

// Handlers returns the import pages.
func (h *HSDS) Handlers(site *web.Site, t *territory.Store, q *jobs.Queue) *Handlers {
	return &Handlers{site: site, h: h, territories: t, queue: q}
}

// Routes registers the pages.
func (x *Handlers) Routes(r *web.Router) {
	r.Handle("GET /coordinamento/importa", ActionImport, x.index)
	r.Handle("GET /coordinamento/importa/modello.csv", ActionImport, x.template)
	r.Handle("POST /coordinamento/importa", ActionImport, x.upload, web.BodyLimit(maxTemplateBytes+1<<20))
	r.Handle("GET /coordinamento/importa/{id}", ActionImport, x.show)
	r.Handle("POST /coordinamento/importa/{id}/conferma", ActionImport, x.confirm)
	r.Handle("POST /coordinamento/importa/{id}/annulla", ActionImport, x.cancel)
}

// indexPage is the upload page.
type indexPage struct {
	Columns     []tplColumn
	Territories [][2]string // for administrators: id, name
	Imports     []*TemplateImport
}

func (x *Handlers) indexData(r *http.Request) (*indexPage, error) {
	u := web.UserFrom(r)
	data := &indexPage{Columns: tplColumns}
	territoryID := u.TerritoryID
	if auth.RoleOf(u) == auth.Admin {
		territoryID = ""
		list, err := x.territories.List(r.Context())
		if err != nil {
			return nil, err
		}
		for _, t := range list {
			data.Territories = append(data.Territories, [2]string{t.ID, t.Name})
		}
	} else if territoryID == "" {
		return data, nil
	}
	var err error
	data.Imports, err = x.h.Imports(r.Context(), territoryID)
	return data, err
}

func (x *Handlers) index(w http.ResponseWriter, r *http.Request) {
	data, err := x.indexData(r)
	if err != nil {
		x.site.Error(w, r, err)
		return
	}
	x.site.Render(w, r, "hsds/import", data)
}

func (x *Handlers) template(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="modello-trama.csv"`)
	w.Write(Template())
}

// upload reads the spreadsheet and shows what it would do.
func (x *Handlers) upload(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), web.UserFrom(r)
	fail := func(field, key string, args ...any) {
		data, err := x.indexData(r)
		if err != nil {
			x.site.Error(w, r, err)
			return
		}
		var f errs.Fields
		f.Add(field, key, args...)
		x.site.RenderForm(w, r, "hsds/import", data, web.NewForm(r.PostForm), f.Err())
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			x.site.ErrorStatus(w, r, http.StatusRequestEntityTooLarge, "errors.too_large")
			return
		}
		fail("file", "hsds.template.errors.no_file")
		return
	}
	territoryID := u.TerritoryID
	if auth.RoleOf(u) == auth.Admin {
		territoryID = r.PostForm.Get("territory_id")
		if _, err := x.territories.Get(ctx, territoryID); err != nil {
			fail("territory_id", "errors.territory_unknown")
			return
		}
	}
	if territoryID == "" {
		x.site.ErrorStatus(w, r, http.StatusForbidden, "hsds.template.errors.no_territory")
		return
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		fail("file", "hsds.template.errors.no_file")
		return
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, maxTemplateBytes+1))
	if err != nil || len(b) > maxTemplateBytes {
		fail("file", "hsds.template.errors.too_big", maxTemplateBytes>>20)
		return
	}
	name := filepath.Base(filepath.Clean("/" + hdr.Filename))
	content := decodeText(b)
	plan, _, err := x.h.PlanTemplate(ctx, territoryID, name, content)
	if e, ok := errs.As(err); ok {
		fail("file", e.Key, e.Args...)
		return
	}
	if err != nil {
		x.site.Error(w, r, err)
		return
	}
	t := &TemplateImport{TerritoryID: territoryID, CreatedBy: u.ID, Actor: u.Email, FileName: name, Content: content, Plan: *plan}
	if err := x.h.createImport(ctx, t); err != nil {
		x.site.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/coordinamento/importa/"+t.ID, http.StatusSeeOther)
}

// load returns an import the user may see: admins all, coordinators those
// of their territory; the others do not exist for them.
func (x *Handlers) load(r *http.Request) (*TemplateImport, error) {
	t, err := x.h.Import(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	u := web.UserFrom(r)
	if auth.RoleOf(u) != auth.Admin && (u.TerritoryID == "" || u.TerritoryID != t.TerritoryID) {
		return nil, errs.NotFoundErr()
	}
	return t, nil
}

// showPage is the preview, progress or outcome of an import.
type showPage struct {
	*TemplateImport
	Created, Updated int
	Done, Total      int
	Live             bool // progress known on this instance
	Auto             bool // the page refreshes itself
	Errors           []errorLine
}

// errorLine is a rejected row in the user's language.
type errorLine struct {
	Line          int
	Field, Reason string
}

func (x *Handlers) show(w http.ResponseWriter, r *http.Request) {
	t, err := x.load(r)
	if err != nil {
		x.site.Error(w, r, err)
		return
	}
	p := &showPage{TemplateImport: t}
	// While the import runs the page can refresh itself, without
	// JavaScript: the Refresh header, which the page offers to turn off
	// (WCAG 2.2.1) and which stops when the import is over.
	if r.URL.Query().Get("auto") == "1" && (t.Status == ImportQueued || t.Status == ImportRunning) {
		p.Auto = true
		w.Header().Set("Refresh", "2")
	}
	p.Created, p.Updated = t.Plan.Services()
	p.Done, p.Total, p.Live = x.h.Progress(t.ID)
	list := t.Plan.Errors
	if t.Status == ImportFailed {
		list = t.Result.Errors
	}
	for _, e := range list {
		p.Errors = append(p.Errors, errorLine{Line: e.Line, Field: e.Field, Reason: x.site.T(r, e.Key, e.Args...)})
	}
	x.site.Render(w, r, "hsds/import_show", p)
}

func (x *Handlers) confirm(w http.ResponseWriter, r *http.Request) {
	t, err := x.load(r)
	if err != nil {
		x.site.Error(w, r, err)
		return
	}
	if t.Status != ImportPreview || !t.Plan.OK() {
		x.site.ErrorStatus(w, r, http.StatusConflict, "hsds.template.errors.not_confirmable")
		return
	}
	if err := x.h.Confirm(r.Context(), t); err != nil {
		x.site.Error(w, r, err)
		return
	}
	x.queue.Wake()
	http.Redirect(w, r, "/coordinamento/importa/"+t.ID+"?auto=1", http.StatusSeeOther)
}

func (x *Handlers) cancel(w http.ResponseWriter, r *http.Request) {
	t, err := x.load(r)
	if err != nil {
		x.site.Error(w, r, err)
		return
	}
	if err := x.h.Cancel(r.Context(), t); err != nil {
		x.site.Error(w, r, err)
		return
	}
	x.site.Redirect(w, r, "/coordinamento/importa", "hsds.template.cancelled")
}
