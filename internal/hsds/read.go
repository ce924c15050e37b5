package hsds

import (
	"archive/zip"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/trama-welfare/trama/internal/platform/errs"
)

// Progress is told how far a long operation got: phase is "read" (bytes)
// or "write" (rows).
type Progress func(phase string, done, total int64)

func noProgress(string, int64, int64) {}

// Read reads an HSDS tabular data package (a folder or a .zip with
// datapackage.json) or an HSDS JSON document (.json: a service, an
// organization or a service at location, one or a list), and checks every
// value. Rejected values are in Package.Errors; the error is for what makes
// reading impossible (no such file, no datapackage.json).
func (s *Spec) Read(name string, progress Progress) (*Package, error) {
	if progress == nil {
		progress = noProgress
	}
	fi, err := os.Stat(name)
	if err != nil {
		return nil, fmt.Errorf("hsds: %w", err)
	}
	switch {
	case fi.IsDir():
		return s.readPackage(os.DirFS(name), ".", progress)
	case strings.EqualFold(filepath.Ext(name), ".zip"):
		z, err := zip.OpenReader(name)
		if err != nil {
			return nil, fmt.Errorf("hsds: %s: %w", name, err)
		}
		defer z.Close()
		dir, err := findDescriptor(z)
		if err != nil {
			return nil, err
		}
		return s.readPackage(z, dir, progress)
	case strings.EqualFold(filepath.Ext(name), ".json"):
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("hsds: %w", err)
		}
		defer f.Close()
		counter := &countingReader{r: f, counter: &byteCounter{total: fi.Size(), progress: progress}}
		return s.ReadJSON(filepath.Base(name), counter)
	}
	return nil, errs.E("hsds.errors.not_a_package", name)
}

// findDescriptor returns the folder of the zip's datapackage.json (the root,
// or the one folder the archive wraps everything in).
func findDescriptor(z *zip.ReadCloser) (string, error) {
	best := ""
	for _, f := range z.File {
		if path.Base(f.Name) == "datapackage.json" && (best == "" || len(f.Name) < len(best)) {
			best = f.Name
		}
	}
	if best == "" {
		return "", errs.E("hsds.errors.no_descriptor")
	}
	return path.Dir(best), nil
}

type inputResource struct {
	Name string `json:"name"`
	Path string `json:"path"`
}

// readPackage reads the CSV files the descriptor in dir lists.
func (s *Spec) readPackage(fsys fs.FS, dir string, progress Progress) (*Package, error) {
	b, err := fs.ReadFile(fsys, path.Join(dir, "datapackage.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errs.E("hsds.errors.no_descriptor")
	}
	if err != nil {
		return nil, fmt.Errorf("hsds: datapackage.json: %w", err)
	}
	var d struct {
		Resources []inputResource `json:"resources"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, errs.E("hsds.errors.bad_descriptor", err.Error())
	}
	p := newPackage(s)
	type file struct {
		t    *Table
		name string
		size int64
	}
	var files []file
	var total int64
	for _, r := range d.Resources {
		t := s.Table(r.Name)
		if t == nil {
			t = s.ByPath(path.Base(r.Path))
		}
		if t == nil {
			p.Warnings = append(p.Warnings, fmt.Sprintf("resource %q (%s) is not HSDS nor Trama: ignored", r.Name, r.Path))
			continue
		}
		clean := path.Clean(r.Path)
		if r.Path == "" || path.IsAbs(clean) || strings.HasPrefix(clean, "../") || clean == ".." {
			return nil, errs.E("hsds.errors.bad_path", r.Path)
		}
		name := path.Join(dir, clean)
		fi, err := fs.Stat(fsys, name)
		if err != nil {
			return nil, errs.E("hsds.errors.missing_file", r.Path)
		}
		if _, dup := p.files[t]; dup {
			return nil, errs.E("hsds.errors.duplicate_resource", t.Resource)
		}
		p.files[t] = clean
		files = append(files, file{t: t, name: name, size: fi.Size()})
		total += fi.Size()
	}
	// Files are read and checked in parallel, each into its own package,
	// then gathered in the order of the descriptor.
	read := &byteCounter{total: total, progress: progress}
	parts := make([]*Package, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, f := range files {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			rc, err := fsys.Open(f.name)
			if err != nil {
				errs[i] = fmt.Errorf("hsds: %s: %w", f.name, err)
				return
			}
			defer rc.Close()
			part := newPackage(s)
			part.files, part.MaxErrors = p.files, p.MaxErrors
			part.readCSV(f.t, &countingReader{r: rc, counter: read})
			parts[i] = part
		})
	}
	wg.Wait()
	for i, f := range files {
		if errs[i] != nil {
			return nil, errs[i]
		}
		p.rows[f.t], p.ids[f.t] = parts[i].rows[f.t], parts[i].ids[f.t]
		for _, e := range parts[i].Errors {
			p.fail(e)
		}
		p.Dropped += parts[i].Dropped
	}
	progress("read", total, total)
	return p, nil
}

// readCSV reads the rows of one table.
func (p *Package) readCSV(t *Table, r io.Reader) {
	cr := csv.NewReader(stripBOM(r))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			p.fail(RowError{File: p.files[t], Line: 1, Key: "hsds.errors.csv", Args: []any{err.Error()}})
		}
		return
	}
	cols := make([]int, len(header))
	seen := map[string]bool{}
	for j, h := range header {
		cols[j] = t.Field(h)
		switch {
		case cols[j] < 0:
			p.fail(RowError{File: p.files[t], Line: 1, Field: h, Key: "hsds.errors.unknown_column"})
		case seen[h]:
			p.fail(RowError{File: p.files[t], Line: 1, Field: h, Key: "hsds.errors.duplicate_column"})
		}
		seen[h] = true
	}
	for _, f := range t.Fields {
		if f.Required && !seen[f.Name] {
			p.fail(RowError{File: p.files[t], Line: 1, Field: f.Name, Key: "hsds.errors.missing_column"})
		}
	}
	if !seen["id"] {
		return
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
			p.fail(RowError{File: p.files[t], Line: pe.StartLine, Key: "hsds.errors.field_count", Args: []any{len(rec), len(header)}})
			continue
		}
		if err != nil {
			// FieldPos is only defined for a record read without error:
			// a malformed row says where it is in the ParseError.
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			p.fail(RowError{File: p.files[t], Line: line, Key: "hsds.errors.csv", Args: []any{err.Error()}})
			return
		}
		line, _ := cr.FieldPos(0)
		vals := make([]string, len(t.Fields))
		for j, v := range rec {
			if cols[j] >= 0 {
				vals[cols[j]] = v
			}
		}
		row := Row{Vals: vals, Line: line}
		p.validateRow(t, row)
		p.add(t, row)
	}
}

// stripBOM drops a UTF-8 byte order mark (spreadsheets write one).
func stripBOM(r io.Reader) io.Reader {
	br := &bomReader{r: r}
	return br
}

type bomReader struct {
	r    io.Reader
	done bool
}

func (b *bomReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if !b.done && n > 0 {
		b.done = true
		if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
			copy(p, p[3:n])
			n -= 3
		}
	}
	return n, err
}

// byteCounter adds up the bytes read by the files being read, and reports
// every 256 KiB.
type byteCounter struct {
	mu                 sync.Mutex
	n, reported, total int64
	progress           Progress
}

func (c *byteCounter) add(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n += int64(n)
	if c.n-c.reported >= 256<<10 {
		c.reported = c.n
		c.progress("read", c.n, c.total)
	}
}

// countingReader counts what it reads.
type countingReader struct {
	r       io.Reader
	counter *byteCounter
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.counter.add(n)
	return n, err
}
