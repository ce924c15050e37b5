package search

import (
	"strings"

	"github.com/trama-welfare/trama/internal/search/analysis"
)

// expr is a boolean query over the index, rendered for either engine: text
// (an analysed query, in the whole text or the name only), filter tokens
// (any of them), and the combinations AND and "a but not b".
type expr struct {
	op   exprOp
	text analysis.Query
	name bool     // text: in the name only
	tags []string // any of
	kids []expr   // and: all; not: kids[0] but not kids[1]
}

type exprOp uint8

const (
	opText exprOp = iota + 1
	opTags
	opAnd
	opNot
)

func textExpr(q analysis.Query, nameOnly bool) expr { return expr{op: opText, text: q, name: nameOnly} }
func anyTag(tags ...string) expr                    { return expr{op: opTags, tags: tags} }
func butNot(a, b expr) expr                         { return expr{op: opNot, kids: []expr{a, b}} }

// and joins expressions; the zero expr (no condition) is left out.
func and(list ...expr) expr {
	var kids []expr
	for _, e := range list {
		switch {
		case e.op == 0:
		case e.op == opAnd:
			kids = append(kids, e.kids...)
		default:
			kids = append(kids, e)
		}
	}
	switch len(kids) {
	case 0:
		return expr{}
	case 1:
		return kids[0]
	}
	return expr{op: opAnd, kids: kids}
}

// fts5 renders the expression for SQLite FTS5 MATCH against the columns
// name, body and tags.
func (e expr) fts5() string {
	switch e.op {
	case opText:
		if e.name {
			return e.text.FTS5MatchIn("name")
		}
		return e.text.FTS5MatchIn("name", "body")
	case opTags:
		q := make([]string, len(e.tags))
		for i, t := range e.tags {
			q[i] = `"` + squash(t) + `"`
		}
		return "{tags} : (" + strings.Join(q, " OR ") + ")"
	case opAnd:
		parts := make([]string, len(e.kids))
		for i, k := range e.kids {
			parts[i] = k.fts5()
		}
		return "(" + strings.Join(parts, " AND ") + ")"
	case opNot:
		return "(" + e.kids[0].fts5() + " NOT " + e.kids[1].fts5() + ")"
	}
	return ""
}

// pgWhere renders the expression as a PostgreSQL condition on the
// tsvectors doc (the whole text), name and tags of search_fts, built with
// to_tsvector('simple', …), its tsqueries added to a.
func (e expr) pgWhere(a *args) string {
	switch e.op {
	case opText:
		col := "doc"
		if e.name {
			col = "name"
		}
		return col + " @@ to_tsquery('simple', " + a.add(e.text.TSQuery()) + ")"
	case opTags:
		q := make([]string, len(e.tags))
		for i, t := range e.tags {
			q[i] = squash(t)
		}
		return "tags @@ to_tsquery('simple', " + a.add(strings.Join(q, " | ")) + ")"
	case opAnd:
		// The filters of an AND become one tsquery: one index scan.
		var parts, tags []string
		for _, k := range e.kids {
			if k.op == opTags {
				q := make([]string, len(k.tags))
				for i, t := range k.tags {
					q[i] = squash(t)
				}
				tags = append(tags, "("+strings.Join(q, " | ")+")")
				continue
			}
			parts = append(parts, k.pgWhere(a))
		}
		if len(tags) > 0 {
			parts = append(parts, "tags @@ to_tsquery('simple', "+a.add(strings.Join(tags, " & "))+")")
		}
		return "(" + strings.Join(parts, " AND ") + ")"
	case opNot:
		return "(" + e.kids[0].pgWhere(a) + " AND NOT " + e.kids[1].pgWhere(a) + ")"
	}
	return "TRUE"
}
