package porta_test

import (
	"net/url"
	"slices"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/participation/pact"
	"github.com/trama-welfare/trama/internal/porta/portatest"
)

// TestReferralsInNetworkGraph: a need brought in at organization A's desk
// and referred to organization B's service links A and B in the pact's
// network graph; the referral to A's own service adds no link.
func TestReferralsInNetworkGraph(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		w := portatest.Setup(t, e)
		e.As(w.OperatorA).PostForm("/sportello/nuovo", url.Values{"organization_id": {w.OrgA}, "first_name": {"Anna"},
			"istat_code": {"015036"}, "categories": {"BEN"}, "description": {"Ha bisogno di aiuto per la spesa."},
			"urgency": {"1"}, "consent": {"on"}, "consent_referrals": {"on"}, "consent_method": {"in_person"}}).RedirectsTo(t, "/sportello")
		coord := e.As(w.Coordinator)
		needID := between(coord.Get("/coordinamento/porta").Body, `href="/coordinamento/porta/richieste/`, `"`)
		caseURL := coord.PostForm("/coordinamento/porta/richieste/"+needID+"/assegna", nil).Header.Get("Location")
		coord.PostForm(caseURL+"/invii", url.Values{"need_id": {needID}, "service": {w.ServiceA, w.ServiceB},
			"message": {"Famiglia con due figli, chiede la tessera dell'emporio."}}).RedirectsTo(t, caseURL)

		refs, err := e.App.Porta.Referrals(e.Ctx, w.Territory)
		if err != nil {
			t.Fatal(err)
		}
		if want := []pact.Referral{{From: w.OrgA, To: w.OrgB, Count: 1}}; !slices.Equal(refs, want) {
			t.Fatalf("referrals between organizations: %+v, want %+v", refs, want)
		}
		if refs, _ := e.App.Porta.Referrals(e.Ctx, w.Other); len(refs) != 0 {
			t.Fatalf("another territory sees %+v", refs)
		}
		n, err := e.App.Participation.Pact.Network(e.Ctx, w.Territory)
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, l := range n.Links {
			if (l.A == w.OrgA && l.B == w.OrgB || l.A == w.OrgB && l.B == w.OrgA) && slices.Contains(l.Kinds, pact.LinkReferral) {
				found = true
			}
		}
		if !found {
			t.Fatalf("the network graph has no referral link between A and B: %+v", n.Links)
		}
	})
}
