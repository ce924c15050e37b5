package porta

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Followed is what a citizen sees of their request with the receipt code:
// where it stands, and the services they were referred to.
type Followed struct {
	NeedID     string
	Status     string
	ReceivedAt time.Time
	TakenAt    *time.Time
	ClosedAt   *time.Time
	Referrals  []FollowedReferral
}

// FollowedReferral is a referral as the citizen sees it.
type FollowedReferral struct {
	Service      string
	Organization string
	Status       string
	At           time.Time
}

// Open tells whether the request is still being handled (consent can be
// withdrawn).
func (f *Followed) Open() bool { return f.Status == NeedNew || f.Status == NeedInCharge }

// needByReceipt finds the need of a receipt code.
func (p *Porta) needByReceipt(ctx context.Context, code string) (*Need, error) {
	if NormalizeReceipt(code) == "" {
		return nil, errs.NotFoundErr()
	}
	n, err := p.scanNeed(p.db.R.QueryRowContext(ctx, `SELECT `+needCols+` FROM porta_needs WHERE receipt_hash = $1`,
		receiptHash(p.keys, code)), false)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.NotFoundErr()
	}
	return n, err
}

// Follow tells a citizen where their request stands. The look-up is
// audited like any read.
func (p *Porta) Follow(ctx context.Context, code string) (*Followed, error) {
	n, err := p.needByReceipt(ctx, code)
	if err != nil {
		return nil, err
	}
	f := &Followed{NeedID: n.ID, Status: n.Status, ReceivedAt: n.CreatedAt, TakenAt: n.TakenAt, ClosedAt: n.ClosedAt}
	refs, err := p.referrals(ctx, p.db.R, false, `r.need_id = $1`, n.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range refs {
		f.Referrals = append(f.Referrals, FollowedReferral{Service: r.ServiceName, Organization: r.OrganizationName,
			Status: r.Status, At: r.UpdatedAt})
	}
	return f, p.db.Tx(ctx, func(tx *sql.Tx) error { return read(ctx, tx, "porta_need", n.ID, "receipt") })
}

// WithdrawByReceipt lets the citizen withdraw their consent with the code:
// processing of everything about them stops.
func (p *Porta) WithdrawByReceipt(ctx context.Context, code string) error {
	n, err := p.needByReceipt(ctx, code)
	if err != nil {
		return err
	}
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := p.withdrawConsent(ctx, tx, n.PersonID); err != nil {
			return err
		}
		return p.addEvent(ctx, tx, Event{PersonID: n.PersonID, NeedID: n.ID, Kind: EventWithdrawn,
			Detail: map[string]string{"by": "receipt"}})
	})
}
