package e2e_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/e2e"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/territory"
)

// A coordinator loads an association's spreadsheet: the preview, the
// confirmation, the progress page that refreshes itself without
// JavaScript, the result. axe-core checks every page on the way.
func TestSpreadsheetImportJourney(t *testing.T) {
	env := apptest.SQLite(t)
	tr := &territory.Territory{Name: "Ambito di Corsico"}
	if err := env.App.Territories.Create(env.Ctx, tr); err != nil {
		t.Fatal(err)
	}
	env.App.Territories.AddComuni(env.Ctx, tr.ID, []string{"015036", "015093"})
	coord := env.CreateUser(auth.Coordinator, "assistente@comune.example")
	coord.TerritoryID = tr.ID
	env.App.Auth.AdminUpdate(env.Ctx, coord)
	sheet := filepath.Join(t.TempDir(), "attivita.csv")
	os.WriteFile(sheet, []byte("Ente;Tipo di ente;Descrizione dell'ente;Servizio;Descrizione del servizio;Categorie;Comune;Indirizzo;CAP;Giorni;Orari\n"+
		"Oratorio San Luigi;parrocchia;L'oratorio della parrocchia.;Grest estivo;Giochi e laboratori d'estate.;Centri estivi;Buccinasco;Via Roma 1;20090;lun-ven;9-17\n"+
		"Oratorio San Luigi;;;Catechismo;Incontri per i ragazzi.;Corsi e laboratori;Buccinasco;Via Roma 1;20090;sab;15:00-16:00\n"), 0o644)

	b := e2e.NewBrowser(t, env)
	b.Visit("/accedi")
	b.Fill("#f-email", "assistente@comune.example")
	b.Fill("#f-password", "password-di-prova")
	b.Submit(`form[action="/accedi"] button[type=submit]`)
	b.Follow(`a[href="/coordinamento/importa"]`)
	b.See("Scarica il modello", "Le colonne del modello")
	b.Do(chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{sheet}))
	b.Submit(`form[action="/coordinamento/importa"] button[type=submit]`)
	b.See("Anteprima: da confermare", "Oratorio San Luigi", "ente nuovo", "Grest estivo", "Catechismo")
	b.Submit(`form[action$="/conferma"] button`)
	b.See("La pagina si aggiorna da sola", "Interrompi l'aggiornamento automatico")
	env.Outbox() // the worker writes the import; the page refreshes itself
	b.WaitFor("Completata")
	b.See("servizi creati: 2")
}
