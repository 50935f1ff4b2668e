package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"

	"github.com/handoffmap/handoff/model"
	"github.com/handoffmap/handoff/templates"
)

const newUsage = "handoff new handoff|system|person ID [--src docs-src]"

const newHelp = `
new writes a commented template and prints its path:
  handoff ID   writes handoffs/ID.toml; ID may contain "/" to make folders
  system ID    writes systems/ID.toml
  person ID    adds a [people.ID] block to people.toml
Ids use lower-case letters, digits, "-" and "_". new never overwrites a file
or an existing person.
`

func runNew(ctx context.Context, e *env, args []string) int {
	flags := e.flags("new", newUsage)
	usage := flags.Usage
	flags.Usage = func() {
		usage()
		fmt.Fprint(flags.Output(), newHelp)
	}
	src := flags.String("src", "docs-src", "source `folder` to write into")
	operands, code, done := parseInterspersed(flags, args)
	if done {
		return code
	}
	if len(operands) != 2 {
		fmt.Fprintf(e.stderr, "handoff new: expected a kind and an id, got %d operands\n", len(operands))
		flags.Usage()
		return exitUsage
	}
	kind, id := operands[0], operands[1]

	var check func(string) error
	switch kind {
	case "handoff", "system":
		check = model.CheckID
	case "person":
		check = model.CheckName
	default:
		e.errorf("unknown kind %q: use handoff, system or person", kind)
		return exitUsage
	}
	if err := check(id); err != nil {
		e.errorf("invalid %s id %q: %v", kind, id, err)
		return exitUsage
	}
	if info, err := os.Stat(*src); err != nil || !info.IsDir() {
		e.errorf("the source folder %s does not exist: run handoff init first, or set --src", *src)
		return exitUsage
	}

	text, err := fillTemplate(kind, id)
	if err != nil {
		e.errorf("new: %v", err)
		return exitFailed
	}
	var written string
	if kind == "person" {
		written, err = addPerson(*src, id, text)
	} else {
		folder := map[string]string{"handoff": "handoffs", "system": "systems"}[kind]
		written = filepath.Join(*src, folder, filepath.FromSlash(id)+".toml")
		w := &fileWriter{}
		if err = w.create(written, text); err != nil {
			w.undo()
			if errors.Is(err, fs.ErrExist) {
				err = fmt.Errorf("%s already exists: choose another id, or edit that file", written)
			}
		}
	}
	if err != nil {
		e.errorf("%v", err)
		return exitFailed
	}
	fmt.Fprintln(e.stdout, filepath.ToSlash(written))
	return exitOK
}

// fillTemplate returns the template of the kind filled in for id.
func fillTemplate(kind, id string) ([]byte, error) {
	t, err := template.ParseFS(templates.New, "new/"+kind+".toml")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, struct{ ID, Title string }{id, titleFromID(id)}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// titleFromID turns the last part of an id into words: "billing/paid-invoices"
// becomes "Paid invoices".
func titleFromID(id string) string {
	words := strings.NewReplacer("-", " ", "_", " ").Replace(path.Base(id))
	if words == "" {
		return id
	}
	return strings.ToUpper(words[:1]) + words[1:]
}

// addPerson appends the person's block to people.toml, or creates the file.
// It rejects an id that people.toml already has, and checks that the new
// text parses before it replaces the file.
func addPerson(src, id string, block []byte) (string, error) {
	name := filepath.Join(src, "people.toml")
	old, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		w := &fileWriter{}
		if err := w.create(name, bytes.TrimLeft(block, "\n")); err != nil {
			w.undo()
			return "", err
		}
		return name, nil
	}
	if err != nil {
		return "", err
	}

	var doc struct {
		People map[string]any `toml:"people"`
	}
	if _, err := toml.Decode(string(old), &doc); err != nil {
		return "", fmt.Errorf("%s does not parse, so the person was not added: %v", name, err)
	}
	if _, ok := doc.People[id]; ok {
		return "", fmt.Errorf("%s already has the person %q: choose another id, or edit that entry", name, id)
	}

	text := old
	if len(text) > 0 && !bytes.HasSuffix(text, []byte("\n")) {
		text = append(text, '\n')
	}
	text = append(text, block...)
	doc.People = nil
	if _, err := toml.Decode(string(text), &doc); err != nil {
		return "", fmt.Errorf("failed to add [people.%s] to %s, because the result does not parse: %v; add the block by hand", id, name, err)
	}
	if _, ok := doc.People[id]; !ok {
		return "", fmt.Errorf("failed to add [people.%s] to %s: the result has no such person; add the block by hand", id, name)
	}
	if err := writeFileAtomic(name, text); err != nil {
		return "", err
	}
	return name, nil
}
