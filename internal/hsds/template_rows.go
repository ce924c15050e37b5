package hsds

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/trama-welfare/trama/internal/directory"
	"github.com/trama-welfare/trama/internal/platform/text"
	"github.com/trama-welfare/trama/internal/platform/validate"
)

// tplRow is a row of the spreadsheet, read and checked.
type tplRow struct {
	Line                           int
	Ente, CF, Kind, DescrEnte      string
	EmailEnte, SitoEnte            string
	Servizio, Descrizione, Accesso string
	Categorie, Destinatari         []string // term codes
	MinAge, MaxAge                 *int
	Free                           *bool
	Cost                           *float64
	Comune, Indirizzo, CAP, Sede   string
	Days                           []string // MO…SU
	Slots                          [][2]string
	Telefono, Email, Sito          string
}

// rowReader reads rows, with what it needs to understand them.
type rowReader struct {
	file   string
	cols   []*tplColumn                 // by position in the file
	terms  map[string]map[string]string // taxonomy → folded name or code → code
	comuni *comuni
	errs   []RowError
}

func newRowReader(ctx context.Context, tax *directory.Taxonomies, file string, header []string) (*rowReader, error) {
	terms, err := termNames(ctx, tax)
	if err != nil {
		return nil, err
	}
	return rowReaderWith(terms, file, header)
}

// termNames maps, for the services' and the targets' taxonomies, the
// folded names and codes of every term to its code.
func termNames(ctx context.Context, tax *directory.Taxonomies) (map[string]map[string]string, error) {
	terms := map[string]map[string]string{}
	for _, taxonomy := range []string{directory.TaxServices, directory.TaxTargets} {
		tree, err := tax.Tree(ctx, taxonomy)
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		var add func([]directory.Term)
		add = func(list []directory.Term) {
			for _, t := range list {
				m[text.Fold(t.Name)], m[text.Fold(t.Code)], m[text.Fold(t.NameEN)] = t.Code, t.Code, t.Code
				add(t.Children)
			}
		}
		add(tree)
		terms[taxonomy] = m
	}
	return terms, nil
}

// rowReaderWith reads a file of the given header with the given terms.
func rowReaderWith(terms map[string]map[string]string, file string, header []string) (*rowReader, error) {
	ix, err := comuniIndex()
	if err != nil {
		return nil, err
	}
	r := &rowReader{file: file, comuni: ix, terms: terms}
	seen := map[string]bool{}
	for _, h := range header {
		c := columnOf(h)
		if c == nil && strings.TrimSpace(h) != "" {
			r.fail(1, h, "hsds.template.errors.unknown_column")
		}
		if c != nil && seen[c.Key] {
			r.fail(1, h, "hsds.template.errors.duplicate_column")
			c = nil
		}
		if c != nil {
			seen[c.Key] = true
		}
		r.cols = append(r.cols, c)
	}
	for _, c := range tplColumns {
		if c.Required && !seen[c.Key] {
			r.fail(1, c.Header, "hsds.template.errors.missing_column")
		}
	}
	return r, nil
}

func (r *rowReader) fail(line int, field, key string, args ...any) {
	r.errs = append(r.errs, RowError{File: r.file, Line: line, Field: field, Key: key, Args: args})
}

// read checks one row; ok is false when it has errors (recorded).
func (r *rowReader) read(cells []string, line int) (tplRow, bool) {
	before := len(r.errs)
	cell := map[string]string{}
	for i, c := range r.cols {
		if c != nil && i < len(cells) {
			cell[c.Key] = strings.TrimSpace(cells[i])
		}
	}
	header := func(key string) string {
		for _, c := range tplColumns {
			if c.Key == key {
				return c.Header
			}
		}
		return key
	}
	var v validate.Checker
	row := tplRow{Line: line, Ente: cell["ente"], Servizio: cell["servizio"], Descrizione: cell["descrizione"],
		DescrEnte: cell["descrizione_ente"], Accesso: cell["accesso"], Sede: cell["sede"], Indirizzo: cell["indirizzo"]}
	for _, k := range []string{"ente", "servizio", "descrizione", "categorie"} {
		v.Required(k, cell[k])
	}
	row.CF = v.CodiceFiscale("codice_fiscale", cell["codice_fiscale"])
	row.EmailEnte = v.Email("email_ente", cell["email_ente"])
	row.SitoEnte = v.URL("sito_ente", cell["sito_ente"])
	row.Email = v.Email("email", cell["email"])
	row.Sito = v.URL("sito", cell["sito"])
	row.Telefono = v.Phone("telefono", cell["telefono"])
	if s := cell["tipo"]; s != "" {
		if row.Kind = kindOf(s); row.Kind == "" {
			v.Fail("tipo", "hsds.template.errors.kind", s)
		}
	}
	lo, hi := v.AgeRange("eta_min", "eta_max", cell["eta_min"], cell["eta_max"])
	if cell["eta_min"] != "" && v.Fields["eta_min"].Key == "" {
		row.MinAge = &lo
	}
	if cell["eta_max"] != "" && v.Fields["eta_max"].Key == "" {
		row.MaxAge = &hi
	}
	if s := cell["gratuito"]; s != "" {
		if b, ok := parseBool(s); ok {
			row.Free = &b
		} else {
			v.Fail("gratuito", "hsds.template.errors.yes_no", s)
		}
	}
	if s := cell["costo"]; s != "" {
		x, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(strings.TrimPrefix(s, "€")), ",", "."), 64)
		switch {
		case err != nil || x < 0 || x > 1_000_000:
			v.Fail("costo", "hsds.template.errors.cost", s)
		case row.Free != nil && *row.Free && x > 0:
			v.Fail("costo", "hsds.template.errors.free_with_cost")
		default:
			row.Cost = &x
		}
	}
	row.Categorie = r.codes(&v, "categorie", cell["categorie"], directory.TaxServices)
	row.Destinatari = r.codes(&v, "destinatari", cell["destinatari"], directory.TaxTargets)
	r.place(&v, &row, cell)
	r.times(&v, &row, cell)
	for k, f := range v.Fields {
		r.fail(line, header(k), f.Key, f.Args...)
	}
	return row, len(r.errs) == before
}

// codes reads a list of terms by name or code. Names may hold commas
// ("Musica, arte e teatro"): the longest run of pieces that names a term
// is taken.
func (r *rowReader) codes(v *validate.Checker, field, s, taxonomy string) []string {
	var out []string
	items := splitItems(s)
	for i := 0; i < len(items); {
		taken := 0
		for j := len(items); j > i; j-- {
			if code, ok := r.terms[taxonomy][text.Fold(strings.Join(items[i:j], ", "))]; ok {
				out, taken = append(out, code), j-i
				break
			}
		}
		if taken == 0 {
			v.Fail(field, "hsds.template.errors.term", items[i])
			taken = 1
		}
		i += taken
	}
	return out
}

var province = regexp.MustCompile(`^(.*?)\s*\(([^)]*)\)\s*$`)

// place reads where: comune (name, "Name (MI)" or ISTAT code), address
// and CAP, all needed together.
func (r *rowReader) place(v *validate.Checker, row *tplRow, cell map[string]string) {
	c := cell["comune"]
	if c == "" && row.Indirizzo == "" && cell["cap"] == "" {
		return
	}
	switch {
	case c == "":
		v.Fail("comune", "hsds.template.errors.comune_missing")
	case r.comuni.known[c]:
		row.Comune = c
	default:
		name, prov := c, ""
		if m := province.FindStringSubmatch(c); m != nil {
			name, prov = m[1], m[2]
		}
		list := r.comuni.byName[text.Fold(name)]
		if len(list) > 1 && prov == "" {
			v.Fail("comune", "hsds.template.errors.comune_ambiguous", c)
		} else if row.Comune = comuneOf(list, prov); row.Comune == "" {
			v.Fail("comune", "hsds.template.errors.comune", c)
		}
	}
	v.Required("indirizzo", row.Indirizzo)
	row.CAP = v.CAP("cap", v.Required("cap", cell["cap"]))
}

// times reads the days and the hours of a weekly schedule.
func (r *rowReader) times(v *validate.Checker, row *tplRow, cell map[string]string) {
	if s := cell["giorni"]; s != "" {
		days, bad := parseDays(s)
		if bad != "" {
			v.Fail("giorni", "hsds.template.errors.day", bad)
		}
		row.Days = days
	}
	if s := cell["orari"]; s != "" {
		if len(row.Days) == 0 && cell["giorni"] == "" {
			v.Fail("giorni", "hsds.template.errors.days_missing")
		}
		for _, slot := range splitItems(strings.ReplaceAll(s, " e ", ",")) {
			from, to, ok := strings.Cut(strings.ReplaceAll(slot, "–", "-"), "-")
			if !ok {
				v.Fail("orari", "hsds.template.errors.slot", slot)
				continue
			}
			open, cl := v.TimeOfDay("orari", hour(from)), v.TimeOfDay("orari", hour(to))
			if v.Fields.Has("orari") {
				continue
			}
			row.Slots = append(row.Slots, [2]string{open, cl})
		}
	}
}

// hour accepts 15, 15.30, 15:30.
func hour(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", ":")
	if _, err := strconv.Atoi(s); err == nil {
		return s + ":00"
	}
	return s
}

// splitItems splits a cell's list: commas, semicolons, slashes.
func splitItems(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '/' || r == '|' || r == '\n'
	}) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var dayNames = map[string]int{}

func init() {
	for i, names := range [][]string{
		{"lun", "lunedi", "lu", "mo", "mon", "monday"}, {"mar", "martedi", "ma", "tu", "tue", "tuesday"},
		{"mer", "mercoledi", "me", "we", "wed", "wednesday"}, {"gio", "giovedi", "gi", "th", "thu", "thursday"},
		{"ven", "venerdi", "ve", "fr", "fri", "friday"}, {"sab", "sabato", "sa", "sat", "saturday"},
		{"dom", "domenica", "do", "su", "sun", "sunday"},
	} {
		for _, n := range names {
			dayNames[n] = i
		}
	}
}

// parseDays reads "lun, mer", "lunedì e venerdì", "lun-ven", "da lunedì a
// venerdì", "tutti i giorni"; bad is the first word it did not understand.
func parseDays(s string) (days []string, bad string) {
	f := strings.NewReplacer("–", "-", " a ", "-", "da ", "", ".", "", " e ", ",").Replace(text.Fold(s))
	if strings.Contains(f, "tutti i giorni") || f == "tutti" {
		return directory.Weekdays, ""
	}
	seen := map[int]bool{}
	for _, part := range splitItems(f) {
		from, to, isRange := strings.Cut(part, "-")
		a, okA := dayNames[strings.TrimSpace(from)]
		if !okA {
			return nil, part
		}
		b := a
		if isRange {
			var okB bool
			if b, okB = dayNames[strings.TrimSpace(to)]; !okB {
				return nil, part
			}
		}
		for d := a; ; d = (d + 1) % 7 {
			seen[d] = true
			if d == b {
				break
			}
		}
	}
	for i, code := range directory.Weekdays {
		if seen[i] {
			days = append(days, code)
		}
	}
	return days, ""
}

// kindOf reads the kind of organization from its name or code.
func kindOf(s string) string {
	k := headerKey(s)
	for _, code := range directory.Kinds {
		if k == code {
			return code
		}
	}
	aliases := map[string]string{
		"organizzazione_di_volontariato": "odv", "associazione_di_promozione_sociale": "aps",
		"cooperativa_sociale": "impresa_sociale", "coop_sociale": "impresa_sociale",
		"societa_di_mutuo_soccorso": "sms", "ente_del_terzo_settore": "altro_ets", "ets": "altro_ets",
		"oratorio": "parrocchia", "parrocchia_oratorio": "parrocchia", "comitato_genitori": "comitato",
		"comune": "servizio_pubblico", "ente_pubblico": "servizio_pubblico",
		"gruppo": "gruppo_informale", "azienda": "impresa",
	}
	return aliases[k]
}
