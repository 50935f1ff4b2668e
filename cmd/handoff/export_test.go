package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeSource writes a small valid source tree and returns its folder.
func writeSource(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"people.toml":      "[people.ana]\nname = \"Ana\"\n",
		"systems/a.toml":   "name = \"A\"\nkind = \"service\"\ndomain = \"core\"\nowner = \"ana\"\n",
		"systems/b.toml":   "name = \"B\"\nkind = \"database\"\ndomain = \"data\"\nowner = \"ana\"\n",
		"handoffs/ab.toml": "title = \"A to B\"\nfrom = \"a\"\nto = \"b\"\nkind = \"batch\"\nowner = \"ana\"\nlast_reviewed = 2026-11-01\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	for name, text := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestExportFormats(t *testing.T) {
	src := writeSource(t, nil)
	for _, tc := range []struct {
		format string
		want   []string
	}{
		{"json", []string{`"schema": 1`, `"id": "ab"`, `"review_due": "2027-01-30"`}},
		{"dot", []string{`digraph "map" {`, `"a" -> "b"`}},
		{"mermaid", []string{"flowchart LR", `s_a -->|"A to B"| s_b`}},
		{"csv", []string{"id,title,from,to,", "\r\nab,A to B,a,b,,batch,ana,Ana,,,,no,live,"}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			out, errOut, code := runHandoff(t, "export", "--format", tc.format, "--src", src, "--now", "2026-12-01")
			if code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
			for _, want := range tc.want {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func TestExportJSONIsValid(t *testing.T) {
	src := writeSource(t, nil)
	out, errOut, code := runHandoff(t, "export", "--format", "json", "--src", src, "--now", "2026-12-01", "--base-url", "https://maps.example.com/m")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	var doc struct {
		BaseURL  string `json:"base_url"`
		Handoffs []struct {
			URL string `json:"url"`
		} `json:"handoffs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.BaseURL != "https://maps.example.com/m/" || doc.Handoffs[0].URL != "https://maps.example.com/m/handoffs/ab/" {
		t.Errorf("base_url %q, handoff url %q", doc.BaseURL, doc.Handoffs[0].URL)
	}
}

func TestExportMermaidDomain(t *testing.T) {
	src := writeSource(t, nil)
	out, errOut, code := runHandoff(t, "export", "--format", "mermaid", "--domain", "data", "--src", src, "--now", "2026-12-01")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if !strings.Contains(out, "domain data") || !strings.Contains(out, `subgraph d_data["data"]`) {
		t.Errorf("output is not the flowchart of domain data:\n%s", out)
	}

	_, errOut, code = runHandoff(t, "export", "--format", "mermaid", "--domain", "nope", "--src", src)
	if code != exitUsage || !strings.Contains(errOut, `the domains are core, data`) {
		t.Errorf("unknown domain: exit %d, stderr:\n%s", code, errOut)
	}
}

func TestExportUsageErrors(t *testing.T) {
	src := writeSource(t, nil)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no format", []string{"export", "--src", src}, "--format is required"},
		{"unknown format", []string{"export", "--format", "xml", "--src", src}, `unknown --format "xml"`},
		{"domain without mermaid", []string{"export", "--format", "csv", "--domain", "data", "--src", src}, "--domain works only with --format mermaid"},
		{"relative base URL", []string{"export", "--format", "json", "--base-url", "maps/", "--src", src}, "--base-url"},
		{"extra argument", []string{"export", "--format", "json", "--src", src, "more"}, `unexpected argument "more"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runHandoff(t, tc.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if out != "" {
				t.Errorf("stdout is not empty: %q", out)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, errOut)
			}
		})
	}
}

func TestExportRefusesMapWithErrors(t *testing.T) {
	src := writeSource(t, map[string]string{"handoffs/bad.toml": "title = \"Bad\"\nfrom = \"a\"\nto = \"nowhere\"\nkind = \"api\"\nowner = \"ana\"\n"})
	out, errOut, code := runHandoff(t, "export", "--format", "csv", "--src", src)
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	if out != "" {
		t.Errorf("stdout is not empty: %q", out)
	}
	if !strings.Contains(errOut, "unknown-system") || !strings.Contains(errOut, "export failed: 1 error in") {
		t.Errorf("stderr does not report the error:\n%s", errOut)
	}
}
