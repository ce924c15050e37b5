package validate_test

import (
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/platform/validate"
)

func TestEmail(t *testing.T) {
	valid := []struct{ in, want string }{
		{"nome@esempio.it", "nome@esempio.it"},
		{"  Mario.Rossi@Comune.Roma.IT ", "mario.rossi@comune.roma.it"},
		{"info+newsletter@caritas-diocesana.org", "info+newsletter@caritas-diocesana.org"},
		{"o'brien@example.ie", "o'brien@example.ie"},
		{"a@b.co", "a@b.co"},
		{"pec@pec.xn--caf-dma.it", "pec@pec.xn--caf-dma.it"},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + ".it", strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + ".it"},
	}
	for _, c := range valid {
		if got, err := validate.Email(c.in); err != nil || got != c.want {
			t.Errorf("Email(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	long := strings.Repeat("a", 64) + "@" + strings.Repeat(strings.Repeat("b", 60)+".", 4) + "it" // 311 chars
	invalid := []struct {
		in     string
		reason validate.Reason
	}{
		{"", validate.ReasonEmpty},
		{long, validate.ReasonLength},
		{"esempio.it", validate.ReasonFormat},
		{"a@b@esempio.it", validate.ReasonFormat},
		{"Mario Rossi <mario@esempio.it>", validate.ReasonChars},
		{"\"mario rossi\"@esempio.it", validate.ReasonChars},
		{"mario rossi@esempio.it", validate.ReasonChars},
		{".mario@esempio.it", validate.ReasonChars},
		{"mario.@esempio.it", validate.ReasonChars},
		{"mario..rossi@esempio.it", validate.ReasonChars},
		{"@esempio.it", validate.ReasonChars},
		{strings.Repeat("a", 65) + "@esempio.it", validate.ReasonChars},
		{"niccolò@esempio.it", validate.ReasonChars},
		{"mario@localhost", validate.ReasonHost},
		{"mario@", validate.ReasonHost},
		{"mario@esempio", validate.ReasonHost},
		{"mario@esempio.", validate.ReasonHost},
		{"mario@-esempio.it", validate.ReasonHost},
		{"mario@esempio-.it", validate.ReasonHost},
		{"mario@esem_pio.it", validate.ReasonHost},
		{"mario@esempio..it", validate.ReasonHost},
		{"mario@192.168.1.1", validate.ReasonHost},
		{"mario@[192.168.1.1]", validate.ReasonHost},
		{"mario@esempio.i", validate.ReasonHost},
		{"mario@città.it", validate.ReasonHost},
		{"mario@esempio.it, anna@esempio.it", validate.ReasonFormat},
	}
	for _, c := range invalid {
		_, err := validate.Email(c.in)
		refused(t, c.in, err, validate.KeyEmail, c.reason)
	}
}

func TestURL(t *testing.T) {
	valid := []struct{ in, want string }{
		{"https://www.esempio.it", "https://www.esempio.it"},
		{"www.esempio.it", "https://www.esempio.it"},
		{"esempio.it/chi-siamo", "https://esempio.it/chi-siamo"},
		{"  http://esempio.it/  ", "http://esempio.it/"},
		{"HTTPS://WWW.Esempio.IT/Pagina?Q=1#Sezione", "https://www.esempio.it/Pagina?Q=1#Sezione"},
		{"https://esempio.it:8443/x", "https://esempio.it:8443/x"},
		{"www.esempio.it:8080", "https://www.esempio.it:8080"},
		{"//esempio.it/x", "https://esempio.it/x"},
		{"https://esempio.it?a=b", "https://esempio.it?a=b"},
		{"https://esempio.it#top", "https://esempio.it#top"},
		{"https://esempio.it/a%20b", "https://esempio.it/a%20b"},
		{"https://città.it/perché", "https://città.it/perché"},
		{"https://CITTÀ.it/Perché", "https://città.it/Perché"},
		{"www.esempio.it/redirect?to=http://altro.it", "https://www.esempio.it/redirect?to=http://altro.it"},
		{"https://comune.xn--caf-dma.it", "https://comune.xn--caf-dma.it"},
	}
	for _, c := range valid {
		if got, err := validate.URL(c.in); err != nil || got != c.want {
			t.Errorf("URL(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	tooLong := "https://esempio.it/" + strings.Repeat("a", 1982) // 2001
	if _, err := validate.URL(tooLong[:2000]); err != nil {
		t.Errorf("2000 characters refused: %v", err)
	}
	invalid := []struct {
		in     string
		key    string
		reason validate.Reason
	}{
		{"", validate.KeyURL, validate.ReasonEmpty},
		{"https://esempio.it/una pagina", validate.KeyURL, validate.ReasonChars},
		{"https://esempio.it/\x7f", validate.KeyURL, validate.ReasonChars},
		{"https://esempio.it/\na", validate.KeyURL, validate.ReasonChars},
		{"https://esempio.it/<script>", validate.KeyURL, validate.ReasonChars},
		{"https:\\\\esempio.it", validate.KeyURL, validate.ReasonChars},
		{"https://esempio.it/\xff", validate.KeyURL, validate.ReasonChars},
		{"ftp://esempio.it", validate.KeyURL, validate.ReasonScheme},
		{"mailto:info@esempio.it", validate.KeyURL, validate.ReasonScheme},
		{"javascript:alert(1)", validate.KeyURL, validate.ReasonScheme},
		{"data:text/html,ciao", validate.KeyURL, validate.ReasonScheme},
		{"file:///etc/passwd", validate.KeyURL, validate.ReasonScheme},
		{"localhost:8080", validate.KeyURL, validate.ReasonScheme},
		{"https://utente:segreta@esempio.it", validate.KeyURL, validate.ReasonCredentials},
		{"https://utente@esempio.it", validate.KeyURL, validate.ReasonCredentials},
		{"http://", validate.KeyURL, validate.ReasonHost},
		{"https:///percorso", validate.KeyURL, validate.ReasonHost},
		{"https://esempio", validate.KeyURL, validate.ReasonHost},
		{"https://192.168.1.1/", validate.KeyURL, validate.ReasonHost},
		{"https://[::1]/", validate.KeyURL, validate.ReasonFormat},
		{"https://esem_pio.it", validate.KeyURL, validate.ReasonHost},
		{"https://esempio.it.", validate.KeyURL, validate.ReasonHost},
		{"esempio", validate.KeyURL, validate.ReasonHost},
		{"https://esempio.it:", validate.KeyURL, validate.ReasonFormat},
		{"https://esempio.it:0", validate.KeyURL, validate.ReasonFormat},
		{"https://esempio.it:65536", validate.KeyURL, validate.ReasonFormat},
		{"https://esempio.it:http", validate.KeyURL, validate.ReasonFormat},
		{"https://esempio.it/%zz", validate.KeyURL, validate.ReasonFormat},
		{tooLong, validate.KeyURLTooLong, validate.ReasonLength},
		{tooLong[8:], validate.KeyURLTooLong, validate.ReasonLength}, // too long once https:// is added
	}
	for _, c := range invalid {
		_, err := validate.URL(c.in)
		refused(t, c.in, err, c.key, c.reason)
	}
}
