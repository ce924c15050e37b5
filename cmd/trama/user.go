package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/trama-welfare/trama/internal/app"
	"github.com/trama-welfare/trama/internal/platform/audit"
	"github.com/trama-welfare/trama/internal/platform/auth"
	"github.com/trama-welfare/trama/internal/platform/db"
	"github.com/trama-welfare/trama/internal/platform/errs"
)

func cmdUser(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{"user: say create or set-role"}
	}
	ctx = audit.WithActor(ctx, audit.Actor{Label: "cli"})
	switch args[0] {
	case "create":
		return userCreate(ctx, args[1:], stdin, stdout)
	case "set-role":
		return userSetRole(ctx, args[1:], stdout)
	}
	return usageError{fmt.Sprintf("user: unknown subcommand %q (create, set-role)", args[0])}
}

func userCreate(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	email := fs.String("email", "", "e-mail address (required)")
	name := fs.String("name", "", "full name (default: the part of the e-mail before @)")
	role := fs.String("role", "", "admin, coordinatore, operatore, volontario or cittadino (required)")
	territory := fs.String("territory", "", "territory id")
	lang := fs.String("lang", "it", "language: it or en")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" || *role == "" {
		return usageError{"user create: --email and --role are required"}
	}
	if *name == "" {
		*name, _, _ = strings.Cut(*email, "@")
	}
	pw := ""
	if *pwStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read password: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
		if pw == "" {
			return usageError{"user create: empty password on standard input"}
		}
	}
	a, err := app.Open(ctx, keyConfig(app.Config{DB: *dbPath, Version: version}))
	if err != nil {
		return err
	}
	defer a.Close()
	u, password, err := a.Auth.CreateUser(ctx, auth.NewUser{Email: *email, Name: *name, Role: auth.Role(*role),
		TerritoryID: *territory, Lang: *lang, Password: pw, Verified: true})
	if err != nil {
		return explain(a, err)
	}
	fmt.Fprintf(stdout, "created %s\n", u)
	if !*pwStdin {
		fmt.Fprintf(stdout, "one-time password: %s\n(change it from the profile page after logging in)\n", password)
	}
	return nil
}

func userSetRole(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("user set-role", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	email := fs.String("email", "", "e-mail address (required)")
	role := fs.String("role", "", "new role (required)")
	territory := fs.String("territory", "", "territory id (unchanged when empty)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" || *role == "" {
		return usageError{"user set-role: --email and --role are required"}
	}
	a, err := app.Open(ctx, keyConfig(app.Config{DB: *dbPath, Version: version}))
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Auth.SetRole(ctx, *email, auth.Role(*role), *territory)
	if err != nil {
		return explain(a, err)
	}
	fmt.Fprintf(stdout, "updated %s\n", u)
	return nil
}

// explain turns a domain error into English sentences for the terminal.
func explain(a *app.App, err error) error {
	e, ok := errs.As(err)
	if !ok {
		return err
	}
	if e.Code == errs.NotFound {
		return errors.New("no such user")
	}
	msgs := []string{}
	if e.Key != "" && e.Key != "errors.invalid_form" {
		msgs = append(msgs, a.Cat.T("en", e.Key, e.Args...))
	}
	for field, f := range e.Fields {
		msgs = append(msgs, "--"+field+": "+a.Cat.T("en", f.Key, f.Args...))
	}
	return errors.New(strings.Join(msgs, "; "))
}

func cmdBackup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	to := fs.String("to", "", "file to write the copy to (must not exist)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *to == "" {
		return usageError{"backup: --to FILE is required"}
	}
	d, err := db.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := db.Backup(ctx, d, *to); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s\n", *to)
	return nil
}

func cmdRestore(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	dbPath := dbFlag(fs)
	from := fs.String("from", "", "backup file made by trama backup")
	force := fs.Bool("force", false, "replace an existing database")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" {
		return usageError{"restore: --from FILE is required"}
	}
	if err := db.Restore(ctx, *from, *dbPath, *force); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database %s restored from %s\n", *dbPath, *from)
	return nil
}
