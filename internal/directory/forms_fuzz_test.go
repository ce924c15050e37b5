package directory

import (
	"net/url"
	"testing"
)

// FuzzForms feeds arbitrary form bodies to the decoders of the organization,
// place and service forms and to the schedule rows: they must never panic,
// and the schedules they accept must describe themselves.
func FuzzForms(f *testing.F) {
	for _, seed := range []string{
		"name=Doposcuola&status=active&minimum_age=6&maximum_age=10&categories=EDU-DOPO",
		"sched_0_kind=weekly&sched_0_days=SA&sched_0_opens=15:00&sched_0_closes=18:00&sched_0_from=2026-09-01&sched_0_to=2027-06-30&sched_0_seasonal=on",
		"sched_0_kind=monthly&sched_0_nth=-1&sched_0_weekday=FR&sched_0_opens=20:45",
		"sched_0_kind=once&sched_0_date=25/10/2026&sched_0_opens=9:00&sched_0_closes=13:00&sched_0_except=01/11/2026,x",
		"cost_option_0=Quota&cost_amount_0=12,50&capacity=-3&languages=ar&locations=x",
		"location_type=physical&latitude=45,4&longitude=abc&address_1=Via+Roma+1&postal_code=20090",
		"plan_title_0=Corso&plan_title_19=Altro&volunteers_count=1e9&activities=CTS-A",
		"sched_29_kind=weekly&sched_29_days=XX&sched_29_opens=25:99",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		var o Organization
		readOrganization(v, &o)
		var l Location
		readLocation(v, &l)
		s := Service{ID: "s"}
		readService(v, &s)
		scheds, _ := SchedulesFromRows(ReadScheduleRows(v), s.ID)
		for _, sc := range scheds {
			if DescribeSchedule(sc, "it") == "" && DescribeSchedule(sc, "en") == "" {
				t.Errorf("accepted schedule %+v says nothing", sc)
			}
			ScheduleRows([]Schedule{sc}, 1)
		}
	})
}
