// Package audit writes the audit log: who changed or read what, and when.
// Entries are written in the same transaction as the change they describe,
// so the log never claims a change that did not happen, nor misses one.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/platform/db"
)

// Actor is who acts: a user, the command line, or the system (jobs).
type Actor struct {
	ID    string // user id; empty for the system and the command line
	Label string // e-mail of the user, "cli" or "system"
	IP    string
}

type actorKey struct{}

// WithActor returns ctx carrying the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or the system.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Label: "system"}
}

// Entry is one line of the log. Action is a verb ("create", "update",
// "delete", "read", "login" …); Entity and EntityID say what it touched;
// Detail holds ids and field names, never personal content.
type Entry struct {
	Action   string
	Entity   string
	EntityID string
	Detail   map[string]any
}

// Record writes e with the actor from ctx.
func Record(ctx context.Context, q db.Querier, e Entry) error {
	a := ActorFrom(ctx)
	detail := ""
	if len(e.Detail) > 0 {
		b, err := json.Marshal(e.Detail)
		if err != nil {
			return fmt.Errorf("audit: encode detail: %w", err)
		}
		detail = string(b)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, actor_label, action, entity, entity_id, detail, ip)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		db.Now(), a.ID, a.Label, e.Action, e.Entity, e.EntityID, detail, a.IP)
	if err != nil {
		return fmt.Errorf("audit: record %s %s: %w", e.Action, e.Entity, err)
	}
	return nil
}

// Line is a stored entry.
type Line struct {
	ID         int64
	At         time.Time
	ActorID    string
	ActorLabel string
	Action     string
	Entity     string
	EntityID   string
	Detail     string
	IP         string
}

// Filter narrows a listing.
type Filter struct {
	Entity   string
	EntityID string
	ActorID  string
	Action   string
	Before   int64 // id: lines older than this one (for paging)
	Limit    int
}

// List returns lines, newest first.
func List(ctx context.Context, d *db.DB, f Filter) ([]Line, error) {
	q := `SELECT id, at, actor_id, actor_label, action, entity, entity_id, detail, ip FROM audit_log WHERE 1=1`
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		q += fmt.Sprintf(" AND "+cond, len(args))
	}
	if f.Entity != "" {
		add("entity = $%d", f.Entity)
	}
	if f.EntityID != "" {
		add("entity_id = $%d", f.EntityID)
	}
	if f.ActorID != "" {
		add("actor_id = $%d", f.ActorID)
	}
	if f.Action != "" {
		add("action = $%d", f.Action)
	}
	if f.Before > 0 {
		add("id < $%d", f.Before)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	args = append(args, f.Limit)
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT $%d", len(args))
	rows, err := d.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Line
	for rows.Next() {
		var l Line
		if err := rows.Scan(&l.ID, &l.At, &l.ActorID, &l.ActorLabel, &l.Action, &l.Entity, &l.EntityID, &l.Detail, &l.IP); err != nil {
			return nil, fmt.Errorf("audit: scan: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
