package kit

import (
	"fmt"
	"html/template"
	"strings"

	"rsc.io/qr"
)

// QRPNG returns text as a QR code image (PNG), for e-mails.
func QRPNG(text string) ([]byte, error) {
	c, err := qr.Encode(text, qr.M)
	if err != nil {
		return nil, fmt.Errorf("participation: qr: %w", err)
	}
	c.Scale = 8
	return c.PNG(), nil
}

// QRSVG returns text as a QR code drawn in SVG, for pages: one path of
// unit squares on a white background with the quiet zone of 4 modules the
// standard asks for. label is its accessible name.
func QRSVG(text, label string) (template.HTML, error) {
	c, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", fmt.Errorf("participation: qr: %w", err)
	}
	const quiet = 4
	n := c.Size + 2*quiet
	var path strings.Builder
	for y := range c.Size {
		for x := range c.Size {
			if c.Black(x, y) {
				fmt.Fprintf(&path, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="240" height="240" role="img" aria-label="%s" shape-rendering="crispEdges" class="qr-code"><rect width="%d" height="%d" fill="#fff"/><path d="%s" fill="#000"/></svg>`,
		n, n, template.HTMLEscapeString(label), n, n, path.String())
	return template.HTML(svg), nil
}
