package hsdstest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// EnvSchemas names the environment variable that overrides where the
// compiled schemas are (the folder holding service.json and the others).
const EnvSchemas = "TRAMA_HSDS_SCHEMAS"

// BaseURL is where Open Referral publishes the HSDS 3.0 schemas. The local
// files are registered under it, so the references between them (and the
// ones in openapi.json) resolve without the network.
const BaseURL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

// pageBaseURL is where the page schemas built here are registered.
const pageBaseURL = "https://trama.invalid/hsdstest/page/"

// sharedSchemas is the compiled folder relative to the shared folder that
// sits beside the project.
var sharedSchemas = filepath.Join("shared", "hsds-3.0", "schema", "compiled")

// SchemaDir returns the folder of the compiled HSDS schemas: $TRAMA_HSDS_SCHEMAS
// when set, else ../shared/hsds-3.0/schema/compiled relative to the project
// root (the folder with go.mod, found walking up from the working
// directory). When the project is a git worktree nested deeper than the
// shared folder, the ancestors of the root are tried in turn.
func SchemaDir() (string, error) {
	if dir := os.Getenv(EnvSchemas); dir != "" {
		if !isDir(dir) {
			return "", fmt.Errorf("hsdstest: $%s=%s is not a folder", EnvSchemas, dir)
		}
		return filepath.Clean(dir), nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("hsdstest: %w", err)
	}
	root := wd
	for !isFile(filepath.Join(root, "go.mod")) {
		parent := filepath.Dir(root)
		if parent == root {
			return "", fmt.Errorf("hsdstest: no go.mod above %s", wd)
		}
		root = parent
	}
	for dir := filepath.Dir(root); ; dir = filepath.Dir(dir) {
		if candidate := filepath.Join(dir, sharedSchemas); isDir(candidate) {
			return candidate, nil
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	return "", fmt.Errorf("hsdstest: no %s beside %s or its parents; set $%s",
		sharedSchemas, root, EnvSchemas)
}

func isDir(p string) bool  { fi, err := os.Stat(p); return err == nil && fi.IsDir() }
func isFile(p string) bool { fi, err := os.Stat(p); return err == nil && fi.Mode().IsRegular() }

// registry holds the schemas of one folder, compiled on demand.
type registry struct {
	mu       sync.Mutex
	compiler *jsonschema.Compiler
	urls     map[string]string // schema name → URL of its file
	compiled map[string]*jsonschema.Schema
}

var (
	registriesMu sync.Mutex
	registries   = map[string]*registry{} // by compiled folder
)

// registryFor loads (once) every schema of the compiled folder and of the
// folder above it (the modular schemas and openapi.json).
func registryFor(dir string) (*registry, error) {
	registriesMu.Lock()
	defer registriesMu.Unlock()
	if r, ok := registries[dir]; ok {
		return r, nil
	}
	c := jsonschema.NewCompiler()
	// The schemas have no $schema: HSDS 3.0 uses JSON Schema 2020-12 (the
	// jsonSchemaDialect of openapi.json). Formats (uuid, email, uri,
	// date-time) are only annotations in 2020-12; we assert them.
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.UseLoader(offline{})
	r := &registry{compiler: c, urls: map[string]string{}, compiled: map[string]*jsonschema.Schema{}}
	if err := r.addFolder(dir, "compiled/", true); err != nil {
		return nil, err
	}
	if len(r.urls) == 0 {
		return nil, fmt.Errorf("hsdstest: no *.json schema in %s", dir)
	}
	if err := r.addFolder(filepath.Dir(dir), "", false); err != nil {
		return nil, err
	}
	registries[dir] = r
	return r, nil
}

// addFolder registers every *.json of dir under BaseURL+prefix. Compiled
// schemas take precedence over modular ones of the same name.
func (r *registry) addFolder(dir, prefix string, compiled bool) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("hsdstest: %w", err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("hsdstest: %s: %w", f, err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		url := BaseURL + prefix + name + ".json"
		if err := r.compiler.AddResource(url, doc); err != nil {
			return fmt.Errorf("hsdstest: %s: %w", f, err)
		}
		if _, taken := r.urls[name]; !taken && (compiled || name != "openapi") {
			r.urls[name] = url
		}
	}
	return nil
}

var nameRe = regexp.MustCompile(`^[a-z][a-z_]*$`)

// schema returns the compiled schema of a name ("service").
func (r *registry) schema(name string) (*jsonschema.Schema, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.compiled[name]; ok {
		return s, nil
	}
	url, ok := r.urls[name]
	if !nameRe.MatchString(name) || !ok {
		return nil, fmt.Errorf("hsdstest: no schema %q; known: %s", name, strings.Join(r.names(), ", "))
	}
	return r.compile(name, url)
}

// pageSchema returns the schema of a page of name items: the Page of
// openapi.json with all its properties required and contents holding
// items of <name>_list when there is such a compiled schema (what the
// list endpoints of openapi.json use), else of name.
func (r *registry) pageSchema(name string) (*jsonschema.Schema, error) {
	key := "page:" + name
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.compiled[key]; ok {
		return s, nil
	}
	item, ok := r.urls[name+"_list"]
	if !ok {
		item, ok = r.urls[name]
	}
	if !nameRe.MatchString(name) || !ok {
		return nil, fmt.Errorf("hsdstest: no schema %q; known: %s", name, strings.Join(r.names(), ", "))
	}
	url := pageBaseURL + name + ".json"
	doc := map[string]any{
		"allOf":    []any{map[string]any{"$ref": BaseURL + "openapi.json#/components/schemas/Page"}},
		"type":     "object",
		"required": []any{"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"},
		"properties": map[string]any{
			"contents": map[string]any{"type": "array", "items": map[string]any{"$ref": item}},
		},
	}
	if err := r.compiler.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("hsdstest: %w", err)
	}
	return r.compile(key, url)
}

func (r *registry) compile(key, url string) (*jsonschema.Schema, error) {
	s, err := r.compiler.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("hsdstest: compile %s: %w", url, err)
	}
	r.compiled[key] = s
	return s, nil
}

func (r *registry) names() []string {
	var names []string
	for n := range r.urls {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// offline refuses every schema that was not registered from the local files.
type offline struct{}

func (offline) Load(url string) (any, error) {
	return nil, fmt.Errorf("hsdstest: %s is not among the local HSDS schemas (no network): %w", url, fs.ErrNotExist)
}
