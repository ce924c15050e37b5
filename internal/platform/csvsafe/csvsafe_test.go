package csvsafe_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/trama-welfare/trama/internal/platform/csvsafe"
)

// TestFormulasAreNeutralised writes cells that spreadsheets would run and
// reads the file back as a spreadsheet would: every such cell is text
// behind an apostrophe; every other cell comes back as it was.
func TestFormulasAreNeutralised(t *testing.T) {
	formulas := []string{`=HYPERLINK("http://evil.example","x")`, "+39 02 1234", "-2+3+cmd|' /C calc'!A0",
		"@SUM(1+1)", "\t=1+1", "\r=1+1"}
	plain := []string{"Anna Rossi", "anna@example.org", " =1+1", "", `Caffè; "sociale"`, "1'000"}
	for _, comma := range []rune{',', ';'} {
		var b bytes.Buffer
		w := csvsafe.NewWriterComma(&b, comma)
		if err := w.Write(append(append([]string{}, formulas...), plain...)); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(&b)
		r.Comma = comma
		row, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		for i, got := range row {
			if i < len(formulas) {
				// encoding/csv reads a quoted \r back as \n; what matters is the apostrophe.
				if !strings.HasPrefix(got, "'") || len(got) != len(formulas[i])+1 {
					t.Errorf("%q came out as %q", formulas[i], got)
				}
			} else if want := plain[i-len(formulas)]; got != want {
				t.Errorf("%q came out as %q", want, got)
			}
		}
	}
}
