package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trama-welfare/trama/internal/platform/dbtest"
	"github.com/trama-welfare/trama/internal/platform/jobs"
	"github.com/trama-welfare/trama/internal/platform/mail"
)

func TestComposeEncodesSubjectAndAttachments(t *testing.T) {
	msg := mail.Message{To: "a@b.example", Subject: "Iscrizione confermata: «Convegno»", Body: "Ciao,\nci vediamo.",
		Attachments: []mail.Attachment{{Name: "evento.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR")}}}
	out := string(mail.Compose("Trama <noreply@trama.example>", msg, time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)))
	for _, want := range []string{
		"Subject: =?utf-8?q?Iscrizione_confermata:_=C2=ABConvegno=C2=BB?=",
		"Content-Type: multipart/mixed", "Ciao,\r\nci vediamo.", `filename="evento.ics"`, "QkVHSU46VkNBTEVOREFS",
		"Date: Sun, 22 Nov 2026 10:00:00 +0000",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("composed message lacks %q:\n%s", want, out)
		}
	}
}

func TestDevOutboxDelivery(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	m, err := mail.NewMailer(d, "", "Trama <noreply@trama.example>")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mail.NewMailer(d, "http://not-smtp", "Trama <noreply@trama.example>"); err == nil {
		t.Error("an http:// SMTP URL was accepted")
	}
	if err := mail.Send(ctx, d.W, mail.Message{To: "not an address", Subject: "x"}); err == nil {
		t.Error("a bad recipient was queued")
	}
	if err := mail.Send(ctx, d.W, mail.Message{To: "ente@esempio.example", Subject: "Nuovo invio", Body: "testo"}); err != nil {
		t.Fatal(err)
	}
	q := jobs.NewQueue(d)
	m.Register(q)
	if n, err := q.Drain(ctx); n != 1 || err != nil {
		t.Fatalf("drain: %d, %v", n, err)
	}
	box, err := mail.Outbox(ctx, d, 10)
	if err != nil || len(box) != 1 || box[0].Subject != "Nuovo invio" || box[0].To != "ente@esempio.example" {
		t.Fatalf("outbox %+v, %v", box, err)
	}
}
