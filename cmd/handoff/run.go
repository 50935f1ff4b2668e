package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/handoffmap/handoff/model"
)

// Exit codes of every command.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// command is one sub-command of handoff.
type command struct {
	name    string
	usage   string
	summary string
	run     func(ctx context.Context, env *env, args []string) int
	hidden  bool
}

// env is the environment of a command: output streams, environment
// variables and clock. Tests pass their own to run commands in-process.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time
}

// commands lists the sub-commands in the order help shows them.
var commands []*command

func register(c *command) { commands = append(commands, c) }

func init() {
	register(&command{name: "build", usage: "handoff build [--src docs-src] [--out public] [--base-url URL] [--now YYYY-MM-DD]",
		summary: "build the static site from a source folder", run: runBuild})
	register(&command{name: "check", usage: checkUsage, summary: "report the findings of the check rules, for CI", run: runCheck})
	register(&command{name: "diff", usage: diffUsage, summary: "compare two source folders or git revisions, for pull-request review", run: runDiff})
	register(&command{name: "new", usage: newUsage, summary: "write a commented template for a new handoff, system or person", run: runNew})
	register(&command{name: "init", usage: initUsage, summary: "create a starter source folder and a GitHub Actions workflow", run: runInit})
	register(&command{name: "export", usage: exportUsage,
		summary: "print map.json, map.dot, map.mmd or handoffs.csv to stdout", run: runExport})
	register(&command{name: "version", usage: "handoff version", summary: "print the version", run: runVersion})
	register(&command{name: "help", usage: "handoff help [COMMAND]", summary: "show help for handoff or one command", run: runHelp})
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, getenv: os.Getenv, now: time.Now}
	return e.dispatch(ctx, args)
}

func (e *env) dispatch(ctx context.Context, args []string) int {
	if len(args) == 0 {
		e.printUsage(e.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		e.printUsage(e.stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	c := findCommand(name)
	if c == nil {
		fmt.Fprintf(e.stderr, "handoff: unknown command %q\n", name)
		if n := nearestCommand(name); n != "" {
			fmt.Fprintf(e.stderr, "did you mean %q?\n", n)
		}
		fmt.Fprintln(e.stderr, "Run 'handoff help' for the list of commands.")
		return exitUsage
	}
	return c.run(ctx, e, args[1:])
}

func findCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func nearestCommand(name string) string {
	for _, c := range commands {
		if !c.hidden && (strings.HasPrefix(c.name, name) || strings.HasPrefix(name, c.name)) {
			return c.name
		}
	}
	return ""
}

func (e *env) printUsage(w io.Writer) {
	fmt.Fprintln(w, "handoff compiles a folder of TOML files, one per system handoff, into a static website.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	visible := make([]*command, 0, len(commands))
	for _, c := range commands {
		if !c.hidden {
			visible = append(visible, c)
		}
	}
	for _, c := range visible {
		fmt.Fprintf(w, "  %s\n", c.usage)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range visible {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'handoff help COMMAND' for the flags of a command.")
}

func runHelp(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		e.printUsage(e.stdout)
		return exitOK
	}
	c := findCommand(args[0])
	if c == nil || c.hidden {
		fmt.Fprintf(e.stderr, "handoff: unknown command %q; run 'handoff help' for the list\n", args[0])
		return exitUsage
	}
	// Help was requested, so it goes to stdout like the command list.
	helpEnv := *e
	helpEnv.stderr = e.stdout
	return c.run(ctx, &helpEnv, []string{"-h"})
}

// version returns the module version the binary was built from, or "dev".
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

func runVersion(ctx context.Context, e *env, args []string) int {
	fs := e.flags("version", "handoff version")
	if code, done := parse(fs, args); done {
		return code
	}
	fmt.Fprintf(e.stdout, "handoff %s\n", version())
	return exitOK
}

// flags returns a flag set that prints its usage and errors to stderr.
func (e *env) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n", usage)
		printFlags(fs)
	}
	return fs
}

// printFlags lists the flags of a command as the usage lines write them,
// with two dashes (one for a one-letter flag), in alphabetical order.
func printFlags(fs *flag.FlagSet) {
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			fmt.Fprintln(fs.Output(), "\nFlags:")
			first = false
		}
		name, text := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if len(f.Name) == 1 {
			line = "  -" + f.Name
		}
		if name != "" {
			line += " " + name
		}
		text = strings.ReplaceAll(text, "\n", "\n      ")
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			text += fmt.Sprintf(" (default %q)", f.DefValue)
		}
		fmt.Fprintf(fs.Output(), "%s\n      %s\n", line, text)
	})
}

// parse parses the flags and rejects extra arguments. done is true when the
// command should stop with the returned code: after -h, or on a usage error.
func parse(fs *flag.FlagSet, args []string) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, true
		}
		return exitUsage, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "handoff %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return exitUsage, true
	}
	return exitOK, false
}

// buildDate resolves the build date from the --now flag, SOURCE_DATE_EPOCH
// or the clock.
func (e *env) buildDate(flagValue string) (model.Date, error) {
	return model.BuildDate(flagValue, e.getenv("SOURCE_DATE_EPOCH"), e.now())
}

// errorf prints a diagnostic to stderr.
func (e *env) errorf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "handoff: error: "+format+"\n", args...)
}

// loadWithoutErrors loads the source tree for a command that needs a map
// without errors. On failure it prints the load error or every error
// finding, then a line that starts with failure and ends with advice, and
// returns a nil model with the exit code.
func (e *env) loadWithoutErrors(src string, date model.Date, failure, advice string) (*model.Model, int) {
	m, err := model.Load(src, model.Options{Now: date})
	if err != nil {
		e.errorf("load: %v", err)
		return nil, exitUsage
	}
	if m.Errors() == 0 {
		return m, exitOK
	}
	for _, f := range m.Findings {
		if f.Severity == model.SeverityError {
			fmt.Fprintf(e.stderr, "%s\n", f)
		}
	}
	e.errorf("%s: %s in %s; %s", failure, countWord(m.Errors(), "error"), src, advice)
	return nil, exitFailed
}
