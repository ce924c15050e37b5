package training_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/peopletest"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

// Thirty people enrol at once in a course of ten places, then five of
// those with a place withdraw, each pressing twice at once: every request
// is answered, the course is never over-booked, its count of places taken
// always matches its enrolments and the freed places go to the first in
// line. On both engines.
func TestConcurrentEnrolmentsAndWithdrawals(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := peopletest.New(t, e)
		cc := e.As(w.Coordinator)
		r := cc.PostForm("/formazione/gestione/nuovo", url.Values{"title": {"Amministratori di sostegno"},
			"description": {"Il ruolo, i doveri, il giudice tutelare."}, "audience": {"citizens"}, "capacity": {"10"}}).
			RedirectsTo(t, "/formazione/gestione/")
		page := r.Header.Get("Location")
		id := strings.TrimPrefix(page, "/formazione/gestione/")
		cc.PostForm(page+"/sessioni", url.Values{"session_date": {"2030-03-12"}, "session_start": {"18:00"}, "session_end": {"20:00"},
			"session_place": {"Sala consiliare, Buccinasco"}}).RedirectsTo(t, page)
		cc.PostForm(page+"/apri", nil).RedirectsTo(t, page)

		var people []*apptest.Client
		for i := range 30 {
			people = append(people, e.As(e.CreateUser(auth.Citizen, fmt.Sprintf("corsista%d@example.org", i))))
		}
		count := func(status string) int {
			return e.Count(`SELECT COUNT(*) FROM course_enrolments WHERE course_id = $1 AND status = $2`, id, status)
		}
		consistent := func(stage string, enrolled, waiting int) {
			t.Helper()
			taken := e.Count(`SELECT enrolled FROM courses WHERE id = $1`, id)
			if n, q := count("enrolled"), count("waiting"); n != enrolled || q != waiting || taken != enrolled {
				t.Fatalf("%s: %d enrolled, %d waiting, %d places taken; want %d, %d, %d", stage, n, q, taken, enrolled, waiting, enrolled)
			}
		}
		var wg sync.WaitGroup
		for i, c := range people {
			wg.Go(func() {
				if r := c.PostForm("/formazione/corsi/"+id+"/iscriviti", nil); r.StatusCode != http.StatusSeeOther {
					t.Errorf("enrolment %d answered %d", i, r.StatusCode)
				}
			})
		}
		wg.Wait()
		consistent("enrolments", 10, 20)

		in := e.Strings(`SELECT u.email FROM course_enrolments x JOIN users u ON u.id = x.user_id
			WHERE x.course_id = $1 AND x.status = 'enrolled' ORDER BY u.email LIMIT 5`, id)
		next := e.Strings(`SELECT user_id FROM course_enrolments WHERE course_id = $1 AND status = 'waiting'
			ORDER BY created_at, id LIMIT 5`, id)
		for _, email := range in {
			var n int
			fmt.Sscanf(strings.TrimPrefix(email, "corsista"), "%d", &n)
			for range 2 { // a double click
				wg.Go(func() {
					switch r := people[n].PostForm("/formazione/corsi/"+id+"/annulla", nil); r.StatusCode {
					case http.StatusSeeOther, http.StatusNotFound: // withdrawn, or already
					default:
						t.Errorf("withdrawal of %s answered %d", email, r.StatusCode)
					}
				})
			}
		}
		wg.Wait()
		consistent("withdrawals", 10, 15)
		for _, uid := range next {
			if n := e.Count(`SELECT COUNT(*) FROM course_enrolments WHERE course_id = $1 AND user_id = $2 AND status = 'enrolled'`,
				id, uid); n != 1 {
				t.Errorf("%s, among the first in line, has no place", uid)
			}
		}
	})
}
