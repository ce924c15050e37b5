package loadmix_test

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/reliability/load"
	"github.com/trama-welfare/trama/internal/reliability/loadmix"
)

// TestMix sends every scenario's requests a few times to a server with the
// demo data: each must be well formed and get the answer it expects (the
// load test counts anything else as an error).
func TestMix(t *testing.T) {
	e := apptest.SQLite(t, apptest.Demo(), func(c *app.Config) { c.TrustProxy = true })
	target, err := loadmix.Discover(e.URL, "test")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sc := range target.Mix() {
		t.Run(sc.Name, func(t *testing.T) {
			for range 3 {
				req := sc.Next(rng)
				if req.Flow != nil {
					if err := req.Flow(func(r load.Request) (*load.Response, error) {
						resp, err := load.Send(e.URL, r.Client, r)
						if err != nil {
							t.Logf("%s %s %v:\n%s", r.Method, r.Path, r.Form, errorsIn(resp.Body))
						}
						return resp, err
					}); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if _, err := load.Send(e.URL, req.Client, req); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

var errorRe = regexp.MustCompile(`(?s)class="[^"]*(invalid-feedback|alert-danger|callout danger)[^"]*"[^>]*>(.{0,300})`)

// errorsIn returns the error messages of a page, for failures.
func errorsIn(body string) string {
	var out []string
	for _, m := range errorRe.FindAllStringSubmatch(body, -1) {
		out = append(out, strings.Join(strings.Fields(m[2]), " "))
	}
	return strings.Join(out, "\n")
}
