package model

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// loadTree writes a txtar archive into a temporary folder and loads it.
func loadTree(t *testing.T, archive string) *Model {
	t.Helper()
	dir := t.TempDir()
	writeArchive(t, dir, archive)
	m, err := Load(dir, Options{Now: NewDate(2025, 6, 10), DisplayDir: "docs-src"})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func writeArchive(t *testing.T, dir, archive string) {
	t.Helper()
	for _, f := range txtar.Parse([]byte(archive)).Files {
		name := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const diffBase = `
-- people.toml --
[people.ann]
name = "Ann Example"
[people.ben]
name = "Ben Example"
-- systems/a.toml --
name = "A"
kind = "saas"
owner = "ann"
-- systems/b.toml --
name = "B"
kind = "service"
-- handoffs/a-to-b.toml --
title = "A to B"
from = "a"
to = "b"
kind = "api"
owner = "ann"
last_reviewed = 2025-06-01
`

func findItem(d *Diff, kind SubjectKind, id string) *ItemChange {
	for _, c := range d.Items {
		if c.Kind == kind && c.ID == id {
			return c
		}
	}
	return nil
}

func TestCompareRenameFollowsSystemRename(t *testing.T) {
	old := loadTree(t, diffBase)
	renamed := strings.NewReplacer("-- systems/b.toml --", "-- systems/bee.toml --", "-- handoffs/a-to-b.toml --", "-- handoffs/a-to-bee.toml --", `to = "b"`, `to = "bee"`).Replace(diffBase)
	d := Compare(old, loadTree(t, renamed))

	s := findItem(d, SubjectSystem, "bee")
	if s == nil || s.Change != Renamed || s.OldID != "b" {
		t.Fatalf("system b → bee is not a rename: %+v", s)
	}
	h := findItem(d, SubjectHandoff, "a-to-bee")
	if h == nil || h.Change != Renamed || h.OldID != "a-to-b" {
		t.Fatalf("handoff a-to-b → a-to-bee is not a rename: %+v", h)
	}
	if len(h.Fields) != 1 || h.Fields[0] != (FieldChange{Key: "to", Old: "b", New: "bee"}) {
		t.Errorf("fields of the renamed handoff = %+v", h.Fields)
	}
	if got := d.Summary(); got != "2 renamed" {
		t.Errorf("summary = %q, want %q", got, "2 renamed")
	}
}

func TestCompareDifferentTitleIsNotRename(t *testing.T) {
	old := loadTree(t, diffBase)
	moved := strings.NewReplacer("-- handoffs/a-to-b.toml --", "-- handoffs/x.toml --", `title = "A to B"`, `title = "A to B, hourly"`).Replace(diffBase)
	d := Compare(old, loadTree(t, moved))
	if c := findItem(d, SubjectHandoff, "x"); c == nil || c.Change != Added {
		t.Errorf("x = %+v, want added", c)
	}
	if c := findItem(d, SubjectHandoff, "a-to-b"); c == nil || c.Change != Removed {
		t.Errorf("a-to-b = %+v, want removed", c)
	}
	if got := d.Summary(); got != "+1 handoff, −1 handoff" {
		t.Errorf("summary = %q", got)
	}
}

func TestCompareKeepsDeclaredOwner(t *testing.T) {
	old := loadTree(t, diffBase)
	d := Compare(old, loadTree(t, strings.Replace(diffBase, `owner = "ann"
last_reviewed`, `owner = "nobody"
last_reviewed`, 1)))
	if len(d.Transfers) != 1 || d.Transfers[0].From != "ann" || d.Transfers[0].To != "nobody" {
		t.Errorf("transfers = %+v, want ann → nobody", d.Transfers)
	}
	if len(d.Orphaned) != 1 || !strings.Contains(d.Orphaned[0].Reason, `"nobody" is not in people.toml`) {
		t.Errorf("orphaned = %+v", d.Orphaned)
	}
	if d.NewErrors() != 1 || d.Introduced[0].Rule != "unknown-person" {
		t.Errorf("introduced = %v, want one unknown-person error", d.Introduced)
	}
	if got := d.Summary(); got != "1 changed; 1 new error" {
		t.Errorf("summary = %q", got)
	}
}

func TestCompareFindingsIgnoreLines(t *testing.T) {
	// A self-loop warning points at the line of "to".
	withWarning := strings.Replace(diffBase, `to = "b"`, `to = "a"`, 1)
	old := loadTree(t, withWarning)
	shifted := loadTree(t, strings.Replace(withWarning, "-- handoffs/a-to-b.toml --\n", "-- handoffs/a-to-b.toml --\n# a comment\n\n", 1))
	if len(old.Findings) != 1 || len(shifted.Findings) != 1 || old.Findings[0].Line == shifted.Findings[0].Line {
		t.Fatalf("want one warning on different lines, have %v and %v", old.Findings, shifted.Findings)
	}
	d := Compare(old, shifted)
	if !d.Empty() {
		t.Errorf("a comment that moves a warning made a diff: %s, introduced %v, resolved %v", d.Summary(), d.Introduced, d.Resolved)
	}
}

func TestCompareIdentical(t *testing.T) {
	d := Compare(loadTree(t, diffBase), loadTree(t, diffBase))
	if !d.Empty() || d.Summary() != "No architecture changes." {
		t.Errorf("identical trees: empty = %v, summary %q", d.Empty(), d.Summary())
	}
}

func TestLoadGitReadsRevision(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("git is required in CI: %v", err)
		}
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	gitRun := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=Test", "GIT_AUTHOR_EMAIL=test@example.com", "GIT_COMMITTER_NAME=Test", "GIT_COMMITTER_EMAIL=test@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitRun("init", "-q", "-b", "main")
	writeArchive(t, filepath.Join(repo, "maps", "team"), diffBase+"-- handoffs/broken.toml --\ntitle = \"Broken\"\nfrom = \"a\"\nto = \"nowhere\"\nowner = \"ann\"\n")
	gitRun("add", "-A")
	gitRun("commit", "-q", "-m", "map")
	// A change in the working tree after the commit must not be read.
	writeArchive(t, filepath.Join(repo, "maps", "team"), "-- systems/c.toml --\nname = \"C\"\n")

	// LoadGit's temporary folder goes into a folder of this test's own.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	m, err := LoadGit(GitTree{Repo: filepath.Join(repo, "maps"), Ref: "HEAD", Sub: "team"}, Options{Now: NewDate(2025, 6, 10)})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Systems) != 2 || len(m.Handoffs) != 2 {
		t.Errorf("loaded %d systems and %d handoffs, want 2 and 2", len(m.Systems), len(m.Handoffs))
	}
	if m.Source != "maps/team" {
		t.Errorf("source = %q, want the repository path maps/team", m.Source)
	}
	found := false
	for _, f := range m.Findings {
		if f.Rule == "unknown-system" {
			found = true
			if f.File != "maps/team/handoffs/broken.toml" {
				t.Errorf("finding file = %q, want maps/team/handoffs/broken.toml", f.File)
			}
		}
	}
	if !found {
		t.Errorf("no unknown-system finding in %v", m.Findings)
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("LoadGit left its temporary folder: %v", left)
	}
}

func TestCompareUnparsableFileIsNotRemoved(t *testing.T) {
	broken := strings.Replace(diffBase, "kind = \"api\"\n", "kind = \"api\n", 1)
	old, new := loadTree(t, diffBase), loadTree(t, broken)
	d := Compare(old, new)
	if c := findItem(d, SubjectHandoff, "a-to-b"); c != nil {
		t.Errorf("a handoff whose file stopped parsing is listed as %s", c.Change)
	}
	if len(d.Introduced) == 0 || d.Introduced[0].Rule != "syntax" {
		t.Errorf("the syntax error is not among the findings introduced: %v", d.Introduced)
	}

	d = Compare(new, old)
	if c := findItem(d, SubjectHandoff, "a-to-b"); c != nil {
		t.Errorf("a handoff whose file parses again is listed as %s", c.Change)
	}
}
