package model

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Severity is how much a finding matters: an error fails check and build, a
// warning is shown, and off silences the rule.
type Severity string

// The severities a rule can have.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityOff     Severity = "off"
)

// Rule is a check rule with its default severity.
type Rule struct {
	ID       string
	Severity Severity
	// Summary is the condition under which the rule fires.
	Summary string
}

// Rules lists every check rule, in the order of the documentation.
var Rules = []Rule{
	{"syntax", SeverityError, "the TOML does not parse"},
	{"unknown-key", SeverityError, "a key that the schema does not have"},
	{"invalid-value", SeverityError, "wrong type, an unknown enum value, a bad date, duration, cron expression or URL"},
	{"invalid-id", SeverityError, "an id that breaks the id rules, or two ids that differ only by case"},
	{"unknown-system", SeverityError, "from, to or via names no declared system"},
	{"unknown-person", SeverityError, "an owner, backup or reviewer that is not in people.toml"},
	{"owner-missing", SeverityError, "a handoff without an owner"},
	{"owner-is-team", SeverityError, "an owner that is a team id: ownership needs a name"},
	{"owner-inactive", SeverityWarning, "the owner has left: the handoff is orphaned"},
	{"review-overdue", SeverityWarning, "past its review due date"},
	{"never-reviewed", SeverityWarning, "no last_reviewed"},
	{"unmonitored-high-stakes", SeverityWarning, "high stakes and no monitoring: a failure would go unnoticed"},
	{"temporary-expired", SeverityWarning, "a temporary handoff past its expires date"},
	{"temporary-without-expiry", SeverityError, "status = \"temporary\" with no expires"},
	{"no-source-of-truth", SeverityWarning, "an entity that handoffs move but no system declares as source_of_truth"},
	{"conflicting-sources-of-truth", SeverityWarning, "two systems claim the same entity"},
	{"conflicting-definitions", SeverityWarning, "systems define the same term differently"},
	{"self-loop", SeverityWarning, "from equals to"},
}

var ruleByID = func() map[string]Rule {
	m := make(map[string]Rule, len(Rules))
	for _, r := range Rules {
		m[r.ID] = r
	}
	return m
}()

// SubjectKind is the kind of item a finding is about.
type SubjectKind string

// The kinds of subject a finding can have.
const (
	SubjectSite    SubjectKind = "site"
	SubjectPerson  SubjectKind = "person"
	SubjectTeam    SubjectKind = "team"
	SubjectSystem  SubjectKind = "system"
	SubjectHandoff SubjectKind = "handoff"
	SubjectEntity  SubjectKind = "entity"
	SubjectPage    SubjectKind = "page"
)

// Subject names the item a finding is about.
type Subject struct {
	Kind SubjectKind
	ID   string
}

// Finding is one problem that a check rule found in the source tree.
type Finding struct {
	Rule     string
	Severity Severity
	// File is the path of the source file as the user wrote the source
	// folder, with forward slashes; Line and Column are 1-based, 0 when unknown.
	File    string
	Line    int
	Column  int
	Message string
	// Hint is the advice on what to do, such as the nearest valid name.
	Hint    string
	Subject Subject
}

// Location formats the file and position as file:line:col, leaving out
// what is unknown.
func (f *Finding) Location() string {
	switch {
	case f.File == "":
		return ""
	case f.Line == 0:
		return f.File
	case f.Column == 0:
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	return fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column)
}

// String formats the finding as one line: location, severity, message, rule
// and hint.
func (f *Finding) String() string {
	s := fmt.Sprintf("%s: %s: %s [%s]", f.Location(), f.Severity, f.Message, f.Rule)
	if f.Location() == "" {
		s = s[2:]
	}
	if f.Hint != "" {
		s += " (" + f.Hint + ")"
	}
	return s
}

// Errors returns the number of findings with error severity.
func (m *Model) Errors() int { return m.count(SeverityError) }

// Warnings returns the number of findings with warning severity.
func (m *Model) Warnings() int { return m.count(SeverityWarning) }

func (m *Model) count(s Severity) int {
	n := 0
	for _, f := range m.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// maxFindingsPerFile bounds the findings kept for one file, so that a large
// file with a mistake on every line cannot exhaust memory. A file with
// 320,000 unknown keys (4 MiB) needed 425 MB of memory without it.
const maxFindingsPerFile = 100

// findings collects findings while a tree loads.
type findings struct {
	list []*Finding
	// perFile counts the findings of each file, and overflow is the
	// finding that counts those beyond maxFindingsPerFile.
	perFile  map[string]int
	overflow map[string]*Finding
}

func (fs *findings) add(rule string, file string, pos Position, subject Subject, hint string, format string, args ...any) {
	full := fs.full(file)
	fs.count(file, rule, subject, 1)
	if full {
		return
	}
	fs.list = append(fs.list, &Finding{
		Rule:     rule,
		File:     file,
		Line:     pos.Line,
		Column:   pos.Col,
		Message:  oneLine(fmt.Sprintf(format, args...)),
		Hint:     oneLine(hint),
		Subject:  subject,
		Severity: ruleByID[rule].Severity,
	})
}

// full reports whether the file already has maxFindingsPerFile findings.
func (fs *findings) full(file string) bool {
	return file != "" && fs.perFile[file] >= maxFindingsPerFile
}

// count adds n findings of the file to its count, and adds the finding
// that counts those beyond maxFindingsPerFile when the count first passes
// the limit.
func (fs *findings) count(file, rule string, subject Subject, n int) {
	if file == "" || n == 0 {
		return
	}
	if fs.perFile == nil {
		fs.perFile, fs.overflow = map[string]int{}, map[string]*Finding{}
	}
	fs.perFile[file] += n
	if fs.perFile[file] > maxFindingsPerFile && fs.overflow[file] == nil {
		// Without a line, it sorts before the other findings of the file.
		f := &Finding{Rule: rule, File: file, Subject: subject,
			Severity: ruleByID[rule].Severity, Hint: "fix the findings shown and run check again"}
		fs.overflow[file] = f
		fs.list = append(fs.list, f)
	}
}

// merge adds the findings that another collector gathered, such as the
// collector of one file read in parallel, keeping the per-file limit.
func (fs *findings) merge(other *findings) {
	for _, f := range other.list {
		if f.File != "" && other.overflow[f.File] == f {
			continue
		}
		full := fs.full(f.File)
		fs.count(f.File, f.Rule, f.Subject, 1)
		if !full {
			fs.list = append(fs.list, f)
		}
	}
	for file, f := range other.overflow {
		// The findings that other counted but did not keep.
		fs.count(file, f.Rule, f.Subject, other.perFile[file]-maxFindingsPerFile)
	}
}

// clone returns a deep copy of the findings. finish sets severities and
// messages, so findings kept in a cache are merged as copies.
func (fs *findings) clone() *findings {
	out := &findings{list: make([]*Finding, len(fs.list))}
	copies := make(map[*Finding]*Finding, len(fs.list))
	for i, f := range fs.list {
		c := *f
		out.list[i] = &c
		copies[f] = &c
	}
	if fs.perFile != nil {
		out.perFile = make(map[string]int, len(fs.perFile))
		for file, n := range fs.perFile {
			out.perFile[file] = n
		}
		out.overflow = make(map[string]*Finding, len(fs.overflow))
		for file, f := range fs.overflow {
			out.overflow[file] = copies[f]
		}
	}
	return out
}

// finish applies the severities of the [rules] table, drops findings of
// rules that are off, sorts the rest by file, line, rule and column, and
// indexes them by subject.
func (m *Model) finish(fs *findings) {
	for file, f := range fs.overflow {
		f.Message = fmt.Sprintf("%d more findings in this file are not shown", fs.perFile[file]-maxFindingsPerFile)
	}
	var kept []*Finding
	for _, f := range fs.list {
		if s, ok := m.Settings.Rules[f.Rule]; ok {
			f.Severity = s
		}
		if f.Severity != SeverityOff {
			kept = append(kept, f)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		a, b := kept[i], kept[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Message < b.Message
	})
	m.Findings = kept
	m.findingsBySubject = make(map[Subject][]*Finding)
	for _, f := range kept {
		m.findingsBySubject[f.Subject] = append(m.findingsBySubject[f.Subject], f)
	}
}

// oneLine replaces control characters in a message with Go escapes, so that
// a finding is one line of text whatever the source file contains and a
// terminal never receives an escape sequence from it.
func oneLine(s string) string {
	clean := true
	for _, r := range s {
		if isControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isControl(r rune) bool {
	return r < 0x20 || r >= 0x7f && r < 0xa0 || r == '\u2028' || r == '\u2029'
}
