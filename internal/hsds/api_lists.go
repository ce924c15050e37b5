package hsds

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// listQuery is what a list endpoint selects: its FROM and WHERE (with the
// conditions of the parameters), the order of a page and the id column.
type listQuery struct {
	from  string // "FROM … WHERE …" with the base conditions
	w     *where
	order string
	id    string
}

func (q listQuery) sql() string { return q.from + " AND " + q.w.SQL() }

// list answers a list endpoint: a page of objects of the view (or, with
// format=ndjson, all of them, one per line, streamed).
func (a *API) list(w http.ResponseWriter, r *http.Request, q listQuery, prm params, vw *view) {
	if prm.NDJSON {
		a.stream(w, r, q, prm, vw)
		return
	}
	total, err := a.counts.count(r.Context(), a.h.DB.R, "SELECT COUNT(*) "+q.sql(), q.w.Args)
	if err != nil {
		a.failErr(w, r, err)
		return
	}
	args := append(append([]any{}, q.w.Args...), prm.PerPage, (prm.Page-1)*prm.PerPage)
	ids, err := a.ids(r, fmt.Sprintf("SELECT %s %s ORDER BY %s LIMIT $%d OFFSET $%d", q.id, q.sql(), q.order,
		len(args)-1, len(args)), args)
	if err != nil {
		a.failErr(w, r, err)
		return
	}
	objs, err := a.loader(r).byIDs(vw, ids)
	if err != nil {
		a.failErr(w, r, err)
		return
	}
	pages := (total + prm.PerPage - 1) / prm.PerPage
	b := []byte(`{"total_items":` + strconv.Itoa(total) + `,"total_pages":` + strconv.Itoa(pages) +
		`,"page_number":` + strconv.Itoa(prm.Page) + `,"size":` + strconv.Itoa(len(objs)) +
		`,"first_page":` + strconv.FormatBool(prm.Page == 1) + `,"last_page":` + strconv.FormatBool(prm.Page >= pages) +
		`,"empty":` + strconv.FormatBool(total == 0) + `,"contents":[`)
	for i, o := range objs {
		if i > 0 {
			b = append(b, ',')
		}
		b = item(b, o, prm)
	}
	a.send(w, r, append(b, "]}"...))
}

// item writes a list item: the object, or with minimal only what tells a
// service apart and when it changed.
func item(b []byte, o *object, prm params) []byte {
	if !prm.Minimal || o.t.Resource != "service" {
		return o.appendJSON(b)
	}
	b = append(b, `{"id":`...)
	b = appendString(b, o.id())
	b = append(b, `,"name":`...)
	b = appendString(b, o.str("name"))
	b = append(b, `,"status":`...)
	b = appendString(b, o.str("status"))
	if m := o.str("last_modified"); m != "" {
		b = append(b, `,"last_modified":`...)
		b = appendString(b, m)
	}
	return append(b, '}')
}

func (a *API) ids(r *http.Request, query string, args []any) ([]string, error) {
	return queryIDs(r.Context(), a.h.DB.R, query, args...)
}

// queryIDs runs a query of one text column.
func queryIDs(ctx context.Context, q db.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("hsds: list: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// withPlaces adds the conditions on places of the parameters: match (s.id,
// x.id) must be among the col (x.service_id, x.id) of the services at the
// places asked for.
func (a *API) withPlaces(r *http.Request, q listQuery, prm params, match, col string) error {
	point, err := centre(r.Context(), a.h.DB.R, prm)
	if err != nil {
		return err
	}
	if places := atPlaces(q.w, prm, point, col); places != "" {
		q.w.Add(match + " IN (" + places + ")")
	}
	return nil
}

// stream writes every matching object as a line of NDJSON, in id order, a
// batch at a time (keyset pagination).
func (a *API) stream(w http.ResponseWriter, r *http.Request, q listQuery, prm params, vw *view) {
	headers(w, "application/x-ndjson; charset=utf-8")
	out := bufio.NewWriterSize(w, 64<<10)
	after := ""
	for {
		args := append(append([]any{}, q.w.Args...), after)
		ids, err := a.ids(r, fmt.Sprintf("SELECT %s %s AND %s > $%d ORDER BY %s LIMIT 500", q.id, q.sql(), q.id, len(args), q.id), args)
		if err == nil && len(ids) == 0 {
			out.Flush()
			return
		}
		var objs []*object
		if err == nil {
			objs, err = a.loader(r).byIDs(vw, ids)
		}
		if err != nil {
			a.failErr(w, r, err) // after the first line the status is already sent: the stream just ends
			return
		}
		var b []byte
		for _, o := range objs {
			b = append(item(b, o, prm), '\n')
		}
		if _, err := out.Write(b); err != nil {
			return
		}
		after = ids[len(ids)-1]
	}
}

func (a *API) services(w http.ResponseWriter, r *http.Request) {
	prm, err := parseParams(r.URL.Query())
	if err != nil {
		a.failErr(w, r, err)
		return
	}
	q := listQuery{from: publicServices, w: &where{}, order: "s.name, s.id", id: "s.id"}
	if err := a.serviceFilters(r.Context(), q.w, prm); err != nil {
		a.failErr(w, r, err)
		return
	}
	if err := a.withPlaces(r, q, prm, "s.id", "x.service_id"); err != nil {
		a.failErr(w, r, err)
		return
	}
	vw := serviceList
	if prm.Full {
		vw = serviceFull
	}
	a.list(w, r, q, prm, vw)
}

func (a *API) serviceAtLocations(w http.ResponseWriter, r *http.Request) {
	prm, err := parseParams(r.URL.Query())
	if err != nil {
		a.failErr(w, r, err)
		return
	}
	q := listQuery{w: &where{}, order: "s.name, x.id", id: "x.id",
		from: `FROM service_at_locations x JOIN services s ON s.id = x.service_id
			WHERE s.deleted_at IS NULL AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = s.organization_id AND o.status = 'active')
			AND NOT EXISTS (SELECT 1 FROM locations dl WHERE dl.id = x.location_id AND dl.deleted_at IS NOT NULL)`}
	if err := a.serviceFilters(r.Context(), q.w, prm); err != nil {
		a.failErr(w, r, err)
		return
	}
	if err := a.withPlaces(r, q, prm, "x.id", "x.id"); err != nil {
		a.failErr(w, r, err)
		return
	}
	vw := salList
	if prm.Full {
		vw = salFull
	}
	a.list(w, r, q, prm, vw)
}

func (a *API) organizations(w http.ResponseWriter, r *http.Request) {
	prm, err := parseParams(r.URL.Query())
	if err != nil {
		a.failErr(w, r, err)
		return
	}
	q := listQuery{from: "FROM organizations o WHERE o.status = 'active'", w: &where{}, order: "o.name, o.id", id: "o.id"}
	if prm.Search != "" {
		q.w.Add(searchCondition(q.w, prm.Search, "o.name", "o.alternate_name", "o.description"))
	}
	vw := orgList
	switch {
	case prm.FullService:
		vw = orgFullService
	case prm.Full:
		vw = orgFull
	}
	a.list(w, r, q, prm, vw)
}

func (a *API) taxonomies(w http.ResponseWriter, r *http.Request) {
	prm, err := parseParams(r.URL.Query())
	if err != nil {
		a.failErr(w, r, err)
		return
	}
	q := listQuery{from: "FROM taxonomies t WHERE 1 = 1", w: &where{}, order: "t.name, t.id", id: "t.id"}
	if prm.Search != "" {
		q.w.Add(searchCondition(q.w, prm.Search, "t.name", "t.description"))
	}
	a.list(w, r, q, prm, taxonomyView)
}

func (a *API) taxonomyTerms(w http.ResponseWriter, r *http.Request) {
	prm, err := parseParams(r.URL.Query())
	if err != nil {
		a.failErr(w, r, err)
		return
	}
	q := listQuery{from: "FROM taxonomy_terms t WHERE 1 = 1", w: &where{}, order: "t.taxonomy_id, t.position, t.name, t.id", id: "t.id"}
	if prm.Search != "" {
		q.w.Add(searchCondition(q.w, prm.Search, "t.name", "t.description", "t.code"))
	}
	if prm.TaxonomyID != "" {
		q.w.Add("t.taxonomy_id = " + q.w.Arg(prm.TaxonomyID))
	}
	if prm.ParentID != "" {
		q.w.Add("t.parent_id = " + q.w.Arg(prm.ParentID))
	}
	if prm.TopOnly {
		q.w.Add("t.parent_id = ''")
	}
	vw := node("taxonomy_term")
	if prm.Full {
		vw = termFull
	}
	a.list(w, r, q, prm, vw)
}
