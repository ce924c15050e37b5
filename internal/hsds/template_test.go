package hsds_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/platform/auth"
)

// upload posts a spreadsheet to the import page as a browser would.
func upload(t *testing.T, _ *apptest.Env, c *apptest.Client, name string, content []byte, fields url.Values) *apptest.Response {
	t.Helper()
	return c.PostFile("/coordinamento/importa", fields, "file", name, content)
}

// coordinatorOf logs in a coordinator of the territory of the test network.
func coordinatorOf(t *testing.T, e *apptest.Env) *apptest.Client {
	t.Helper()
	var tid string
	if err := e.App.DB.R.QueryRow(`SELECT id FROM territories WHERE name = 'Ambito di Corsico'`).Scan(&tid); err != nil {
		t.Fatal(err)
	}
	u := e.CreateUser(auth.Coordinator, "coordinatrice@comune.example")
	u.TerritoryID = tid
	if err := e.App.Auth.AdminUpdate(e.Ctx, u); err != nil {
		t.Fatal(err)
	}
	return e.As(u)
}

const sheet = "Ente;Codice fiscale;Tipo di ente;Descrizione dell'ente;Servizio;Descrizione del servizio;Categorie;Età minima;Età massima;Gratuito;Costo (euro);Comune;Indirizzo;CAP;Giorni;Orari;Telefono;E-mail\n" +
	// An organization of the network (by codice fiscale): one service updated, one new.
	"Il Ponte APS;97123450153;;;Doposcuola Il Ponte;Compiti, merenda e giochi.;Doposcuola e aiuto compiti;6;13;sì;;Buccinasco;Via Roma 1;20090;lun-ven;15:00-18:00;;\n" +
	"Il Ponte APS;97123450153;;;Laboratorio di teatro;Teatro per ragazzi.;Musica, arte e teatro;11;14;no;12,50;Buccinasco;Via Roma 1;20090;sabato;10-12;02 4880000;teatro@ilponte.example\n" +
	// A new organization, two rows of one service (two times) and one more.
	"Comitato Genitori Corsico;;comitato;Genitori delle scuole di Corsico.;Pedibus;Accompagnamento a scuola a piedi.;Trasporto e accompagnamento;6;10;sì;;Corsico (MI);Piazza Petrarca 2;20094;lun, mer, ven;7:45-8:15;;\n" +
	"Comitato Genitori Corsico;;;;Pedibus;Accompagnamento a scuola a piedi.;Trasporto e accompagnamento;6;10;sì;;Corsico;Piazza Petrarca 2;20094;mar e gio;7:45-8:15;;\n" +
	"comitato genitori corsico;;;;Festa di primavera;Una festa per tutte le famiglie.;Centri per le famiglie;;;sì;;;;;;;;\n"

// TestTemplateImport goes through the back office: the template, a
// preview that writes nothing, the confirmation, the job with its
// progress page, the published result.
func TestTemplateImport(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		network(t, e)
		c := coordinatorOf(t, e)
		r := c.Get("/coordinamento/importa/modello.csv").Status(t, http.StatusOK)
		if !strings.HasPrefix(r.Body, "\ufeffEnte;Codice fiscale;Tipo di ente") || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("template: %q", r.Body)
		}
		c.Get("/coordinamento/importa").Status(t, http.StatusOK).Contains(t, "modello.csv", `enctype="multipart/form-data"`)

		services := e.Count(`SELECT COUNT(*) FROM services`)
		r = upload(t, e, c, "attivita.csv", []byte(sheet), nil)
		r.Status(t, http.StatusSeeOther)
		path := r.Header.Get("Location")
		r = c.Get(path).Status(t, http.StatusOK)
		r.Contains(t, "Enti: 2 · servizi nuovi: 3 · servizi da aggiornare: 1", "Comitato Genitori Corsico", "ente nuovo",
			"Laboratorio di teatro", "Conferma e importa")
		if n := e.Count(`SELECT COUNT(*) FROM services`); n != services {
			t.Fatalf("the preview wrote %d services", n-services)
		}

		c.PostForm(path+"/conferma", nil).RedirectsTo(t, path+"?auto=1")
		r = c.Get(path+"?auto=1").Status(t, http.StatusOK).Contains(t, "Interrompi l&#39;aggiornamento automatico")
		if r.Header.Get("Refresh") != "2" {
			t.Errorf("the running import's page does not refresh itself")
		}
		if r = c.Get(path).Status(t, http.StatusOK); r.Header.Get("Refresh") != "" {
			t.Errorf("the page refreshes itself after it was turned off")
		}
		e.Outbox() // runs the queued jobs
		r = c.Get(path+"?auto=1").Status(t, http.StatusOK).Contains(t, "Enti: 2 (nuovi: 1) · servizi creati: 3 · servizi aggiornati: 1")
		if r.Header.Get("Refresh") != "" {
			t.Errorf("a finished import's page refreshes itself")
		}
		c.PostForm(path+"/conferma", nil).Status(t, http.StatusConflict)

		var org string
		e.App.DB.R.QueryRow(`SELECT id FROM organizations WHERE name = 'Comitato Genitori Corsico' AND status = 'active' AND kind = 'comitato'`).Scan(&org)
		if org == "" {
			t.Fatal("the new organization is not published")
		}
		if n := e.Count(`SELECT COUNT(*) FROM services WHERE organization_id = $1`, org); n != 2 {
			t.Errorf("%d services of the new organization", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM schedules s JOIN services v ON v.id = s.service_id WHERE v.name = 'Pedibus'`); n != 2 {
			t.Errorf("Pedibus has %d schedules, want 2 (one per row)", n)
		}
		if n := e.Count(`SELECT COUNT(*) FROM organization_history WHERE organization_id = $1 AND to_status = 'imported'`, org); n != 1 {
			t.Errorf("history: %d lines", n)
		}
		r = api(t, e, "/services/"+svcA1).Status(t, http.StatusOK)
		r.Contains(t, "Compiti, merenda e giochi.", `"byday":"MO,TU,WE,TH,FR"`, `"maximum_age":13`, "coordinatrice@comune.example")
		sameIDs(t, "new services in the API", page(t, e, "/services?organization_id="+org, "service"),
			idOf(t, e, "Pedibus"), idOf(t, e, "Festa di primavera"))
		r = api(t, e, "/services/"+idOf(t, e, "Laboratorio di teatro")).Status(t, http.StatusOK)
		r.Contains(t, `"amount":12.5`, `"+3902`, `"byday":"SA"`, `"opens_at":"10:00"`)
	})
}

func idOf(t *testing.T, e *apptest.Env, service string) string {
	t.Helper()
	var id string
	if err := e.App.DB.R.QueryRow(`SELECT id FROM services WHERE name = $1`, service).Scan(&id); err != nil {
		t.Fatalf("service %s: %v", service, err)
	}
	return id
}

// TestTemplateRejectsRows checks the row-by-row report of a wrong
// spreadsheet (Windows-1252, as Excel saves it), and that nothing can be
// imported from it.
func TestTemplateRejectsRows(t *testing.T) {
	apptest.Run(t, func(t *testing.T, e *apptest.Env) {
		network(t, e)
		c := coordinatorOf(t, e)
		bad := "Ente,Servizio,Descrizione del servizio,Categorie,Comune,Indirizzo,CAP,Giorni,Orari,E-mail,Gratuito,Costo (euro),Età minima,Età massima,Tipo di ente,Descrizione dell'ente,Colore\n" +
			"Nuova APS,,Senza nome.,Sport,,,,,,,,,,,aps,Nuovi.,\n" + // 2: no service name
			"Nuova APS,Nuoto,In piscina.,Nuoto sincronizzato,,,,,,,,,,,,,\n" + // 3: unknown category
			"Nuova APS,Corsa,Al parco.,Sport,Atlantide,Via Roma 1,20090,,,,,,,,,,\n" + // 4: unknown comune
			"Nuova APS,Yoga,Rilassante.,Sport,Buccinasco,Via Roma 2,123,,,,,,,,,,\n" + // 5: bad CAP
			"Nuova APS,Scacchi,Pensare.,Sport,,,,lunedì e martedì,25:00-26:00,,,,,,,,\n" + // 6: bad hours
			"Nuova APS,Calcetto,Gol.,Sport,,,,funday,,,,,,,,,\n" + // 7: bad day
			"Nuova APS,Pittura,Colori.,Sport,,,,,,non-una-email,sì,10,,,,,\n" + // 8: e-mail, free with cost
			"Nuova APS,Danza,Passi.,Sport,,,,,,,,,12,8,,,\n" // 9: ages
		latin1, err := charmap.Windows1252.NewEncoder().String(bad)
		if err != nil {
			t.Fatal(err)
		}
		services := e.Count(`SELECT COUNT(*) FROM services`)
		r := upload(t, e, c, "sbagliato.csv", []byte(latin1), nil).Status(t, http.StatusSeeOther)
		path := r.Header.Get("Location")
		r = c.Get(path).Status(t, http.StatusOK)
		r.Contains(t, "Righe da correggere", "Colore", "colonna sconosciuta",
			"«Nuoto sincronizzato» non è tra le voci della rete", "«Atlantide» non è un comune italiano",
			"«funday» non è un giorno della settimana", "un servizio gratuito non può avere un costo").Lacks(t, "Conferma e importa")
		for _, line := range []string{"<td>2</td>", "<td>3</td>", "<td>4</td>", "<td>5</td>", "<td>6</td>", "<td>7</td>", "<td>8</td>", "<td>9</td>"} {
			r.Contains(t, line)
		}
		c.PostForm(path+"/conferma", nil).Status(t, http.StatusConflict)
		e.Outbox()
		if n := e.Count(`SELECT COUNT(*) FROM services`); n != services {
			t.Errorf("a rejected file wrote %d services", n-services)
		}
		c.PostForm(path+"/annulla", nil).RedirectsTo(t, "/coordinamento/importa")
		c.Get(path).Status(t, http.StatusOK).Contains(t, "Annullata")

		// Not a spreadsheet, no file: the message is next to the field.
		upload(t, e, c, "vuoto.csv", nil, nil).Status(t, http.StatusUnprocessableEntity).Contains(t, "Il file è vuoto")
		upload(t, e, c, "x.csv", []byte("Nome;Cognome\nA;B\n"), nil).Status(t, http.StatusSeeOther)

		// Others do not see the import: another territory's coordinator, an operator.
		other := e.CreateUser(auth.Coordinator, "altra@comune.example")
		other.TerritoryID = newTerritory(t, e.App.DB, "Altro ambito")
		e.App.Auth.AdminUpdate(e.Ctx, other)
		e.As(other).Get(path).Status(t, http.StatusNotFound)
		op, _ := e.AsRole(auth.Operator)
		op.Get(path).Status(t, http.StatusForbidden)
	})
}
