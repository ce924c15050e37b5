package text_test

import (
	"testing"

	"github.com/trama-welfare/trama/internal/platform/text"
)

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Attività":              "attivita",
		"  PERCHÉ   così ":      "perche cosi",
		"Sant’Angelo Lodigiano": "sant'angelo lodigiano",
		"Città di Castello":     "citta di castello",
		"naïve Ça":              "naive ca",
		"":                      "",
	}
	for in, want := range cases {
		if got := text.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
