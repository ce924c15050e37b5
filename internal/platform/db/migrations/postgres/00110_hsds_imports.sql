-- +goose Up
-- Spreadsheet imports of the back office (the Italian template for
-- associations): the uploaded file, what its preview found, and how the
-- import went. Nothing reaches the directory until a coordinator confirms.
CREATE TABLE hsds_imports (
    id           TEXT PRIMARY KEY,
    territory_id TEXT NOT NULL REFERENCES territories (id) ON DELETE CASCADE,
    created_by   TEXT NOT NULL DEFAULT '',   -- user id
    actor_label  TEXT NOT NULL DEFAULT '',   -- their e-mail, for the history
    file_name    TEXT NOT NULL DEFAULT '',
    content      TEXT NOT NULL,              -- the file, as UTF-8
    status       TEXT NOT NULL,              -- preview, queued, running, done, failed, cancelled
    rows_total   INTEGER NOT NULL DEFAULT 0,
    preview      TEXT NOT NULL DEFAULT '',   -- JSON: organizations and services found, rejected rows
    result       TEXT NOT NULL DEFAULT '',   -- JSON: what was written, or why not
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ
);
CREATE INDEX hsds_imports_territory ON hsds_imports (territory_id, created_at);

-- +goose Down
DROP TABLE hsds_imports;
