package db_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
)

// dialectOnly lists tables that exist on one engine only because the engines
// really differ there (full-text index structures). Keep it short.
var dialectOnly = map[string]bool{}

// TestSchemasMatch migrates both engines and compares the resulting tables,
// columns and nullability: the two migration folders must mean the same.
func TestSchemasMatch(t *testing.T) {
	if len(dbtest.Engines()) < 2 {
		t.Skipf("PostgreSQL not configured (%s): cannot compare schemas", dbtest.PostgresEnv)
	}
	lite := describe(t, dbtest.Open(t, db.SQLite))
	pg := describe(t, dbtest.Open(t, db.Postgres))
	for _, line := range lite {
		if !slices.Contains(pg, line) {
			t.Errorf("only on SQLite: %s", line)
		}
	}
	for _, line := range pg {
		if !slices.Contains(lite, line) {
			t.Errorf("only on PostgreSQL: %s", line)
		}
	}
	if len(lite) < 20 {
		t.Fatalf("suspiciously small schema: %v", lite)
	}
}

func describe(t *testing.T, d *db.DB) []string {
	t.Helper()
	ctx := context.Background()
	var q string
	switch d.Dialect {
	case db.SQLite:
		q = `SELECT m.name, p.name, p."notnull" OR p.pk > 0
			FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.sql NOT LIKE 'CREATE VIRTUAL%'`
	case db.Postgres:
		q = `SELECT table_name, column_name, is_nullable = 'NO'
			FROM information_schema.columns c
			WHERE table_schema = current_schema()
			AND EXISTS (SELECT 1 FROM information_schema.tables t WHERE t.table_schema = c.table_schema
				AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')`
	}
	rows, err := d.R.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var table, col string
		var notNull bool
		if err := rows.Scan(&table, &col, &notNull); err != nil {
			t.Fatal(err)
		}
		if table == "goose_db_version" || dialectOnly[table] || strings.Contains(table, "_fts") {
			continue
		}
		out = append(out, fmt.Sprintf("%s.%s notnull=%v", table, col, notNull))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}
