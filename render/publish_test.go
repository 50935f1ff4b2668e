package render

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/handoffmap/handoff/model"
)

// writeTree writes files, given as path and content, below dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
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

// snapshot returns every file below dir with its content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(t *testing.T, have, want map[string]string) {
	t.Helper()
	for name, content := range want {
		got, ok := have[name]
		if !ok {
			t.Errorf("file %s was lost", name)
		} else if got != content {
			t.Errorf("file %s changed", name)
		}
	}
	var extra []string
	for name := range have {
		if _, ok := want[name]; !ok {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("files were added: %v", extra)
	}
}

var smallTree = map[string]string{
	"people.toml":                    "[people.maria]\nname = \"Maria Example\"\n",
	"systems/billing.toml":           "name = \"Billing\"\nkind = \"saas\"\nsource_of_truth = [\"invoice\"]\n",
	"systems/crm.toml":               "name = \"CRM\"\nkind = \"saas\"\n",
	"handoffs/billing/invoices.toml": "from = \"billing\"\nto = \"crm\"\nowner = \"maria\"\ndata = [\"invoice\"]\nlast_reviewed = 2026-11-01\n",
	"handoffs/billing/invoices.md":   "Notes.\n",
	"pages/guide.md":                 "+++\ntitle = \"Guide\"\n+++\n# Guide\n",
}

func loadSmall(t *testing.T, src string) *model.Model {
	t.Helper()
	writeTree(t, src, smallTree)
	m, err := model.Load(src, model.Options{Now: model.NewDate(2026, 12, 4)})
	if err != nil {
		t.Fatal(err)
	}
	if m.Errors() > 0 {
		t.Fatalf("the test tree has errors: %v", m.Findings)
	}
	return m
}

// userFiles is what a folder that a person uses for other things may hold.
var userFiles = map[string]string{
	"notes.txt":            "my notes\n",
	"index.html":           "<p>my own page</p>\n",
	".bashrc":              "export EDITOR=vi\n",
	"projects/app/main.go": "package main\n",
	".ssh/config":          "Host example.com\n",
}

func TestPublishKeepsUserFolders(t *testing.T) {
	cases := []struct {
		name string
		// out is the --out folder relative to the test's root; src the
		// source folder.
		out, src string
	}{
		{"home-like folder", "home", "work/docs-src"},
		{"current folder containing the source", "repo", "repo/docs-src"},
		{"source folder itself", "repo/docs-src", "repo/docs-src"},
		{"folder below the source", "repo/docs-src/handoffs", "repo/docs-src"},
		{"parent of a parent of the source", "a", "a/b/docs-src"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			out := filepath.Join(root, c.out)
			writeTree(t, out, userFiles)
			m := loadSmall(t, filepath.Join(root, c.src))
			before := snapshot(t, root)

			_, err := Publish(m, out, Options{})
			if err == nil {
				t.Fatalf("Publish into %s succeeded, want an error", c.out)
			}
			if !strings.Contains(err.Error(), "--out") {
				t.Errorf("the error does not say how to proceed: %v", err)
			}
			sameFiles(t, snapshot(t, root), before)
		})
	}
}

func TestPublishReplacesOwnSite(t *testing.T) {
	root := t.TempDir()
	m := loadSmall(t, filepath.Join(root, "docs-src"))
	out := filepath.Join(root, "public")
	if _, err := Publish(m, out, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, MarkerFile)); err != nil {
		t.Fatalf("the site has no marker file: %v", err)
	}
	if _, err := Publish(m, out, Options{}); err != nil {
		t.Fatalf("second build into the tool's own site: %v", err)
	}
	assertNoTemporaryFolders(t, root)
}

// failingGraphs fails every graph layout, to make a build fail half-way.
type failingGraphs struct{}

func (failingGraphs) RenderSVG([]byte) ([]byte, error) {
	return nil, errors.New("layout failed on purpose")
}

func TestPublishFailureKeepsPreviousSite(t *testing.T) {
	root := t.TempDir()
	m := loadSmall(t, filepath.Join(root, "docs-src"))
	out := filepath.Join(root, "public")
	if _, err := Publish(m, out, Options{}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)

	_, err := Publish(m, out, Options{Graphs: failingGraphs{}})
	if err == nil || !strings.Contains(err.Error(), "layout failed on purpose") {
		t.Fatalf("Publish with failing graphs returned %v, want the layout error", err)
	}
	sameFiles(t, snapshot(t, out), before)
	assertNoTemporaryFolders(t, root)
}

// cancelAfter cancels a context after n graphs, as an interrupt in the
// middle of a build would.
type cancelAfter struct {
	n      int
	cancel context.CancelFunc
	inner  GraphRenderer
}

func (c *cancelAfter) RenderSVG(dot []byte) ([]byte, error) {
	c.n--
	if c.n <= 0 {
		c.cancel()
	}
	return c.inner.RenderSVG(dot)
}

func TestPublishInterruptedRemovesTemporaryFolder(t *testing.T) {
	root := t.TempDir()
	m := loadSmall(t, filepath.Join(root, "docs-src"))
	out := filepath.Join(root, "public")
	if _, err := Publish(m, out, Options{}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	graphs := &cancelAfter{n: 1, cancel: cancel, inner: &InProcess{}}
	_, err := PublishContext(ctx, m, out, Options{Graphs: graphs})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted Publish returned %v, want context.Canceled", err)
	}
	sameFiles(t, snapshot(t, out), before)
	assertNoTemporaryFolders(t, root)
}

func TestPublishNewFolder(t *testing.T) {
	root := t.TempDir()
	m := loadSmall(t, filepath.Join(root, "docs-src"))
	out := filepath.Join(root, "deep", "new", "public")
	stats, err := Publish(m, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Pages == 0 {
		t.Error("no pages were written")
	}
	assertNoTemporaryFolders(t, root)
}

func assertNoTemporaryFolders(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary folder left behind: %s", path)
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBadgesOfOneStateShareAFile(t *testing.T) {
	src := t.TempDir()
	files := map[string]string{}
	for k, v := range smallTree {
		files[k] = v
	}
	files["handoffs/billing/refunds.toml"] = "from = \"billing\"\nto = \"crm\"\nowner = \"maria\"\ndata = [\"invoice\"]\nlast_reviewed = 2026-11-02\n"
	writeTree(t, src, files)
	m, err := model.Load(src, model.Options{Now: model.NewDate(2026, 12, 4)})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(m, out, Options{}); err != nil {
		t.Fatal(err)
	}

	first, err := os.Stat(filepath.Join(out, "badges/handoffs/billing/invoices.svg"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := os.Stat(filepath.Join(out, "badges/handoffs/billing/refunds.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(first, second) {
		t.Error("two fresh badges are separate files, want hard links to one file")
	}
	data, err := os.ReadFile(filepath.Join(out, "badges/handoffs/billing/refunds.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, Badge("review", "fresh")) {
		t.Error("the linked badge does not have the fresh badge's content")
	}
}
