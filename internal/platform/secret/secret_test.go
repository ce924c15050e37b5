package secret_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/platform/secret"
)

func TestSealOpenRotate(t *testing.T) {
	oldKey, newKey := secret.NewKey(), secret.NewKey()
	old, err := secret.Parse(oldKey)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := old.Seal("Mario ha bisogno di aiuto con la spesa")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "Mario") {
		t.Fatal("plaintext visible in sealed value")
	}
	again, _ := old.Seal("Mario ha bisogno di aiuto con la spesa")
	if again == sealed {
		t.Error("two seals of the same text are equal: nonce reused")
	}
	rotated, err := secret.Parse(newKey + "\n" + oldKey)
	if err != nil {
		t.Fatal(err)
	}
	if rotated.Current(sealed) {
		t.Error("value sealed with the old key reported as current")
	}
	got, err := rotated.Open(sealed)
	if err != nil || got != "Mario ha bisogno di aiuto con la spesa" {
		t.Fatalf("Open after rotation = %q, %v", got, err)
	}
	fresh, _ := secret.Parse(newKey)
	if _, err := fresh.Open(sealed); err == nil {
		t.Error("a keyring without the old key opened an old value")
	}
	tampered := sealed[:len(sealed)-2] + "AA"
	if _, err := old.Open(tampered); err == nil {
		t.Error("tampered value opened")
	}
	if s, _ := old.Seal(""); s != "" {
		t.Error("empty string sealed to non-empty")
	}
}

func TestHashIsKeyedAndStable(t *testing.T) {
	a, _ := secret.Parse(secret.NewKey())
	b, _ := secret.Parse(secret.NewKey())
	if a.Hash("3331234567") != a.Hash("3331234567") {
		t.Error("hash not stable")
	}
	if a.Hash("3331234567") == b.Hash("3331234567") {
		t.Error("hash does not depend on the key")
	}
}

func TestLoadCreatesKeyFileOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trama.key")
	kr1, created, err := secret.Load("", "", path)
	if err != nil || created != path {
		t.Fatalf("Load = %v, created %q", err, created)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	s, _ := kr1.Seal("x")
	kr2, created, err := secret.Load("", "", path)
	if err != nil || created != "" {
		t.Fatalf("second Load = %v, created %q", err, created)
	}
	if got, err := kr2.Open(s); err != nil || got != "x" {
		t.Fatalf("reloaded key cannot open: %v", err)
	}
	if _, _, err := secret.Load("", "", ""); err == nil {
		t.Error("Load without any key succeeded")
	}
	if _, _, err := secret.Load("bm90IGEga2V5", "", ""); err == nil {
		t.Error("a short key was accepted")
	}
}
