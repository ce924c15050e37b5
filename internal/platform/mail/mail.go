// Package mail sends e-mail through the jobs queue. With an SMTP server
// configured (TRAMA_SMTP_URL) messages go out by SMTP; without one they are
// written to the log and to the development outbox that admins can read.
package mail

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/jobs"
)

// JobKind is the job that delivers one message.
const JobKind = "mail.send"

// Message is a plain-text e-mail. Attachments are optional (calendar files).
type Message struct {
	To          string       `json:"to"`
	Subject     string       `json:"subject"`
	Body        string       `json:"body"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Attachment is a small file sent with a message.
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"`
}

// Send enqueues m in q, usually the transaction of the change that causes it.
func Send(ctx context.Context, q db.Querier, m Message) error {
	if _, err := mail.ParseAddress(m.To); err != nil {
		return fmt.Errorf("mail: bad recipient %q: %w", m.To, err)
	}
	return jobs.Enqueue(ctx, q, JobKind, m, jobs.Options{})
}

// Mailer delivers messages.
type Mailer struct {
	db   *db.DB
	smtp *url.URL // nil: development outbox
	from string
}

// NewMailer returns a Mailer. smtpURL is smtp://user:pass@host:587 (STARTTLS
// when offered), smtps://…:465 (TLS) or empty.
func NewMailer(d *db.DB, smtpURL, from string) (*Mailer, error) {
	m := &Mailer{db: d, from: from}
	if _, err := mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("mail: bad sender %q: %w", from, err)
	}
	if smtpURL != "" {
		u, err := url.Parse(smtpURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			return nil, fmt.Errorf("mail: bad SMTP URL (want smtp://user:pass@host:port or smtps://…)")
		}
		m.smtp = u
	}
	return m, nil
}

// Register installs the delivery job on q.
func (m *Mailer) Register(q *jobs.Queue) {
	q.Register(JobKind, func(ctx context.Context, payload json.RawMessage) error {
		var msg Message
		if err := json.Unmarshal(payload, &msg); err != nil {
			return jobs.Permanent{Err: err}
		}
		return m.Deliver(ctx, msg)
	})
}

// Deliver sends msg now.
func (m *Mailer) Deliver(ctx context.Context, msg Message) error {
	if m.smtp == nil {
		slog.Info("mail (no SMTP configured: kept in the development outbox)", "to", msg.To, "subject", msg.Subject)
		_, err := m.db.W.ExecContext(ctx, `INSERT INTO dev_outbox (created_at, to_addr, subject, body) VALUES ($1, $2, $3, $4)`,
			db.Now(), msg.To, msg.Subject, msg.Body)
		return err
	}
	return m.sendSMTP(ctx, msg)
}

func (m *Mailer) sendSMTP(ctx context.Context, msg Message) error {
	host := m.smtp.Hostname()
	port := m.smtp.Port()
	if port == "" {
		port = map[string]string{"smtp": "587", "smtps": "465"}[m.smtp.Scheme]
	}
	dialer := &net.Dialer{Timeout: 15 * time.Second}
	var conn net.Conn
	var err error
	if m.smtp.Scheme == "smtps" {
		conn, err = tls.DialWithDialer(dialer, "tcp", net.JoinHostPort(host, port), &tls.Config{ServerName: host})
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", net.JoinHostPort(host, port))
	}
	if err != nil {
		return fmt.Errorf("mail: connect: %w", err)
	}
	conn.SetDeadline(time.Now().Add(time.Minute))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: smtp hello: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok && m.smtp.Scheme == "smtp" {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return fmt.Errorf("mail: starttls: %w", err)
		}
	}
	if u := m.smtp.User; u != nil {
		pw, _ := u.Password()
		if err := c.Auth(smtp.PlainAuth("", u.Username(), pw, host)); err != nil {
			return fmt.Errorf("mail: auth: %w", err)
		}
	}
	from, _ := mail.ParseAddress(m.from)
	if err := c.Mail(from.Address); err != nil {
		return fmt.Errorf("mail: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(msg.To); err != nil {
		return fmt.Errorf("mail: RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if _, err := w.Write(Compose(m.from, msg, time.Now())); err != nil {
		return fmt.Errorf("mail: write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: send: %w", err)
	}
	return c.Quit()
}

// Compose renders msg as an RFC 5322 message (multipart when it has
// attachments).
func Compose(from string, msg Message, date time.Time) []byte {
	var b strings.Builder
	hdr := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	hdr("From", from)
	hdr("To", msg.To)
	hdr("Subject", mime.QEncoding.Encode("utf-8", msg.Subject))
	hdr("Date", date.Format(time.RFC1123Z))
	hdr("MIME-Version", "1.0")
	body := strings.ReplaceAll(strings.ReplaceAll(msg.Body, "\r\n", "\n"), "\n", "\r\n")
	if len(msg.Attachments) == 0 {
		hdr("Content-Type", "text/plain; charset=utf-8")
		hdr("Content-Transfer-Encoding", "8bit")
		b.WriteString("\r\n" + body + "\r\n")
		return []byte(b.String())
	}
	const boundary = "trama-boundary-7f3a9c"
	hdr("Content-Type", `multipart/mixed; boundary="`+boundary+`"`)
	b.WriteString("\r\n--" + boundary + "\r\n")
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(body + "\r\n")
	for _, a := range msg.Attachments {
		b.WriteString("--" + boundary + "\r\n")
		b.WriteString("Content-Type: " + a.ContentType + "; name=\"" + a.Name + "\"\r\n")
		b.WriteString("Content-Disposition: attachment; filename=\"" + a.Name + "\"\r\n")
		b.WriteString("Content-Transfer-Encoding: base64\r\n\r\n")
		b.WriteString(wrap76(base64Std(a.Data)) + "\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return []byte(b.String())
}

// OutboxMessage is a message kept in the development outbox.
type OutboxMessage struct {
	ID        int64
	CreatedAt time.Time
	To        string
	Subject   string
	Body      string
}

// Outbox lists the development outbox, newest first.
func Outbox(ctx context.Context, d *db.DB, limit int) ([]OutboxMessage, error) {
	rows, err := d.R.QueryContext(ctx, `SELECT id, created_at, to_addr, subject, body FROM dev_outbox ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("mail: outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxMessage
	for rows.Next() {
		var m OutboxMessage
		if err := rows.Scan(&m.ID, &m.CreatedAt, &m.To, &m.Subject, &m.Body); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Configured tells whether SMTP delivery is on.
func (m *Mailer) Configured() bool { return m.smtp != nil }

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	b.WriteString(s)
	return b.String()
}
