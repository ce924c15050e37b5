package hours

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The PDF attestation is written with github.com/signintech/gopdf and the
// Go fonts (golang.org/x/image/font/gofont, BSD licence, shipped as Go
// code): no font file to install, the whole of Latin-1 and more.

// Words are the attestation's texts in the reader's language.
type Words struct {
	Title    string
	Intro    string // "%s has given these hours …"
	Issuer   string // "Issued by %s" or ""
	Period   string
	Org      string
	Month    string
	Hours    string
	Total    string
	Issued   string
	Sign     string
	MonthFmt func(month string) string // "2026-11" → "novembre 2026"
	DateFmt  func(t time.Time) string
}

const (
	pageW, margin = 595.28, 56.0
	lineH         = 16.0
)

// WritePDF writes the attestation as an A4 PDF.
func (a *Attestation) WritePDF(w io.Writer, t Words) error {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	pdf.SetInfo(gopdf.PdfInfo{Title: t.Title, Creator: "Trama", Producer: "Trama", CreationDate: a.IssuedAt})
	if err := pdf.AddTTFFontData("go", goregular.TTF); err != nil {
		return fmt.Errorf("hours: pdf font: %w", err)
	}
	if err := pdf.AddTTFFontDataWithOption("go", gobold.TTF, gopdf.TtfOption{Style: gopdf.Bold}); err != nil {
		return fmt.Errorf("hours: pdf font: %w", err)
	}
	pdf.AddPage()
	y := margin
	text := func(style string, size float64, s string, x float64) error {
		if err := pdf.SetFont("go", style, size); err != nil {
			return err
		}
		pdf.SetXY(x, y)
		return pdf.Text(s)
	}
	right := func(style string, size float64, s string, edge float64) error {
		if err := pdf.SetFont("go", style, size); err != nil {
			return err
		}
		wd, err := pdf.MeasureTextWidth(s)
		if err != nil {
			return err
		}
		pdf.SetXY(edge-wd, y)
		return pdf.Text(s)
	}
	paragraph := func(size float64, s string) error {
		if err := pdf.SetFont("go", "", size); err != nil {
			return err
		}
		lines, err := wrap(pdf, s, pageW-2*margin)
		if err != nil {
			return err
		}
		for _, l := range lines {
			pdf.SetXY(margin, y)
			if err := pdf.Text(l); err != nil {
				return err
			}
			y += lineH
		}
		return nil
	}
	steps := []func() error{
		func() error { y += 10; return text("B", 18, t.Title, margin) },
		func() error { y += 34; return paragraph(11, t.Intro) },
	}
	if t.Issuer != "" {
		steps = append(steps, func() error { return paragraph(11, t.Issuer) })
	}
	if t.Period != "" {
		steps = append(steps, func() error { return paragraph(11, t.Period) })
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	y += 14
	colMonth, edge := margin+240, pageW-margin
	header := func() error {
		if err := text("B", 10, t.Org, margin); err != nil {
			return err
		}
		if err := text("B", 10, t.Month, colMonth); err != nil {
			return err
		}
		if err := right("B", 10, t.Hours, edge); err != nil {
			return err
		}
		y += 6
		pdf.SetLineWidth(0.5)
		pdf.Line(margin, y, edge, y)
		y += lineH
		return nil
	}
	if err := header(); err != nil {
		return err
	}
	for _, o := range a.Orgs {
		for i, m := range o.Months {
			if y > 760 {
				pdf.AddPage()
				y = margin
				if err := header(); err != nil {
					return err
				}
			}
			if i == 0 {
				name := o.Name
				if lines, err := pdf.SplitText(name, colMonth-margin-8); err == nil && len(lines) > 0 {
					name = lines[0]
				}
				if err := text("", 10, name, margin); err != nil {
					return err
				}
			}
			if err := text("", 10, t.MonthFmt(m.Month), colMonth); err != nil {
				return err
			}
			if err := right("", 10, m.Minutes.String(), edge); err != nil {
				return err
			}
			y += lineH
		}
	}
	y += 2
	pdf.Line(margin, y-10, edge, y-10)
	y += 6
	if err := text("B", 11, t.Total, margin); err != nil {
		return err
	}
	if err := right("B", 11, a.Total.String(), edge); err != nil {
		return err
	}
	y += 40
	if err := text("", 10, t.Issued+" "+t.DateFmt(a.IssuedAt), margin); err != nil {
		return err
	}
	y += 50
	pdf.Line(edge-200, y, edge, y)
	y += 14
	if err := text("", 9, t.Sign, edge-200); err != nil {
		return err
	}
	return pdf.Write(w)
}

// wrap splits text into lines no wider than width, between words.
func wrap(pdf *gopdf.GoPdf, text string, width float64) ([]string, error) {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		next := strings.TrimSpace(line + " " + word)
		w, err := pdf.MeasureTextWidth(next)
		if err != nil {
			return nil, err
		}
		if w > width && line != "" {
			lines, next = append(lines, line), word
		}
		line = next
	}
	return append(lines, line), nil
}
