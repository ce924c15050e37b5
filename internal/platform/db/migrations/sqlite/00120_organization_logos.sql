-- +goose Up
-- Logos uploaded by organizations, served from Trama's own origin
-- (/loghi/{id}) so that the Content-Security-Policy keeps img-src 'self'.
-- An organization's logo field holds the absolute URL of one of these.
CREATE TABLE organization_logos (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    content_type    TEXT NOT NULL,
    data            BLOB NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    created_by      TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL
);
CREATE INDEX organization_logos_org ON organization_logos (organization_id);

-- +goose Down
DROP TABLE organization_logos;
