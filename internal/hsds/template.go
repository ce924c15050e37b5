package hsds

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/trama-welfare/trama/internal/platform/csvsafe"
	"github.com/trama-welfare/trama/internal/platform/errs"
	"github.com/trama-welfare/trama/internal/platform/text"
)

// The spreadsheet template for associations that keep their list of
// activities in a spreadsheet: one row per service, in Italian, the
// organization repeated on each of its rows. Rows of the same organization
// (same codice fiscale, or same name) make one organization.

// tplColumn is a column of the template.
type tplColumn struct {
	Key      string   // folded header
	Header   string   // as written in the template
	Aliases  []string // other folded headers accepted
	Required bool
	Example  string // shown on the import page
}

// tplColumns are the template's columns, in order.
var tplColumns = []tplColumn{
	{Key: "ente", Header: "Ente", Aliases: []string{"nome_ente", "organizzazione", "associazione"}, Required: true, Example: "Associazione Il Ponte"},
	{Key: "codice_fiscale", Header: "Codice fiscale", Aliases: []string{"cf", "codice_fiscale_ente"}, Example: "97123450153"},
	{Key: "tipo", Header: "Tipo di ente", Aliases: []string{"tipo_ente", "tipologia"}, Example: "APS"},
	{Key: "descrizione_ente", Header: "Descrizione dell'ente", Aliases: []string{"descrizione_dell_ente", "chi_siamo"}, Example: "Associazione di genitori del quartiere."},
	{Key: "email_ente", Header: "E-mail dell'ente", Aliases: []string{"e_mail_dell_ente", "email_dell_ente", "mail_ente"}, Example: "info@ilponte.example"},
	{Key: "sito_ente", Header: "Sito dell'ente", Aliases: []string{"sito_dell_ente", "sito_web_ente"}, Example: "https://ilponte.example"},
	{Key: "servizio", Header: "Servizio", Aliases: []string{"attivita", "nome_servizio", "nome_attivita"}, Required: true, Example: "Doposcuola"},
	{Key: "descrizione", Header: "Descrizione del servizio", Aliases: []string{"descrizione_servizio", "descrizione_attivita"}, Required: true, Example: "Aiuto compiti e giochi per i ragazzi delle medie."},
	{Key: "categorie", Header: "Categorie", Aliases: []string{"categoria"}, Required: true, Example: "Doposcuola e aiuto compiti"},
	{Key: "destinatari", Header: "Destinatari", Aliases: []string{"per_chi", "a_chi"}, Example: "Ragazzi 11-14 anni"},
	{Key: "eta_min", Header: "Età minima", Aliases: []string{"eta_minima", "da_eta"}, Example: "11"},
	{Key: "eta_max", Header: "Età massima", Aliases: []string{"eta_massima", "fino_a_eta"}, Example: "14"},
	{Key: "gratuito", Header: "Gratuito", Aliases: []string{"gratis"}, Example: "sì"},
	{Key: "costo", Header: "Costo (euro)", Aliases: []string{"costo", "costo_euro", "prezzo", "quota"}, Example: ""},
	{Key: "comune", Header: "Comune", Example: "Buccinasco"},
	{Key: "indirizzo", Header: "Indirizzo", Aliases: []string{"via"}, Example: "Via Roma 1"},
	{Key: "cap", Header: "CAP", Example: "20090"},
	{Key: "sede", Header: "Nome della sede", Aliases: []string{"sede", "nome_sede", "luogo"}, Example: "Oratorio San Luigi"},
	{Key: "giorni", Header: "Giorni", Aliases: []string{"giorno"}, Example: "lun, mer"},
	{Key: "orari", Header: "Orari", Aliases: []string{"orario", "ore"}, Example: "15:00-18:00"},
	{Key: "telefono", Header: "Telefono", Aliases: []string{"tel", "cellulare"}, Example: "02 4880000"},
	{Key: "email", Header: "E-mail", Aliases: []string{"e_mail", "mail", "email_servizio"}, Example: "doposcuola@ilponte.example"},
	{Key: "sito", Header: "Sito web", Aliases: []string{"sito", "sito_web", "web", "link"}, Example: ""},
	{Key: "accesso", Header: "Come accedere", Aliases: []string{"come_accedere", "iscrizione", "modalita_di_accesso"}, Example: "Iscrizione in segreteria."},
}

// headerKey folds a header: lowercase, no accents, words joined by "_".
func headerKey(h string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(text.Fold(h), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		b.WriteString(w)
	}
	return b.String()
}

// columnOf returns the template column a header stands for, or nil.
func columnOf(header string) *tplColumn {
	k := headerKey(header)
	for i, c := range tplColumns {
		if k == c.Key || k == headerKey(c.Header) {
			return &tplColumns[i]
		}
		for _, a := range c.Aliases {
			if k == a {
				return &tplColumns[i]
			}
		}
	}
	return nil
}

// Template is the empty spreadsheet to download: UTF-8 with a byte order
// mark and semicolons, as spreadsheets set to Italian open and save it.
func Template() []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csvsafe.NewWriterComma(&b, ';')
	headers := make([]string, len(tplColumns))
	for i, c := range tplColumns {
		headers[i] = c.Header
	}
	w.Write(headers)
	w.Flush()
	return b.Bytes()
}

// maxTemplateBytes caps an uploaded spreadsheet.
const maxTemplateBytes = 5 << 20

// decodeText returns the file as UTF-8: spreadsheets on Windows often save
// CSV in Windows-1252.
func decodeText(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if utf8.Valid(b) {
		return string(b)
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\ufffd")
	}
	return string(out)
}

// splitCSV reads the file's rows with the separator its first line uses
// (semicolon, comma or tab). Rows keep their line numbers; empty rows are
// skipped.
func splitCSV(content string) (header []string, rows [][]string, lines []int, err error) {
	first, _, _ := strings.Cut(content, "\n")
	comma := ';'
	for _, c := range []rune{',', '\t'} {
		if strings.Count(first, string(c)) > strings.Count(first, string(comma)) {
			comma = c
		}
	}
	r := csv.NewReader(strings.NewReader(content))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = comma, -1, true
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, nil, errs.E("hsds.template.errors.csv", err.Error())
		}
		line, _ := r.FieldPos(0)
		if header == nil {
			header = append([]string{}, rec...)
			continue
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		rows = append(rows, append([]string{}, rec...))
		lines = append(lines, line)
	}
	if header == nil {
		return nil, nil, nil, errs.E("hsds.template.errors.empty")
	}
	return header, rows, lines, nil
}
