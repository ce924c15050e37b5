package porta

import (
	"context"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

// SampleOrg is an organization with one place and its services, published
// in one go through the directory's own workflow (demo data, tests).
type SampleOrg struct {
	Name, Kind, Description string
	Place, Address, CAP     string
	ISTAT                   string
	Services                []SampleService
}

// SampleService is a weekly service of a SampleOrg.
type SampleService struct {
	Name, Description        string
	Categories, TargetGroups []string
	MinAge, MaxAge           *int
	Free, WaitingList        bool
	Capacity                 *int
	Days                     []string // MO…SU
	Opens, Closes            string
	Languages                []string
}

// PublishSample creates, fills and publishes an organization as the
// coordinator (or admin) u would from the back office. It returns the
// organization's id and its services' ids.
func PublishSample(ctx context.Context, dir *directory.Directory, u *auth.User, territoryID string, o SampleOrg) (string, []string, error) {
	v, err := dir.CreateOrganization(ctx, u, directory.NewOrganization{Name: o.Name, Kind: o.Kind,
		Description: o.Description, TerritoryID: territoryID})
	if err != nil {
		return "", nil, err
	}
	var ids []string
	v, err = dir.Change(ctx, u, v.OrganizationID, v.Revision, func(r *directory.Record) error {
		loc := directory.Location{ID: newID(), LocationType: directory.LocationPhysical, Name: o.Place, ISTATCode: o.ISTAT,
			Addresses: []directory.Address{{ID: newID(), Address1: o.Address, PostalCode: o.CAP, Country: "IT", AddressType: "physical"}}}
		r.Locations = append(r.Locations, loc)
		for _, ss := range o.Services {
			s := directory.Service{ID: newID(), OrganizationID: r.Organization.ID, Name: ss.Name, Description: ss.Description,
				Status: directory.StatusActive, Categories: ss.Categories, TargetGroups: ss.TargetGroups,
				MinimumAge: ss.MinAge, MaximumAge: ss.MaxAge, Free: ss.Free, Capacity: ss.Capacity, WaitingList: ss.WaitingList}
			s.ServiceAtLocations = []directory.ServiceAtLocation{{ID: newID(), ServiceID: s.ID, LocationID: loc.ID}}
			if len(ss.Days) > 0 {
				scheds, f := directory.SchedulesFromRows([]directory.ScheduleRow{{Kind: "weekly", Days: ss.Days,
					Opens: ss.Opens, Closes: ss.Closes}}, s.ID)
				if err := f.Err(); err != nil {
					return err
				}
				s.Schedules = scheds
			}
			for _, code := range ss.Languages {
				s.Languages = append(s.Languages, directory.Language{ID: newID(), ServiceID: s.ID, Code: code})
			}
			r.Services = append(r.Services, s)
			ids = append(ids, s.ID)
		}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	if _, err := dir.Approve(ctx, u, v.ID, ""); err != nil {
		return "", nil, err
	}
	return v.OrganizationID, ids, nil
}

// Int is a pointer to n, for the optional numbers of samples.
func Int(n int) *int { return &n }
