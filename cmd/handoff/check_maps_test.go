package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// checkJSON runs check --format json and returns the exit code and the
// decoded findings.
func checkJSON(t *testing.T, args ...string) (int, []jsonFinding) {
	t.Helper()
	code, stdout, stderr := runCLI(t, append([]string{"check", "--format", "json"}, args...)...)
	var list []jsonFinding
	if err := json.Unmarshal([]byte(stdout), &list); err != nil {
		t.Fatalf("check --format json wrote no JSON array (%v); stderr:\n%s", err, stderr)
	}
	return code, list
}

// where formats a finding's rule and position for comparisons.
func where(f jsonFinding) string {
	return fmt.Sprintf("%s %s:%d", f.Rule, f.File, f.Line)
}

func TestCheckShippedExampleStory(t *testing.T) {
	code, list := checkJSON(t, "--src", "../../docs-src", "--now", "2026-12-04")
	if code != exitOK {
		t.Errorf("check exited with %d, want 0: the example has warnings only", code)
	}

	// The example's story: the invoice sync that nobody owns, monitors or
	// reviews, an expired workaround, two overdue reviews, a planned
	// handoff not yet reviewed and two meanings of active_user.
	want := []string{
		"unmonitored-high-stakes ../../docs-src/handoffs/billing/paid-invoices-to-crm.toml:8",
		"owner-inactive ../../docs-src/handoffs/billing/paid-invoices-to-crm.toml:9",
		"review-overdue ../../docs-src/handoffs/billing/paid-invoices-to-crm.toml:13",
		"never-reviewed ../../docs-src/handoffs/data/audiences-to-marketing.toml:1",
		"temporary-expired ../../docs-src/handoffs/data/churn-export-to-sheet.toml:13",
		"review-overdue ../../docs-src/handoffs/finance/bank-statements-to-erp.toml:12",
		"review-overdue ../../docs-src/handoffs/support/customer-sidebar.toml:12",
		"conflicting-definitions ../../docs-src/systems/warehouse.toml:18",
	}
	var have []string
	for _, f := range list {
		have = append(have, where(f))
		if f.Severity != "warning" {
			t.Errorf("%s has severity %s, want warning", where(f), f.Severity)
		}
	}
	if strings.Join(have, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings of the shipped example:\nhave:\n  %s\nwant:\n  %s", strings.Join(have, "\n  "), strings.Join(want, "\n  "))
	}
	for _, f := range list {
		if f.Rule == "conflicting-definitions" {
			for _, text := range []string{"performed any tracked event in the last 30 days", "logged in at least once in the last 28 days"} {
				if !strings.Contains(f.Message, text) {
					t.Errorf("conflicting-definitions message %q does not show %q", f.Message, text)
				}
			}
		}
		if f.Rule == "never-reviewed" && f.ID != "data/audiences-to-marketing" {
			t.Errorf("never-reviewed is about %q, want the planned handoff data/audiences-to-marketing", f.ID)
		}
	}

	code, _, _ = runCLI(t, "check", "--src", "../../docs-src", "--now", "2026-12-04", "--strict")
	if code != exitFailed {
		t.Errorf("check --strict exited with %d, want 1 because of the warnings", code)
	}
}

// copyTree copies the folder src into a new temporary folder.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// plant replaces the first line of a file that starts with prefix and
// returns the line's number.
func plant(t *testing.T, file, prefix, replacement string) int {
	t.Helper()
	lines := strings.Split(readFile(t, file), "\n")
	for i, line := range lines {
		if strings.HasPrefix(line, prefix) {
			lines[i] = replacement
			if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			return i + 1
		}
	}
	t.Fatalf("%s has no line starting with %q", file, prefix)
	return 0
}

func TestCheckRealWorldPlantedMistakes(t *testing.T) {
	src := copyTree(t, "../../testdata/realworld/online-boutique")
	code, list := checkJSON(t, "--src", src, "--now", "2026-12-04")
	for _, f := range list {
		if f.Severity == "error" {
			t.Fatalf("the unchanged map already has an error: %s %s", where(f), f.Message)
		}
	}
	if code != exitOK {
		t.Fatalf("check of the unchanged map exited with %d", code)
	}

	file := func(rel string) string { return filepath.Join(src, filepath.FromSlash(rel)) }
	type mistake struct {
		rule, file string
		line       int
		// message and hint are parts the finding must contain.
		message, hint string
	}
	mistakes := []mistake{
		{"unknown-system", "handoffs/checkout/payment-charge.toml",
			plant(t, file("handoffs/checkout/payment-charge.toml"), "from = ", `from = "checkuot"`), `"checkuot"`, `did you mean "checkout"?`},
		{"unknown-key", "handoffs/frontend/cart-add-item.toml",
			plant(t, file("handoffs/frontend/cart-add-item.toml"), "monitoring = ", `monitorng = "Alert 'cart-rpc-errors' fires"`), `"monitorng"`, `did you mean "monitoring"?`},
		{"owner-is-team", "handoffs/cart/redis-cart-get.toml",
			plant(t, file("handoffs/cart/redis-cart-get.toml"), "owner = ", `owner = "orders"`), `"orders" is a team`, "name one person"},
		{"invalid-value", "handoffs/checkout/shipping-ship-order.toml",
			plant(t, file("handoffs/checkout/shipping-ship-order.toml"), "last_reviewed = ", `last_reviewed = "2026-09-31"`), `"2026-09-31"`, "without quotes"},
		{"syntax", "handoffs/frontend/ad-get-ads.toml",
			plant(t, file("handoffs/frontend/ad-get-ads.toml"), "title = ", `title = "Frontend asks for ads`), "newlines", "fix the TOML syntax"},
	}

	code, list = checkJSON(t, "--src", src, "--now", "2026-12-04")
	if code != exitFailed {
		t.Errorf("check exited with %d, want 1", code)
	}
	var errors []jsonFinding
	for _, f := range list {
		if f.Severity == "error" {
			errors = append(errors, f)
		}
	}
	sort.Slice(mistakes, func(i, j int) bool { return mistakes[i].file < mistakes[j].file })
	if len(errors) != len(mistakes) {
		var have []string
		for _, f := range errors {
			have = append(have, where(f)+": "+f.Message)
		}
		t.Fatalf("%d errors, want %d, one per planted mistake:\n  %s", len(errors), len(mistakes), strings.Join(have, "\n  "))
	}
	for i, m := range mistakes {
		f := errors[i]
		wantFile := filepath.ToSlash(filepath.Join(src, filepath.FromSlash(m.file)))
		if f.Rule != m.rule || f.File != wantFile || f.Line != m.line {
			t.Errorf("finding %d is %s, want %s %s:%d", i, where(f), m.rule, wantFile, m.line)
		}
		if !strings.Contains(f.Message, m.message) {
			t.Errorf("%s: message %q does not contain %q", where(f), f.Message, m.message)
		}
		if !strings.Contains(f.Hint, m.hint) {
			t.Errorf("%s: hint %q does not contain %q", where(f), f.Hint, m.hint)
		}
	}
}

// TestBuildOutKeepsUserFiles points --out at folders that hold the source
// tree or other files of the user, as written on a command line.
func TestBuildOutKeepsUserFiles(t *testing.T) {
	cases := []struct {
		name string
		out  string
	}{
		{"current folder", "."},
		{"source folder", "docs-src"},
		{"source subfolder", "docs-src/systems"},
		{"home folder", "$HOME"},
		{"parent folder", ".."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			home := filepath.Join(root, "home")
			repo := filepath.Join(home, "repo")
			for path, content := range map[string]string{
				"home/.profile":                  "export PATH\n",
				"home/notes.txt":                 "notes\n",
				"repo/README.md":                 "# my repo\n",
				"repo/docs-src/people.toml":      "[people.maria]\nname = \"Maria Example\"\n",
				"repo/docs-src/systems/crm.toml": "name = \"CRM\"\nowner = \"maria\"\n",
			} {
				if strings.HasPrefix(path, "repo/") {
					path = "home/" + path
				}
				full := filepath.Join(root, filepath.FromSlash(path))
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := listFiles(t, root)
			t.Chdir(repo)

			out := strings.ReplaceAll(c.out, "$HOME", home)
			code, _, stderr := runCLI(t, "build", "--src", "docs-src", "--out", out, "--now", "2026-12-04")
			if code == exitOK {
				t.Errorf("build --out %s succeeded, want a refusal", c.out)
			}
			if !strings.Contains(stderr, "--out") {
				t.Errorf("the error does not say to choose another --out:\n%s", stderr)
			}
			if after := listFiles(t, root); strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Errorf("files changed:\nbefore: %v\nafter:  %v", before, after)
			}
		})
	}
}

// listFiles returns every file and folder below root with its size.
func listFiles(t *testing.T, root string) []string {
	t.Helper()
	var list []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		list = append(list, fmt.Sprintf("%s %d", filepath.ToSlash(rel), info.Size()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}
