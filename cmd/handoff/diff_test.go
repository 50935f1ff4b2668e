package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// runHandoff runs the command line in-process and returns its output and
// exit code.
func runHandoff(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// requireGit skips the test when git is missing, unless CI is set: there
// it fails, so that CI never passes by skipping.
func requireGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("git is required in CI: %v", err)
		}
		t.Skip("git is not installed")
	}
}

// git runs a git command in dir with a fixed identity and no user or
// system configuration.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Test Example", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=Test Example", "GIT_COMMITTER_EMAIL=test@example.com",
		"GIT_AUTHOR_DATE=2025-06-01T12:00:00Z", "GIT_COMMITTER_DATE=2025-06-01T12:00:00Z")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func editFile(t *testing.T, name, old, new string) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	writeFile(t, name, strings.Replace(string(data), old, new, 1))
}

// gitMap makes a repository in a temporary folder with two commits: the
// starter map of handoff init, then a change that renames, transfers,
// adds, removes and breaks things. It returns the repository folder, which
// is also the current folder for the rest of the test.
func gitMap(t *testing.T) string {
	t.Helper()
	requireGit(t)
	repo := t.TempDir()
	t.Chdir(repo)
	git(t, repo, "init", "-q", "-b", "main")
	if _, stderr, code := runHandoff(t, "init"); code != 0 {
		t.Fatalf("init failed with %d: %s", code, stderr)
	}
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-q", "-m", "Add the starter map")

	src := filepath.Join(repo, "docs-src")
	editFile(t, filepath.Join(src, "handoffs/billing/paid-invoices-to-crm.toml"), `owner = "alex"`, `owner = "sam"`)
	git(t, repo, "mv", "docs-src/handoffs/nightly-exports-to-warehouse.toml", "docs-src/handoffs/billing/nightly-exports.toml")
	writeFile(t, filepath.Join(src, "systems/erp.toml"), "name = \"ERP\"\nkind = \"saas\"\nowner = \"sam\"\n")
	writeFile(t, filepath.Join(src, "handoffs/billing/invoices-to-erp.toml"),
		"title = \"Invoices to ERP\"\nfrom = \"billing\"\nto = \"erp\"\nkind = \"batch\"\ndata = [\"invoice\"]\nstakes = [\"compliance\"]\nowner = \"sam\"\n")
	editFile(t, filepath.Join(src, "people.toml"), "active = true                   # set", "active = false                  # set")
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-q", "-m", "Change the map")
	return repo
}

func TestDiffGitRevisions(t *testing.T) {
	repo := gitMap(t)
	graph := filepath.Join(t.TempDir(), "change.svg")
	stdout, stderr, code := runHandoff(t, "diff", "git:HEAD~1", "git:HEAD", "--now", "2025-06-10", "--graph", graph)
	if code != 0 {
		t.Fatalf("diff exited with %d: %s", code, stderr)
	}
	checkGolden(t, filepath.Join(testdataDir(t), "git-diff.md"), []byte(stdout))
	for _, want := range []string{"+1 handoff, +1 system, 1 renamed", "`docs-src/handoffs/billing/invoices-to-erp.toml", "| `alex` | `sam` |"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("diff output lacks %q", want)
		}
	}
	svg, err := os.ReadFile(graph)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("Invoices to ERP")) || !bytes.Contains(svg, []byte("Legend")) {
		t.Errorf("graph lacks the added handoff or the legend")
	}
	if status := git(t, repo, "status", "--porcelain"); status != "" {
		t.Errorf("diff changed the working tree or index:\n%s", status)
	}
}

// testdataDir returns the package's testdata folder, found before a test
// changes the current folder.
func testdataDir(t *testing.T) string {
	t.Helper()
	return filepath.Join(packageDir, "testdata")
}

var packageDir = func() string {
	dir, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return dir
}()

// checkGolden compares have with the golden file, or rewrites the file
// when the test runs with -update.
func checkGolden(t *testing.T, golden string, have []byte) {
	t.Helper()
	if *update {
		writeFile(t, golden, string(have))
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

func TestDiffGitAgainstFolder(t *testing.T) {
	gitMap(t)
	stdout, stderr, code := runHandoff(t, "diff", "git:HEAD", "docs-src", "--now", "2025-06-10")
	if code != 0 {
		t.Fatalf("diff exited with %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "No architecture changes.") {
		t.Errorf("a revision compared with its own checkout differs:\n%s", stdout)
	}
}

func TestDiffGitFromSubfolder(t *testing.T) {
	repo := gitMap(t)
	sub := filepath.Join(repo, "docs-src", "systems")
	t.Chdir(sub)
	stdout, stderr, code := runHandoff(t, "diff", "--src", "..", "git:HEAD~1", "git:HEAD", "--now", "2025-06-10", "--format", "json")
	if code != 0 {
		t.Fatalf("diff exited with %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `"file": "docs-src/handoffs/billing/invoices-to-erp.toml"`) {
		t.Errorf("file names in findings are not repository paths:\n%s", stdout)
	}
}

func TestDiffIdenticalFolders(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if _, stderr, code := runHandoff(t, "init"); code != 0 {
		t.Fatalf("init failed: %s", stderr)
	}
	stdout, stderr, code := runHandoff(t, "diff", "docs-src", "docs-src", "--now", "2025-06-10")
	if code != 0 {
		t.Fatalf("diff exited with %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "No architecture changes.") {
		t.Errorf("identical folders differ:\n%s", stdout)
	}
}

func TestDiffErrors(t *testing.T) {
	repo := gitMap(t)
	notRepo := t.TempDir()
	cases := []struct {
		name string
		dir  string
		args []string
		want string
	}{
		{"unknown revision", repo, []string{"git:no-such-branch", "git:HEAD"}, `unknown revision "no-such-branch"`},
		{"missing source folder", repo, []string{"--src", "maps", "git:HEAD~1", "git:HEAD"}, "the folder maps does not exist at revision HEAD~1"},
		{"not a repository", notRepo, []string{"git:HEAD", "git:HEAD"}, "is not inside a git repository"},
		{"option as revision", repo, []string{"git:--output=x", "git:HEAD"}, "invalid revision"},
		{"missing folder", repo, []string{"no-such-folder", "docs-src"}, "cannot read the source folder"},
		{"one operand", repo, []string{"git:HEAD"}, "expected two operands OLD and NEW, got 1"},
		{"bad format", repo, []string{"--format", "html", "docs-src", "docs-src"}, `--format "html": use markdown or json`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Chdir(c.dir)
			stdout, stderr, code := runHandoff(t, append([]string{"diff", "--now", "2025-06-10"}, c.args...)...)
			if code != exitUsage {
				t.Errorf("exit code = %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, c.want)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}
