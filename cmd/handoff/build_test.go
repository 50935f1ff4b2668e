package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/net/html"
)

// runCLI runs the command line in-process and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// writeTree extracts a txtar archive into a new temporary folder.
func writeTree(t *testing.T, archive string) string {
	t.Helper()
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	return writeArchive(t, ar)
}

func writeArchive(t *testing.T, ar *txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestBuildSmallMap(t *testing.T) {
	src := writeTree(t, "testdata/small.txtar")
	out := filepath.Join(t.TempDir(), "site")

	code, stdout, stderr := runCLI(t, "build", "--src", src, "--out", out, "--now", "2026-12-04")
	if code != 0 {
		t.Fatalf("build exited %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "pages") || !strings.Contains(stdout, "graphs") {
		t.Errorf("summary line lacks counts: %q", stdout)
	}

	for _, want := range []string{
		"index.html", "404.html", ".nojekyll", "map.json", "assets/style.css",
		"systems/index.html", "systems/crm/index.html", "systems/billing/index.html", "systems/sheet/index.html",
		"handoffs/index.html", "handoffs/billing/invoices-to-crm/index.html", "handoffs/forecast/index.html",
		"people/index.html", "people/ana/index.html", "people/ben/index.html",
		"teams/index.html", "teams/ops/index.html",
		"data/index.html", "data/customer/index.html", "data/invoice/index.html",
		"reviews/index.html", "findings/index.html", "pages/index.html", "pages/guide/index.html",
		"badges/handoffs/billing/invoices-to-crm.svg", "badges/systems/crm.svg",
	} {
		if _, err := os.Stat(filepath.Join(out, want)); err != nil {
			t.Errorf("missing output file %s", want)
		}
	}

	handoff := readFile(t, filepath.Join(out, "handoffs/billing/invoices-to-crm/index.html"))
	for _, want := range []string{
		`href="../../../systems/crm/index.html"`, // relative link to the system, three folders up
		`href="../../../pages/guide/index.html"`, // guide.md in notes becomes the guide page
		`<table>`,                                // GFM table in the notes
		`badge-fresh`,
	} {
		if !strings.Contains(handoff, want) {
			t.Errorf("handoff page lacks %s", want)
		}
	}

	forecast := readFile(t, filepath.Join(out, "handoffs/forecast/index.html"))
	for _, want := range []string{"badge-overdue", "orphaned", "at 06:00, on Monday"} {
		if !strings.Contains(forecast, want) {
			t.Errorf("forecast page lacks %q", want)
		}
	}

	system := readFile(t, filepath.Join(out, "systems/crm/index.html"))
	if !strings.Contains(system, "<svg") || !strings.Contains(system, `class="neighbourhood"`) {
		t.Error("system page has no neighbourhood picture")
	}
	if !strings.Contains(system, "<strong>customers</strong>") {
		t.Error("system description Markdown was not rendered")
	}

	badge := readFile(t, filepath.Join(out, "badges/handoffs/forecast.svg"))
	if !strings.Contains(badge, `xmlns="http://www.w3.org/2000/svg"`) || !strings.Contains(badge, "overdue") {
		t.Errorf("badge is not a standalone overdue SVG: %s", badge)
	}

	reviews := readFile(t, filepath.Join(out, "reviews/index.html"))
	if !strings.Contains(reviews, "Forecast export") {
		t.Error("the overdue handoff is not in the review queue")
	}
	person := readFile(t, filepath.Join(out, "people/ben/index.html"))
	if !strings.Contains(person, "has left") || !strings.Contains(person, "Forecast export") {
		t.Error("the person page does not show that Ben has left and what he owns")
	}

	findings := readFile(t, filepath.Join(out, "findings/index.html"))
	for _, rule := range []string{"owner-inactive", "review-overdue"} {
		if !strings.Contains(findings, rule) {
			t.Errorf("findings page lacks %s", rule)
		}
	}
}

func TestBuildReproducible(t *testing.T) {
	src := writeTree(t, "testdata/small.txtar")
	first := filepath.Join(t.TempDir(), "a")
	second := filepath.Join(t.TempDir(), "b")
	for _, out := range []string{first, second} {
		if code, _, stderr := runCLI(t, "build", "--src", src, "--out", out, "--now", "2026-12-04"); code != 0 {
			t.Fatalf("build exited %d: %s", code, stderr)
		}
	}
	a, b := readSite(t, first), readSite(t, second)
	if len(a) != len(b) {
		t.Fatalf("builds wrote %d and %d files", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds with the same --now", name)
		}
	}
}

func TestBuildSourceDateEpoch(t *testing.T) {
	src := writeTree(t, "testdata/small.txtar")
	out := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, now: time.Now, getenv: func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1796342400" // 2026-12-04T00:00:00Z
		}
		return ""
	}}
	if code := e.dispatch(context.Background(), []string{"build", "--src", src, "--out", out}); code != 0 {
		t.Fatalf("build exited %d: %s", code, stderr.String())
	}
	if page := readFile(t, filepath.Join(out, "index.html")); !strings.Contains(page, "2026-12-04") {
		t.Error("the build date from SOURCE_DATE_EPOCH is not on the dashboard")
	}
}

// readSite returns every file of a built site by its path below the root.
func readSite(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestBuildErrorsWriteNothing(t *testing.T) {
	tests := []struct {
		name string
		file string
		data string
		want string
	}{
		{"syntax error", "handoffs/bad.toml", "title = \"x\"\nfrom = \n", "handoffs/bad.toml:2:"},
		{"unknown key", "handoffs/bad.toml", "title = \"x\"\nfrom = \"crm\"\nto = \"billing\"\nowner = \"ana\"\n  colour = \"red\"\n", "handoffs/bad.toml:5:3: error: unknown key \"colour\""},
		{"unknown system", "handoffs/bad.toml", "title = \"x\"\nfrom = \"crm\"\nto = \"biling\"\nowner = \"ana\"\n", "handoffs/bad.toml:3:1: error: to names the system \"biling\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ar, err := txtar.ParseFile("testdata/small.txtar")
			if err != nil {
				t.Fatal(err)
			}
			ar.Files = append(ar.Files, txtar.File{Name: tt.file, Data: []byte(tt.data)})
			src := writeArchive(t, ar)
			out := filepath.Join(t.TempDir(), "site")

			code, _, stderr := runCLI(t, "build", "--src", src, "--out", out, "--now", "2026-12-04")
			if code != 1 {
				t.Errorf("exit code = %d, want 1", code)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a failed build created the output folder")
			}
			entries, _ := os.ReadDir(filepath.Dir(out))
			if len(entries) != 0 {
				t.Errorf("a failed build left %d entries next to the output folder", len(entries))
			}
		})
	}
}

func TestBuildReportsEveryError(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/small.txtar")
	if err != nil {
		t.Fatal(err)
	}
	ar.Files = append(ar.Files,
		txtar.File{Name: "handoffs/one.toml", Data: []byte("title = \"x\"\nfrom = \"crm\"\nto = \"nowhere\"\nowner = \"ana\"\n")},
		txtar.File{Name: "handoffs/two.toml", Data: []byte("title = [\n")},
		txtar.File{Name: "systems/three.toml", Data: []byte("name = \"x\"\nkind = \"sass\"\n")},
	)
	src := writeArchive(t, ar)
	code, _, stderr := runCLI(t, "build", "--src", src, "--out", filepath.Join(t.TempDir(), "site"), "--now", "2026-12-04")
	if code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
	for _, want := range []string{"handoffs/one.toml:3:1", "handoffs/two.toml:", "systems/three.toml:2:1", `did you mean "saas"?`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestBuildUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"build", "--now", "yesterday"},
		{"build", "--base-url", "javascript:alert(1)"},
		{"build", "extra"},
		{"build", "--src", filepath.Join(t.TempDir(), "missing")},
		{"nonsense"},
	} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v exited %d, want 2", args, code)
		}
	}
}

// siteFiles builds a source tree and returns the output folder.
func buildSite(t *testing.T, src string, extra ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	args := append([]string{"build", "--src", src, "--out", out, "--now", "2026-12-04"}, extra...)
	code, _, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("build of %s exited %d:\n%s", src, code, stderr)
	}
	return out
}

func TestShippedExampleLinks(t *testing.T) {
	checkSite(t, buildSite(t, "../../docs-src"))
}

func TestRealWorldMapLinks(t *testing.T) {
	out := buildSite(t, "../../testdata/realworld/online-boutique")
	checkSite(t, out)
}

// checkSite parses every HTML page of a built site and checks that every
// relative link and image resolves to a file of the site, and that no page
// loads a style, script, font or image from another host.
func checkSite(t *testing.T, root string) {
	t.Helper()
	pages := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		pages++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s does not parse as HTML: %v", p, err)
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		checkNode(t, root, filepath.ToSlash(rel), doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 10 {
		t.Errorf("only %d pages were built", pages)
	}
}

func checkNode(t *testing.T, root, page string, n *html.Node) {
	if n.Type == html.ElementNode {
		for _, a := range n.Attr {
			switch {
			case a.Key == "href" || a.Key == "src" || a.Key == "xlink:href" || a.Namespace == "xlink" && a.Key == "href":
				checkLink(t, root, page, n.Data, a.Val)
			case a.Key == "srcset" || a.Key == "style" && strings.Contains(a.Val, "url("):
				t.Errorf("%s: <%s %s> is not expected in generated pages", page, n.Data, a.Key)
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		checkNode(t, root, page, c)
	}
}

func checkLink(t *testing.T, root, page, element, link string) {
	lower := strings.ToLower(link)
	external := strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "//")
	if external {
		// Only plain links may leave the site; styles, scripts, fonts and images may not.
		if element != "a" {
			t.Errorf("%s: <%s> loads %s from another host", page, element, link)
		}
		return
	}
	if strings.HasPrefix(lower, "mailto:") || strings.HasPrefix(link, "#") || link == "" {
		return
	}
	if strings.HasPrefix(link, "/") {
		t.Errorf("%s: link %q starts at the host root and breaks under a sub-path", page, link)
		return
	}
	target, _, _ := strings.Cut(link, "#")
	target, _, _ = strings.Cut(target, "?")
	full := filepath.Join(root, filepath.FromSlash(filepath.ToSlash(filepath.Dir(page))), filepath.FromSlash(target))
	info, err := os.Stat(full)
	if err != nil {
		t.Errorf("%s: link %q does not resolve to a file", page, link)
		return
	}
	if info.IsDir() {
		t.Errorf("%s: link %q names a folder, which does not open from file://", page, link)
	}
}
