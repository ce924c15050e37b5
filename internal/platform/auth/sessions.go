package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Session lifetimes: a session ends after SessionIdle without use, and in any
// case SessionMax after login.
const (
	SessionIdle = 7 * 24 * time.Hour
	SessionMax  = 30 * 24 * time.Hour
	// touchEvery limits writes: last_seen_at moves at most this often.
	touchEvery = 5 * time.Minute
)

// NewToken returns a random secret for a cookie or a link, and the hash that
// is stored in its place (a stolen database holds no usable token).
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the stored form of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Session is a logged-in browser.
type Session struct {
	TokenHash  string
	UserID     string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// CreateSession starts a session for userID and returns its token.
func (s *Store) CreateSession(ctx context.Context, userID, ip, userAgent string) (string, error) {
	token, hash := NewToken()
	now := db.Now()
	if len(userAgent) > 255 {
		userAgent = userAgent[:255]
	}
	_, err := s.db.W.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES ($1, $2, $3, $3, $4, $5, $6)`, hash, userID, now, now.Add(SessionIdle), ip, userAgent)
	if err != nil {
		return "", fmt.Errorf("auth: create session: %w", err)
	}
	return token, nil
}

// SessionUser returns the session of token and its user. An expired or
// unknown token, or a disabled user, is NotFound.
func (s *Store) SessionUser(ctx context.Context, token string) (*Session, *User, error) {
	if token == "" {
		return nil, nil, errs.NotFoundErr()
	}
	var sess Session
	u, err := scanUser(s.db.R.QueryRowContext(ctx, `SELECT `+userColumns("u.")+`,
		s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`, HashToken(token), db.Now()),
		&sess.TokenHash, &sess.UserID, &sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errs.NotFoundErr()
	}
	if err != nil {
		return nil, nil, fmt.Errorf("auth: load session: %w", err)
	}
	return &sess, u, nil
}

// Touch extends an active session, writing at most every few minutes.
func (s *Store) Touch(ctx context.Context, sess *Session) error {
	now := db.Now()
	if now.Sub(sess.LastSeenAt) < touchEvery {
		return nil
	}
	expires := now.Add(SessionIdle)
	if hard := sess.CreatedAt.Add(SessionMax); expires.After(hard) {
		expires = hard
	}
	_, err := s.db.W.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3`,
		now, expires, sess.TokenHash)
	return err
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, HashToken(token))
	return err
}

// DeleteSessions ends every session of a user (logout everywhere, password
// change, disabled account), in q.
func (s *Store) DeleteSessions(ctx context.Context, q db.Querier, userID string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return err
}

// PruneSessions deletes expired sessions and used or expired tokens.
func (s *Store) PruneSessions(ctx context.Context) error {
	now := db.Now()
	if _, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, now); err != nil {
		return err
	}
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM user_tokens WHERE expires_at < $1 OR used_at IS NOT NULL`, now)
	return err
}

// Token purposes.
const (
	PurposeReset  = "reset"
	PurposeVerify = "verify"
)

// CreateToken stores a one-time token for userID and returns it.
func (s *Store) CreateToken(ctx context.Context, q db.Querier, userID, purpose string, ttl time.Duration) (string, error) {
	token, hash := NewToken()
	now := db.Now()
	_, err := q.ExecContext(ctx, `INSERT INTO user_tokens (token_hash, user_id, purpose, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, hash, userID, purpose, now, now.Add(ttl))
	if err != nil {
		return "", fmt.Errorf("auth: create token: %w", err)
	}
	return token, nil
}

// UseToken marks a token used (in q) and returns its user id. An unknown,
// used or expired token is an Invalid error with a message for the user.
func (s *Store) UseToken(ctx context.Context, q db.Querier, token, purpose string) (string, error) {
	var userID string
	err := q.QueryRowContext(ctx, `UPDATE user_tokens SET used_at = $1
		WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
		RETURNING user_id`, db.Now(), HashToken(token), purpose).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.New(errs.Invalid, "errors.link_expired")
	}
	if err != nil {
		return "", fmt.Errorf("auth: use token: %w", err)
	}
	return userID, nil
}

// TokenValid tells whether a token can still be used, without using it.
func (s *Store) TokenValid(ctx context.Context, token, purpose string) bool {
	var n int
	s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM user_tokens WHERE token_hash = $1 AND purpose = $2
		AND used_at IS NULL AND expires_at > $3`, HashToken(token), purpose, db.Now()).Scan(&n)
	return n == 1
}
