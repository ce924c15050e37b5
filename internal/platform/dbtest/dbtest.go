// Package dbtest gives tests a real, migrated database of their own: a SQLite
// file in a temporary folder always, and a PostgreSQL database when
// TRAMA_TEST_POSTGRES_DSN is set. Tests never see each other's rows.
//
// Each test binary migrates one template per engine (schema plus the
// comuni) and copies it for every test, so a fresh database costs
// milliseconds. Capability reference data that tests rely on (taxonomies,
// lists) belongs in SQL migrations so that the template carries it too.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/geo"
)

// PostgresEnv names the variable holding the PostgreSQL server for tests.
const PostgresEnv = "TRAMA_TEST_POSTGRES_DSN"

// Engines are the engines this run tests: "sqlite" always, "postgres" when
// TRAMA_TEST_POSTGRES_DSN is set.
func Engines() []db.Dialect {
	if os.Getenv(PostgresEnv) != "" {
		return []db.Dialect{db.SQLite, db.Postgres}
	}
	return []db.Dialect{db.SQLite}
}

// Run runs fn once per engine, each time in a subtest with a fresh database.
func Run(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) {
			fn(t, Open(t, e))
		})
	}
}

// Open returns a fresh migrated database of the given engine, closed and
// removed when the test ends.
func Open(t testing.TB, e db.Dialect) *db.DB {
	t.Helper()
	dsn := NewDSN(t, e)
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("dbtest: open %s: %v", e, err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// SQLite is Open(t, db.SQLite).
func SQLite(t testing.TB) *db.DB { return Open(t, db.SQLite) }

// NewDSN creates a fresh migrated database and returns its DSN without
// opening it, for tests that start a whole server or a subprocess on it.
func NewDSN(t testing.TB, e db.Dialect) string {
	t.Helper()
	switch e {
	case db.SQLite:
		tmpl, err := sqliteTemplate()
		if err != nil {
			t.Fatalf("dbtest: sqlite template: %v", err)
		}
		path := filepath.Join(t.TempDir(), "trama.db")
		if err := copyFile(tmpl, path); err != nil {
			t.Fatalf("dbtest: copy template: %v", err)
		}
		return path
	case db.Postgres:
		server := os.Getenv(PostgresEnv)
		if server == "" {
			t.Skipf("dbtest: %s is not set", PostgresEnv)
		}
		tmpl, err := postgresTemplate(server)
		if err != nil {
			t.Fatalf("dbtest: postgres template: %v", err)
		}
		name := "trama_test_" + randomHex(6)
		if err := pgExec(server, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, tmpl)); err != nil {
			t.Fatalf("dbtest: create database: %v", err)
		}
		t.Cleanup(func() {
			if err := pgExec(server, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name)); err != nil {
				t.Logf("dbtest: drop %s: %v", name, err)
			}
		})
		return withDatabase(server, name)
	}
	t.Fatalf("dbtest: unknown engine %q", e)
	return ""
}

func prepare(ctx context.Context, d *db.DB) error {
	if err := db.Migrate(ctx, d); err != nil {
		return err
	}
	return geo.LoadComuni(ctx, d)
}

var sqliteOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "trama-dbtest-")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "template.db")
	d, err := db.Open(context.Background(), path)
	if err != nil {
		return "", err
	}
	if err := prepare(context.Background(), d); err != nil {
		d.Close()
		return "", err
	}
	// Fold the WAL into the main file so that one file is the whole database.
	if _, err := d.W.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		d.Close()
		return "", err
	}
	if _, err := d.W.Exec("PRAGMA journal_mode=DELETE"); err != nil {
		d.Close()
		return "", err
	}
	return path, d.Close()
})

func sqliteTemplate() (string, error) { return sqliteOnce() }

var (
	pgMu        sync.Mutex
	pgTemplates = map[string]string{}
)

// postgresTemplate creates (once per migration set, shared by concurrent test
// binaries) a migrated database to copy from.
func postgresTemplate(server string) (string, error) {
	pgMu.Lock()
	defer pgMu.Unlock()
	if name, ok := pgTemplates[server]; ok {
		return name, nil
	}
	sum, err := migrationsDigest()
	if err != nil {
		return "", err
	}
	name := "trama_tmpl_" + sum[:16]

	admin, err := sql.Open("pgx", server)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	ctx := context.Background()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	// Serialise template creation across test binaries running in parallel.
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(727274)"); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, "SELECT pg_advisory_unlock(727274)")

	var exists bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		building := name + "_b"
		conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
		if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+building); err != nil {
			return "", err
		}
		d, err := db.Open(ctx, withDatabase(server, building))
		if err != nil {
			return "", err
		}
		err = prepare(ctx, d)
		d.Close()
		if err != nil {
			return "", err
		}
		if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+building+" RENAME TO "+name); err != nil {
			return "", err
		}
	}
	pgTemplates[server] = name
	return name, nil
}

// migrationsDigest names the template after the PostgreSQL migrations, so a
// changed migration gets a new template instead of a stale one.
func migrationsDigest() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(db.MigrationsFS(db.Postgres), ".", func(path string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		b, err := fs.ReadFile(db.MigrationsFS(db.Postgres), path)
		if err != nil {
			return err
		}
		h.Write([]byte(path))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func pgExec(server, stmt string) error {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.Exec(stmt)
	return err
}

func withDatabase(server, name string) string {
	u, err := url.Parse(server)
	if err != nil {
		return server
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
