package kit_test

import (
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/trama-welfare/trama/internal/participation/kit"
)

// What rendered Markdown may contain: goldmark's own tags and attributes.
var (
	mdTags  = strings.Fields("p h1 h2 h3 h4 h5 h6 a em strong code pre ul ol li blockquote hr br img table thead tbody tr th td del input")
	mdAttrs = strings.Fields("href src alt title align start checked disabled type class")
	tagRe   = regexp.MustCompile(`^<(/?)([a-zA-Z0-9]+)((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*/?>`)
	attrRe  = regexp.MustCompile(`([a-zA-Z-]+)(?:="([^"]*)")?`)
)

// FuzzMarkdown renders arbitrary text as the pact's Markdown: the output
// may hold only goldmark's own tags (raw HTML is dropped, text is escaped:
// every "<" opens one of them), no event handler attributes, and no link
// or image whose target runs a script.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"# Patto\n\n**Art. 1** — le parti *collaborano*.\n\n- uno\n- due\n\n1. a\n2. b\n\n> citazione\n\n`codice`\n\n---\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n\n~~barrato~~",
		"[sito](https://www.comune.example \"titolo\") ![logo](/static/logo.png)",
		"<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
		"[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](&#106;avascript:alert(1)) [w](java\tscript:x)",
		"[x](vbscript:msgbox) [d](data:text/html;base64,PHNjcmlwdD4=) ![i](data:image/png;base64,AAAA)",
		"<a href=\"javascript:alert(1)\">x</a> <div onclick=alert(1)>y</div>",
		"[a]: javascript:alert(1)\n\n[link][a]",
		"{{.User}} \u202e }} {{ template \"x\" }}",
		"\">'><img src=x onerror=alert(1)>",
		"<!-- x --> <![CDATA[ y ]]> <?php ?> <!DOCTYPE html>",
		"***\n" + strings.Repeat("> ", 200) + "x\n" + strings.Repeat("[", 500) + strings.Repeat("]", 500),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out := string(kit.Markdown(src))
		for i := strings.IndexByte(out, '<'); i >= 0; i = next(out, i) {
			rest := out[i:]
			if strings.HasPrefix(rest, "<!-- raw HTML omitted -->") {
				continue
			}
			m := tagRe.FindStringSubmatch(rest)
			if m == nil {
				t.Fatalf("unexpected %q in %q", cut(rest), out)
			}
			if !slices.Contains(mdTags, strings.ToLower(m[2])) {
				t.Fatalf("tag %q in %q", m[2], out)
			}
			for _, a := range attrRe.FindAllStringSubmatch(m[3], -1) {
				name := strings.ToLower(a[1])
				if !slices.Contains(mdAttrs, name) {
					t.Fatalf("attribute %q in %q", a[0], out)
				}
				if (name == "href" || name == "src") && dangerous(a[2]) {
					t.Fatalf("%s=%q from %q", name, a[2], src)
				}
			}
		}
	})
}

func next(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '<')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

func cut(s string) string {
	if len(s) > 60 {
		return s[:60]
	}
	return s
}

// dangerous tells whether a URL, as a browser reads it (entities decoded,
// controls and spaces dropped, any case), has a script scheme.
func dangerous(v string) bool {
	u := strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return -1
		}
		return r
	}, html.UnescapeString(v)))
	for _, p := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(u, p) && !(p == "data:" && strings.HasPrefix(u, "data:image/")) {
			return true
		}
	}
	return false
}
