package web

import "testing"

// The access log never writes the secret part of a personal link.
func TestLoggedPathHidesSecrets(t *testing.T) {
	for _, c := range []struct{ route, path, want string }{
		{"GET /iscrizioni/{token}", "/iscrizioni/s3cr3t-t0ken", "/iscrizioni/…"},
		{"POST /iscrizioni/{token}/annulla", "/iscrizioni/s3cr3t/annulla", "/iscrizioni/…/annulla"},
		{"POST /eventi/{id}/ingresso/{code}", "/eventi/42/ingresso/XYZ123", "/eventi/42/ingresso/…"},
		{"GET /calendario/{token}", "/calendario/abc", "/calendario/…"},
		{"GET /servizi/{id}", "/servizi/7f0c", "/servizi/7f0c"},
		{"unmatched", "/nowhere/at/all", "/nowhere/at/all"},
		{"GET /static/", "/static/css/x.css", "/static/css/x.css"},
	} {
		if got := loggedPath(c.route, c.path); got != c.want {
			t.Errorf("loggedPath(%q, %q) = %q, want %q", c.route, c.path, got, c.want)
		}
	}
}
