-- +goose Up
-- Porta di comunità: people who need help, their needs (from the public
-- form, sentinels' signals and desks), the cases coordinators take in
-- charge, consents, and referrals to the network's services with their
-- history. Personal content is sealed with the secret keyring (AES-GCM,
-- "enc1:<key id>:<data>") in the columns named details, body, note, message,
-- reason and receipt_code; *_hash columns are keyed hashes for finding the
-- same person or receipt without decrypting. Everything else is codes,
-- dates and ids, kept in anonymised form for statistics after retention.

CREATE TABLE porta_persons (
    id            TEXT PRIMARY KEY,
    territory_id  TEXT NOT NULL REFERENCES territories (id),
    istat_code    TEXT NOT NULL DEFAULT '',
    has_minors    BOOLEAN NOT NULL DEFAULT FALSE,
    lang          TEXT NOT NULL DEFAULT 'it',
    details       TEXT NOT NULL DEFAULT '',
    name_hash     TEXT NOT NULL DEFAULT '',
    phone_hash    TEXT NOT NULL DEFAULT '',
    email_hash    TEXT NOT NULL DEFAULT '',
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    anonymised_at DATETIME
);
CREATE INDEX porta_persons_name ON porta_persons (territory_id, name_hash);
CREATE INDEX porta_persons_phone ON porta_persons (territory_id, phone_hash);
CREATE INDEX porta_persons_email ON porta_persons (territory_id, email_hash);

CREATE TABLE porta_cases (
    id             TEXT PRIMARY KEY,
    territory_id   TEXT NOT NULL REFERENCES territories (id),
    person_id      TEXT NOT NULL REFERENCES porta_persons (id),
    coordinator_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    status         TEXT NOT NULL DEFAULT 'open',
    outcome        TEXT NOT NULL DEFAULT '',
    opened_at      DATETIME NOT NULL,
    closed_at      DATETIME,
    updated_at     DATETIME NOT NULL
);
CREATE INDEX porta_cases_territory ON porta_cases (territory_id, status, opened_at);
CREATE INDEX porta_cases_coordinator ON porta_cases (coordinator_id, status);
CREATE INDEX porta_cases_person ON porta_cases (person_id);

CREATE TABLE porta_needs (
    id              TEXT PRIMARY KEY,
    territory_id    TEXT NOT NULL REFERENCES territories (id),
    person_id       TEXT NOT NULL REFERENCES porta_persons (id),
    case_id         TEXT REFERENCES porta_cases (id),
    source          TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'new',
    urgency         INTEGER NOT NULL DEFAULT 1,
    categories      TEXT NOT NULL DEFAULT '',
    details         TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT '',
    receipt_hash    TEXT NOT NULL DEFAULT '',
    receipt_code    TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL DEFAULT '',
    organization_id TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    taken_at        DATETIME,
    closed_at       DATETIME
);
CREATE INDEX porta_needs_queue ON porta_needs (territory_id, status, urgency, created_at);
CREATE INDEX porta_needs_person ON porta_needs (person_id);
CREATE INDEX porta_needs_case ON porta_needs (case_id);
CREATE INDEX porta_needs_receipt ON porta_needs (receipt_hash);
CREATE INDEX porta_needs_creator ON porta_needs (created_by, created_at);

CREATE TABLE porta_consents (
    id              TEXT PRIMARY KEY,
    person_id       TEXT NOT NULL REFERENCES porta_persons (id),
    purpose         TEXT NOT NULL,
    scope           TEXT NOT NULL,
    method          TEXT NOT NULL,
    notice          TEXT NOT NULL DEFAULT '',
    collected_by    TEXT NOT NULL DEFAULT '',
    collected_label TEXT NOT NULL DEFAULT '',
    collected_at    DATETIME NOT NULL,
    withdrawn_at    DATETIME,
    withdrawn_by    TEXT NOT NULL DEFAULT '',
    withdrawn_label TEXT NOT NULL DEFAULT ''
);
CREATE INDEX porta_consents_person ON porta_consents (person_id);

CREATE TABLE porta_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id   TEXT NOT NULL REFERENCES porta_persons (id),
    need_id     TEXT NOT NULL DEFAULT '',
    case_id     TEXT NOT NULL DEFAULT '',
    at          DATETIME NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    actor_label TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX porta_events_case ON porta_events (case_id, at);
CREATE INDEX porta_events_need ON porta_events (need_id, at);
CREATE INDEX porta_events_person ON porta_events (person_id);

CREATE TABLE porta_referrals (
    id                TEXT PRIMARY KEY,
    territory_id      TEXT NOT NULL REFERENCES territories (id),
    case_id           TEXT NOT NULL REFERENCES porta_cases (id),
    need_id           TEXT NOT NULL REFERENCES porta_needs (id),
    person_id         TEXT NOT NULL REFERENCES porta_persons (id),
    service_id        TEXT NOT NULL,
    organization_id   TEXT NOT NULL,
    service_name      TEXT NOT NULL,
    organization_name TEXT NOT NULL,
    status            TEXT NOT NULL,
    outcome           TEXT NOT NULL DEFAULT '',
    decline_reason    TEXT NOT NULL DEFAULT '',
    message           TEXT NOT NULL DEFAULT '',
    created_by        TEXT NOT NULL DEFAULT '',
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL,
    answered_at       DATETIME,
    reminded_at       DATETIME,
    reminders         INTEGER NOT NULL DEFAULT 0,
    closed_at         DATETIME
);
CREATE INDEX porta_referrals_org ON porta_referrals (organization_id, status, created_at);
CREATE INDEX porta_referrals_case ON porta_referrals (case_id);
CREATE INDEX porta_referrals_status ON porta_referrals (status, created_at);
CREATE INDEX porta_referrals_service ON porta_referrals (service_id, status);

CREATE TABLE porta_referral_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    referral_id TEXT NOT NULL REFERENCES porta_referrals (id),
    at          DATETIME NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    actor_label TEXT NOT NULL DEFAULT '',
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL,
    code        TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX porta_referral_history_referral ON porta_referral_history (referral_id, at);

CREATE TABLE porta_notices (
    id         TEXT PRIMARY KEY,
    need_id    TEXT NOT NULL REFERENCES porta_needs (id),
    case_id    TEXT NOT NULL DEFAULT '',
    event      TEXT NOT NULL,
    channel    TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    done_at    DATETIME,
    done_by    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX porta_notices_case ON porta_notices (case_id, done_at);

-- +goose Down
DROP TABLE porta_notices;
DROP TABLE porta_referral_history;
DROP TABLE porta_referrals;
DROP TABLE porta_events;
DROP TABLE porta_consents;
DROP TABLE porta_needs;
DROP TABLE porta_cases;
DROP TABLE porta_persons;
