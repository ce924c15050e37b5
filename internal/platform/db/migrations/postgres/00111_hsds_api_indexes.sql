-- +goose Up
-- Indexes for the HSDS API: nested objects are read by the entity they link
-- to, lists are ordered by name, and filtered by postcode and date.
CREATE INDEX phones_contact ON phones (contact_id);
CREATE INDEX phones_service_at_location ON phones (service_at_location_id);
CREATE INDEX contacts_service_at_location ON contacts (service_at_location_id);
CREATE INDEX contacts_location ON contacts (location_id);
CREATE INDEX schedules_service_at_location ON schedules (service_at_location_id);
CREATE INDEX languages_phone ON languages (phone_id);
CREATE INDEX addresses_postal_code ON addresses (postal_code);
CREATE INDEX services_name ON services (name, id);
CREATE INDEX services_last_modified ON services (last_modified);

-- +goose Down
DROP INDEX services_last_modified;
DROP INDEX services_name;
DROP INDEX addresses_postal_code;
DROP INDEX languages_phone;
DROP INDEX schedules_service_at_location;
DROP INDEX contacts_location;
DROP INDEX contacts_service_at_location;
DROP INDEX phones_service_at_location;
DROP INDEX phones_contact;
