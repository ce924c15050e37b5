-- +goose Up
-- A visitor's request to join the network, kept until the e-mailed link is
-- followed: nothing else (account, organization) is written before, so the
-- page answers the same whether the address has an account or not. Only
-- the SHA-256 of the link's token is stored; payload is the organization's
-- data and the applicant's name, language and password hash (JSON).
CREATE TABLE join_requests (
    token_hash TEXT PRIMARY KEY,
    email      TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX join_requests_expires ON join_requests (expires_at);

-- +goose Down
DROP TABLE join_requests;
