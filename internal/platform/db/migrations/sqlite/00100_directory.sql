-- +goose Up
-- The directory (rete delle risorse), stored the HSDS 3.0 way: one table per
-- HSDS table with the same columns, plus Trama's own columns for what Italy
-- needs. These tables hold only *published* data; drafts and their review live
-- in organization_versions as whole documents. HSDS link columns (phones,
-- contacts, attributes …) have no foreign keys, as in the HSDS data package:
-- an imported package may point to entities it does not contain.

CREATE TABLE taxonomies (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    uri         TEXT NOT NULL DEFAULT '',
    version     TEXT NOT NULL DEFAULT '',
    code        TEXT UNIQUE,               -- Trama: stable code of bundled taxonomies
    updated_at  DATETIME NOT NULL
);

CREATE TABLE taxonomy_terms (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    parent_id   TEXT NOT NULL DEFAULT '',
    taxonomy    TEXT NOT NULL DEFAULT '',
    language    TEXT NOT NULL DEFAULT '',
    taxonomy_id TEXT NOT NULL DEFAULT '',
    term_uri    TEXT NOT NULL DEFAULT '',
    name_en     TEXT NOT NULL DEFAULT '',  -- Trama: English label
    position    INTEGER NOT NULL DEFAULT 0,
    updated_at  DATETIME NOT NULL
);
CREATE INDEX taxonomy_terms_taxonomy ON taxonomy_terms (taxonomy_id, position);
CREATE INDEX taxonomy_terms_parent ON taxonomy_terms (parent_id);
CREATE INDEX taxonomy_terms_code ON taxonomy_terms (code);

CREATE TABLE organizations (
    id                     TEXT PRIMARY KEY,
    name                   TEXT NOT NULL,
    alternate_name         TEXT NOT NULL DEFAULT '',
    description            TEXT NOT NULL DEFAULT '',
    email                  TEXT NOT NULL DEFAULT '',
    website                TEXT NOT NULL DEFAULT '',
    tax_status             TEXT NOT NULL DEFAULT '',
    tax_id                 TEXT NOT NULL DEFAULT '',
    year_incorporated      INTEGER,
    legal_status           TEXT NOT NULL DEFAULT '',
    logo                   TEXT NOT NULL DEFAULT '',
    uri                    TEXT NOT NULL DEFAULT '',
    parent_organization_id TEXT NOT NULL DEFAULT '',
    -- Trama
    territory_id           TEXT REFERENCES territories (id),
    status                 TEXT NOT NULL DEFAULT 'pending', -- pending (never published), active, archived
    kind                   TEXT NOT NULL DEFAULT '',        -- RUNTS section or other kind
    volunteers_count       INTEGER,
    volunteer_management   TEXT NOT NULL DEFAULT '',
    social_utility         TEXT NOT NULL DEFAULT '',
    partner_notes          TEXT NOT NULL DEFAULT '',        -- for the network only, never public
    published_version      INTEGER NOT NULL DEFAULT 0,
    created_at             DATETIME NOT NULL,
    updated_at             DATETIME NOT NULL,
    published_at           DATETIME,
    archived_at            DATETIME
);
CREATE INDEX organizations_territory ON organizations (territory_id, status);
CREATE INDEX organizations_status ON organizations (status, name);

CREATE TABLE organization_training_plans (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    period          TEXT NOT NULL DEFAULT '',
    audience        TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX organization_training_plans_org ON organization_training_plans (organization_id);

CREATE TABLE organization_members (
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      DATETIME NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX organization_members_user ON organization_members (user_id);

CREATE TABLE organization_versions (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    number          INTEGER NOT NULL,
    status          TEXT NOT NULL,  -- draft, submitted, changes_requested, published, superseded, withdrawn
    document        TEXT NOT NULL,  -- the whole record (organization, services, locations) as JSON
    base_version    INTEGER NOT NULL DEFAULT 0,
    revision        INTEGER NOT NULL DEFAULT 1, -- optimistic locking of drafts
    created_by      TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    submitted_at    DATETIME,
    reviewed_by     TEXT NOT NULL DEFAULT '',
    reviewed_at     DATETIME,
    comment         TEXT NOT NULL DEFAULT '',
    UNIQUE (organization_id, number)
);
CREATE INDEX organization_versions_status ON organization_versions (status, submitted_at);
-- At most one open (draft, submitted or sent back) version per organization.
CREATE UNIQUE INDEX organization_versions_open ON organization_versions (organization_id)
    WHERE status IN ('draft', 'submitted', 'changes_requested');

CREATE TABLE organization_history (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    version_number  INTEGER NOT NULL DEFAULT 0,
    at              DATETIME NOT NULL,
    actor_id        TEXT NOT NULL DEFAULT '',
    actor_label     TEXT NOT NULL DEFAULT '',
    from_status     TEXT NOT NULL DEFAULT '',
    to_status       TEXT NOT NULL,
    comment         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX organization_history_org ON organization_history (organization_id, at);

CREATE TABLE programs (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL DEFAULT '',
    name            TEXT NOT NULL,
    alternate_name  TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX programs_org ON programs (organization_id);

CREATE TABLE services (
    id                      TEXT PRIMARY KEY,
    organization_id         TEXT NOT NULL DEFAULT '',
    program_id              TEXT NOT NULL DEFAULT '',
    name                    TEXT NOT NULL,
    alternate_name          TEXT NOT NULL DEFAULT '',
    description             TEXT NOT NULL DEFAULT '',
    url                     TEXT NOT NULL DEFAULT '',
    email                   TEXT NOT NULL DEFAULT '',
    status                  TEXT NOT NULL,
    interpretation_services TEXT NOT NULL DEFAULT '',
    application_process     TEXT NOT NULL DEFAULT '',
    fees_description        TEXT NOT NULL DEFAULT '',
    wait_time               TEXT NOT NULL DEFAULT '',
    fees                    TEXT NOT NULL DEFAULT '',
    accreditations          TEXT NOT NULL DEFAULT '',
    eligibility_description TEXT NOT NULL DEFAULT '',
    minimum_age             INTEGER,
    maximum_age             INTEGER,
    assured_date            TEXT NOT NULL DEFAULT '',
    assurer_email           TEXT NOT NULL DEFAULT '',
    licenses                TEXT NOT NULL DEFAULT '',
    alert                   TEXT NOT NULL DEFAULT '',
    last_modified           TEXT NOT NULL DEFAULT '',
    -- Trama
    territory_id            TEXT REFERENCES territories (id),
    free                    BOOLEAN NOT NULL DEFAULT FALSE,
    referral_required       BOOLEAN NOT NULL DEFAULT FALSE,
    capacity                INTEGER,
    waiting_list            BOOLEAN NOT NULL DEFAULT FALSE,
    volunteers_wanted       BOOLEAN NOT NULL DEFAULT FALSE,
    accessibility_notes     TEXT NOT NULL DEFAULT '',
    partner_notes           TEXT NOT NULL DEFAULT '',
    reminded_at             DATETIME,
    deleted_at              DATETIME,     -- removed from its organization: kept for references
    created_at              DATETIME NOT NULL,
    updated_at              DATETIME NOT NULL
);
CREATE INDEX services_org ON services (organization_id);
CREATE INDEX services_territory ON services (territory_id, status);
CREATE INDEX services_assured ON services (assured_date);

CREATE TABLE locations (
    id                       TEXT PRIMARY KEY,
    location_type            TEXT NOT NULL,
    url                      TEXT NOT NULL DEFAULT '',
    organization_id          TEXT NOT NULL DEFAULT '',
    name                     TEXT NOT NULL DEFAULT '',
    alternate_name           TEXT NOT NULL DEFAULT '',
    description              TEXT NOT NULL DEFAULT '',
    transportation           TEXT NOT NULL DEFAULT '',
    latitude                 REAL,
    longitude                REAL,
    external_identifier      TEXT NOT NULL DEFAULT '',
    external_identifier_type TEXT NOT NULL DEFAULT '',
    -- Trama
    istat_code               TEXT NOT NULL DEFAULT '',  -- comune
    confidential             BOOLEAN NOT NULL DEFAULT FALSE, -- address never public (shelters)
    deleted_at               DATETIME,
    created_at               DATETIME NOT NULL,
    updated_at               DATETIME NOT NULL
);
CREATE INDEX locations_org ON locations (organization_id);
CREATE INDEX locations_istat ON locations (istat_code);
CREATE INDEX locations_geo ON locations (latitude, longitude);

CREATE TABLE addresses (
    id             TEXT PRIMARY KEY,
    location_id    TEXT NOT NULL DEFAULT '',
    attention      TEXT NOT NULL DEFAULT '',
    address_1      TEXT NOT NULL DEFAULT '',
    address_2      TEXT NOT NULL DEFAULT '',
    city           TEXT NOT NULL DEFAULT '',
    region         TEXT NOT NULL DEFAULT '',
    state_province TEXT NOT NULL DEFAULT '',
    postal_code    TEXT NOT NULL DEFAULT '',
    country        TEXT NOT NULL DEFAULT '',
    address_type   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX addresses_location ON addresses (location_id);

CREATE TABLE service_at_locations (
    id          TEXT PRIMARY KEY,
    service_id  TEXT NOT NULL DEFAULT '',
    location_id TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX service_at_locations_service ON service_at_locations (service_id);
CREATE INDEX service_at_locations_location ON service_at_locations (location_id);

CREATE TABLE schedules (
    id                     TEXT PRIMARY KEY,
    service_id             TEXT NOT NULL DEFAULT '',
    location_id            TEXT NOT NULL DEFAULT '',
    service_at_location_id TEXT NOT NULL DEFAULT '',
    valid_from             TEXT NOT NULL DEFAULT '',
    valid_to               TEXT NOT NULL DEFAULT '',
    dtstart                TEXT NOT NULL DEFAULT '',
    timezone               TEXT NOT NULL DEFAULT '',
    until                  TEXT NOT NULL DEFAULT '',
    count                  INTEGER,
    wkst                   TEXT NOT NULL DEFAULT '',
    freq                   TEXT NOT NULL DEFAULT '',
    interval               INTEGER,
    byday                  TEXT NOT NULL DEFAULT '',
    byweekno               TEXT NOT NULL DEFAULT '',
    bymonthday             TEXT NOT NULL DEFAULT '',
    byyearday              TEXT NOT NULL DEFAULT '',
    description            TEXT NOT NULL DEFAULT '',
    opens_at               TEXT NOT NULL DEFAULT '',
    closes_at              TEXT NOT NULL DEFAULT '',
    schedule_link          TEXT NOT NULL DEFAULT '',
    attending_type         TEXT NOT NULL DEFAULT '',
    notes                  TEXT NOT NULL DEFAULT '',
    exceptions             TEXT NOT NULL DEFAULT '', -- Trama: dates it does not happen (EXDATE), comma-separated
    seasonal               BOOLEAN NOT NULL DEFAULT FALSE -- Trama: valid_from/valid_to repeat every year
);
CREATE INDEX schedules_service ON schedules (service_id);
CREATE INDEX schedules_location ON schedules (location_id);

CREATE TABLE phones (
    id                     TEXT PRIMARY KEY,
    location_id            TEXT NOT NULL DEFAULT '',
    service_id             TEXT NOT NULL DEFAULT '',
    organization_id        TEXT NOT NULL DEFAULT '',
    contact_id             TEXT NOT NULL DEFAULT '',
    service_at_location_id TEXT NOT NULL DEFAULT '',
    number                 TEXT NOT NULL,
    extension              INTEGER,
    type                   TEXT NOT NULL DEFAULT '',
    description            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX phones_org ON phones (organization_id);
CREATE INDEX phones_service ON phones (service_id);
CREATE INDEX phones_location ON phones (location_id);

CREATE TABLE contacts (
    id                     TEXT PRIMARY KEY,
    organization_id        TEXT NOT NULL DEFAULT '',
    service_id             TEXT NOT NULL DEFAULT '',
    service_at_location_id TEXT NOT NULL DEFAULT '',
    location_id            TEXT NOT NULL DEFAULT '',
    name                   TEXT NOT NULL DEFAULT '',
    title                  TEXT NOT NULL DEFAULT '',
    department             TEXT NOT NULL DEFAULT '',
    email                  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contacts_org ON contacts (organization_id);
CREATE INDEX contacts_service ON contacts (service_id);

CREATE TABLE cost_options (
    id                 TEXT PRIMARY KEY,
    service_id         TEXT NOT NULL DEFAULT '',
    valid_from         TEXT NOT NULL DEFAULT '',
    valid_to           TEXT NOT NULL DEFAULT '',
    option             TEXT NOT NULL DEFAULT '',
    currency           TEXT NOT NULL DEFAULT '',
    amount             REAL,
    amount_description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cost_options_service ON cost_options (service_id);

CREATE TABLE languages (
    id          TEXT PRIMARY KEY,
    service_id  TEXT NOT NULL DEFAULT '',
    location_id TEXT NOT NULL DEFAULT '',
    phone_id    TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL DEFAULT '',
    code        TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX languages_service ON languages (service_id);
CREATE INDEX languages_location ON languages (location_id);

CREATE TABLE accessibility (
    id          TEXT PRIMARY KEY,
    location_id TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    details     TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX accessibility_location ON accessibility (location_id);

CREATE TABLE service_areas (
    id          TEXT PRIMARY KEY,
    service_id  TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    extent      TEXT NOT NULL DEFAULT '',
    extent_type TEXT NOT NULL DEFAULT '',
    uri         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX service_areas_service ON service_areas (service_id);

CREATE TABLE funding (
    id              TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL DEFAULT '',
    service_id      TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX funding_org ON funding (organization_id);
CREATE INDEX funding_service ON funding (service_id);

CREATE TABLE required_documents (
    id         TEXT PRIMARY KEY,
    service_id TEXT NOT NULL DEFAULT '',
    document   TEXT NOT NULL DEFAULT '',
    uri        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX required_documents_service ON required_documents (service_id);

CREATE TABLE organization_identifiers (
    id                TEXT PRIMARY KEY,
    organization_id   TEXT NOT NULL DEFAULT '',
    identifier_scheme TEXT NOT NULL DEFAULT '',
    identifier_type   TEXT NOT NULL,
    identifier        TEXT NOT NULL
);
CREATE INDEX organization_identifiers_org ON organization_identifiers (organization_id);

CREATE TABLE attributes (
    id               TEXT PRIMARY KEY,
    link_id          TEXT NOT NULL DEFAULT '',
    taxonomy_term_id TEXT NOT NULL DEFAULT '',
    link_type        TEXT NOT NULL DEFAULT '',
    link_entity      TEXT NOT NULL DEFAULT '',
    value            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attributes_link ON attributes (link_id);
CREATE INDEX attributes_term ON attributes (taxonomy_term_id, link_entity);

CREATE TABLE metadata (
    id                TEXT PRIMARY KEY,
    resource_id       TEXT NOT NULL DEFAULT '',
    resource_type     TEXT NOT NULL DEFAULT '',
    last_action_date  TEXT NOT NULL DEFAULT '',
    last_action_type  TEXT NOT NULL DEFAULT '',
    field_name        TEXT NOT NULL DEFAULT '',
    previous_value    TEXT NOT NULL DEFAULT '',
    replacement_value TEXT NOT NULL DEFAULT '',
    updated_by        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX metadata_resource ON metadata (resource_id);

CREATE TABLE meta_table_descriptions (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL DEFAULT '',
    language      TEXT NOT NULL DEFAULT '',
    character_set TEXT NOT NULL DEFAULT ''
);

-- +goose Down
DROP TABLE meta_table_descriptions;
DROP TABLE metadata;
DROP TABLE attributes;
DROP TABLE organization_identifiers;
DROP TABLE required_documents;
DROP TABLE funding;
DROP TABLE service_areas;
DROP TABLE accessibility;
DROP TABLE languages;
DROP TABLE cost_options;
DROP TABLE contacts;
DROP TABLE phones;
DROP TABLE schedules;
DROP TABLE service_at_locations;
DROP TABLE addresses;
DROP TABLE locations;
DROP TABLE services;
DROP TABLE programs;
DROP TABLE organization_history;
DROP TABLE organization_versions;
DROP TABLE organization_members;
DROP TABLE organization_training_plans;
DROP TABLE organizations;
DROP TABLE taxonomy_terms;
DROP TABLE taxonomies;
