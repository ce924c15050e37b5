package analysis_test

import (
	"context"
	"slices"
	"testing"

	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/dbtest"
	"github.com/trama-welfare/trama/internal/search/analysis"
)

var corpus = []string{
	"Doposcuola Il Girasole: aiuto compiti per bambini delle elementari",
	"Sostegno scolastico e studio assistito per ragazzi delle medie",
	"Ludoteca comunale: spazio gioco per bambine e bambini 3-6 anni",
	"Centro estivo sportivo: calcio, nuoto in piscina, attività sportive",
	"Grest parrocchiale all'oratorio San Luigi",
	"Corsi di italiano per stranieri, livello L2 e B1",
	"Ginnastica dolce per la terza età (over 65)",
	"Circolo anziani: tombola, gite, musica",
	"Centro per le Famiglie: mediazione familiare e consulenza",
	"Emporio della solidarietà: spesa solidale per famiglie in difficoltà",
	"Banda musicale e coro delle voci bianche",
	"Sportello lavoro e orientamento",
	"Laboratori creativi nell'università della terza età",
	"Nido d'infanzia L'Aquilone, città di Lodi",
}

var engineQueries = []string{
	"aiuto compiti", "doposcuola", "ludoteca", "sportiv", "sportive", "centri estivi",
	"calcio", "anziano", "terza età", "over 65", "italiano per stranieri", "L2",
	"famiglie", `"centro per le famiglie"`, `"centro per le fam`, "musica", "coro",
	"emporio solidale", "asilo nido", "citta", "universita", "oratorio", "calcoi",
	"ludotca", "educazi", "mil", "bambi", "3 ", "65", "il della",
	`NEAR(calcio nuoto)`, `calcio* OR "x"`, `col:nuoto`, `'; DROP TABLE docs; --`,
	`a & b | !c <-> d:*`, "\xff\xfe nuoto \x80",
}

// TestEngines runs the rendered queries on SQLite FTS5 (and on PostgreSQL
// when configured) and checks that both agree with Query.Matches: one
// analysis, the same results on both engines, and no input breaks the
// engine syntax.
func TestEngines(t *testing.T) {
	var vocab analysis.Vocabulary
	for _, doc := range corpus {
		vocab.Add(analysis.Tokens(doc)...)
	}
	opts := analysis.Options{Prefix: true, Synonyms: analysis.DefaultSynonyms(), Vocabulary: &vocab}
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		create, insert, search := "CREATE VIRTUAL TABLE docs USING fts5(body)",
			"INSERT INTO docs(rowid, body) VALUES ($1, $2)",
			"SELECT rowid FROM docs WHERE docs MATCH $1 ORDER BY rowid"
		if d.Dialect == db.Postgres {
			create, insert, search = "CREATE TABLE docs (id int PRIMARY KEY, body tsvector NOT NULL)",
				"INSERT INTO docs(id, body) VALUES ($1, to_tsvector('simple', $2))",
				"SELECT id FROM docs WHERE body @@ to_tsquery('simple', $1) ORDER BY id"
		}
		if _, err := d.W.ExecContext(ctx, create); err != nil {
			t.Fatal(err)
		}
		for i, doc := range corpus {
			if _, err := d.W.ExecContext(ctx, insert, i+1, analysis.IndexText(doc)); err != nil {
				t.Fatal(err)
			}
		}
		for _, text := range engineQueries {
			q := analysis.ParseQuery(text, opts)
			if q.Empty() {
				continue // callers list without text filtering
			}
			// The whole query, and the exact tier used for ranking.
			for _, q := range []analysis.Query{q, q.AtLeast(analysis.Exact.Weight())} {
				expr := q.FTS5Match()
				if d.Dialect == db.Postgres {
					expr = q.TSQuery()
				}
				got, err := ids(ctx, d, search, expr)
				if err != nil {
					t.Errorf("%q → %s: %v", text, expr, err)
					continue
				}
				want := []int{}
				for i, doc := range corpus {
					if q.Matches(analysis.IndexText(doc)) {
						want = append(want, i+1)
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("%q → %s: rows %v, Matches says %v", text, expr, got, want)
				}
			}
		}
	})
}

func ids(ctx context.Context, d *db.DB, query string, args ...any) ([]int, error) {
	rows, err := d.R.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []int{}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
