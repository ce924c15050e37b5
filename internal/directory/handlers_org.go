package directory

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// choices lists [value, label] pairs for select and checkbox partials.
type choices [][]string

func (h *Handlers) kindChoices() choices {
	var c choices
	for _, k := range Kinds {
		c = append(c, []string{k, "directory.kind." + k})
	}
	return c
}

func (h *Handlers) territoryChoices(ctx context.Context) (choices, error) {
	list, err := h.territories.List(ctx)
	if err != nil {
		return nil, err
	}
	var c choices
	for _, t := range list {
		c = append(c, []string{t.ID, t.Name})
	}
	return c, nil
}

func (h *Handlers) myOrganizations(w http.ResponseWriter, r *http.Request) {
	list, err := h.dir.Store.OrganizationsOf(r.Context(), web.UserFrom(r).ID)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	if len(list) == 1 {
		http.Redirect(w, r, "/ente/"+list[0].ID, http.StatusSeeOther)
		return
	}
	h.site.Render(w, r, "directory/mine", list)
}

// dashboardPage is what directory/dashboard shows.
type dashboardPage struct {
	Draft     *Version
	Status    OrgStatus
	Record    *Record
	Members   []Member
	Reviewer  bool
	Presenter Presenter
	Changes   int
	// Stale are the published services not verified for a while (ids).
	Stale map[string]bool
}

// draftFor opens (or creates) the draft of the organization in the path.
func (h *Handlers) draftFor(w http.ResponseWriter, r *http.Request) (*Version, bool) {
	v, err := h.dir.Draft(r.Context(), web.UserFrom(r), r.PathValue("id"))
	if err != nil {
		h.site.Error(w, r, err)
		return nil, false
	}
	return v, true
}

func (h *Handlers) dashboard(w http.ResponseWriter, r *http.Request) {
	v, ok := h.draftFor(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	st, _, err := h.dir.Store.Status(ctx, v.OrganizationID)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	members, err := h.dir.Store.Members(ctx, v.OrganizationID)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	published, _, err := h.dir.Store.Published(ctx, v.OrganizationID)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	p := h.presenter(r)
	page := dashboardPage{Draft: v, Status: st, Record: &v.Record, Members: members,
		Reviewer: h.dir.Reviewer(ctx, web.UserFrom(r), v.OrganizationID), Presenter: p,
		Changes: len(p.Diff(ctx, published, &v.Record)), Stale: map[string]bool{}}
	if st == OrgActive && published != nil {
		for _, s := range published.Services {
			if h.dir.Freshness.Stale(s.AssuredDate) {
				page.Stale[s.ID] = true
			}
		}
	}
	h.site.Render(w, r, "directory/dashboard", page)
}

// confirmFresh is the dashboard's "still correct" button: the signed-in
// operator's answer to a reminder, without the e-mailed link.
func (h *Handlers) confirmFresh(w http.ResponseWriter, r *http.Request) {
	ctx, u, id := r.Context(), web.UserFrom(r), r.PathValue("id")
	if err := h.dir.CanEdit(ctx, u, id); err != nil {
		h.site.Error(w, r, err)
		return
	}
	if _, err := h.dir.Confirm(ctx, id, u.Email); err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/ente/"+id, "directory.flash.confirmed")
}

// orgPage is what directory/org_form shows.
type orgPage struct {
	Draft         *Version
	Kinds         choices
	Activities    []Term
	LegalStatuses []string // message keys of the suggestions
}

func (h *Handlers) orgPageData(r *http.Request, v *Version) (orgPage, error) {
	acts, err := h.dir.Tax.Tree(r.Context(), TaxActivities)
	p := orgPage{Draft: v, Kinds: h.kindChoices(), Activities: acts}
	for _, s := range LegalStatuses {
		p.LegalStatuses = append(p.LegalStatuses, "directory.legal_status."+s)
	}
	return p, err
}

func (h *Handlers) orgForm(w http.ResponseWriter, r *http.Request) {
	v, ok := h.draftFor(w, r)
	if !ok {
		return
	}
	data, err := h.orgPageData(r, v)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.RenderForm(w, r, "directory/org_form", data, web.NewForm(OrganizationValues(&v.Record.Organization)), nil)
}

// parseUpload reads a form that may carry a file (multipart) or not.
func (h *Handlers) parseUpload(w http.ResponseWriter, r *http.Request) bool {
	err := r.ParseMultipartForm(MaxLogoBytes + 256<<10)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		h.site.ErrorStatus(w, r, http.StatusRequestEntityTooLarge, "errors.too_large")
		return false
	}
	return h.site.ParseForm(w, r)
}

func (h *Handlers) saveOrg(w http.ResponseWriter, r *http.Request) {
	if !h.parseUpload(w, r) {
		return
	}
	ctx, u, id := r.Context(), web.UserFrom(r), r.PathValue("id")
	var logo *Logo
	logoErr, logoField := "", "logo"
	file, _, ferr := r.FormFile("logo")
	if ferr == nil {
		defer file.Close()
	}
	addr := strings.TrimSpace(r.PostForm.Get("logo_url"))
	if ferr == nil || addr != "" {
		if err := h.dir.CanEdit(ctx, u, id); err != nil { // before any fetch or stored logo
			h.site.Error(w, r, err)
			return
		}
	}
	switch {
	case ferr == nil:
		logo, logoErr = ReadLogo(file)
	case addr != "":
		logo, logoErr = FetchLogo(ctx, addr, h.dir.AllowPrivateLogoURLs)
		logoField = "logo_url"
	}
	if logo != nil {
		if err := h.dir.Store.AddLogo(ctx, id, u.Email, logo); err != nil {
			h.site.Error(w, r, err)
			return
		}
	}
	v, err := h.dir.Change(ctx, u, id, atoi(r.PostForm.Get("revision")), func(rec *Record) error {
		f := readOrganization(r.PostForm, &rec.Organization)
		switch {
		case logoErr != "":
			f.Add(logoField, logoErr)
		case logo != nil:
			rec.Organization.Logo = h.auth.BaseURL() + "/loghi/" + logo.ID
		case checked(r.PostForm, "remove_logo"):
			rec.Organization.Logo = ""
		}
		for k, e := range h.dir.validateOrganization(ctx, &rec.Organization) {
			f.Add(k, e.Key, e.Args...)
		}
		return f.Err()
	})
	if err != nil && logo != nil { // the form goes back: the upload is not kept
		if derr := h.dir.Store.DeleteLogo(ctx, logo.ID); derr != nil {
			h.site.Error(w, r, derr)
			return
		}
	}
	if err != nil {
		if v == nil {
			h.site.Error(w, r, err)
			return
		}
		data, derr := h.orgPageData(r, v)
		if derr != nil {
			h.site.Error(w, r, derr)
			return
		}
		h.formError(w, r, "directory/org_form", data, err)
		return
	}
	h.site.Redirect(w, r, "/ente/"+v.OrganizationID, "directory.flash.draft_saved")
}

// locationPage is what directory/location_form shows.
type locationPage struct {
	Draft    *Version
	Location *Location
	New      bool
	Comuni   choices // the comuni of the organization's territory
	// Centres are the comuni's centres, {"015036": [45.41, 9.11]}, for the
	// map picker to follow a change of comune.
	Centres string
	// Hours are the place's opening hours as form rows.
	Hours    []ScheduleRow
	Weekdays []string
}

func (h *Handlers) locationData(r *http.Request, v *Version, l *Location, isNew bool, hours []ScheduleRow) (locationPage, error) {
	p := locationPage{Draft: v, Location: l, New: isNew, Hours: hours, Weekdays: Weekdays}
	codes, err := h.territories.ComuniCodes(r.Context(), v.Record.Organization.TerritoryID)
	if err != nil {
		return p, err
	}
	list, err := h.geo.ByCodes(r.Context(), codes)
	if err != nil {
		return p, err
	}
	// A place outside the territory keeps its comune in the list.
	if l.ISTATCode != "" && !slices.Contains(codes, l.ISTATCode) {
		if c, ok, _ := h.geo.Comune(r.Context(), l.ISTATCode); ok {
			list = append(list, c)
		}
	}
	centres := map[string][2]float64{}
	for _, c := range list {
		p.Comuni = append(p.Comuni, []string{c.ISTAT, c.Label()})
		centres[c.ISTAT] = [2]float64{c.Lat, c.Lon}
	}
	b, err := json.Marshal(centres)
	p.Centres = string(b)
	return p, err
}

func (h *Handlers) locationForm(w http.ResponseWriter, r *http.Request) {
	v, ok := h.draftFor(w, r)
	if !ok {
		return
	}
	l, isNew := &Location{ID: NewID(), LocationType: LocationPhysical}, true
	if lid := r.PathValue("lid"); lid != "" {
		if l = v.Record.Location(lid); l == nil {
			h.site.NotFound(w, r)
			return
		}
		isNew = false
	}
	data, err := h.locationData(r, v, l, isNew, ScheduleRows(l.Schedules, extraScheduleRows))
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	form := web.NewForm(LocationValues(l))
	if isNew && len(data.Comuni) == 1 {
		form.Values.Set("istat_code", data.Comuni[0][0])
	}
	h.site.RenderForm(w, r, "directory/location_form", data, form, nil)
}

// resolveComune accepts the comune chosen in the list, or one typed by name
// or ISTAT code in the "other comune" field.
func (h *Handlers) resolveComune(ctx context.Context, chosen, other string) string {
	other = strings.TrimSpace(other)
	if other == "" {
		return chosen
	}
	if c, ok, _ := h.geo.Comune(ctx, other); ok {
		return c.ISTAT
	}
	list, _ := h.geo.Search(ctx, other, 5)
	for _, c := range list {
		if strings.EqualFold(c.Name, other) || strings.EqualFold(c.Label(), other) {
			return c.ISTAT
		}
	}
	return "?" + other // not found: validation says so
}

func (h *Handlers) saveLocation(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	ctx := r.Context()
	lid := r.PathValue("lid")
	r.PostForm.Set("istat_code", h.resolveComune(ctx, r.PostForm.Get("istat_code"), r.PostForm.Get("other_comune")))
	rows := ReadScheduleRows(r.PostForm)
	v, err := h.dir.Change(ctx, web.UserFrom(r), r.PathValue("id"), atoi(r.PostForm.Get("revision")), func(rec *Record) error {
		l := rec.Location(lid)
		isNew := l == nil
		if isNew {
			l = &Location{ID: lid, OrganizationID: rec.Organization.ID}
		}
		before := *l
		f := readLocation(r.PostForm, l)
		if c, ok, _ := h.geo.Comune(ctx, l.ISTATCode); ok && l.LocationType == LocationPhysical {
			locate(l, before, c)
		}
		hours, hf := SchedulesFromRows(rows, "")
		for i := range hours {
			hours[i].LocationID = l.ID
		}
		l.Schedules = hours
		for k, e := range hf {
			f.Add(k, e.Key, e.Args...)
		}
		for k, e := range h.dir.validateLocation(ctx, l, h.dir.comuneExists(ctx)) {
			f.Add(k, e.Key, e.Args...)
		}
		if err := f.Err(); err != nil {
			return err
		}
		if isNew {
			rec.Locations = append(rec.Locations, *l)
		}
		return nil
	})
	if err != nil {
		if v == nil || !isUUID(lid) {
			h.site.Error(w, r, err)
			return
		}
		l := v.Record.Location(lid)
		if l == nil {
			l = &Location{ID: lid, LocationType: r.PostForm.Get("location_type")}
		}
		data, derr := h.locationData(r, v, l, v.Record.Location(lid) == nil, padRows(rows, extraScheduleRows))
		if derr != nil {
			h.site.Error(w, r, derr)
			return
		}
		h.formError(w, r, "directory/location_form", data, err)
		return
	}
	h.site.Redirect(w, r, "/ente/"+v.OrganizationID, "directory.flash.draft_saved")
}

func (h *Handlers) removeLocation(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	lid := r.PathValue("lid")
	v, err := h.dir.Change(r.Context(), web.UserFrom(r), r.PathValue("id"), atoi(r.PostForm.Get("revision")), func(rec *Record) error {
		i := slices.IndexFunc(rec.Locations, func(l Location) bool { return l.ID == lid })
		if i < 0 {
			return errs.NotFoundErr()
		}
		for _, s := range rec.Services {
			for _, sal := range s.ServiceAtLocations {
				if sal.LocationID == lid {
					return errs.New(errs.Conflict, "directory.errors.location_in_use", s.Name)
				}
			}
		}
		rec.Locations = slices.Delete(rec.Locations, i, i+1)
		return nil
	})
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/ente/"+v.OrganizationID, "directory.flash.location_removed")
}

func (h *Handlers) submit(w http.ResponseWriter, r *http.Request) {
	if _, err := h.dir.Submit(r.Context(), web.UserFrom(r), r.PathValue("id")); err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/ente/"+r.PathValue("id"), "directory.flash.submitted")
}

func (h *Handlers) withdraw(w http.ResponseWriter, r *http.Request) {
	if err := h.dir.Withdraw(r.Context(), web.UserFrom(r), r.PathValue("id")); err != nil {
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/ente/"+r.PathValue("id"), "directory.flash.withdrawn")
}

func (h *Handlers) invite(w http.ResponseWriter, r *http.Request) {
	if !h.site.ParseForm(w, r) {
		return
	}
	orgID := r.PathValue("id")
	err := h.dir.InviteMember(r.Context(), h.auth, web.UserFrom(r), orgID, r.PostForm.Get("member_name"),
		r.PostForm.Get("member_email"), web.LangFrom(r))
	if err != nil {
		if e, ok := errs.As(err); ok && e.Code == errs.Invalid {
			web.SetFlash(w, "directory.flash.invite_failed", "danger")
			http.Redirect(w, r, "/ente/"+orgID+"#operatori", http.StatusSeeOther)
			return
		}
		h.site.Error(w, r, err)
		return
	}
	h.site.Redirect(w, r, "/ente/"+orgID+"#operatori", "directory.flash.invited")
}

// historyPage is what directory/history shows.
type historyPage struct {
	OrgID    string
	Name     string
	Lines    []HistoryLine
	Versions []*Version
}

func (h *Handlers) history(w http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("id")
	if err := h.dir.CanEdit(ctx, web.UserFrom(r), id); err != nil {
		h.site.Error(w, r, err)
		return
	}
	lines, err := h.dir.Store.History(ctx, id)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	versions, err := h.dir.Store.Versions(ctx, id)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	name := ""
	if len(versions) > 0 {
		name = versions[0].Record.Organization.Name
	}
	h.site.Render(w, r, "directory/history", historyPage{OrgID: id, Name: name, Lines: lines, Versions: versions})
}
