-- +goose Up
-- The triage queue is paged: most urgent first, then oldest. With the
-- directions in the index, a page is read in index order (no sort of the
-- whole queue) and counting a filtered queue stays in the index.
CREATE INDEX porta_needs_triage ON porta_needs (territory_id, status, urgency DESC, created_at, id);
DROP INDEX porta_needs_queue;

-- +goose Down
CREATE INDEX porta_needs_queue ON porta_needs (territory_id, status, urgency, created_at);
DROP INDEX porta_needs_triage;
