-- +goose Up
-- The back office's lists of a territory's organizations (/rete,
-- /coordinamento/enti) are ordered by name: with the name in the index
-- after the territory and the status, a page is read in order and stops at
-- its limit. With only (territory_id, status) and (status, name), SQLite
-- walked every active organization of the country in name order to find
-- the 40 of one territory (found by the load test, docs/PERFORMANCE.md).
CREATE INDEX organizations_territory_name ON organizations (territory_id, status, name, id);
DROP INDEX organizations_territory;

-- +goose Down
CREATE INDEX organizations_territory ON organizations (territory_id, status);
DROP INDEX organizations_territory_name;
