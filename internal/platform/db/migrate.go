package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// Migrations live in one folder per dialect with the same numbers and the
// same meaning. Each capability owns a range of numbers so that work on
// different capabilities never collides:
//
//	00001–00099 platform (accounts, sessions, jobs, audit, territories)
//	00100–00199 directory      00200–00299 search and portal
//	00300–00399 porta          00400–00499 people
//	00500–00599 participation  00800–00899 reliability
//
//go:embed migrations
var migrationsFS embed.FS

// MigrationsFS returns the migration files of a dialect.
func MigrationsFS(d Dialect) fs.FS {
	sub, err := fs.Sub(migrationsFS, "migrations/"+string(d))
	if err != nil {
		panic(err) // the folders are embedded: this cannot happen
	}
	return sub
}

// Migrate brings the schema up to date. On PostgreSQL an advisory lock makes
// several instances starting together migrate one at a time.
func Migrate(ctx context.Context, d *DB) error {
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(true)}
	dialect := goose.DialectSQLite3
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return fmt.Errorf("db: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, d.W, MigrationsFS(d.Dialect), opts...)
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("db: migrate: %w", err)
	}
	for _, r := range results {
		slog.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	return nil
}
