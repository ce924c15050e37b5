// Package analysis is Trama's Italian text analysis, shared by the two
// search engines so that SQLite and PostgreSQL find the same things.
//
// Indexing: IndexText(fields…) folds case and accents (attività =
// attivita), splits on anything that is not a letter or digit, drops elided
// articles (dell'acqua → acqua, with ' or ’), Italian stop words and
// over-long words, and stems the rest with the Snowball Italian stemmer
// (numbers are kept). The result, space-separated tokens, is what both
// engines store:
//
//   - SQLite: an FTS5 table whose column holds IndexText (any tokenizer
//     that splits on spaces, e.g. the default unicode61), queried with
//     `col MATCH q.FTS5Match()`.
//   - PostgreSQL: a tsvector column built as to_tsvector('simple',
//     IndexText(…)), queried with `col @@ to_tsquery('simple', q.TSQuery())`.
//     Use a database with a UTF-8 ctype so that non-Latin letters are word
//     characters there too.
//
// Querying: ParseQuery turns what a user typed into a Query, an AND of
// clauses, each an OR of alternatives (Alt): the user's word, its other
// inflections, synonyms (data/sinonimi.txt, applied at query time, multi-
// word aware), vocabulary stems one typo away, and for type-ahead the last
// word as a prefix. Each Alt has a Kind whose Weight ranks exact matches
// above the others: rank by q.AtLeast(Exact.Weight()) first (documents that
// match the user's own words), then by the engine's own score. An empty
// Query renders as "": list without text filtering.
//
// Typo tolerance needs the index vocabulary: load the distinct stems into a
// Vocabulary (from an fts5vocab table on SQLite, ts_stat on PostgreSQL) and
// pass it in Options.
//
// Explain(q) prints the clauses and alternatives for a debug flag.
package analysis
