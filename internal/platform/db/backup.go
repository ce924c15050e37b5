package db

import (
	"context"
	"errors"
	"fmt"
	"io"
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

// ErrRestorePostgres explains how PostgreSQL installations restore.
var ErrRestorePostgres = errors.New(`this is a PostgreSQL database: restore it with PostgreSQL's own tools, e.g.
  pg_restore --clean --if-exists --dbname "$TRAMA_DB" trama.dump
see docs/DEPLOY.md`)

// Restore replaces the SQLite database at path with the backup at from.
// The backup is checked first (integrity_check); an existing database is
// replaced only with force. The copy is written beside the target and
// renamed over it, so a crash leaves either the old or the new database.
// The server must not be running on path.
func Restore(ctx context.Context, from, path string, force bool) error {
	if IsPostgres(path) {
		return ErrRestorePostgres
	}
	if _, err := os.Stat(from); err != nil {
		return fmt.Errorf("db: restore: %w", err)
	}
	if _, err := os.Stat(path); err == nil && !force {
		return fmt.Errorf("db: restore: %s exists; add --force to replace it", path)
	}
	b, err := Open(ctx, from)
	if err != nil {
		return fmt.Errorf("db: restore: open backup: %w", err)
	}
	var check string
	err = b.R.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check)
	b.Close()
	if err != nil || check != "ok" {
		return fmt.Errorf("db: restore: the backup is damaged (integrity_check: %q, %v)", check, err)
	}
	tmp := path + ".restoring"
	os.Remove(tmp)
	if err := copyFile(from, tmp); err != nil {
		return fmt.Errorf("db: restore: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("db: restore: %w", err)
	}
	return nil
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
