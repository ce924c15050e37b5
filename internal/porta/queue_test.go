package porta_test

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/porta"
	"github.com/trama-welfare/trama/internal/porta/portatest"
)

var queueRowRe = regexp.MustCompile(`porta-urgency-(\d)">[^<]*</span></td>[\s\S]*?href="/coordinamento/porta/richieste/([^"]+)"`)

// queueRows are the (urgency, need id) rows of a queue page, in order.
func queueRows(body string) (urgencies []int, ids []string) {
	for _, m := range queueRowRe.FindAllStringSubmatch(body, -1) {
		u, _ := strconv.Atoi(m[1])
		urgencies, ids = append(urgencies, u), append(ids, m[2])
	}
	return urgencies, ids
}

// TestQueuePaging: a queue longer than a page is shown QueuePageSize
// requests at a time, most urgent first, every request exactly once across
// the pages; the pager's links keep the urgency filter; a page past the
// end says so and links back to the first page.
func TestQueuePaging(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := portatest.Setup(t, e)
		coord := e.As(w.Coordinator)
		const low, high = porta.QueuePageSize + 8, 3
		for i := range low + high {
			urgency := "1"
			if i%20 == 7 { // the urgent ones arrive among the others
				urgency = "3"
			}
			coord.PostForm("/sportello/nuovo", url.Values{"first_name": {fmt.Sprintf("Persona %d", i)},
				"istat_code": {"015036"}, "categories": {"BEN"}, "description": {"Ha bisogno di aiuto per la spesa."},
				"urgency": {urgency}, "consent": {"on"}, "consent_method": {"in_person"}}).RedirectsTo(t, "/sportello")
		}

		first := coord.Get("/coordinamento/porta").Status(t, 200).
			Contains(t, fmt.Sprintf("%d richieste in attesa.", low+high), `aria-current="page">Pagina 1 di 2`,
				`href="/coordinamento/porta?page=2" rel="next"`)
		u1, ids1 := queueRows(first.Body)
		if len(ids1) != porta.QueuePageSize {
			t.Fatalf("page 1 has %d requests, want %d", len(ids1), porta.QueuePageSize)
		}
		if !slices.Equal(u1[:high], []int{3, 3, 3}) || u1[high] != 1 {
			t.Fatalf("page 1 urgencies start %v, want the %d urgent ones first", u1[:high+1], high)
		}
		second := coord.Get("/coordinamento/porta?page=2").Status(t, 200).Contains(t, `rel="prev"`).Lacks(t, `rel="next"`)
		_, ids2 := queueRows(second.Body)
		all := append(slices.Clone(ids1), ids2...)
		slices.Sort(all)
		if len(all) != low+high || len(slices.Compact(all)) != low+high {
			t.Fatalf("pages 1 and 2 show %d requests (%d distinct), want each of %d once", len(ids1)+len(ids2), len(slices.Compact(all)), low+high)
		}

		filtered := coord.Get("/coordinamento/porta?urgenza=1").Status(t, 200).
			Contains(t, fmt.Sprintf("%d richieste in attesa.", low), `<option value="1" selected>`,
				`href="/coordinamento/porta?page=2&amp;urgenza=1" rel="next"`)
		if u, _ := queueRows(filtered.Body); slices.Contains(u, 3) || len(u) != porta.QueuePageSize {
			t.Fatalf("urgency 1, page 1: %d rows with urgencies %v", len(u), u)
		}
		last := coord.Get("/coordinamento/porta?urgenza=1&page=2").Status(t, 200).
			Contains(t, `href="/coordinamento/porta?page=1&amp;urgenza=1" rel="prev"`)
		if u, _ := queueRows(last.Body); len(u) != low-porta.QueuePageSize {
			t.Fatalf("urgency 1, page 2: %d rows, want %d", len(u), low-porta.QueuePageSize)
		}

		past := coord.Get("/coordinamento/porta?urgenza=3&page=4").Status(t, 200).
			Contains(t, "Questa pagina non esiste più", `href="/coordinamento/porta?urgenza=3"`).
			Lacks(t, "Non ci sono richieste da smistare")
		if _, ids := queueRows(past.Body); len(ids) != 0 {
			t.Fatalf("a page past the end lists %d requests", len(ids))
		}
		coord.Get("/coordinamento/porta?page=-3&urgenza=9").Status(t, 200).
			Contains(t, fmt.Sprintf("%d richieste in attesa.", low+high))
	})
}
