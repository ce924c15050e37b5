package ical

import (
	"bufio"
	"strings"
	"unicode/utf8"
)

// maxLine is the longest content line RFC 5545 allows, in octets,
// without the CRLF.
const maxLine = 75

// lineWriter writes content lines: CRLF endings, folded at 75 octets
// without splitting a UTF-8 character. It keeps the first error.
type lineWriter struct {
	w   *bufio.Writer
	n   int64
	err error
}

// line writes NAME[;PARAMS]:VALUE. Parameters are written as given (use
// param to build them); empty ones are skipped.
func (lw *lineWriter) line(name, value string, params ...string) {
	var b strings.Builder
	b.WriteString(name)
	for _, p := range params {
		if p == "" {
			continue
		}
		b.WriteByte(';')
		b.WriteString(p)
	}
	b.WriteByte(':')
	b.WriteString(value)
	lw.folded(b.String())
}

// folded writes s as one content line, folding it.
func (lw *lineWriter) folded(s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		lw.write(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	lw.write(s + "\r\n")
}

func (lw *lineWriter) write(s string) {
	if lw.err != nil {
		return
	}
	n, err := lw.w.WriteString(s)
	lw.n += int64(n)
	lw.err = err
}

// escapeText escapes a TEXT value (RFC 5545 3.3.11): backslash,
// semicolon, comma and newlines. Other control characters, which TEXT
// forbids, are dropped, and so are invalid UTF-8 bytes.
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// textList escapes the items of a list of TEXT values (CATEGORIES).
func textList(items []string) string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		if it = escapeText(strings.TrimSpace(it)); it != "" {
			out = append(out, it)
		}
	}
	return strings.Join(out, ",")
}

// param writes NAME=value, quoting the value when it holds ":", ";" or
// ",". DQUOTE and control characters cannot appear in a parameter and
// are dropped.
func param(name, value string) string {
	value = strings.Map(func(r rune) rune {
		if r == '"' || r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, value)
	if strings.ContainsAny(value, ":;,") {
		value = `"` + value + `"`
	}
	return name + "=" + value
}

// cleanURI drops what cannot appear in a URI value: spaces and control
// characters would break the line.
func cleanURI(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= 0x20 || r == 0x7f || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
}
