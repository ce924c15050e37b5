package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/hsds"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

// trama import hsds PATH and trama export hsds DIR.

func cmdImport(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "hsds" {
		return usageError{"import: say what to import: hsds PATH"}
	}
	fs := flag.NewFlagSet("import hsds", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	territory := fs.String("territory", "", "territory (ambito) id of every organization of the package")
	lang := fs.String("lang", "en", "language of the messages: en or it")
	path, rest := splitPath(args[1:])
	if err := parse(fs, rest); err != nil {
		return err
	}
	if path == "" {
		return usageError{"import hsds: give the package: a folder or .zip with datapackage.json, or a .json file"}
	}
	a, err := app.Open(ctx, keyConfig(app.Config{DB: *dbPath, Version: version}))
	if err != nil {
		return err
	}
	defer a.Close()
	tr := func(key string, args ...any) string { return a.Cat.T(*lang, key, args...) }
	ctx = audit.WithActor(ctx, audit.Actor{Label: "cli"})
	bar := newProgressBar(os.Stderr)
	start := time.Now()
	p, err := a.HSDS.Spec.Read(path, bar.update)
	bar.done()
	if err != nil {
		return translated(err, tr)
	}
	for _, w := range p.Warnings {
		fmt.Fprintln(stdout, "warning:", w)
	}
	res, err := a.HSDS.Importer().Import(ctx, p, hsds.Options{TerritoryID: *territory, Source: path, Progress: bar.update})
	bar.done()
	if errors.Is(err, hsds.ErrRejected) {
		for _, e := range p.Errors {
			fmt.Fprintln(stdout, e.Message(tr))
		}
		if p.Dropped > 0 {
			fmt.Fprintf(stdout, "… and %d more\n", p.Dropped)
		}
		return fmt.Errorf("%s (%d rejected)", tr("hsds.errors.rejected"), len(p.Errors)+p.Dropped)
	}
	if err != nil {
		return translated(err, tr)
	}
	elapsed := time.Since(start)
	fmt.Fprintf(stdout, "imported %d organizations (%d new), %d services in %s (%.0f services/s)\n",
		res.Organizations, res.Created, res.Services, elapsed.Round(time.Millisecond), float64(res.Services)/elapsed.Seconds())
	printCounts(stdout, res.Rows)
	return nil
}

func cmdExport(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "hsds" {
		return usageError{"export: say what to export: hsds DIR"}
	}
	fs := flag.NewFlagSet("export hsds", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	dir, rest := splitPath(args[1:])
	if err := parse(fs, rest); err != nil {
		return err
	}
	if dir == "" {
		return usageError{"export hsds: give the folder to write"}
	}
	a, err := app.Open(ctx, keyConfig(app.Config{DB: *dbPath, Version: version}))
	if err != nil {
		return err
	}
	defer a.Close()
	bar := newProgressBar(os.Stderr)
	counts, err := a.HSDS.Exporter().Export(ctx, dir, bar.update)
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "exported %d services to %s\n", counts["services.json"], dir)
	printCounts(stdout, counts)
	return nil
}

// splitPath takes the first argument that is not a flag (the path may come
// before or after the flags).
func splitPath(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			return a, append(slices.Clone(args[:i]), args[i+1:]...)
		}
		if !strings.Contains(a, "=") && i+1 < len(args) && a != "-h" && a != "--help" {
			i++ // the flag's value
		}
	}
	return "", args
}

func translated(err error, tr hsds.Translator) error {
	if e, ok := errs.As(err); ok {
		return errors.New(tr(e.Key, e.Args...))
	}
	return err
}

func printCounts(w io.Writer, counts map[string]int) {
	var names []string
	for k := range counts {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		fmt.Fprintf(w, "  %-32s %d\n", k, counts[k])
	}
}
