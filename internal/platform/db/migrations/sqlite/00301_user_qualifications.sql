-- +goose Up
-- Qualifications granted to people after training (sentinella, natural
-- helper …). Issue 6 (persone attive) owns them; the porta di comunità needs
-- the sentinel one now, so the table is created here only if it is not
-- there yet, with the columns agreed with issue 6.
CREATE TABLE IF NOT EXISTS user_qualifications (
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    granted_by  TEXT NOT NULL DEFAULT '',
    granted_at  DATETIME NOT NULL,
    valid_until DATETIME,
    PRIMARY KEY (user_id, code)
);
CREATE INDEX IF NOT EXISTS user_qualifications_code ON user_qualifications (code, valid_until);

-- +goose Down
DROP TABLE IF EXISTS user_qualifications;
