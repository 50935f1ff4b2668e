package model

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// GitTree names a source folder inside a git revision.
type GitTree struct {
	// Repo is the folder git runs in: the repository or a folder inside it.
	// Empty means the current folder.
	Repo string
	// Ref is any revision git accepts, such as HEAD~1 or origin/main.
	Ref string
	// Sub is the source folder relative to Repo, such as docs-src.
	Sub string
}

// ErrGitMissing is returned by LoadGit when the git command is not installed.
var ErrGitMissing = errors.New("the git command was not found: install git to compare git:REF revisions")

// LoadGit reads the source folder of a git revision and loads it like Load.
// It copies the files of the revision into a temporary folder with git
// ls-tree and git cat-file, so the working tree and the index are never
// touched, and removes that folder before it returns. File names in
// findings read as paths in the repository, such as
// docs-src/handoffs/crm.toml.
func LoadGit(src GitTree, opts Options) (*Model, error) {
	tmp, display, err := ExtractGit(src)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	opts.DisplayDir = display
	return Load(tmp, opts)
}

// ExtractGit copies the source folder of a git revision into a new
// temporary folder and returns it with the folder's path in the
// repository. The caller removes the temporary folder.
func ExtractGit(src GitTree) (dir, repoPath string, err error) {
	if _, err := exec.LookPath("git"); err != nil {
		return "", "", ErrGitMissing
	}
	g := gitRunner{dir: src.Repo}

	prefix, err := g.output("rev-parse", "--show-prefix")
	if err != nil {
		return "", "", fmt.Errorf("git:%s: %s is not inside a git repository: run handoff in a clone, or compare folders instead", src.Ref, g.where())
	}
	repoPath = path.Clean(path.Join(strings.TrimSpace(string(prefix)), filepath.ToSlash(src.Sub)))
	if repoPath == ".." || strings.HasPrefix(repoPath, "../") || path.IsAbs(repoPath) {
		return "", "", fmt.Errorf("git:%s: the source folder %q is outside the repository", src.Ref, src.Sub)
	}

	// A ":" would select a path and "-" an option, so neither may start or
	// be part of a revision here.
	if src.Ref == "" || strings.HasPrefix(src.Ref, "-") || strings.ContainsAny(src.Ref, ": \t\r\n") {
		return "", "", fmt.Errorf("git:%s: invalid revision: write a branch, tag or commit, such as git:HEAD or git:origin/main", src.Ref)
	}
	if _, err := g.output("rev-parse", "--verify", "--quiet", src.Ref+"^{tree}"); err != nil {
		return "", "", fmt.Errorf("git:%s: unknown revision %q: check the name with git log, or fetch it first (actions/checkout needs fetch-depth: 0 for the base branch)", src.Ref, src.Ref)
	}
	object := src.Ref + "^{tree}"
	if repoPath != "." {
		object = src.Ref + ":" + repoPath
	}
	kind, err := g.output("cat-file", "-t", object)
	if err != nil || strings.TrimSpace(string(kind)) != "tree" {
		return "", "", fmt.Errorf("git:%s: the folder %s does not exist at revision %s: check --src", src.Ref, repoPath, src.Ref)
	}

	dir, err = os.MkdirTemp("", "handoff-git-")
	if err != nil {
		return "", "", err
	}
	if err := g.extract(object, dir); err != nil {
		os.RemoveAll(dir)
		return "", "", fmt.Errorf("git:%s: read %s: %w", src.Ref, repoPath, err)
	}
	return dir, repoPath, nil
}

type gitRunner struct {
	dir string
}

func (g gitRunner) where() string {
	if g.dir == "" {
		return "the current folder"
	}
	return g.dir
}

func (g gitRunner) command(args ...string) *exec.Cmd {
	cmd := exec.Command("git", args...)
	cmd.Dir = g.dir
	// Keep the output independent of the user's locale and pager settings.
	cmd.Env = append(os.Environ(), "LC_ALL=C", "GIT_PAGER=cat", "GIT_TERMINAL_PROMPT=0")
	return cmd
}

func (g gitRunner) output(args ...string) ([]byte, error) {
	var stderr bytes.Buffer
	cmd := g.command(args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return out, fmt.Errorf("git %s: %w: %s", args[0], err, msg)
		}
		return out, fmt.Errorf("git %s: %w", args[0], err)
	}
	return out, nil
}

// treeEntry is one line of git ls-tree -r -z.
type treeEntry struct {
	mode, oid, path string
}

// extract writes every blob below the tree object into dir. Symbolic links
// are recreated as links, so that Load applies the same rule to them as in a
// working tree; submodules are skipped.
func (g gitRunner) extract(object, dir string) error {
	listing, err := g.output("ls-tree", "-r", "-z", "--full-tree", object)
	if err != nil {
		return err
	}
	var entries []treeEntry
	for _, rec := range bytes.Split(listing, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, name, ok := strings.Cut(string(rec), "\t")
		fields := strings.Fields(meta)
		if !ok || len(fields) != 3 {
			return fmt.Errorf("unexpected git ls-tree output %q", rec)
		}
		if fields[1] != "blob" {
			continue
		}
		if !filepath.IsLocal(filepath.FromSlash(name)) {
			return fmt.Errorf("the tree has a file outside its folder: %q", name)
		}
		entries = append(entries, treeEntry{mode: fields[0], oid: fields[2], path: name})
	}
	if len(entries) == 0 {
		return nil
	}

	// One git cat-file --batch process reads every blob: its stdin takes
	// object ids, its stdout gives "<oid> <type> <size>\n<content>\n".
	var ids bytes.Buffer
	for _, e := range entries {
		ids.WriteString(e.oid + "\n")
	}
	cmd := g.command("cat-file", "--batch")
	cmd.Stdin = &ids
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	r := bufio.NewReader(stdout)
	readErr := func() error {
		for _, e := range entries {
			data, err := readBatchObject(r)
			if err != nil {
				return fmt.Errorf("%s: %w", e.path, err)
			}
			if err := writeTreeFile(dir, e, data); err != nil {
				return err
			}
		}
		return nil
	}()
	io.Copy(io.Discard, r)
	if err := cmd.Wait(); err != nil && readErr == nil {
		return fmt.Errorf("git cat-file: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return readErr
}

// readBatchObject reads one object from git cat-file --batch output.
func readBatchObject(r *bufio.Reader) ([]byte, error) {
	header, err := r.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("read git cat-file output: %w", err)
	}
	fields := strings.Fields(header)
	if len(fields) != 3 {
		return nil, fmt.Errorf("unexpected git cat-file output %q", strings.TrimSpace(header))
	}
	size, err := strconv.ParseInt(fields[2], 10, 64)
	if err != nil || size < 0 {
		return nil, fmt.Errorf("unexpected git cat-file size %q", fields[2])
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, fmt.Errorf("read git cat-file output: %w", err)
	}
	if _, err := r.ReadByte(); err != nil {
		return nil, fmt.Errorf("read git cat-file output: %w", err)
	}
	return data, nil
}

func writeTreeFile(dir string, e treeEntry, data []byte) error {
	full := filepath.Join(dir, filepath.FromSlash(e.path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	if e.mode == "120000" {
		return os.Symlink(string(data), full)
	}
	return os.WriteFile(full, data, 0o644)
}
