// Package csvsafe writes CSV that spreadsheet programs open without running
// anything people typed: a cell that starts like a formula (= + - @, a tab
// or a carriage return) is prefixed with an apostrophe, as OWASP advises
// against CSV injection. Every CSV that people download goes through it.
package csvsafe

import (
	"encoding/csv"
	"io"
)

// Cell returns s as a spreadsheet reads it as text, never as a formula.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Writer is a csv.Writer whose every cell goes through Cell.
type Writer struct {
	w   *csv.Writer
	rec []string
}

// NewWriter writes comma-separated values to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// NewWriterComma writes values separated by comma (';' for spreadsheets set
// to Italian).
func NewWriterComma(w io.Writer, comma rune) *Writer {
	cw := NewWriter(w)
	cw.w.Comma = comma
	return cw
}

// Write writes one record, each cell neutralised.
func (w *Writer) Write(record []string) error {
	w.rec = w.rec[:0]
	for _, s := range record {
		w.rec = append(w.rec, Cell(s))
	}
	return w.w.Write(w.rec)
}

// Flush writes any buffered data.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports an error of a previous Write or Flush.
func (w *Writer) Error() error { return w.w.Error() }
