package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/handoffmap/handoff/model"
)

const checkUsage = "handoff check [--src docs-src] [--format text|json|github] [--strict] [--now YYYY-MM-DD]"

func runCheck(ctx context.Context, e *env, args []string) int {
	fs := e.flags("check", checkUsage)
	src := fs.String("src", "docs-src", "source `folder` to check")
	format := fs.String("format", "text", "output `format`: text (one finding a line), json (an array of findings) or github (GitHub Actions annotations)")
	strict := fs.Bool("strict", false, "fail on warnings as well as errors")
	now := fs.String("now", "", "build `date` YYYY-MM-DD that review states are computed against (default: SOURCE_DATE_EPOCH, else today)")
	if code, done := parse(fs, args); done {
		return code
	}
	write, ok := checkFormats[*format]
	if !ok {
		e.errorf("--format %q: use text, json or github", *format)
		return exitUsage
	}
	date, err := e.buildDate(*now)
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}

	m, err := model.Load(*src, model.Options{Now: date})
	if err != nil {
		e.errorf("%v", err)
		return exitUsage
	}
	if err := write(e.stdout, m); err != nil {
		e.errorf("write findings: %v", err)
		return exitFailed
	}
	if *format != "text" {
		fmt.Fprintf(e.stderr, "handoff: %s\n", countLine(m))
	}

	if m.Errors() > 0 || *strict && m.Warnings() > 0 {
		return exitFailed
	}
	return exitOK
}

// checkFormats maps each --format value to the function that writes the
// findings in it.
var checkFormats = map[string]func(io.Writer, *model.Model) error{
	"text":   writeFindingsText,
	"json":   writeFindingsJSON,
	"github": writeFindingsGitHub,
}

// countLine summarizes the findings of a check, such as
// "docs-src: 2 errors, 5 warnings".
func countLine(m *model.Model) string {
	errs, warns := m.Errors(), m.Warnings()
	if errs == 0 && warns == 0 {
		return m.Source + ": no findings"
	}
	return fmt.Sprintf("%s: %s, %s", m.Source, countWord(errs, "error"), countWord(warns, "warning"))
}

func countWord(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// writeFindingsText writes one finding a line, in the model's order (file,
// line, rule), then the count line.
func writeFindingsText(w io.Writer, m *model.Model) error {
	var b strings.Builder
	for _, f := range m.Findings {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	b.WriteString(countLine(m))
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonFinding is one element of the array that check --format json writes.
// Every field is always present, so the shape never depends on the finding.
// Line and column are 0 when unknown, and file is "" for a finding about the
// whole map.
type jsonFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Message  string `json:"message"`
	Hint     string `json:"hint"`
	// Subject is the kind of item the finding is about: site, person, team,
	// system, handoff, entity or page; ID is that item's id.
	Subject string `json:"subject"`
	ID      string `json:"id"`
}

func writeFindingsJSON(w io.Writer, m *model.Model) error {
	list := make([]jsonFinding, 0, len(m.Findings))
	for _, f := range m.Findings {
		list = append(list, jsonFinding{
			Rule:     f.Rule,
			Severity: string(f.Severity),
			File:     f.File,
			Line:     f.Line,
			Column:   f.Column,
			Message:  f.Message,
			Hint:     f.Hint,
			Subject:  string(f.Subject.Kind),
			ID:       f.Subject.ID,
		})
	}
	data, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// writeFindingsGitHub writes each finding as a GitHub Actions workflow
// command, which the pull request shows as an annotation on the line.
func writeFindingsGitHub(w io.Writer, m *model.Model) error {
	var b strings.Builder
	for _, f := range m.Findings {
		command := "warning"
		if f.Severity == model.SeverityError {
			command = "error"
		}
		var props []string
		if f.File != "" {
			props = append(props, "file="+escapeProperty(f.File))
			if f.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", f.Line))
			}
			if f.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", f.Column))
			}
		}
		props = append(props, "title="+escapeProperty(f.Rule))
		message := f.Message
		if f.Hint != "" {
			message += " (" + f.Hint + ")"
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", command, strings.Join(props, ","), escapeData(message))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeData escapes the message of a workflow command the way the GitHub
// Actions runner unescapes it: "%", carriage return and line feed.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value of a workflow command: as
// escapeData, plus ":" and "," which end a property.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
