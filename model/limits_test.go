package model

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func load(t *testing.T, dir string) *Model {
	t.Helper()
	m, err := Load(dir, Options{Now: NewDate(2026, 12, 4)})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// findingsOf returns the findings of one rule as strings.
func findingsOf(m *Model, rule string) []string {
	var out []string
	for _, f := range m.Findings {
		if f.Rule == rule {
			out = append(out, f.String())
		}
	}
	return out
}

func TestSymlinkOutsideNotFollowed(t *testing.T) {
	root := t.TempDir()
	secret := filepath.Join(root, "secret.toml")
	if err := os.WriteFile(secret, []byte("name = \"SECRET-VALUE\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(root, "docs-src")
	writeFiles(t, src, map[string]string{"systems/crm.toml": "name = \"CRM\"\n"})
	if err := os.Symlink(secret, filepath.Join(src, "systems", "leak.toml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(src, "systems", "crm.toml"), filepath.Join(src, "systems", "alias.toml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, filepath.Join(src, "handoffs")); err != nil {
		t.Fatal(err)
	}

	m := load(t, src)
	if s := m.System("leak"); s != nil {
		t.Errorf("the link outside the tree was followed: system %q loaded", s.Name)
	}
	if m.System("alias") == nil {
		t.Error("a link to a file inside the tree was not followed")
	}
	if len(m.Handoffs) != 0 {
		t.Errorf("the linked folder outside the tree was read: %d handoffs loaded", len(m.Handoffs))
	}
	got := findingsOf(m, "invalid-value")
	if len(got) != 2 {
		t.Fatalf("findings = %q, want two: the handoffs folder and systems/leak.toml", got)
	}
	for i, name := range []string{"docs-src/handoffs:", "docs-src/systems/leak.toml:"} {
		if !strings.Contains(got[i], name) || !strings.Contains(got[i], "outside the source folder") {
			t.Errorf("finding %d = %q, want %s pointing outside", i, got[i], name)
		}
	}
	for _, f := range m.Findings {
		if strings.Contains(f.Message, "SECRET-VALUE") {
			t.Errorf("a finding shows the content of a file outside the tree: %s", f)
		}
	}
}

func TestLargeFileRejected(t *testing.T) {
	src := t.TempDir()
	writeFiles(t, src, map[string]string{"systems/crm.toml": "name = \"CRM\"\n"})
	// A 50 MB sparse file: the size check must reject it without reading.
	big, err := os.Create(filepath.Join(src, "systems", "big.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	big.Close()

	m := load(t, src)
	got := findingsOf(m, "invalid-value")
	if len(got) != 1 || !strings.Contains(got[0], "systems/big.toml") || !strings.Contains(got[0], "52428800 bytes") {
		t.Errorf("findings = %q, want one about the size of systems/big.toml", got)
	}
}

func TestTooManyFilesRejected(t *testing.T) {
	saved := maxFiles
	maxFiles = 5
	defer func() { maxFiles = saved }()

	src := t.TempDir()
	files := map[string]string{}
	for i := range 8 {
		files["systems/s"+string(rune('a'+i))+".toml"] = "name = \"S\"\n"
	}
	writeFiles(t, src, files)
	m := load(t, src)
	got := findingsOf(m, "invalid-value")
	if len(got) != 1 || !strings.Contains(got[0], "more than 5 files") {
		t.Errorf("findings = %q, want one saying the tree has too many files", got)
	}
	if len(m.Systems) != 5 {
		t.Errorf("loaded %d systems, want the first 5", len(m.Systems))
	}
}

func TestNamedPipeNotRead(t *testing.T) {
	src := t.TempDir()
	writeFiles(t, src, map[string]string{"systems/crm.toml": "name = \"CRM\"\n"})
	if err := syscall.Mkfifo(filepath.Join(src, "systems", "pipe.toml"), 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	done := make(chan *Model, 1)
	go func() { done <- load(t, src) }()
	select {
	case m := <-done:
		got := findingsOf(m, "invalid-value")
		if len(got) != 1 || !strings.Contains(got[0], "not a regular file") {
			t.Errorf("findings = %q, want one saying pipe.toml is not a regular file", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("loading a tree with a named pipe did not finish: it blocked on the read")
	}
}

func TestDeepNestingEndsQuickly(t *testing.T) {
	inputs := map[string]string{
		"nested arrays":        "tags = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n",
		"nested inline tables": "tags = " + strings.Repeat("{a=", 100000) + "1" + strings.Repeat("}", 100000) + "\n",
		"long dotted key":      strings.Repeat("a.", 100000) + "b = 1\n",
		"long table header":    "[" + strings.Repeat("a.", 100000) + "b]\n",
		"nesting in a string":  "title = \"" + strings.Repeat("[{", 100000) + "\"\n",
	}
	for name, text := range inputs {
		t.Run(name, func(t *testing.T) {
			err, at := checkShape([]byte(text))
			wantError := name != "nesting in a string"
			if (err != nil) != wantError {
				t.Fatalf("checkShape error = %v, want an error: %v", err, wantError)
			}
			if wantError && at.Line != 1 {
				t.Errorf("error at line %d, want 1", at.Line)
			}
		})
	}
}

func TestFindingsPerFileBounded(t *testing.T) {
	src := t.TempDir()
	var b strings.Builder
	b.WriteString("from = \"a\"\nto = \"b\"\nowner = \"x\"\n")
	for i := range 250 {
		b.WriteString("unknown_" + strings.Repeat("k", i%7) + string(rune('a'+i%26)) + "_" + strconv.Itoa(i) + " = 1\n")
	}
	writeFiles(t, src, map[string]string{"handoffs/big.toml": b.String()})
	// 250 unknown keys, 2 unknown systems, an unknown owner and
	// never-reviewed make 254 findings.
	m := load(t, src)
	if len(m.Findings) != maxFindingsPerFile+1 {
		t.Fatalf("%d findings, want %d and one that counts the rest", len(m.Findings), maxFindingsPerFile)
	}
	first := m.Findings[0]
	if !strings.Contains(first.Message, "154 more findings in this file are not shown") {
		t.Errorf("first finding = %s, want the count of findings not shown", first)
	}
}
