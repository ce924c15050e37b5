package porta_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/porta"
	"github.com/trama-welfare/trama/internal/porta/portatest"
)

// BenchmarkSuggest measures the suggestions of a case page in a territory
// with 60 organizations and 120 services of the need's area.
//
//	go test ./internal/porta -run '^$' -bench Suggest -benchtime 50x
func BenchmarkSuggest(b *testing.B) {
	e := apptest.SQLite(b)
	w := portatest.Setup(b, e)
	for i := range 60 {
		o := portatest.Doposcuola
		o.Name = fmt.Sprintf("Associazione numero %d", i)
		o.ISTAT = []string{"015036", "015093"}[i%2]
		s1, s2 := o.Services[0], o.Services[0]
		s1.Name, s2.Name = fmt.Sprintf("Doposcuola %d", i), fmt.Sprintf("Laboratorio %d", i)
		s2.Categories, s2.Days = []string{"EDU-CORSI"}, []string{"SA"}
		o.Services = []porta.SampleService{s1, s2}
		if _, _, err := porta.PublishSample(e.Ctx, e.App.Directory, w.Coordinator, w.Territory, o); err != nil {
			b.Fatal(err)
		}
	}
	if r := e.Anonymous().PostForm("/chiedi-aiuto/invia", with(askForm(), "consent", "on", "consent_referrals", "on")); r.StatusCode != 303 {
		b.Fatalf("ask: %d", r.StatusCode)
	}
	coord := e.As(w.Coordinator)
	needID := between(coord.Get("/coordinamento/porta").Body, `href="/coordinamento/porta/richieste/`, `"`)
	caseURL := coord.PostForm("/coordinamento/porta/richieste/"+needID+"/assegna", url.Values{}).Header.Get("Location")
	b.ResetTimer()
	for range b.N {
		if r := coord.Get(caseURL); r.StatusCode != 200 {
			b.Fatal(r.StatusCode)
		}
	}
}
