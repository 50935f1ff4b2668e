package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/handoffmap/handoff/model"
)

var diffNow = model.NewDate(2025, 6, 10)

// diffCase returns the old and new trees of a case in
// testdata/diff/NAME.txtar, each written on top of testdata/diff/base.txtar.
// The case's "delete:" lines are applied before its files are written.
func diffCase(t *testing.T, name string) trees {
	t.Helper()
	base, err := txtar.ParseFile("testdata/diff/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	c, err := txtar.ParseFile(filepath.Join("testdata/diff", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	oldDir, newDir := filepath.Join(root, "old"), filepath.Join(root, "new")
	for _, dir := range []string{oldDir, newDir} {
		for _, f := range base.Files {
			writeTestFile(t, filepath.Join(dir, f.Name), f.Data)
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(c.Comment))
	for sc.Scan() {
		if p, ok := strings.CutPrefix(sc.Text(), "delete: "); ok {
			if err := os.Remove(filepath.Join(root, p)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range c.Files {
		writeTestFile(t, filepath.Join(root, f.Name), f.Data)
	}
	return trees{oldDir, newDir}
}

// trees are the folders of the old and the new source tree of a diff.
type trees struct {
	old, new string
}

func writeTestFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func loadDiff(t *testing.T, dirs trees) *model.Diff {
	t.Helper()
	opts := model.Options{Now: diffNow, DisplayDir: "docs-src"}
	old, err := model.Load(dirs.old, opts)
	if err != nil {
		t.Fatal(err)
	}
	new, err := model.Load(dirs.new, opts)
	if err != nil {
		t.Fatal(err)
	}
	return model.Compare(old, new)
}

// checkGolden compares have with the golden file, or rewrites the file
// when the test runs with -update.
func checkGolden(t *testing.T, golden string, have []byte) {
	t.Helper()
	if *update {
		writeTestFile(t, golden, have)
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v; run go test ./... -update to create it", err)
	}
	if d := cmp.Diff(string(want), string(have)); d != "" {
		t.Errorf("%s differs (-want +have); run go test ./... -update if the change is right:\n%s", golden, d)
	}
}

func TestDiffMarkdownGolden(t *testing.T) {
	cases := []string{"identical", "added", "removed", "renamed", "field-changed", "ownership-transfer", "orphaned", "high-stakes-first", "findings"}
	for _, name := range cases {
		t.Run(name, func(t *testing.T) {
			d := loadDiff(t, diffCase(t, name))
			md := DiffMarkdown(d, DiffOptions{OldLabel: "git:main", NewLabel: "git:HEAD", BaseURL: "https://example.github.io/map"})
			checkGolden(t, filepath.Join("testdata/diff", name+".md"), md)
		})
	}
}

func TestDiffMarkdownIdentical(t *testing.T) {
	d := loadDiff(t, diffCase(t, "identical"))
	if !d.Empty() {
		t.Fatalf("identical trees differ: %s", d.Summary())
	}
	md := string(DiffMarkdown(d, DiffOptions{}))
	if !strings.Contains(md, "No architecture changes.") {
		t.Errorf("markdown of identical trees lacks \"No architecture changes.\":\n%s", md)
	}
}

func TestDiffMarkdownHighStakesFirst(t *testing.T) {
	md := string(DiffMarkdown(loadDiff(t, diffCase(t, "high-stakes-first")), DiffOptions{}))
	high := strings.Index(md, "### High-stakes handoffs")
	rest := strings.Index(md, "### Handoffs")
	if high < 0 || rest < 0 || high > rest {
		t.Fatalf("high-stakes section missing or after the other handoffs:\n%s", md)
	}
	for _, id := range []string{"`nightly-export`", "`billing/invoices-to-crm`"} {
		if i := strings.Index(md, id); i < high || i > rest {
			t.Errorf("%s is not in the high-stakes section", id)
		}
	}
	if i := strings.Index(md, "`tickets-to-warehouse`"); i < rest {
		t.Errorf("low-stakes tickets-to-warehouse is listed before the other handoffs heading")
	}
}

// hugeTrees writes an old tree with one system and a new tree that adds n
// handoffs with long notes.
func hugeTrees(t *testing.T, n int) trees {
	root := t.TempDir()
	oldDir, newDir := filepath.Join(root, "old"), filepath.Join(root, "new")
	people := "[people.alice]\nname = \"Alice Example\"\n"
	system := "name = \"Billing\"\nkind = \"saas\"\n"
	for _, dir := range []string{oldDir, newDir} {
		writeTestFile(t, filepath.Join(dir, "people.toml"), []byte(people))
		writeTestFile(t, filepath.Join(dir, "systems/billing.toml"), []byte(system))
		writeTestFile(t, filepath.Join(dir, "systems/crm.toml"), []byte("name = \"CRM\"\nkind = \"saas\"\n"))
	}
	notes := strings.Repeat("A long note about retries. ", 20)
	for i := range n {
		text := fmt.Sprintf("title = \"Handoff %04d\"\nfrom = \"billing\"\nto = \"crm\"\nkind = \"api\"\nowner = \"alice\"\nstakes = [\"money\"]\nnotes = %q\n", i, notes)
		writeTestFile(t, filepath.Join(newDir, fmt.Sprintf("handoffs/h%04d.toml", i)), []byte(text))
	}
	return trees{oldDir, newDir}
}

func TestDiffMarkdownLengthLimit(t *testing.T) {
	d := loadDiff(t, hugeTrees(t, 2000))
	md := DiffMarkdown(d, DiffOptions{})
	if len(md) > MaxCommentLength {
		t.Errorf("markdown is %d bytes, more than %d", len(md), MaxCommentLength)
	}
	if len(md) < MaxCommentLength/2 {
		t.Errorf("markdown is only %d bytes: too much was left out", len(md))
	}
	text := string(md)
	if !strings.Contains(text, "**Left out**") || !strings.Contains(text, "high-stakes handoff changes") {
		t.Errorf("markdown does not say what was left out; its end:\n%s", text[max(0, len(text)-600):])
	}
	if !strings.Contains(text, "findings introduced") {
		t.Errorf("the left-out note does not count the findings introduced; its end:\n%s", text[max(0, len(text)-600):])
	}
	if strings.Count(text, "<details>") != strings.Count(text, "</details>") {
		t.Errorf("an entry was cut in the middle: %d <details> and %d </details>", strings.Count(text, "<details>"), strings.Count(text, "</details>"))
	}
}

func TestDiffMarkdownSmallLimit(t *testing.T) {
	d := loadDiff(t, diffCase(t, "added"))
	md := string(DiffMarkdown(d, DiffOptions{MaxLength: 1500}))
	if len(md) > 1500 {
		t.Errorf("markdown is %d bytes, more than the limit of 1500", len(md))
	}
	if !strings.Contains(md, "**Left out**") {
		t.Errorf("markdown does not say what was left out:\n%s", md)
	}
}

func TestDiffJSON(t *testing.T) {
	d := loadDiff(t, diffCase(t, "renamed"))
	data, err := DiffJSON(d, DiffOptions{OldLabel: "a", NewLabel: "b", BaseURL: "https://example.github.io/map/"})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Summary string `json:"summary"`
		Items   []struct {
			Kind, Change, ID, URL string
			OldID                 string `json:"old_id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, data)
	}
	if doc.Summary != d.Summary() {
		t.Errorf("summary = %q, want %q", doc.Summary, d.Summary())
	}
	found := false
	for _, it := range doc.Items {
		if it.Kind == "system" && it.Change == "renamed" && it.OldID == "crm" && it.ID == "sales-crm" {
			found = true
			if it.URL != "https://example.github.io/map/systems/sales-crm/" {
				t.Errorf("url of the renamed system = %q", it.URL)
			}
		}
	}
	if !found {
		t.Errorf("JSON has no renamed system crm → sales-crm:\n%s", data)
	}
}

func TestDiffGraph(t *testing.T) {
	d := loadDiff(t, diffCase(t, "removed"))
	added := loadDiff(t, diffCase(t, "added"))
	dot := string(DiffDOT(d, DiffOptions{}))
	for _, want := range []string{`"support" [label="Support desk"`, `color="#cf222e"`, `style="dashed"`, `"Legend"`} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT of a removal lacks %s:\n%s", want, dot)
		}
	}
	if !strings.Contains(string(DiffDOT(added, DiffOptions{})), `color="#1a7f37"`) {
		t.Errorf("DOT of an addition lacks the added colour")
	}

	r := &InProcess{}
	defer r.Close()
	svg, err := DiffSVG(added, DiffOptions{BaseURL: "https://example.github.io/map/"}, r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "Legend", "added handoff", "removed system", "Invoices to ERP", "https://example.github.io/map/systems/erp/"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestDiffGraphEscapesLabels(t *testing.T) {
	dirs := diffCase(t, "identical")
	writeTestFile(t, filepath.Join(dirs.new, "systems/evil.toml"), []byte(`name = "a\" shape=\"<b>&"`+"\nkind = \"saas\"\n"))
	dot := string(DiffDOT(loadDiff(t, dirs), DiffOptions{}))
	if !strings.Contains(dot, `label="a\" shape=\"<b>&amp;"`) {
		t.Errorf("system name is not escaped in DOT:\n%s", dot)
	}
}
