package volunteer_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/peopletest"
	"github.com/trama-welfare/trama/internal/people/volunteer"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Fifty people sign up at the same moment for a shift of ten places: ten
// get a place, forty wait, on both engines. The place is taken by a
// conditional UPDATE, not by reading first and writing after.
func TestConcurrentSignUpsNeverOverBook(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		org, op := w.Org(t, "Emporio solidale", "op@emporio.example")
		form := volunteer.ReadOpportunityForm(peopletest.Weekly("Distribuzione", "10", "2030-03-09"))
		form.Approval = false
		svc := e.App.People.Volunteers
		o, err := svc.SaveOpportunity(e.Ctx, op, org, "", form)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.SetStatus(e.Ctx, op, org, o.ID, volunteer.StatusPublished); err != nil {
			t.Fatal(err)
		}
		var people []*auth.User
		for i := range 50 {
			people = append(people, w.Volunteer(t, fmt.Sprintf("v%02d@example.org", i), volunteer.ProfileForm{}))
		}
		start := time.Date(2030, 3, 9, 9, 0, 0, 0, web.Rome).Unix()
		var wg sync.WaitGroup
		gate := make(chan struct{})
		errs := make(chan error, len(people))
		statuses := make(chan string, len(people))
		for _, u := range people {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-gate
				g, err := svc.SignUp(e.Ctx, u, o.ID, start, "")
				if err != nil {
					errs <- err
					return
				}
				statuses <- g.Status
			}()
		}
		close(gate)
		wg.Wait()
		close(errs)
		close(statuses)
		for err := range errs {
			t.Errorf("sign-up failed: %v", err)
		}
		count := map[string]int{}
		for s := range statuses {
			count[s]++
		}
		if count[volunteer.Accepted] != 10 || count[volunteer.Waiting] != 40 {
			t.Fatalf("statuses %v, want 10 accepted and 40 waiting", count)
		}
		if n := e.Count(`SELECT taken FROM volunteer_shifts WHERE opportunity_id = $1`, o.ID); n != 10 {
			t.Fatalf("taken = %d, want 10", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM volunteer_shifts`); n != 1 {
			t.Fatalf("%d shift rows for one occurrence", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM volunteer_signups WHERE status IN ('accepted', 'pending')`); n != 10 {
			t.Fatalf("%d sign-ups hold a place, want 10", n)
		}
		// The waiting list is first come, first served: positions 1…40.
		if n := e.Count(`SELECT COUNT(DISTINCT created_at || id) FROM volunteer_signups WHERE status = 'waiting'`); n != 40 {
			t.Fatalf("waiting list of %d", n)
		}
	})
}
