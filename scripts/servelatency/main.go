// Command servelatency measures how long a change to one handoff file takes
// to show in `handoff serve`: it starts the server on a loopback port,
// rewrites the title of one handoff several times, and for each edit polls
// the handoff's page until the new title is served. It prints every delay
// and their median.
//
//	go build -o /tmp/handoff ./cmd/handoff
//	go run ./scripts/servelatency --bin /tmp/handoff --src /tmp/g10k --edits 7
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

func main() {
	bin := flag.String("bin", "handoff", "handoff `binary` to run")
	src := flag.String("src", "", "source `folder` of a map with handoffs/ (it is edited and restored)")
	edits := flag.Int("edits", 7, "`number` of edits to time")
	now := flag.String("now", "2026-01-01", "build `date` passed to serve")
	flag.Parse()
	if *src == "" {
		fmt.Fprintln(os.Stderr, "servelatency: name the map with --src")
		os.Exit(2)
	}
	if err := run(*bin, *src, *now, *edits); err != nil {
		fmt.Fprintln(os.Stderr, "servelatency:", err)
		os.Exit(1)
	}
}

func run(bin, src, now string, edits int) error {
	file, id, err := firstHandoff(src)
	if err != nil {
		return err
	}
	orig, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	defer os.WriteFile(file, orig, 0o644)
	titleLine := regexp.MustCompile(`(?m)^title = .*$`)
	if !titleLine.Match(orig) {
		return fmt.Errorf("%s has no title line", file)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--src", src, "--addr", "127.0.0.1:0", "--now", now)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	// Stop the server before waiting for it: it runs until it is killed.
	defer func() {
		cancel()
		cmd.Wait()
	}()
	lines := bufio.NewScanner(out)
	base := ""
	for base == "" && lines.Scan() {
		base = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(lines.Text())
	}
	if base == "" {
		return fmt.Errorf("serve printed no address")
	}
	go io.Copy(io.Discard, out)
	page := base + "handoffs/" + id + "/"
	if _, err := waitFor(page, "<title>", 10*time.Minute); err != nil {
		return err
	}
	fmt.Printf("first page served %s after start\n", time.Since(start).Round(time.Millisecond))

	var delays []time.Duration
	for i := range edits {
		// Let the server settle between edits.
		time.Sleep(2 * time.Second)
		title := fmt.Sprintf("Latency probe %d %d", i, time.Now().UnixNano())
		text := titleLine.ReplaceAll(orig, []byte(fmt.Sprintf("title = %q", title)))
		t0 := time.Now()
		if err := os.WriteFile(file, text, 0o644); err != nil {
			return err
		}
		if _, err := waitFor(page, title, time.Minute); err != nil {
			return err
		}
		d := time.Since(t0)
		delays = append(delays, d)
		fmt.Printf("edit %d: %s\n", i+1, d.Round(time.Millisecond))
	}
	sort.Slice(delays, func(i, j int) bool { return delays[i] < delays[j] })
	fmt.Printf("median of %d edits: %s (min %s, max %s)\n", len(delays), delays[len(delays)/2].Round(time.Millisecond),
		delays[0].Round(time.Millisecond), delays[len(delays)-1].Round(time.Millisecond))
	return nil
}

// firstHandoff returns the first handoff file below src/handoffs and its id.
func firstHandoff(src string) (string, string, error) {
	var file string
	root := filepath.Join(src, "handoffs")
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || file != "" {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".toml") {
			file = p
		}
		return nil
	})
	if err != nil {
		return "", "", err
	}
	if file == "" {
		return "", "", fmt.Errorf("no handoff file below %s", root)
	}
	rel, _ := filepath.Rel(root, file)
	return file, strings.TrimSuffix(filepath.ToSlash(rel), ".toml"), nil
}

// waitFor polls url every 2 ms until its body contains want and returns
// how long that took.
func waitFor(url, want string, limit time.Duration) (time.Duration, error) {
	start := time.Now()
	for time.Since(start) < limit {
		resp, err := http.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), want) {
				return time.Since(start), nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	return 0, fmt.Errorf("%s did not show %q within %s", url, want, limit)
}
