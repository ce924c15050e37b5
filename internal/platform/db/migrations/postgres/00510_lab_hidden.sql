-- +goose Up
-- A coordinator may hide a whole laboratorio di comunità (with a reason the
-- facilitators see); its participants are told by e-mail.
ALTER TABLE labs ADD COLUMN hidden_at TIMESTAMPTZ;
ALTER TABLE labs ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE labs DROP COLUMN hidden_reason;
ALTER TABLE labs DROP COLUMN hidden_at;
