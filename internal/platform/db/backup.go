package db

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// ErrBackupPostgres explains how PostgreSQL installations back up.
var ErrBackupPostgres = errors.New(`this is a PostgreSQL database: back it up with PostgreSQL's own tools, e.g.
  pg_dump --format=custom --file=trama.dump "$TRAMA_DB"
or continuous WAL archiving (pgBackRest, barman) for point-in-time recovery; see docs/DEPLOY.md`)

// Backup writes a consistent copy of a live SQLite database to path
// (VACUUM INTO: one read transaction, writers keep going). It refuses to
// overwrite an existing file.
func Backup(ctx context.Context, d *DB, path string) error {
	if d.Dialect != SQLite {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("db: backup: %s already exists", path)
	}
	// The writer connection: VACUUM INTO is refused on the query-only
	// readers. In WAL mode it is a read transaction, so writers go on.
	if _, err := d.W.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("db: backup to %s: %w", path, err)
	}
	return nil
}
