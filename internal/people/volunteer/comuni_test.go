package volunteer_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/peopletest"
	"github.com/trama-welfare/trama/internal/people/volunteer"
	"github.com/trama-welfare/trama/internal/territory"
)

// Cervia is a comune of another territory.
const cervia = "039007"

// TestComuniOfTheTerritory: the volunteer pages offer the comuni of the
// person's territory, not those of every territory; a comune outside the
// list is typed by name and resolved on the server (also without
// JavaScript); a name that is no comune gets a clear message, in Italian
// and in English, next to its field, and nothing is saved.
func TestComuniOfTheTerritory(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := setup(t, e)
		far := &territory.Territory{Name: "Ambito di Ravenna"}
		if err := e.App.Territories.Create(e.Ctx, far); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Territories.AddComuni(e.Ctx, far.ID, []string{cervia}); err != nil {
			t.Fatal(err)
		}
		org, op := w.Org(t, "Emporio solidale Buccinasco", "operatrice@emporio.example")
		opc := e.As(op)
		r := opc.PostForm("/ente/"+org+"/volontariato/nuova", peopletest.Weekly("Magazzino del sabato", "1", "2030-03-09")).
			RedirectsTo(t, "/ente/"+org+"/volontariato/")
		opc.PostForm(r.Header.Get("Location")+"/stato", url.Values{"status": {"published"}}).RedirectsTo(t, r.Header.Get("Location"))
		opc.Get("/ente/"+org+"/volontariato/nuova").Status(t, 200).Contains(t, "Buccinasco (MI)").Lacks(t, "Cervia (RA)")

		anna := w.Volunteer(t, "anna@example.org", volunteer.ProfileForm{})
		ac := e.As(anna)
		ac.Get("/volontariato/profilo").Status(t, 200).
			Contains(t, `value="`+peopletest.Buccinasco+`" checked`, "Corsico (MI)", `name="comune_altro"`, `list="comuni-list"`).
			Lacks(t, "Cervia (RA)")
		ac.Get("/volontariato").Status(t, 200).
			Contains(t, `<option value="Buccinasco (MI)">`, `<option value="Corsico (MI)">`).Lacks(t, "Cervia (RA)")

		// The list's filter: a typed name, a name with its province, an
		// old link's code; a name that is no comune.
		ac.Get("/volontariato?comune=buccinasco").Status(t, 200).Contains(t, "Magazzino del sabato", `value="Buccinasco (MI)"`)
		ac.Get("/volontariato?comune=Corsico+(MI)").Status(t, 200).Lacks(t, "Magazzino del sabato")
		ac.Get("/volontariato?comune="+peopletest.Buccinasco).Status(t, 200).Contains(t, "Magazzino del sabato")
		ac.Get("/volontariato?comune=Atlantide").Status(t, 422).
			Contains(t, "Non troviamo un comune chiamato «Atlantide»", `aria-invalid="true"`, `value="Atlantide"`)
		req, _ := http.NewRequest("GET", e.URL+"/volontariato?comune=Atlantide", nil)
		req.Header.Set("Accept-Language", "en")
		e.Anonymous().Do(req).Status(t, 422).Contains(t, "We cannot find a comune called «Atlantide»")

		// The profile: a comune of another territory typed by name is
		// added, and shown chosen afterwards; an unknown one is refused.
		form := url.Values{"skills": {"logistica"}, "comuni": {peopletest.Buccinasco}, "comune_altro": {"Atlantide"}}
		ac.PostForm("/volontariato/profilo", form).Status(t, 422).
			Contains(t, "Non troviamo un comune chiamato «Atlantide»", `value="Atlantide"`)
		if got := e.Strings(`SELECT comuni FROM volunteer_profiles WHERE user_id = $1`, anna.ID); !slices.Equal(got, []string{peopletest.Buccinasco}) {
			t.Fatalf("a refused form changed the comuni: %q", got)
		}
		form.Set("comune_altro", "cervia")
		ac.PostForm("/volontariato/profilo", form).RedirectsTo(t, "/volontariato/impegni")
		p, err := e.App.People.Volunteers.Profile(e.Ctx, anna.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal([]string(p.Comuni), []string{peopletest.Buccinasco, cervia}) {
			t.Fatalf("comuni after typing Cervia: %v", p.Comuni)
		}
		ac.Get("/volontariato/profilo").Status(t, 200).Contains(t, `value="`+cervia+`" checked`, "Cervia (RA)")
	})
}
