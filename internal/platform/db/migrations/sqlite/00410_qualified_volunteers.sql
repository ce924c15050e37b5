-- +goose Up
-- A qualification makes its holder a volunteer (people/common.BecomeVolunteer):
-- a cittadino who completed the sentinel course must be able to send
-- signals, which the porta allows to volontari only. Citizens granted a
-- qualification before that rule, still valid today, become volontari now;
-- each change is written in the audit log, as the application would.
CREATE TEMPORARY TABLE qualified_citizens AS
    SELECT u.id FROM users u
    WHERE u.role = 'cittadino' AND EXISTS (SELECT 1 FROM user_qualifications q WHERE q.user_id = u.id
        AND q.revoked_at IS NULL AND (q.valid_until = '' OR q.valid_until >= date('now')));

UPDATE users SET role = 'volontario', updated_at = strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')
WHERE id IN (SELECT id FROM qualified_citizens);

INSERT INTO audit_log (at, actor_label, action, entity, entity_id, detail)
SELECT strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'), 'migration 00410', 'update', 'user', id,
    '{"role":{"from":"cittadino","to":"volontario"}}'
FROM qualified_citizens;

DROP TABLE qualified_citizens;

-- +goose Down
-- Nothing to undo: who was a cittadino before is in the audit log.
SELECT 1;
