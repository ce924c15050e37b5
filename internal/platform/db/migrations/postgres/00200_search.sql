-- +goose Up
-- The search index of the public portal: one row per service the public may
-- see (published, of an active organization, not removed, active or
-- temporarily closed), rebuilt from the directory's published tables in the
-- same transaction that changes them. Filters are tokens of the full-text
-- index (see internal/search/tags.go); the columns here are what results
-- show and what ranking and distances need.
--
-- rid orders documents by freshness: the day of the last verification in
-- the high bits, the indexing sequence in the low 32 bits. A document that
-- changes is written again under a new rid.
CREATE TABLE search_docs (
    rid               BIGINT PRIMARY KEY,
    service_id        TEXT NOT NULL UNIQUE,
    organization_id   TEXT NOT NULL,
    territory_id      TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    name              TEXT NOT NULL,
    name_key          TEXT NOT NULL,          -- folded name, for sorting by name
    organization_name TEXT NOT NULL,
    free              BOOLEAN NOT NULL DEFAULT FALSE,
    min_age           INTEGER,                -- stated, or implied by the target groups
    max_age           INTEGER,
    accessible        BOOLEAN NOT NULL DEFAULT FALSE,
    languages         TEXT NOT NULL DEFAULT '', -- codes, space-separated
    categories        TEXT NOT NULL DEFAULT '', -- term codes with their parents, space-separated
    target_groups     TEXT NOT NULL DEFAULT '',
    comuni            TEXT NOT NULL DEFAULT '', -- ISTAT codes of its places
    assured_date      TEXT NOT NULL DEFAULT '',
    cost              TEXT NOT NULL DEFAULT '', -- what the service costs, as the organization says it
    places            TEXT NOT NULL DEFAULT '', -- JSON: the places as the public may see them
    schedules         TEXT NOT NULL DEFAULT '', -- JSON: HSDS schedules, described in the reader's language
    indexed_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX search_docs_org ON search_docs (organization_id);
CREATE INDEX search_docs_name ON search_docs (name_key COLLATE "C", rid);

-- Points of a service's places (a confidential place is at the centre of
-- its comune): one row each, for exact distances.
CREATE TABLE search_places (
    rid        BIGINT NOT NULL,
    position   INTEGER NOT NULL,
    istat_code TEXT NOT NULL DEFAULT '',
    lat        DOUBLE PRECISION NOT NULL,
    lon        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (rid, position)
);

-- The stems of the index, for typo tolerance.
CREATE TABLE search_vocabulary (
    stem TEXT PRIMARY KEY
);

-- The indexing sequence (low bits of rid).
CREATE TABLE search_sequence (
    id   INTEGER PRIMARY KEY,
    next BIGINT NOT NULL
);
INSERT INTO search_sequence (id, next) VALUES (1, 1);

-- The analysed text (internal/search/analysis) as tsvectors of the 'simple'
-- configuration: the whole text, the name alone, the filter tokens, each
-- with its GIN index (queries combine them; no weights, so no rechecks).
CREATE TABLE search_fts (
    rid  BIGINT PRIMARY KEY,
    doc  TSVECTOR NOT NULL,
    name TSVECTOR NOT NULL,
    tags TSVECTOR NOT NULL
);
CREATE INDEX search_fts_doc ON search_fts USING GIN (doc);
CREATE INDEX search_fts_name ON search_fts USING GIN (name);
CREATE INDEX search_fts_tags ON search_fts USING GIN (tags);

-- +goose Down
DROP TABLE search_fts;
DROP TABLE search_sequence;
DROP TABLE search_vocabulary;
DROP TABLE search_places;
DROP TABLE search_docs;
