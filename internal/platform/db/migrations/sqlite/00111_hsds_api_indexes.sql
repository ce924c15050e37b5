-- +goose Up
-- Indexes for the HSDS API: nested objects are read by the entity they link
-- to; lists are ordered by name and filtered by postcode and date. The
-- list index covers what tells a public service (not removed, of an active
-- organization), so a page is read from the indexes alone. The latest
-- modification times tell when list counts, kept for a while, are stale.
CREATE INDEX phones_contact ON phones (contact_id);
CREATE INDEX phones_service_at_location ON phones (service_at_location_id);
CREATE INDEX contacts_service_at_location ON contacts (service_at_location_id);
CREATE INDEX schedules_service_at_location ON schedules (service_at_location_id);
CREATE INDEX languages_phone ON languages (phone_id);
CREATE INDEX addresses_postal_code ON addresses (postal_code);
CREATE INDEX services_list ON services (name, id, organization_id, deleted_at);
CREATE INDEX organizations_active ON organizations (id, status);
CREATE INDEX services_last_modified ON services (last_modified);
CREATE INDEX services_updated ON services (updated_at);
CREATE INDEX organizations_updated ON organizations (updated_at);

-- +goose Down
DROP INDEX organizations_updated;
DROP INDEX services_updated;
DROP INDEX services_last_modified;
DROP INDEX organizations_active;
DROP INDEX services_list;
DROP INDEX addresses_postal_code;
DROP INDEX languages_phone;
DROP INDEX schedules_service_at_location;
DROP INDEX contacts_service_at_location;
DROP INDEX phones_service_at_location;
DROP INDEX phones_contact;
