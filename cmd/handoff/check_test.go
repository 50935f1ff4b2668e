package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"
)

// corpusDir holds the bad-input corpus: each NAME.txtar is a source tree
// and NAME.golden the exit code and output of check on it.
const corpusDir = "../../testdata/check"

// TestCheckCorpus runs check on every source tree of the corpus and
// compares exit code, stdout and stderr with the golden file.
//
// The comment of a txtar file may contain a line "args: …" with more flags
// for check. By default --src is the tree's docs-src folder and --now is
// 2026-12-04, and a flag in args overrides them. Paths in the output are relative to the
// tree's root.
func TestCheckCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Errorf("the corpus has %d cases, want at least 40", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			have := runCorpusCase(t, file)
			golden := strings.TrimSuffix(file, ".txtar") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(have), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/handoff -run TestCheckCorpus -update to write it)", err)
			}
			if have != string(want) {
				t.Errorf("check output differs from %s (have, want):\n%s", golden, diff.Diff("have", []byte(have), "want", want))
			}
		})
	}
}

// runCorpusCase writes the tree of one corpus file into a temporary folder,
// runs check on it and returns the exit code and output as the golden file
// stores them.
func runCorpusCase(t *testing.T, file string) string {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	for _, f := range ar.Files {
		path := filepath.Join(root, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	args := []string{"check", "--src", filepath.Join(root, "docs-src"), "--now", "2026-12-04"}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if rest, ok := strings.CutPrefix(line, "args:"); ok {
			for _, arg := range strings.Fields(rest) {
				args = append(args, strings.ReplaceAll(arg, "$ROOT", root))
			}
		}
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)

	clean := func(s string) string {
		s = strings.ReplaceAll(s, root+string(filepath.Separator), "")
		return strings.ReplaceAll(s, root, "$ROOT")
	}
	return fmt.Sprintf("exit %d\n-- stdout --\n%s-- stderr --\n%s", code, clean(stdout.String()), clean(stderr.String()))
}

func TestGitHubEscaping(t *testing.T) {
	cases := []struct {
		in, data, property string
	}{
		{"plain text", "plain text", "plain text"},
		{"100% sure", "100%25 sure", "100%25 sure"},
		{"two\r\nlines\n", "two%0D%0Alines%0A", "two%0D%0Alines%0A"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"%0A", "%250A", "%250A"},
	}
	for _, c := range cases {
		if got := escapeData(c.in); got != c.data {
			t.Errorf("escapeData(%q) = %q, want %q", c.in, got, c.data)
		}
		if got := escapeProperty(c.in); got != c.property {
			t.Errorf("escapeProperty(%q) = %q, want %q", c.in, got, c.property)
		}
	}
}
