package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
	"github.com/trama-welfare/trama/internal/platform/secret"
	"github.com/trama-welfare/trama/internal/porta"
	"github.com/trama-welfare/trama/internal/territory"
)

// TestKeysAndPersonCommands: a request is stored; `person export` finds it
// by phone; `keys rotate --new-key` adds a key and re-encrypts; the data
// still opens with the new key alone; `person erase` anonymises.
func TestKeysAndPersonCommands(t *testing.T) {
	path := dbtest.NewDSN(t, db.SQLite)
	keyFile := filepath.Join(t.TempDir(), "trama.key")
	oldKey := secret.NewKey()
	if err := os.WriteFile(keyFile, []byte(oldKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TRAMA_DB", path)
	t.Setenv("TRAMA_SECRET_KEY", "")
	t.Setenv("TRAMA_SECRET_KEY_FILE", keyFile)

	ctx := audit.WithActor(context.Background(), audit.Actor{Label: "test"})
	a, err := app.Open(ctx, app.Config{DB: path, SecretKeyFile: keyFile})
	if err != nil {
		t.Fatal(err)
	}
	tr := &territory.Territory{Name: "Ambito di Corsico"}
	if err := a.Territories.Create(ctx, tr); err != nil {
		t.Fatal(err)
	}
	a.Territories.AddComuni(ctx, tr.ID, []string{"015036"})
	in := porta.Intake{ISTATCode: "015036", Categories: []string{"BEN"}, Urgency: 1, Scopes: []string{porta.ScopeCoordination},
		Method: porta.MethodWeb, Person: porta.PersonDetails{FirstName: "Rosalba", Phone: "+393401112222", ContactPref: "phone"},
		Need: porta.NeedDetails{Description: "Servirebbe la spesa"}}
	n, code, err := a.Porta.Ask(ctx, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	if _, err := runCmd(t, "", "person", "export", "--phone", "333"); err == nil {
		t.Fatal("a bad phone was accepted")
	}
	out, err := runCmd(t, "", "person", "export", "--phone", "340 111 2222")
	var x porta.Export
	if err != nil || json.Unmarshal([]byte(out), &x) != nil || x.Person.Details.FirstName != "Rosalba" || x.Person.ID != n.PersonID {
		t.Fatalf("export: %q %v", out, err)
	}

	out, err = runCmd(t, "", "keys", "rotate", "--new-key")
	if err != nil || !strings.Contains(out, "added a new key") || !strings.Contains(out, "porta_persons") {
		t.Fatalf("rotate: %q %v", out, err)
	}
	b, _ := os.ReadFile(keyFile)
	kr, err := secret.Parse(string(b))
	if err != nil || !strings.Contains(string(b), oldKey) {
		t.Fatalf("key file after --new-key:\n%s", b)
	}
	newOnly := strings.Fields(strings.SplitN(string(b), "\n", 3)[1])[0]
	if newOnly == oldKey || kr == nil {
		t.Fatal("no new key first in the file")
	}
	os.WriteFile(keyFile, []byte(newOnly+"\n"), 0o600) // the old key is gone
	a, err = app.Open(ctx, app.Config{DB: path, SecretKeyFile: keyFile})
	if err != nil {
		t.Fatal(err)
	}
	if f, err := a.Porta.Follow(ctx, code); err != nil || f.NeedID != n.ID {
		t.Fatalf("the receipt does not work after rotation: %v", err)
	}
	a.Close()

	if _, err := runCmd(t, "", "person", "erase", "--id", n.PersonID); err == nil {
		t.Fatal("erase without --yes")
	}
	if out, err := runCmd(t, "", "person", "erase", "--id", n.PersonID, "--yes"); err != nil || !strings.Contains(out, "erased") {
		t.Fatalf("erase: %q %v", out, err)
	}
	if _, err := runCmd(t, "", "person", "erase", "--id", "nessuno", "--yes"); err == nil || !strings.Contains(err.Error(), "no such person") {
		t.Fatalf("erase of nobody: %v", err)
	}
	out, _ = runCmd(t, "", "person", "export", "--id", n.PersonID)
	if strings.Contains(out, "Rosalba") || !strings.Contains(out, "anonymised_at") {
		t.Fatalf("export after erasure: %s", out)
	}
}
