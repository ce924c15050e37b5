package db

import (
	"fmt"
	"strings"
)

// Where collects the conditions of a hand-written WHERE clause and their
// arguments, numbered $1, $2, … in the order they are added (both engines
// bind $N positionally).
type Where struct {
	Conds []string
	Args  []any
}

// Arg adds v to the arguments and returns its placeholder.
func (w *Where) Arg(v any) string {
	w.Args = append(w.Args, v)
	return fmt.Sprintf("$%d", len(w.Args))
}

// In adds vs to the arguments and returns their placeholders,
// comma-separated, for IN (…).
func (w *Where) In(vs []string) string {
	ph := make([]string, len(vs))
	for i, v := range vs {
		ph[i] = w.Arg(v)
	}
	return strings.Join(ph, ", ")
}

// Add adds a condition ("" adds none).
func (w *Where) Add(cond string) {
	if cond != "" {
		w.Conds = append(w.Conds, cond)
	}
}

// SQL is the conditions joined by AND, "1 = 1" when there are none.
func (w *Where) SQL() string {
	if len(w.Conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(w.Conds, " AND ")
}
