package validate

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Length limits of addresses.
const (
	MaxEmailLength = 254
	MaxURLLength   = 2000
)

// Email normalises (trim, lowercase) and checks one plain e-mail address:
// no display name, no comments, no quoted local part, an ASCII domain name
// with at least one dot, at most MaxEmailLength characters.
func Email(s string) (string, error) {
	e := lowerASCII(trim(s))
	if e == "" {
		return e, fail(KeyEmail, ReasonEmpty)
	}
	if len(e) > MaxEmailLength {
		return e, fail(KeyEmail, ReasonLength)
	}
	at := strings.IndexByte(e, '@')
	if at < 0 || strings.Count(e, "@") > 1 {
		return e, fail(KeyEmail, ReasonFormat)
	}
	local, domain := e[:at], e[at+1:]
	if !validLocalPart(local) {
		return e, fail(KeyEmail, ReasonChars)
	}
	if !validHost(domain, false) {
		return e, fail(KeyEmail, ReasonHost)
	}
	return e, nil
}

// validLocalPart accepts the dot-atom of RFC 5322: atext runs joined by
// single dots, at most 64 characters.
func validLocalPart(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, atom := range strings.Split(s, ".") {
		if atom == "" {
			return false
		}
		for i := 0; i < len(atom); i++ {
			c := atom[i]
			if !isLetter(c) && !isDigit(c) && !strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", rune(c)) {
				return false
			}
		}
	}
	return true
}

// validHost accepts a domain name of two labels or more, each of letters,
// digits and inner hyphens, ending with an alphabetic top-level domain (so
// no IP addresses). Letters beyond ASCII are allowed when unicode is set
// (internationalised domain names in web addresses).
func validHost(h string, unicode bool) bool {
	if len(h) > 253 {
		return false
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !validLabel(l, unicode) {
			return false
		}
	}
	tld := labels[len(labels)-1]
	if strings.HasPrefix(tld, "xn--") {
		return true
	}
	for _, r := range tld {
		if r < utf8.RuneSelf && !isLetter(byte(r)) {
			return false
		}
	}
	return utf8.RuneCountInString(tld) >= 2
}

func validLabel(l string, allowUnicode bool) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for _, r := range l {
		switch {
		case r < utf8.RuneSelf:
			if c := byte(r); !isLetter(c) && !isDigit(c) && c != '-' {
				return false
			}
		case !allowUnicode || r == utf8.RuneError:
			return false
		case !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r):
			return false
		}
	}
	return true
}

// URL normalises and checks a web address: http or https only (https://
// is added when the user typed "www.example.it"), a domain name, no user
// or password, no spaces or control characters, at most MaxURLLength
// characters. The scheme and the host are lowercased; the rest is kept as
// typed. Internationalised domain names are kept in Unicode.
func URL(s string) (string, error) {
	u := trim(s)
	if u == "" {
		return u, fail(KeyURL, ReasonEmpty)
	}
	for _, r := range u {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.IsSpace(r) || strings.ContainsRune("\"<>\\`", r) {
			return u, fail(KeyURL, ReasonChars)
		}
	}
	lower := lowerASCII(u)
	switch {
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"):
	case strings.HasPrefix(u, "//"):
		u = "https:" + u
	case hasScheme(u):
		return u, fail(KeyURL, ReasonScheme)
	default:
		u = "https://" + u
	}
	if len(u) > MaxURLLength {
		return u, fail(KeyURLTooLong, ReasonLength, MaxURLLength)
	}
	i := strings.Index(u, "://")
	scheme, rest := lowerASCII(u[:i]), u[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	if strings.Contains(authority, "@") {
		return u, fail(KeyURL, ReasonCredentials)
	}
	host, port, ok := strings.Cut(authority, ":")
	host = strings.ToLower(host)
	if ok && !validPort(port) {
		return u, fail(KeyURL, ReasonFormat)
	}
	if !validHost(host, true) {
		return u, fail(KeyURL, ReasonHost)
	}
	n := scheme + "://" + host
	if ok {
		n += ":" + port
	}
	n += tail
	if _, err := url.Parse(n); err != nil {
		return u, fail(KeyURL, ReasonFormat)
	}
	return n, nil
}

// hasScheme tells whether s starts with a scheme other than a host name
// followed by a port ("mailto:", "ftp://", but not "www.example.it:8080").
func hasScheme(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || scheme == "" || strings.Contains(scheme, ".") || !isLetter(scheme[0]) {
		return false
	}
	for i := 0; i < len(scheme); i++ {
		if c := scheme[i]; !isLetter(c) && !isDigit(c) && c != '+' && c != '-' {
			return false
		}
	}
	return true
}

func validPort(p string) bool {
	if p == "" || len(p) > 5 || !allDigits(p) {
		return false
	}
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535
}
