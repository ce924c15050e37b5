package porta_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/qualification"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/porta/portatest"
)

// TestNaturalHelperAccompanies: a coordinator gives the accompaniment of a
// case to a natural helper of the territory, who sees only the first name,
// the contact and the services; nobody else does; ending it closes the view.
func TestNaturalHelperAccompanies(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := portatest.Setup(t, e)
		_, caseURL, _ := caseWithReferral(t, e, w, askForm(), "Doposcuola")
		caseID := strings.TrimPrefix(caseURL, "/coordinamento/porta/casi/")
		coord := e.As(w.Coordinator)
		coord.Get(caseURL).Contains(t, "Nel territorio non ci sono ancora natural helper")

		helper := e.CreateUser(auth.Volunteer, "helper@quartiere.example")
		helper.TerritoryID, helper.Name = w.Territory, "Ornella Aiuto"
		if err := e.App.Auth.AdminUpdate(e.Ctx, helper); err != nil {
			t.Fatal(err)
		}
		if _, err := e.App.People.Qualifications.Insert(e.Ctx, e.App.DB.W, qualification.Grant{UserID: helper.ID,
			Code: qualification.NaturalHelper}); err != nil {
			t.Fatal(err)
		}
		coord.PostForm(caseURL+"/accompagnatori", url.Values{"helper_id": {w.Volunteer.ID}}).Status(t, 422)
		coord.PostForm(caseURL+"/accompagnatori", url.Values{"helper_id": {helper.ID}}).RedirectsTo(t, caseURL)
		if box := mails(t, e); !strings.Contains(box, "helper@quartiere.example | Ti è stato affidato un accompagnamento") {
			t.Fatalf("helper not told:\n%s", box)
		}
		coord.Get(caseURL).Contains(t, "Ornella Aiuto", "Termina", "Affidato a un natural helper")

		h := e.As(helper)
		h.Get("/accompagnamenti").Status(t, 200).Contains(t, "Giulia", "Buccinasco")
		h.Get("/accompagnamenti/"+caseID).Status(t, 200).Contains(t, "Giulia", "333 123 4567").
			Lacks(t, "Bianchi", "Cerco un doposcuola", "faccio i turni")
		h.Get(caseURL).Status(t, 403)
		_, citizen := e.AsRole(auth.Citizen)
		for _, other := range []*auth.User{w.Volunteer, citizen} {
			e.As(other).Get("/accompagnamenti/"+caseID).Status(t, 404)
		}
		e.As(w.OperatorA).Get("/accompagnamenti/"+caseID).Status(t, 403)
		if n := e.Count(`SELECT COUNT(*) FROM audit_log WHERE action = 'denied' AND entity = 'porta_case' AND entity_id = $1`, caseID); n != 2 {
			t.Fatalf("denied accompaniment reads logged: %d", n)
		}
		aid := between(coord.Get(caseURL).Body, `/accompagnatori/`, `/fine"`)
		coord.PostForm(caseURL+"/accompagnatori/"+aid+"/fine", nil).RedirectsTo(t, caseURL)
		h.Get("/accompagnamenti/"+caseID).Status(t, 404)
		h.Get("/accompagnamenti").Contains(t, "Nessun accompagnamento in corso")
	})
}
