package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/handoffmap/handoff/model"
)

// starterDir writes the starter map into a temporary folder, makes it the
// current folder and returns it.
func starterDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	if _, stderr, code := runHandoff(t, "init"); code != 0 {
		t.Fatalf("init failed: %s", stderr)
	}
	return dir
}

func TestNewWritesTemplates(t *testing.T) {
	dir := starterDir(t)
	cases := []struct {
		kind, id, path string
	}{
		{"handoff", "billing/refunds-to-crm", "docs-src/handoffs/billing/refunds-to-crm.toml"},
		{"handoff", "deep/new_folder/sync", "docs-src/handoffs/deep/new_folder/sync.toml"},
		{"system", "erp", "docs-src/systems/erp.toml"},
		{"person", "jo", "docs-src/people.toml"},
	}
	for _, c := range cases {
		stdout, stderr, code := runHandoff(t, "new", c.kind, c.id)
		if code != 0 {
			t.Fatalf("new %s %s exited with %d: %s", c.kind, c.id, code, stderr)
		}
		if stdout != c.path+"\n" {
			t.Errorf("new %s %s printed %q, want %q", c.kind, c.id, stdout, c.path+"\n")
		}
	}

	m, err := model.Load(filepath.Join(dir, "docs-src"), model.Options{Now: model.NewDate(2025, 6, 10)})
	if err != nil {
		t.Fatal(err)
	}
	if m.Handoff("billing/refunds-to-crm") == nil || m.System("erp") == nil || m.Person("jo") == nil {
		t.Fatalf("the new items did not load")
	}
	if got := m.Handoff("billing/refunds-to-crm").Title; got != "Refunds to crm" {
		t.Errorf("title of the new handoff = %q", got)
	}
	if m.Person("alex") == nil || m.Person("sam") == nil {
		t.Errorf("adding a person lost the people that were there")
	}
	for _, f := range m.Findings {
		if f.Rule == "syntax" || f.Rule == "unknown-key" {
			t.Errorf("a template does not fit the schema: %s", f)
		}
	}
}

func TestNewRejects(t *testing.T) {
	starterDir(t)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"upper case id", []string{"system", "ERP"}, exitUsage, `invalid system id "ERP"`},
		{"dot dot", []string{"handoff", "../escape"}, exitUsage, `invalid handoff id "../escape"`},
		{"slash in person", []string{"person", "a/b"}, exitUsage, `invalid person id "a/b"`},
		{"unknown kind", []string{"team", "ops"}, exitUsage, `unknown kind "team"`},
		{"existing system", []string{"system", "billing"}, exitFailed, "docs-src/systems/billing.toml already exists"},
		{"existing handoff", []string{"handoff", "billing/paid-invoices-to-crm"}, exitFailed, "already exists"},
		{"existing person", []string{"person", "alex"}, exitFailed, `already has the person "alex"`},
		{"missing source", []string{"--src", "nowhere", "system", "erp"}, exitUsage, "the source folder nowhere does not exist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := os.ReadFile("docs-src/systems/billing.toml")
			stdout, stderr, code := runHandoff(t, append([]string{"new"}, c.args...)...)
			if code != c.code {
				t.Errorf("exit code = %d, want %d", code, c.code)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, c.want)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			after, _ := os.ReadFile("docs-src/systems/billing.toml")
			if string(before) != string(after) {
				t.Errorf("new changed an existing file")
			}
		})
	}
	if _, err := os.Stat("escape.toml"); err == nil {
		t.Errorf("new wrote a file outside the source folder")
	}
}

func TestNewPersonCreatesPeopleFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("docs-src", 0o755); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runHandoff(t, "new", "person", "jo"); code != 0 {
		t.Fatalf("new person failed: %s", stderr)
	}
	m, err := model.Load("docs-src", model.Options{Now: model.NewDate(2025, 6, 10)})
	if err != nil {
		t.Fatal(err)
	}
	if m.Person("jo") == nil {
		t.Errorf("the new people.toml has no person jo")
	}
}
