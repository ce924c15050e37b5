package kit_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/participation/kit"
)

func TestMarkdownIsSafe(t *testing.T) {
	for src, want := range map[string]string{
		"**grassetto**":                      "<strong>grassetto</strong>",
		"<script>alert(1)</script>":          "<!-- raw HTML omitted -->",
		"[x](javascript:alert(1))":           `<a href="">x</a>`,
		`<img src=x onerror="alert(1)">`:     "<!-- raw HTML omitted -->",
		"| a | b |\n|---|---|\n| 1 | 2 |":    "<table>",
		"[sito](https://www.comune.example)": `<a href="https://www.comune.example">sito</a>`,
	} {
		got := string(kit.Markdown(src))
		if !strings.Contains(got, want) {
			t.Errorf("Markdown(%q) = %q, want it to contain %q", src, got, want)
		}
		if strings.Contains(got, "<script") || strings.Contains(got, "onerror") || strings.Contains(got, "javascript:") {
			t.Errorf("Markdown(%q) = %q lets active content through", src, got)
		}
	}
}

func TestQRCodes(t *testing.T) {
	png, err := kit.QRPNG("https://trama.example/eventi/1/ingresso/abc")
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("QRPNG: %v, % x", err, png[:min(8, len(png))])
	}
	svg, err := kit.QRSVG("https://trama.example/eventi/1/ingresso/abc", `Codice "QR" <per l'ingresso>`)
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	for _, want := range []string{`<svg `, `role="img"`, `aria-label="Codice &#34;QR&#34; &lt;per l&#39;ingresso&gt;"`, `<path d="M`} {
		if !strings.Contains(s, want) {
			t.Errorf("QRSVG lacks %q: %.200s", want, s)
		}
	}
	// The three finder patterns: the top-left module is dark, after the quiet zone.
	if !strings.Contains(s, "M4 4h1v1h-1z") {
		t.Error("QRSVG has no finder pattern at the top left")
	}
}
