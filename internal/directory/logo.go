package directory

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders of the accepted logo formats
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"time"

	_ "golang.org/x/image/webp"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/web"
)

// Logos are uploaded images kept in the database and served from the
// site's own origin (/loghi/{id}): the Content-Security-Policy keeps
// img-src 'self', and nothing of a visitor leaks to other sites. The
// organization's logo field (HSDS: "a URL to an image") holds the absolute
// address of one; logos from elsewhere (an HSDS import) are kept as data
// but not shown.

// MaxLogoBytes caps an uploaded logo; maxLogoSide caps its width and height.
const (
	MaxLogoBytes = 1 << 20
	maxLogoSide  = 4096
)

// logoTypes are the formats accepted, by image.DecodeConfig's name. No SVG:
// it can carry scripts.
var logoTypes = map[string]string{"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}

// Logo is an uploaded image, checked.
type Logo struct {
	ID            string
	ContentType   string
	Width, Height int
	Data          []byte
}

// ReadLogo checks an upload: a PNG, JPEG, GIF or WebP image of reasonable
// size. The type is the one decoded, not the one the browser claimed. The
// error is a message key for the form's logo field.
func ReadLogo(file io.Reader) (*Logo, string) {
	data, err := io.ReadAll(io.LimitReader(file, MaxLogoBytes+1))
	if err != nil {
		return nil, "directory.errors.logo_format"
	}
	if len(data) > MaxLogoBytes {
		return nil, "directory.errors.logo_size"
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	ct, ok := logoTypes[format]
	if err != nil || !ok {
		return nil, "directory.errors.logo_format"
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxLogoSide || cfg.Height > maxLogoSide {
		return nil, "directory.errors.logo_dimensions"
	}
	return &Logo{ID: NewID(), ContentType: ct, Width: cfg.Width, Height: cfg.Height, Data: data}, ""
}

// FetchLogo copies the image at an http(s) address, so that it is served
// from here like an upload. Only public internet addresses are fetched
// (checked on the connection itself, redirects included), unless
// allowPrivate (tests): a form must not reach the server's own network.
// The error is a message key for the form's logo field.
func FetchLogo(ctx context.Context, raw string, allowPrivate bool) (*Logo, string) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, "directory.errors.logo_url"
	}
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: func(_, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		ip := net.ParseIP(host)
		if err != nil || ip == nil {
			return fmt.Errorf("directory: logo address %q", address)
		}
		if !allowPrivate && (ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
			ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast()) {
			return fmt.Errorf("directory: logo address %s is not public", ip)
		}
		return nil
	}}
	client := &http.Client{Timeout: 10 * time.Second,
		Transport: &http.Transport{DialContext: dialer.DialContext, Proxy: nil, TLSHandshakeTimeout: 5 * time.Second},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 3 {
				return errors.New("directory: too many redirects")
			}
			return nil
		}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "directory.errors.logo_url"
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, "directory.errors.logo_fetch"
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "directory.errors.logo_fetch"
	}
	return ReadLogo(resp.Body)
}

// logoPath matches the path of a logo served here.
var logoPath = regexp.MustCompile(`^/loghi/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// LogoPath is the path of the organization's logo when it is one of ours
// (pages show it from the same origin), "" otherwise.
func (o Organization) LogoPath() string {
	u := o.Logo
	if i := strings.Index(u, "://"); i >= 0 {
		rest := u[i+3:]
		j := strings.IndexByte(rest, '/')
		if j < 0 {
			return ""
		}
		u = rest[j:]
	}
	if logoPath.MatchString(u) {
		return u
	}
	return ""
}

// AddLogo stores an uploaded logo of an organization.
func (s *Store) AddLogo(ctx context.Context, orgID, by string, l *Logo) error {
	_, err := s.db.W.ExecContext(ctx, `INSERT INTO organization_logos (id, organization_id, content_type, data, width, height, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, l.ID, orgID, l.ContentType, l.Data, l.Width, l.Height, by, db.Now())
	if err != nil {
		return fmt.Errorf("directory: add logo: %w", err)
	}
	return nil
}

// DeleteLogo removes a logo nothing refers to (an upload whose form was
// rejected).
func (s *Store) DeleteLogo(ctx context.Context, id string) error {
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM organization_logos WHERE id = $1`, id)
	return err
}

// JobPruneLogos is the daily job that drops logos nothing uses any more.
const JobPruneLogos = "directory.prune_logos"

// PruneLogos deletes the logos uploaded before `before` that neither an
// organization's published data nor an open draft uses (replaced or
// removed logos); superseded versions keep only their address. It returns
// how many it deleted.
func (s *Store) PruneLogos(ctx context.Context, before time.Time) (int, error) {
	res, err := s.db.W.ExecContext(ctx, `DELETE FROM organization_logos WHERE created_at < $1
		AND NOT EXISTS (SELECT 1 FROM organizations o WHERE o.logo LIKE '%/loghi/' || organization_logos.id)
		AND NOT EXISTS (SELECT 1 FROM organization_versions v WHERE v.organization_id = organization_logos.organization_id
			AND v.status IN ('draft', 'submitted', 'changes_requested') AND v.document LIKE '%/loghi/' || organization_logos.id || '%')`, before)
	if err != nil {
		return 0, fmt.Errorf("directory: prune logos: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// logo reads a stored logo and its organization.
func (s *Store) logo(ctx context.Context, id string) (*Logo, string, error) {
	l := &Logo{ID: id}
	var org string
	err := s.db.R.QueryRowContext(ctx, `SELECT organization_id, content_type, data, width, height FROM organization_logos WHERE id = $1`, id).
		Scan(&org, &l.ContentType, &l.Data, &l.Width, &l.Height)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", errs.NotFoundErr()
	}
	if err != nil {
		return nil, "", fmt.Errorf("directory: logo: %w", err)
	}
	return l, org, nil
}

// serveLogo answers /loghi/{id}: anyone sees the logo of a published,
// active organization; a logo still in a draft only its editors see.
func (h *Handlers) serveLogo(w http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("id")
	l, orgID, err := h.dir.Store.logo(ctx, id)
	if err != nil {
		h.site.Error(w, r, err)
		return
	}
	public := false
	if rec, st, err := h.dir.Store.Published(ctx, orgID); err == nil && rec != nil && st == OrgActive {
		public = rec.Organization.LogoPath() == "/loghi/"+id
	}
	if !public && h.dir.CanEdit(ctx, web.UserFrom(r), orgID) != nil {
		h.site.Error(w, r, errs.NotFoundErr())
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", l.ContentType)
	hd.Set("Content-Disposition", "inline")
	// An id's image never changes; a draft's is for its editors only.
	if public {
		hd.Set("Cache-Control", "public, max-age=86400")
	} else {
		hd.Set("Cache-Control", "private, no-store")
	}
	w.Write(l.Data)
}
