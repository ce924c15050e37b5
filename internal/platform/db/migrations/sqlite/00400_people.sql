-- +goose Up
-- Persone attive: volunteers and their profiles, organizations' opportunities
-- and shifts, sign-ups with waiting lists, hours, qualifications (sentinels,
-- natural helpers …), training courses with sessions, enrolments and
-- attendance. Lists of codes are stored comma-separated ("a,b,c").

CREATE TABLE volunteer_profiles (
    user_id         TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    skills          TEXT NOT NULL DEFAULT '',        -- codes from the list
    skills_other    TEXT NOT NULL DEFAULT '',        -- in the volunteer's words
    languages       TEXT NOT NULL DEFAULT '',        -- ISO 639-1 codes
    availability    TEXT NOT NULL DEFAULT '',        -- weekly slots: MO-am, MO-pm, MO-ev …
    comuni          TEXT NOT NULL DEFAULT '',        -- ISTAT codes where they can help
    driving_licence BOOLEAN NOT NULL DEFAULT FALSE,
    about           TEXT NOT NULL DEFAULT '',
    birth_date      TEXT NOT NULL DEFAULT '',        -- sealed; only for minimum ages, never shown
    visible         TEXT NOT NULL DEFAULT '',        -- fields the network may see (opt-in, one by one)
    discoverable    BOOLEAN NOT NULL DEFAULT FALSE,  -- may be suggested to organizations
    consent_at      DATETIME NOT NULL,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);

CREATE TABLE volunteer_opportunities (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    role            TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    skills          TEXT NOT NULL DEFAULT '',
    istat_code      TEXT NOT NULL DEFAULT '',        -- comune; '' when online
    place           TEXT NOT NULL DEFAULT '',        -- address, or the link when online
    online          BOOLEAN NOT NULL DEFAULT FALSE,
    rrule           TEXT NOT NULL,                   -- RFC 5545 recurrence; COUNT=1 for a one-off
    dtstart         TEXT NOT NULL,                   -- first day, YYYY-MM-DD
    until           TEXT NOT NULL DEFAULT '',        -- last day, YYYY-MM-DD
    opens_at        TEXT NOT NULL,                   -- HH:MM
    closes_at       TEXT NOT NULL,
    exceptions      TEXT NOT NULL DEFAULT '',        -- days without shifts
    places          INTEGER NOT NULL,                -- per shift
    minimum_age     INTEGER NOT NULL DEFAULT 0,
    qualification   TEXT NOT NULL DEFAULT '',        -- required qualification code
    training_note   TEXT NOT NULL DEFAULT '',        -- training required, in words
    approval        BOOLEAN NOT NULL DEFAULT TRUE,   -- sign-ups wait for the organization's answer
    status          TEXT NOT NULL DEFAULT 'draft',   -- draft, published, closed
    index_text      TEXT NOT NULL DEFAULT '',        -- search.analysis.IndexText of the texts
    created_by      TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE INDEX volunteer_opportunities_org ON volunteer_opportunities (organization_id, status);
CREATE INDEX volunteer_opportunities_status ON volunteer_opportunities (status, istat_code);

-- One row per occurrence someone signed up to; taken counts the places held
-- (pending and accepted sign-ups). The CHECK makes over-booking impossible
-- even for a buggy caller; sign-ups take a place with a conditional UPDATE.
CREATE TABLE volunteer_shifts (
    id             TEXT PRIMARY KEY,
    opportunity_id TEXT NOT NULL REFERENCES volunteer_opportunities (id) ON DELETE CASCADE,
    starts_at      DATETIME NOT NULL,
    ends_at        DATETIME NOT NULL,
    places         INTEGER NOT NULL,
    taken          INTEGER NOT NULL DEFAULT 0,
    created_at     DATETIME NOT NULL,
    UNIQUE (opportunity_id, starts_at),
    CHECK (taken >= 0 AND taken <= places)
);
CREATE INDEX volunteer_shifts_start ON volunteer_shifts (starts_at);

CREATE TABLE volunteer_signups (
    id          TEXT PRIMARY KEY,
    shift_id    TEXT NOT NULL REFERENCES volunteer_shifts (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status      TEXT NOT NULL,                   -- pending, accepted, waiting, declined, cancelled
    note        TEXT NOT NULL DEFAULT '',        -- the volunteer's message to the organization
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    reminded_at DATETIME
);
CREATE UNIQUE INDEX volunteer_signups_active ON volunteer_signups (shift_id, user_id)
    WHERE status IN ('pending', 'accepted', 'waiting');
CREATE INDEX volunteer_signups_user ON volunteer_signups (user_id, status);
CREATE INDEX volunteer_signups_shift ON volunteer_signups (shift_id, status, created_at);

CREATE TABLE volunteer_signup_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    signup_id   TEXT NOT NULL REFERENCES volunteer_signups (id) ON DELETE CASCADE,
    at          DATETIME NOT NULL,
    actor_id    TEXT NOT NULL DEFAULT '',
    actor_label TEXT NOT NULL DEFAULT '',
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX volunteer_signup_history_signup ON volunteer_signup_history (signup_id, at);

-- An organization invited a suggested volunteer (by e-mail, without seeing
-- the address) to an opportunity: once per person and opportunity.
CREATE TABLE volunteer_invitations (
    opportunity_id TEXT NOT NULL REFERENCES volunteer_opportunities (id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    invited_by     TEXT NOT NULL,
    invited_at     DATETIME NOT NULL,
    PRIMARY KEY (opportunity_id, user_id)
);

CREATE TABLE volunteer_hours (
    id                TEXT PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id   TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    opportunity_id    TEXT NOT NULL DEFAULT '',
    signup_id         TEXT NOT NULL DEFAULT '',    -- hours of a shift; '' for free hours
    day               TEXT NOT NULL,               -- YYYY-MM-DD
    minutes           INTEGER NOT NULL,            -- as logged by the volunteer
    description       TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'logged', -- logged, confirmed, corrected, rejected
    confirmed_minutes INTEGER NOT NULL DEFAULT 0,  -- as confirmed by the organization
    review_note       TEXT NOT NULL DEFAULT '',
    reviewed_by       TEXT NOT NULL DEFAULT '',
    reviewed_at       DATETIME,
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL,
    CHECK (minutes > 0 AND confirmed_minutes >= 0)
);
CREATE UNIQUE INDEX volunteer_hours_signup ON volunteer_hours (signup_id) WHERE signup_id <> '';
CREATE INDEX volunteer_hours_org ON volunteer_hours (organization_id, status, day);
CREATE INDEX volunteer_hours_user ON volunteer_hours (user_id, day);

-- Qualifications unlock abilities: a sentinella sends signals to the porta
-- di comunità, a natural helper accompanies a person in a case.
CREATE TABLE user_qualifications (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code        TEXT NOT NULL,                 -- sentinella, attivatore, natural_helper, amministratore_sostegno …
    granted_by  TEXT NOT NULL DEFAULT '',      -- user id of the coordinator or trainer
    granted_at  DATETIME NOT NULL,
    valid_until TEXT NOT NULL DEFAULT '',      -- last valid day, YYYY-MM-DD; '' = no expiry
    course_id   TEXT NOT NULL DEFAULT '',      -- earned through this course
    note        TEXT NOT NULL DEFAULT '',
    revoked_at  DATETIME,
    revoked_by  TEXT NOT NULL DEFAULT '',
    reminded_at DATETIME                       -- renewal reminder sent
);
CREATE INDEX user_qualifications_user ON user_qualifications (user_id, code);
CREATE INDEX user_qualifications_code ON user_qualifications (code, valid_until);

-- A coordinator assigns a natural helper to accompany a person in a case of
-- the porta di comunità (which owns cases: no foreign key).
CREATE TABLE helper_assignments (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL,
    helper_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    assigned_by TEXT NOT NULL,
    assigned_at DATETIME NOT NULL,
    ended_at    DATETIME,
    ended_by    TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX helper_assignments_active ON helper_assignments (case_id, helper_id) WHERE ended_at IS NULL;
CREATE INDEX helper_assignments_helper ON helper_assignments (helper_id);

CREATE TABLE courses (
    id               TEXT PRIMARY KEY,
    territory_id     TEXT NOT NULL REFERENCES territories (id),
    organization_id  TEXT NOT NULL DEFAULT '',     -- '' = run by the territory's coordinators
    training_plan_id TEXT NOT NULL DEFAULT '',     -- organization_training_plans.id
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    organizer        TEXT NOT NULL DEFAULT '',     -- who teaches, in words
    audience         TEXT NOT NULL DEFAULT '',     -- citizens, volunteers, operators
    capacity         INTEGER NOT NULL,
    enrolled         INTEGER NOT NULL DEFAULT 0,   -- places held
    qualification    TEXT NOT NULL DEFAULT '',     -- granted on completion
    validity_months  INTEGER NOT NULL DEFAULT 0,   -- 0: the qualification does not expire
    min_attendance   INTEGER NOT NULL DEFAULT 75,  -- percent of the sessions
    confirm_required BOOLEAN NOT NULL DEFAULT FALSE, -- the trainer confirms each qualification
    status           TEXT NOT NULL DEFAULT 'draft',  -- draft, open, concluded
    index_text       TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL DEFAULT '',
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    concluded_at     DATETIME,
    CHECK (enrolled >= 0 AND enrolled <= capacity)
);
CREATE INDEX courses_territory ON courses (territory_id, status);
CREATE INDEX courses_org ON courses (organization_id);

CREATE TABLE course_sessions (
    id         TEXT PRIMARY KEY,
    course_id  TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    starts_at  DATETIME NOT NULL,
    ends_at    DATETIME NOT NULL,
    place      TEXT NOT NULL DEFAULT '',
    istat_code TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT ''
);
CREATE INDEX course_sessions_course ON course_sessions (course_id, starts_at);

CREATE TABLE course_enrolments (
    id               TEXT PRIMARY KEY,
    course_id        TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status           TEXT NOT NULL,              -- enrolled, waiting, cancelled, completed, not_completed
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    attended         INTEGER NOT NULL DEFAULT 0, -- sessions attended, at the evaluation
    qualification_id TEXT NOT NULL DEFAULT '',   -- granted from this enrolment
    confirmed_by     TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX course_enrolments_active ON course_enrolments (course_id, user_id) WHERE status <> 'cancelled';
CREATE INDEX course_enrolments_user ON course_enrolments (user_id, status);
CREATE INDEX course_enrolments_course ON course_enrolments (course_id, status, created_at);

CREATE TABLE course_attendance (
    session_id  TEXT NOT NULL REFERENCES course_sessions (id) ON DELETE CASCADE,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    present     BOOLEAN NOT NULL,
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at DATETIME NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

-- Personal calendar feeds: the token is in the feed's address (calendar apps
-- cannot log in); stored sealed, to show the address again, and hashed, to
-- find it.
CREATE TABLE people_calendar_tokens (
    user_id      TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    token_sealed TEXT NOT NULL,
    created_at   DATETIME NOT NULL
);

-- +goose Down
DROP TABLE people_calendar_tokens;
DROP TABLE course_attendance;
DROP TABLE course_enrolments;
DROP TABLE course_sessions;
DROP TABLE courses;
DROP TABLE helper_assignments;
DROP TABLE user_qualifications;
DROP TABLE volunteer_hours;
DROP TABLE volunteer_invitations;
DROP TABLE volunteer_signup_history;
DROP TABLE volunteer_signups;
DROP TABLE volunteer_shifts;
DROP TABLE volunteer_opportunities;
DROP TABLE volunteer_profiles;
