// Package reliability holds the tests that run Trama as real processes: two
// instances on one PostgreSQL, crashes at random moments, and (later) load.
// The helpers here build the binary and start and stop servers.
package reliability

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// Binary builds cmd/trama once per test run and returns its path.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			buildErr = err
			return
		}
		dir, err := os.MkdirTemp("", "trama-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "trama")
		cmd := exec.Command("go", "build", "-o", binary, "./cmd/trama")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("go.mod not found")
		}
		dir = parent
	}
}

// Server is a running `trama serve`.
type Server struct {
	URL  string
	cmd  *exec.Cmd
	done chan error
	logs *strings.Builder
}

// FreePort returns a loopback address with a free port.
func FreePort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// Start runs `trama serve` on dsn and waits until /healthz answers.
func Start(t testing.TB, dsn, key string, extra ...string) *Server {
	t.Helper()
	addr := FreePort(t)
	args := append([]string{"serve", "--db", dsn, "--addr", addr, "--workers", "2"}, extra...)
	cmd := exec.Command(Binary(t), args...)
	cmd.Env = append(os.Environ(), "TRAMA_SECRET_KEY="+key)
	logs := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &Server{URL: "http://" + addr, cmd: cmd, done: make(chan error, 1), logs: logs}
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() { s.Kill() })
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s
			}
		}
		select {
		case err := <-s.done:
			t.Fatalf("trama serve exited: %v\n%s", err, logs.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("trama serve did not answer in 30 s\n%s", logs.String())
	return nil
}

// Kill stops the server with SIGKILL (as a power cut would) and waits.
func (s *Server) Kill() {
	if s.cmd.ProcessState != nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
	}
}

// Run runs a trama subcommand to completion, with stdin as its input, and
// returns its output.
func Run(t testing.TB, key, stdin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, Binary(t), args...)
	cmd.Env = append(os.Environ(), "TRAMA_SECRET_KEY="+key)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("trama %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
