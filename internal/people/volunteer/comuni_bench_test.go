package volunteer_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/people/peopletest"
	"github.com/trama-welfare/trama/internal/people/volunteer"
	"github.com/trama-welfare/trama/internal/platform/geo"
	"github.com/trama-welfare/trama/internal/territory"
)

// BenchmarkVolunteerPages measures /volontariato and /volontariato/profilo
// for a volunteer at national scale: besides the test territory, every
// other Italian comune (about 7,900) belongs to one of 100 territories.
//
//	go test ./internal/people/volunteer -run '^$' -bench VolunteerPages -benchtime 30x
func BenchmarkVolunteerPages(b *testing.B) {
	e := apptest.SQLite(b)
	w := peopletest.New(b, e)
	all, err := geo.ReadComuni()
	if err != nil {
		b.Fatal(err)
	}
	var codes []string
	for _, c := range all {
		if c.ISTAT != peopletest.Buccinasco && c.ISTAT != peopletest.Corsico {
			codes = append(codes, c.ISTAT)
		}
	}
	for i := range 100 {
		t := &territory.Territory{Name: fmt.Sprintf("Ambito %d", i)}
		if err := e.App.Territories.Create(e.Ctx, t); err != nil {
			b.Fatal(err)
		}
		if err := e.App.Territories.AddComuni(e.Ctx, t.ID, codes[i*len(codes)/100:(i+1)*len(codes)/100]); err != nil {
			b.Fatal(err)
		}
	}
	c := e.As(w.Volunteer(b, "anna@example.org", volunteer.ProfileForm{}))
	for _, page := range []string{"/volontariato", "/volontariato/profilo"} {
		b.Run(strings.ReplaceAll(page[1:], "/", "-"), func(b *testing.B) {
			for range b.N {
				if r := c.Get(page); r.StatusCode != 200 {
					b.Fatal(r.StatusCode)
				}
			}
		})
	}
}
