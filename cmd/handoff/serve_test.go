package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/handoffmap/handoff/internal/genmap"
)

// syncBuffer is a bytes.Buffer that a command may write while a test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// eventually calls check every 50 ms until it returns "" or the time is up,
// then fails with the last message.
func eventually(t *testing.T, what string, check func() string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		msg := check()
		if msg == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s", what, msg)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func get(url string) (int, string) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestServeRebuildsAndShowsErrors(t *testing.T) {
	src := filepath.Join(t.TempDir(), "src")
	m, err := genmap.Write(src, genmap.Options{Handoffs: 40, Systems: 12, People: 4, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	h := m.Handoffs[0]
	file := filepath.Join(src, "handoffs", filepath.FromSlash(h.ID)+".toml")

	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"serve", "--src", src, "--addr", "127.0.0.1:0", "--now", "2026-01-01",
			"--cache-dir", t.TempDir()}, &stdout, &stderr)
	}()
	defer func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("serve exited with %d; stderr:\n%s", code, stderr.String())
		}
	}()

	var base string
	eventually(t, "serve prints its address", func() string {
		base = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(stdout.String())
		if base == "" {
			return "stdout: " + stdout.String() + "\nstderr: " + stderr.String()
		}
		return ""
	})
	page := base + "handoffs/" + h.ID + "/"
	eventually(t, "the handoff page is served", func() string {
		if code, body := get(page); code != http.StatusOK || !strings.Contains(body, h.Title) {
			return "status " + http.StatusText(code)
		}
		return ""
	})
	if _, body := get(page); !strings.Contains(body, `src="/__handoff/reload.js"`) {
		t.Error("served page has no reload script")
	}
	if code, body := get(base + "handoffs/no-such-handoff/"); code != http.StatusNotFound || !strings.Contains(body, "Page not found") {
		t.Errorf("a missing page gets status %d, want 404 with the not-found page", code)
	}
	if code, body := get(base + "assets/style.css"); code != http.StatusOK || body == "" {
		t.Errorf("the stylesheet gets status %d", code)
	}
	noSlash, err := http.Get(base + "handoffs/" + h.ID)
	if err != nil {
		t.Fatal(err)
	}
	noSlash.Body.Close()
	if noSlash.Request.URL.Path != "/handoffs/"+h.ID+"/" || noSlash.StatusCode != http.StatusOK {
		t.Errorf("a folder without its slash ends at %s with status %d, want a redirect to the folder", noSlash.Request.URL.Path, noSlash.StatusCode)
	}

	// A change to one file is served after the rebuild.
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(text), "title = ", "title = \"Renamed in the serve test\"\nold_title_comment = ", 1)
	changed = strings.Replace(changed, "old_title_comment = ", "# ", 1)
	if err := os.WriteFile(file, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the edited title is served", func() string {
		if _, body := get(page); !strings.Contains(body, "Renamed in the serve test") {
			return "page still has the old title; stderr:\n" + stderr.String()
		}
		return ""
	})

	// A broken file keeps the last site and shows the problem on it.
	if err := os.WriteFile(file, []byte(changed+"\nbroken = = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the build error is shown over the last site", func() string {
		_, body := get(page)
		if !strings.Contains(body, `id="handoff-build-errors"`) {
			return "no error panel; stderr:\n" + stderr.String()
		}
		if !strings.Contains(body, "Renamed in the serve test") {
			return "the page is not the last site that built"
		}
		if !strings.Contains(body, "[syntax]") {
			return "the error panel does not name the syntax error"
		}
		return ""
	})

	// Fixing the file removes the panel.
	if err := os.WriteFile(file, text, 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the fixed site is served without the panel", func() string {
		if _, body := get(page); strings.Contains(body, "handoff-build-errors") || !strings.Contains(body, h.Title) {
			return "page still shows the error panel or lacks the title"
		}
		return ""
	})
}

func TestServeRejectsOtherAddresses(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8080", "192.0.2.1:8080", "example.com:80", ":8080", "8080"} {
		t.Run(addr, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"serve", "--src", t.TempDir(), "--addr", addr}, &stdout, &stderr)
			if code != exitUsage {
				t.Errorf("exit code = %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr.String(), "loopback") && !strings.Contains(stderr.String(), "host:port") {
				t.Errorf("stderr does not explain the address rule: %s", stderr.String())
			}
		})
	}
}

func TestBuildSummaryCountsCachedGraphs(t *testing.T) {
	src := filepath.Join(t.TempDir(), "src")
	if _, err := genmap.Write(src, genmap.Options{Handoffs: 60, Systems: 20, People: 5, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	out := filepath.Join(t.TempDir(), "public")
	args := []string{"build", "--src", src, "--out", out, "--now", "2026-01-01", "--cache-dir", cache}
	var first, second, stderr bytes.Buffer
	if code := run(context.Background(), args, &first, &stderr); code != exitOK {
		t.Fatalf("first build exited with %d: %s", code, stderr.String())
	}
	if code := run(context.Background(), args, &second, &stderr); code != exitOK {
		t.Fatalf("second build exited with %d: %s", code, stderr.String())
	}
	if strings.Contains(first.String(), "(0 laid out") {
		t.Errorf("first build laid out no graph: %s", first.String())
	}
	if !strings.Contains(second.String(), "(0 laid out") {
		t.Errorf("second build with a warm cache laid out graphs: %s", second.String())
	}
}

func TestGraphFlagsRejectUnusableValues(t *testing.T) {
	file := filepath.Join(t.TempDir(), "cache")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--graph-workers", "-1"}, "--graph-workers -1"},
		{[]string{"--graph-timeout", "-5s"}, "--graph-timeout -5s"},
		{[]string{"--graph-timeout", "0s"}, "longer than zero"},
		{[]string{"--cache-dir", file}, "is a file, not a folder"},
	} {
		for _, command := range []string{"build", "serve"} {
			t.Run(command+" "+strings.Join(c.flags, " "), func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				args := append([]string{command, "--src", t.TempDir()}, c.flags...)
				if command == "build" {
					args = append(args, "--out", filepath.Join(t.TempDir(), "site"))
				}
				if code := run(context.Background(), args, &stdout, &stderr); code != exitUsage {
					t.Errorf("exit code = %d, want %d", code, exitUsage)
				}
				if !strings.Contains(stderr.String(), c.want) {
					t.Errorf("stderr does not contain %q: %s", c.want, stderr.String())
				}
			})
		}
	}
}
