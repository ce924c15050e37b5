-- +goose Up
-- Partecipazione: events with registration and waiting lists, laboratori di
-- comunità, the Patto di comunità with its signatories and the network's
-- links, and the bulletin between organizations. Registrants' personal data
-- (name, e-mail, answers) is sealed with the installation's key and purged
-- after the configured period; the rows stay, so attendance counts remain.

CREATE TABLE labs (
    id            TEXT PRIMARY KEY,
    territory_id  TEXT REFERENCES territories (id),
    title         TEXT NOT NULL,
    theme         TEXT NOT NULL DEFAULT '',   -- theme or neighbourhood
    istat_code    TEXT NOT NULL DEFAULT '',   -- comune
    description   TEXT NOT NULL DEFAULT '',
    phase         TEXT NOT NULL DEFAULT 'ascolto', -- ascolto, proposte, progettazione, esiti
    listening_on  TEXT NOT NULL DEFAULT '',   -- planned start of each phase, YYYY-MM-DD
    proposals_on  TEXT NOT NULL DEFAULT '',
    design_on     TEXT NOT NULL DEFAULT '',
    outcomes_on   TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE INDEX labs_territory ON labs (territory_id, created_at);

CREATE TABLE lab_facilitators (
    lab_id  TEXT NOT NULL REFERENCES labs (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (lab_id, user_id)
);
CREATE INDEX lab_facilitators_user ON lab_facilitators (user_id);

-- Problems (ascolto) and proposals (proposte) of a lab.
CREATE TABLE lab_posts (
    id            TEXT PRIMARY KEY,
    lab_id        TEXT NOT NULL REFERENCES labs (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,               -- problem, proposal
    author_id     TEXT REFERENCES users (id) ON DELETE SET NULL,
    author_name   TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL,
    body          TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL DEFAULT 'open', -- open, in_corso, realizzato, non_realizzabile, merged
    merged_into   TEXT NOT NULL DEFAULT '',
    hidden_at     DATETIME,
    hidden_reason TEXT NOT NULL DEFAULT '',
    answer        TEXT NOT NULL DEFAULT '',    -- the facilitators' answer
    answered_by   TEXT NOT NULL DEFAULT '',
    answered_at   DATETIME,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE INDEX lab_posts_lab ON lab_posts (lab_id, kind, created_at);

CREATE TABLE lab_post_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id     TEXT NOT NULL REFERENCES lab_posts (id) ON DELETE CASCADE,
    at          DATETIME NOT NULL,
    actor_label TEXT NOT NULL DEFAULT '',
    from_state  TEXT NOT NULL DEFAULT '',
    to_state    TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX lab_post_history_post ON lab_post_history (post_id, at);

CREATE TABLE lab_comments (
    id            TEXT PRIMARY KEY,
    post_id       TEXT NOT NULL REFERENCES lab_posts (id) ON DELETE CASCADE,
    author_id     TEXT REFERENCES users (id) ON DELETE SET NULL,
    author_name   TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL,
    facilitator   BOOLEAN NOT NULL DEFAULT FALSE,
    hidden_at     DATETIME,
    hidden_reason TEXT NOT NULL DEFAULT '',
    created_at    DATETIME NOT NULL
);
CREATE INDEX lab_comments_post ON lab_comments (post_id, created_at);

-- One support per person and proposal: supporter is "u:<user id>" or
-- "e:<keyed hash of the e-mail>". E-mail supports count once confirmed.
CREATE TABLE lab_supports (
    id           TEXT PRIMARY KEY,
    post_id      TEXT NOT NULL REFERENCES lab_posts (id) ON DELETE CASCADE,
    supporter    TEXT NOT NULL,
    user_id      TEXT REFERENCES users (id) ON DELETE CASCADE,
    email        TEXT NOT NULL DEFAULT '',  -- sealed, to tell supporters about changes
    lang         TEXT NOT NULL DEFAULT 'it',
    token_hash   TEXT NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL,
    confirmed_at DATETIME
);
CREATE UNIQUE INDEX lab_supports_person ON lab_supports (post_id, supporter);
CREATE INDEX lab_supports_token ON lab_supports (token_hash);

CREATE TABLE lab_outcomes (
    id         TEXT PRIMARY KEY,
    lab_id     TEXT NOT NULL REFERENCES labs (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    state      TEXT NOT NULL,              -- in_corso, realizzato, non_realizzabile
    reason     TEXT NOT NULL DEFAULT '',   -- why it cannot be done
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX lab_outcomes_lab ON lab_outcomes (lab_id, created_at);

CREATE TABLE lab_outcome_posts (
    outcome_id TEXT NOT NULL REFERENCES lab_outcomes (id) ON DELETE CASCADE,
    post_id    TEXT NOT NULL REFERENCES lab_posts (id) ON DELETE CASCADE,
    PRIMARY KEY (outcome_id, post_id)
);
CREATE INDEX lab_outcome_posts_post ON lab_outcome_posts (post_id);

CREATE TABLE events (
    id              TEXT PRIMARY KEY,
    territory_id    TEXT REFERENCES territories (id),
    organization_id TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    lab_id          TEXT REFERENCES labs (id) ON DELETE SET NULL,
    created_by      TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'draft', -- draft, published, cancelled
    category        TEXT NOT NULL,                 -- conference, meeting, lab_session, open_day, other
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    programme       TEXT NOT NULL DEFAULT '',
    schedule        TEXT NOT NULL,                 -- schedule.Schedule as JSON
    starts_at       DATETIME NOT NULL,             -- first occurrence
    ends_at         DATETIME NOT NULL,             -- end of the last occurrence
    place_name      TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    istat_code      TEXT NOT NULL DEFAULT '',
    online_url      TEXT NOT NULL DEFAULT '',
    audience        TEXT NOT NULL DEFAULT '',
    accessibility   TEXT NOT NULL DEFAULT '',
    registration    TEXT NOT NULL DEFAULT 'none',  -- none, optional, required
    capacity        INTEGER,                       -- NULL: no limit
    deadline        DATETIME,
    reg_seq         INTEGER NOT NULL DEFAULT 0,    -- bumped by every registration change (row lock)
    reminded_for    DATETIME,                      -- start of the occurrence last reminded
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    published_at    DATETIME
);
CREATE INDEX events_calendar ON events (status, starts_at);
CREATE INDEX events_territory ON events (territory_id, starts_at);
CREATE INDEX events_org ON events (organization_id);
CREATE INDEX events_lab ON events (lab_id);

-- Organizations that organise an event together (shared events).
CREATE TABLE event_partners (
    event_id        TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, organization_id)
);
CREATE INDEX event_partners_org ON event_partners (organization_id);

CREATE TABLE event_questions (
    id       TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind     TEXT NOT NULL,            -- text, choice, consent
    label    TEXT NOT NULL,
    options  TEXT NOT NULL DEFAULT '', -- choice: one per line
    required BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX event_questions_event ON event_questions (event_id, position);

CREATE TABLE event_registrations (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id       TEXT REFERENCES users (id) ON DELETE SET NULL,
    status        TEXT NOT NULL,              -- confirmed, waiting, cancelled
    seq           INTEGER NOT NULL,           -- order of arrival
    name          TEXT NOT NULL DEFAULT '',   -- sealed
    email         TEXT NOT NULL DEFAULT '',   -- sealed
    email_hash    TEXT NOT NULL DEFAULT '',   -- keyed hash: one registration per address
    answers       TEXT NOT NULL DEFAULT '',   -- sealed JSON
    lang          TEXT NOT NULL DEFAULT 'it',
    token_hash    TEXT NOT NULL DEFAULT '',   -- the registrant's link (status, cancel)
    checkin_hash  TEXT NOT NULL DEFAULT '',   -- the QR code's
    created_at    DATETIME NOT NULL,
    confirmed_at  DATETIME,
    cancelled_at  DATETIME,
    checked_in_at DATETIME,
    purged_at     DATETIME
);
CREATE UNIQUE INDEX event_registrations_person ON event_registrations (event_id, email_hash)
    WHERE status <> 'cancelled' AND email_hash <> '';
CREATE INDEX event_registrations_event ON event_registrations (event_id, status, seq);
CREATE INDEX event_registrations_token ON event_registrations (token_hash);
CREATE INDEX event_registrations_checkin ON event_registrations (checkin_hash);

CREATE TABLE event_registration_history (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    registration_id TEXT NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
    at              DATETIME NOT NULL,
    actor_label     TEXT NOT NULL DEFAULT '',
    from_status     TEXT NOT NULL DEFAULT '',
    to_status       TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_registration_history_reg ON event_registration_history (registration_id, at);

CREATE TABLE pacts (
    id           TEXT PRIMARY KEY,
    territory_id TEXT REFERENCES territories (id),
    title        TEXT NOT NULL,
    created_at   DATETIME NOT NULL
);
CREATE INDEX pacts_territory ON pacts (territory_id);

CREATE TABLE pact_versions (
    id           TEXT PRIMARY KEY,
    pact_id      TEXT NOT NULL REFERENCES pacts (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    body         TEXT NOT NULL,              -- Markdown
    changes      TEXT NOT NULL DEFAULT '',   -- what changed from the previous version
    published_by TEXT NOT NULL DEFAULT '',
    published_at DATETIME NOT NULL,
    UNIQUE (pact_id, number)
);

-- Signatures: an organization (signed by one of its operators) or a citizen.
CREATE TABLE pact_signatures (
    id                TEXT PRIMARY KEY,
    pact_id           TEXT NOT NULL REFERENCES pacts (id) ON DELETE CASCADE,
    organization_id   TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    user_id           TEXT REFERENCES users (id) ON DELETE SET NULL,
    signer_name       TEXT NOT NULL,
    brings_value      TEXT NOT NULL DEFAULT '',
    brings_resources  TEXT NOT NULL DEFAULT '',
    brings_hours      INTEGER,                 -- hours a month
    brings_spaces     TEXT NOT NULL DEFAULT '',
    signed_version    INTEGER NOT NULL,
    confirmed_version INTEGER NOT NULL,
    signed_at         DATETIME NOT NULL,
    confirmed_at      DATETIME NOT NULL,
    withdrawn_at      DATETIME
);
CREATE UNIQUE INDEX pact_signatures_org ON pact_signatures (pact_id, organization_id)
    WHERE organization_id IS NOT NULL AND withdrawn_at IS NULL;
CREATE UNIQUE INDEX pact_signatures_citizen ON pact_signatures (pact_id, user_id)
    WHERE organization_id IS NULL AND withdrawn_at IS NULL;

-- Roles of organizations in the network (cabina di regia).
CREATE TABLE network_roles (
    organization_id TEXT PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    role            TEXT NOT NULL,           -- cabina_ristretta, cabina_allargata
    updated_by      TEXT NOT NULL DEFAULT '',
    updated_at      DATETIME NOT NULL
);

-- Partnerships declared between organizations.
CREATE TABLE network_partnerships (
    id          TEXT PRIMARY KEY,
    from_org    TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    to_org      TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    description TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    UNIQUE (from_org, to_org)
);
CREATE INDEX network_partnerships_to ON network_partnerships (to_org);

CREATE TABLE bulletin_posts (
    id              TEXT PRIMARY KEY,
    territory_id    TEXT REFERENCES territories (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    author_id       TEXT REFERENCES users (id) ON DELETE SET NULL,
    kind            TEXT NOT NULL,             -- offer, request
    category        TEXT NOT NULL,             -- space, vehicle, volunteers, partners, equipment, other
    title           TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    expires_on      TEXT NOT NULL,             -- YYYY-MM-DD, last day shown
    closed_at       DATETIME,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE INDEX bulletin_posts_territory ON bulletin_posts (territory_id, expires_on);

-- Messages about a post between its organization and one that answers
-- (thread_org): a private conversation per answering organization.
CREATE TABLE bulletin_messages (
    id         TEXT PRIMARY KEY,
    post_id    TEXT NOT NULL REFERENCES bulletin_posts (id) ON DELETE CASCADE,
    thread_org TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    from_org   TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    author_id  TEXT REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX bulletin_messages_post ON bulletin_messages (post_id, thread_org, created_at);

CREATE TABLE bulletin_digest_optout (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE bulletin_digest_optout;
DROP TABLE bulletin_messages;
DROP TABLE bulletin_posts;
DROP TABLE network_partnerships;
DROP TABLE network_roles;
DROP TABLE pact_signatures;
DROP TABLE pact_versions;
DROP TABLE pacts;
DROP TABLE event_registration_history;
DROP TABLE event_registrations;
DROP TABLE event_questions;
DROP TABLE event_partners;
DROP TABLE events;
DROP TABLE lab_outcome_posts;
DROP TABLE lab_outcomes;
DROP TABLE lab_supports;
DROP TABLE lab_comments;
DROP TABLE lab_post_history;
DROP TABLE lab_posts;
DROP TABLE lab_facilitators;
DROP TABLE labs;
