package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/handoffmap/handoff/model"
	"github.com/handoffmap/handoff/render"
	"github.com/handoffmap/handoff/schema"
)

func TestInitWritesStarter(t *testing.T) {
	dir := t.TempDir()
	stdout, stderr, code := runHandoff(t, "init", dir)
	if code != 0 {
		t.Fatalf("init exited with %d: %s", code, stderr)
	}
	for _, want := range []string{"docs-src/handoff.toml", "docs-src/people.toml", "docs-src/systems/billing.toml", ".github/workflows/handoff.yml"} {
		if !strings.Contains(stdout, filepath.ToSlash(filepath.Join(dir, want))+"\n") {
			t.Errorf("init did not print the path of %s:\n%s", want, stdout)
		}
	}

	m, err := model.Load(filepath.Join(dir, "docs-src"), model.Options{Now: model.NewDate(2025, 6, 10)})
	if err != nil {
		t.Fatal(err)
	}
	if m.Errors() > 0 {
		for _, f := range m.Findings {
			t.Log(f)
		}
		t.Fatalf("the starter map has %d errors", m.Errors())
	}
	if len(m.Systems) != 3 || len(m.Handoffs) != 2 || len(m.Pages) != 1 {
		t.Errorf("starter map has %d systems, %d handoffs, %d pages; want 3, 2, 1", len(m.Systems), len(m.Handoffs), len(m.Pages))
	}
	if _, err := render.Publish(m, filepath.Join(dir, "public"), render.Options{Version: "test"}); err != nil {
		t.Fatalf("the starter map does not build: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "index.html")); err != nil {
		t.Errorf("the build wrote no index.html: %v", err)
	}
}

func TestInitStarterUsesExampleDomains(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runHandoff(t, "init", dir); code != 0 {
		t.Fatalf("init failed: %s", stderr)
	}
	for _, name := range []string{"docs-src/people.toml", "docs-src/systems/billing.toml", "docs-src/handoffs/billing/paid-invoices-to-crm.toml"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, word := range strings.Fields(string(data)) {
			if strings.Contains(word, "@") && strings.Contains(word, ".") && !strings.Contains(word, "example.com") {
				t.Errorf("%s has an address outside example.com: %s", name, word)
			}
		}
	}
}

// workflow is the part of a GitHub Actions workflow file that the test
// reads.
type workflow struct {
	Name        string         `yaml:"name"`
	On          map[string]any `yaml:"on"`
	Permissions map[string]string
	Jobs        map[string]struct {
		If          string            `yaml:"if"`
		Needs       any               `yaml:"needs"`
		Permissions map[string]string `yaml:"permissions"`
		Environment map[string]string `yaml:"environment"`
		Steps       []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]any    `yaml:"with"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func TestInitWorkflow(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runHandoff(t, "init", dir); code != 0 {
		t.Fatalf("init failed: %s", stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, ".github/workflows/handoff.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatalf("the workflow is not valid YAML: %v", err)
	}
	for _, event := range []string{"pull_request", "push"} {
		if _, ok := wf.On[event]; !ok {
			t.Errorf("the workflow does not run on %s", event)
		}
	}

	uses := map[string][]string{}
	runs := map[string]string{}
	for name, job := range wf.Jobs {
		for _, s := range job.Steps {
			if s.Uses != "" {
				uses[name] = append(uses[name], s.Uses)
			}
			runs[name] += s.Run + "\n"
		}
	}
	wantUses := map[string][]string{
		"review": {"actions/checkout@v4", "actions/setup-go@v5", "actions/github-script@v7"},
		"build":  {"actions/checkout@v4", "actions/setup-go@v5", "actions/configure-pages@v5", "actions/upload-pages-artifact@v3"},
		"deploy": {"actions/deploy-pages@v4"},
	}
	for job, want := range wantUses {
		if strings.Join(uses[job], " ") != strings.Join(want, " ") {
			t.Errorf("job %s uses %v, want %v", job, uses[job], want)
		}
	}

	review := wf.Jobs["review"]
	if review.Permissions["pull-requests"] != "write" {
		t.Errorf("review job permissions = %v, want pull-requests: write", review.Permissions)
	}
	if depth := review.Steps[0].With["fetch-depth"]; depth != 0 {
		t.Errorf("checkout fetch-depth = %v, want 0 so that the base branch is there", depth)
	}
	for _, want := range []string{"go install github.com/handoffmap/handoff/cmd/handoff@latest", "handoff check --format github",
		`handoff diff "git:origin/$BASE_REF" git:HEAD --format markdown`} {
		if !strings.Contains(runs["review"], want) {
			t.Errorf("review job does not run %q", want)
		}
	}
	if !strings.Contains(runs["build"], "handoff build") {
		t.Errorf("build job does not run handoff build")
	}
	deploy := wf.Jobs["deploy"]
	if deploy.Permissions["pages"] != "write" || deploy.Permissions["id-token"] != "write" {
		t.Errorf("deploy job permissions = %v, want pages: write and id-token: write", deploy.Permissions)
	}
	if deploy.Environment["name"] != "github-pages" {
		t.Errorf("deploy environment = %v, want github-pages", deploy.Environment)
	}
	if !strings.Contains(string(data), render.DiffMarker) {
		t.Errorf("the comment script does not look for the diff marker %q", render.DiffMarker)
	}
}

func TestInitRefusesExistingFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "docs-src/people.toml"), "# mine\n")
	stdout, stderr, code := runHandoff(t, "init", dir)
	if code != exitFailed {
		t.Errorf("exit code = %d, want %d", code, exitFailed)
	}
	if !strings.Contains(stderr, "people.toml already exists") || !strings.Contains(stderr, "init wrote nothing") {
		t.Errorf("stderr = %q", stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "docs-src"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("init wrote files next to the existing one: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(dir, ".github")); err == nil {
		t.Errorf("init wrote .github although it refused")
	}
	data, _ := os.ReadFile(filepath.Join(dir, "docs-src/people.toml"))
	if string(data) != "# mine\n" {
		t.Errorf("init changed the existing people.toml: %q", data)
	}
}

func TestInitWiresEditorSchemas(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runHandoff(t, "init", dir); code != 0 {
		t.Fatalf("init failed: %s", stderr)
	}
	taplo, err := os.ReadFile(filepath.Join(dir, ".taplo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for name := range schema.Names {
		ref := "./.handoff/schema/" + name
		if !strings.Contains(string(taplo), `path = "`+ref+`"`) {
			t.Errorf(".taplo.toml does not refer to %s", ref)
		}
		written, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(ref)))
		if err != nil {
			t.Errorf("init did not write %s: %v", ref, err)
			continue
		}
		shipped, err := schema.Files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if string(written) != string(shipped) {
			t.Errorf("%s differs from the shipped schema", ref)
		}
	}
}

func TestInitStarterStartsFresh(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runHandoff(t, "init", dir); code != 0 {
		t.Fatalf("init failed: %s", stderr)
	}
	stdout, _, code := runHandoff(t, "check", "--strict", "--src", filepath.Join(dir, "docs-src"))
	if code != 0 {
		t.Errorf("check --strict of a new starter map exited %d:\n%s", code, stdout)
	}
}
