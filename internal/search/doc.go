// Package search is the portal's search: an index of the services the
// public may see, kept in step with what the directory publishes, and the
// query layer and page (/servizi) that search it, the same way on SQLite
// and PostgreSQL.
//
// Index (index.go, document.go, tags.go). One document per public service
// (published, of an active organization, not removed, active or
// temporarily closed), rebuilt by Reindex inside the transaction that
// publishes, archives, restores or confirms an organization
// (directory.Indexer). A document is the Italian analysis of the name and
// of everything else (description, organization, categories, target
// groups, places, and when in words: "sabato pomeriggio"), plus filter
// tokens (tags.go): categories with their parents, target groups,
// languages, ages (each year of childhood, adults, older people, or every
// age), days and parts of the day derived from internal/schedule,
// comuni, geographic cells of each place (a confidential place sits at its
// comune's centre), free, accessible, territory. Text and tokens go to one
// full-text index — FTS5 columns on SQLite (search_sqlite.go), tsvectors
// with GIN indexes on PostgreSQL (search_postgres.go) — so filters are
// intersected by the index itself, alike on both. search_docs holds what
// results show; search_places the points for exact distances;
// search_vocabulary the stems for typo tolerance and type-ahead.
//
// Query (search.go, window.go, results.go). Search parses the words
// (internal/search/analysis: inflections, synonyms, a typo, the word being
// typed as the index stems it starts), adds the filters and ranks with one
// key both engines compute alike: text tier (every word as typed: +2,
// every word in the name: +1), age fit, distance band from the origin,
// freshness (the rid: verification day, then indexing order). Each tier
// is its own query read in rid order, so the index stops early; with an
// origin, bands are read from the nearest. A search ranks a window of the
// first Window results: the total and the category counts are taken on
// it, exact below Window and marked as "more" above. Score explains each
// result's place (debug=1 for the network's staff).
//
// Page (handlers.go, form.go, understand.go, templates/). GET /servizi
// with every state in the URL, working without JavaScript;
// web/static/js/search.js adds instant results (the same URL, answered
// with the results part only), suggestions (/servizi/suggerimenti),
// "vicino a me" and a Leaflet map. Filters typed as words ("sabato
// pomeriggio", "8 anni", "vicino a Buccinasco") are read as filters.
//
// Measurement: internal/search/synthetic writes a national synthetic
// directory (trama seed --synthetic N); internal/search/benchmix is the
// fixed query mix of make bench (cmd/trama-bench, docs/PERFORMANCE.md).
package search
