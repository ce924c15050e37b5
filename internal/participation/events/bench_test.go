package events_test

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/apptest"
	"github.com/trama-welfare/trama/internal/participation/ptest"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
)

// BenchmarkRegister measures one registration through HTTP (spam check,
// row lock, sealed data, confirmation e-mail with .ics and QR code queued).
func BenchmarkRegister(b *testing.B) {
	for _, engine := range dbtest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			e := apptest.New(b, engine, func(c *app.Config) { c.Participation.FormLimit = 1 << 30 })
			w := ptest.Setup(b, e)
			r := e.As(w.Operators[0]).PostForm("/eventi/nuovo", eventForm(w.Orgs[0], 100000))
			id := r.Header.Get("Location")[len("/eventi/"):]
			ev, _ := e.App.Participation.Events.Store.Event(e.Ctx, id)
			c := e.Anonymous()
			b.ResetTimer()
			for i := range b.N {
				resp := c.PostForm("/eventi/"+id+"/iscrizione", answers(ev, url.Values{"name": {"P"}, "email": {fmt.Sprintf("p%d@example.org", i)}}))
				if resp.StatusCode != 303 {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
		})
	}
}

// BenchmarkCalendar measures the public calendar with 60 events, a third
// of them weekly for three months (the default range shows 90 days).
func BenchmarkCalendar(b *testing.B) {
	e := apptest.SQLite(b)
	w := ptest.Setup(b, e)
	op := e.As(w.Operators[0])
	for i := range 60 {
		f := eventForm(w.Orgs[0], 50)
		f.Set("title", fmt.Sprintf("Evento %d", i))
		if i%3 == 0 {
			f.Set("repeat", "weekly")
			f.Set("until", time.Now().AddDate(0, 4, 0).Format(time.DateOnly))
		}
		if r := op.PostForm("/eventi/nuovo", f); r.StatusCode != 303 {
			b.Fatalf("event %d: status %d", i, r.StatusCode)
		}
	}
	c := e.Anonymous()
	b.ResetTimer()
	for range b.N {
		if r := c.Get("/eventi"); r.StatusCode != 200 {
			b.Fatal(r.StatusCode)
		}
	}
}
