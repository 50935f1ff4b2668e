package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/handoffmap/handoff/model"
	"github.com/handoffmap/handoff/render"
)

const diffUsage = "handoff diff OLD NEW [--src docs-src] [--format markdown|json] [--graph FILE.svg] [--base-url URL] [--now YYYY-MM-DD]"

const diffHelp = `
OLD and NEW are source folders, or git revisions written git:REF (such as
git:origin/main or git:HEAD) whose --src folder is read with the git command
from the repository of the current folder. The working tree is not touched.

diff reports systems, handoffs, people and teams that were added, removed,
renamed or changed, field by field; ownership transfers; handoffs that became
orphaned; and findings introduced and resolved. High-stakes handoffs come
first. Pages under pages/ are not compared.

Exit status: 0 when the trees were compared, whatever changed; 2 on a usage
error, a tree that cannot be read or a --graph file that cannot be written.
Run handoff check to fail a pull request on errors.
`

func runDiff(ctx context.Context, e *env, args []string) int {
	fs := e.flags("diff", diffUsage)
	usage := fs.Usage
	fs.Usage = func() {
		usage()
		fmt.Fprint(fs.Output(), diffHelp)
	}
	src := fs.String("src", "docs-src", "source `folder` inside the repository, for git:REF operands")
	format := fs.String("format", "markdown", "output `format`: markdown (for a pull-request comment) or json")
	graph := fs.String("graph", "", "also write the changed part of the map as an SVG `file`")
	baseURL := fs.String("base-url", "", "absolute `URL` the site is published at, for links to pages; overrides base_url of the new tree's handoff.toml")
	now := fs.String("now", "", "build `date` YYYY-MM-DD that review states are computed against (default: SOURCE_DATE_EPOCH, else today)")

	operands, code, done := parseInterspersed(fs, args)
	if done {
		return code
	}
	if len(operands) != 2 {
		fmt.Fprintf(e.stderr, "handoff diff: expected two operands OLD and NEW, got %d\n", len(operands))
		fs.Usage()
		return exitUsage
	}
	if *format != "markdown" && *format != "json" {
		e.errorf("--format %q: use markdown or json", *format)
		return exitUsage
	}
	if *baseURL != "" && !isAbsoluteHTTP(*baseURL) {
		e.errorf("--base-url %q: write the full address of the published site, such as https://acme.github.io/integration-map/", *baseURL)
		return exitUsage
	}
	date, err := e.buildDate(*now)
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}

	opts := model.Options{Now: date}
	oldMap, err := loadOperand(operands[0], *src, opts)
	if err != nil {
		e.errorf("load OLD: %v", err)
		return exitUsage
	}
	newMap, err := loadOperand(operands[1], *src, opts)
	if err != nil {
		e.errorf("load NEW: %v", err)
		return exitUsage
	}

	d := model.Compare(oldMap, newMap)
	ropts := render.DiffOptions{OldLabel: operands[0], NewLabel: operands[1], BaseURL: *baseURL}
	if ropts.BaseURL == "" {
		ropts.BaseURL = newMap.Settings.BaseURL
	}
	var out []byte
	if *format == "json" {
		if out, err = render.DiffJSON(d, ropts); err != nil {
			e.errorf("render: %v", err)
			return exitUsage
		}
	} else {
		out = render.DiffMarkdown(d, ropts)
	}
	if *graph != "" {
		svg, err := render.DiffSVG(d, ropts, nil)
		if err != nil {
			e.errorf("graph: %v", err)
			return exitUsage
		}
		if err := writeFileAtomic(*graph, svg); err != nil {
			e.errorf("graph: %v", err)
			return exitUsage
		}
	}
	e.stdout.Write(out)
	return exitOK
}

// parseInterspersed parses flags that come before, between or after the
// operands, as in "handoff diff git:main git:HEAD --format json", and
// returns the operands.
func parseInterspersed(fs *flag.FlagSet, args []string) (operands []string, code int, done bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, true
			}
			return nil, exitUsage, true
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return operands, exitOK, false
		}
		// After "--" every argument is an operand.
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(operands, rest...), exitOK, false
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
}

// loadOperand loads a diff operand: a git:REF revision or a folder.
func loadOperand(operand, src string, opts model.Options) (*model.Model, error) {
	if ref, ok := strings.CutPrefix(operand, "git:"); ok {
		return model.LoadGit(model.GitTree{Ref: ref, Sub: src}, opts)
	}
	return model.Load(operand, opts)
}

// writeFileAtomic writes data to a temporary file next to name and renames
// it into place, so that a failed write leaves no partial file.
func writeFileAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
