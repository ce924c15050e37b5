package directory

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/geo"
)

// Forms turn submitted values into the model and back. Numbers that don't
// parse are reported on their field; everything else is checked by the
// validate* functions.

func optInt(v url.Values, name string, f *errs.Fields) *int {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		f.Add(name, "directory.errors.number")
		return nil
	}
	return &n
}

func optFloat(v url.Values, name string, f *errs.Fields) *float64 {
	s := strings.ReplaceAll(strings.TrimSpace(v.Get(name)), ",", ".")
	if s == "" {
		return nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		f.Add(name, "directory.errors.number")
		return nil
	}
	return &x
}

func checked(v url.Values, name string) bool {
	s := v.Get(name)
	return s == "on" || s == "1" || s == "true"
}

func itoa(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func ftoa(x *float64) string {
	if x == nil {
		return ""
	}
	return strconv.FormatFloat(*x, 'f', -1, 64)
}

func boolVal(b bool) string {
	if b {
		return "on"
	}
	return ""
}

// trainingRows is how many training plan rows the form shows beyond the
// existing ones.
const extraRows = 2

// readOrganization applies the organization form to o.
func readOrganization(v url.Values, o *Organization) errs.Fields {
	var f errs.Fields
	o.Name, o.AlternateName = v.Get("name"), v.Get("alternate_name")
	o.Kind, o.TaxID, o.LegalStatus = v.Get("kind"), v.Get("tax_id"), v.Get("legal_status")
	o.Description, o.Email, o.Website = v.Get("description"), v.Get("email"), v.Get("website")
	o.SocialUtility, o.VolunteerManagement = v.Get("social_utility"), v.Get("volunteer_management")
	o.PartnerNotes = v.Get("partner_notes")
	o.VolunteersCount = optInt(v, "volunteers_count", &f)
	o.Activities = v["activities"]
	o.Phones = setPhone(o.Phones, v.Get("phone"), func(p *Phone) { p.OrganizationID = o.ID })
	var plans []TrainingPlan
	for i := 0; i < 20; i++ {
		title := strings.TrimSpace(v.Get(fmt.Sprintf("plan_title_%d", i)))
		period, audience := v.Get(fmt.Sprintf("plan_period_%d", i)), v.Get(fmt.Sprintf("plan_audience_%d", i))
		if title == "" && strings.TrimSpace(period+audience) == "" {
			continue
		}
		id := v.Get(fmt.Sprintf("plan_id_%d", i))
		if id == "" {
			id = NewID()
		}
		plans = append(plans, TrainingPlan{ID: id, Title: title, Period: period, Audience: audience})
	}
	o.TrainingPlans = plans
	return f
}

// setPhone keeps the first phone's id when the number is edited, and drops
// it when the field is emptied; other phones are kept as they are.
func setPhone(list []Phone, number string, link func(*Phone)) []Phone {
	number = strings.TrimSpace(number)
	if number == "" {
		if len(list) > 0 {
			return list[1:]
		}
		return nil
	}
	if len(list) == 0 {
		p := Phone{ID: NewID(), Type: "voice"}
		link(&p)
		list = []Phone{p}
	}
	list[0].Number = number
	return list
}

// OrganizationValues fills a form from an organization.
func OrganizationValues(o *Organization) url.Values {
	v := url.Values{
		"name": {o.Name}, "alternate_name": {o.AlternateName}, "kind": {o.Kind}, "tax_id": {o.TaxID},
		"description": {o.Description}, "email": {o.Email}, "website": {o.Website}, "legal_status": {o.LegalStatus},
		"social_utility": {o.SocialUtility}, "volunteer_management": {o.VolunteerManagement},
		"partner_notes": {o.PartnerNotes}, "volunteers_count": {itoa(o.VolunteersCount)},
		"activities": o.Activities,
	}
	if len(o.Phones) > 0 {
		v.Set("phone", o.Phones[0].Number)
	}
	for i, p := range o.TrainingPlans {
		v.Set(fmt.Sprintf("plan_id_%d", i), p.ID)
		v.Set(fmt.Sprintf("plan_title_%d", i), p.Title)
		v.Set(fmt.Sprintf("plan_period_%d", i), p.Period)
		v.Set(fmt.Sprintf("plan_audience_%d", i), p.Audience)
	}
	return v
}

// readLocation applies the place form to l.
func readLocation(v url.Values, l *Location) errs.Fields {
	var f errs.Fields
	l.Name, l.Description, l.Transportation = v.Get("name"), v.Get("description"), v.Get("transportation")
	l.LocationType = v.Get("location_type")
	l.URL = v.Get("url")
	l.Confidential = checked(v, "confidential")
	l.ISTATCode = v.Get("istat_code")
	l.Latitude, l.Longitude = optFloat(v, "latitude", &f), optFloat(v, "longitude", &f)
	if l.LocationType == LocationPhysical {
		if len(l.Addresses) == 0 {
			l.Addresses = []Address{{ID: NewID(), LocationID: l.ID, Country: "IT", AddressType: LocationPhysical}}
		}
		a := &l.Addresses[0]
		a.Address1, a.Address2, a.PostalCode = v.Get("address_1"), v.Get("address_2"), v.Get("postal_code")
	} else {
		l.Addresses, l.Latitude, l.Longitude, l.ISTATCode = nil, nil, nil, ""
	}
	desc := strings.TrimSpace(v.Get("accessibility"))
	switch {
	case desc == "":
		l.Accessibility = nil
	case len(l.Accessibility) == 0:
		l.Accessibility = []Accessibility{{ID: NewID(), LocationID: l.ID, Description: desc}}
	default:
		l.Accessibility[0].Description = desc
	}
	l.Phones = setPhone(l.Phones, v.Get("phone"), func(p *Phone) { p.LocationID = l.ID })
	return f
}

// locate fills a physical place's address from its comune c (HSDS wants
// city and province on the address) and keeps its coordinates current: when
// the comune changed but the coordinates were sent back as they were, they
// belong to the old comune and give way to the new one's centre; missing
// coordinates are the centre too, until someone is more precise.
func locate(l *Location, before Location, c geo.Comune) {
	a := &l.Addresses[0]
	a.City, a.StateProvince, a.Region, a.Country = c.Name, c.ProvinceCode, c.Region, "IT"
	moved := before.ISTATCode != "" && before.ISTATCode != l.ISTATCode
	if moved && sameFloat(before.Latitude, l.Latitude) && sameFloat(before.Longitude, l.Longitude) {
		l.Latitude, l.Longitude = nil, nil
	}
	if l.Latitude == nil && l.Longitude == nil {
		lat, lon := c.Lat, c.Lon
		l.Latitude, l.Longitude = &lat, &lon
	}
}

func sameFloat(a, b *float64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// LocationValues fills a form from a place.
func LocationValues(l *Location) url.Values {
	v := url.Values{"name": {l.Name}, "description": {l.Description}, "transportation": {l.Transportation},
		"location_type": {l.LocationType}, "url": {l.URL}, "confidential": {boolVal(l.Confidential)},
		"istat_code": {l.ISTATCode}, "latitude": {ftoa(l.Latitude)}, "longitude": {ftoa(l.Longitude)}}
	if len(l.Addresses) > 0 {
		v.Set("address_1", l.Addresses[0].Address1)
		v.Set("address_2", l.Addresses[0].Address2)
		v.Set("postal_code", l.Addresses[0].PostalCode)
	}
	if len(l.Accessibility) > 0 {
		v.Set("accessibility", l.Accessibility[0].Description)
	}
	if len(l.Phones) > 0 {
		v.Set("phone", l.Phones[0].Number)
	}
	return v
}

// readService applies the service form (without its schedules) to s.
func readService(v url.Values, s *Service) errs.Fields {
	var f errs.Fields
	s.Name, s.Status, s.Description = v.Get("name"), v.Get("status"), v.Get("description")
	s.Categories, s.TargetGroups = v["categories"], v["target_groups"]
	s.MinimumAge, s.MaximumAge = optInt(v, "minimum_age", &f), optInt(v, "maximum_age", &f)
	s.EligibilityDescription, s.ApplicationProcess = v.Get("eligibility_description"), v.Get("application_process")
	s.ReferralRequired, s.Free = checked(v, "referral_required"), checked(v, "free")
	s.FeesDescription = v.Get("fees_description")
	s.Capacity = optInt(v, "capacity", &f)
	s.WaitingList, s.VolunteersWanted = checked(v, "waiting_list"), checked(v, "volunteers_wanted")
	s.AccessibilityNotes, s.URL, s.Email = v.Get("accessibility_notes"), v.Get("url"), v.Get("email")
	s.Alert, s.PartnerNotes = v.Get("alert"), v.Get("partner_notes")
	s.Phones = setPhone(s.Phones, v.Get("phone"), func(p *Phone) { p.ServiceID = s.ID })

	var costs []CostOption
	for i := 0; i < 10; i++ {
		label := strings.TrimSpace(v.Get(fmt.Sprintf("cost_option_%d", i)))
		amountField := fmt.Sprintf("cost_amount_%d", i)
		amount := optFloat(v, amountField, &f)
		if label == "" && amount == nil {
			continue
		}
		id := v.Get(fmt.Sprintf("cost_id_%d", i))
		if id == "" {
			id = NewID()
		}
		costs = append(costs, CostOption{ID: id, ServiceID: s.ID, Option: label, Amount: amount, Currency: "EUR",
			AmountDescription: v.Get(fmt.Sprintf("cost_note_%d", i))})
	}
	s.CostOptions = costs

	// Languages and places keep their rows (ids) when still chosen.
	var langs []Language
	for _, code := range v["languages"] {
		i := slices.IndexFunc(s.Languages, func(l Language) bool { return l.Code == code })
		if i >= 0 {
			langs = append(langs, s.Languages[i])
		} else {
			langs = append(langs, Language{ID: NewID(), ServiceID: s.ID, Code: code})
		}
	}
	s.Languages = langs
	var sal []ServiceAtLocation
	for _, lid := range v["locations"] {
		i := slices.IndexFunc(s.ServiceAtLocations, func(x ServiceAtLocation) bool { return x.LocationID == lid })
		if i >= 0 {
			sal = append(sal, s.ServiceAtLocations[i])
		} else {
			sal = append(sal, ServiceAtLocation{ID: NewID(), ServiceID: s.ID, LocationID: lid})
		}
	}
	s.ServiceAtLocations = sal
	return f
}

// ServiceValues fills a form from a service.
func ServiceValues(s *Service) url.Values {
	v := url.Values{"name": {s.Name}, "status": {s.Status}, "description": {s.Description},
		"categories": s.Categories, "target_groups": s.TargetGroups,
		"minimum_age": {itoa(s.MinimumAge)}, "maximum_age": {itoa(s.MaximumAge)},
		"eligibility_description": {s.EligibilityDescription}, "application_process": {s.ApplicationProcess},
		"referral_required": {boolVal(s.ReferralRequired)}, "free": {boolVal(s.Free)},
		"fees_description": {s.FeesDescription}, "capacity": {itoa(s.Capacity)},
		"waiting_list": {boolVal(s.WaitingList)}, "volunteers_wanted": {boolVal(s.VolunteersWanted)},
		"accessibility_notes": {s.AccessibilityNotes}, "url": {s.URL}, "email": {s.Email},
		"alert": {s.Alert}, "partner_notes": {s.PartnerNotes}}
	if len(s.Phones) > 0 {
		v.Set("phone", s.Phones[0].Number)
	}
	for i, c := range s.CostOptions {
		v.Set(fmt.Sprintf("cost_id_%d", i), c.ID)
		v.Set(fmt.Sprintf("cost_option_%d", i), c.Option)
		v.Set(fmt.Sprintf("cost_amount_%d", i), ftoa(c.Amount))
		v.Set(fmt.Sprintf("cost_note_%d", i), c.AmountDescription)
	}
	for _, l := range s.Languages {
		v.Add("languages", l.Code)
	}
	for _, x := range s.ServiceAtLocations {
		v.Add("locations", x.LocationID)
	}
	return v
}
