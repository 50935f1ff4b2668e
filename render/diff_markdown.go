package render

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/handoffmap/handoff/model"
)

// MaxCommentLength is the largest pull-request comment GitHub accepts,
// 65,536 characters. DiffMarkdown counts bytes, which are never fewer than
// characters, so its output always fits.
const MaxCommentLength = 65536

// DiffMarker is an HTML comment at the start of the Markdown diff, so that
// a workflow can find its earlier comment on a pull request and update it.
const DiffMarker = "<!-- handoff-diff -->"

// DiffOptions are the inputs of diff rendering besides the diff.
type DiffOptions struct {
	// OldLabel and NewLabel name the compared trees, such as
	// "git:origin/main" and "git:HEAD".
	OldLabel, NewLabel string
	// BaseURL is the address the site is published at. When set, items of
	// the new tree link to their pages there; removed items have no page.
	BaseURL string
	// MaxLength bounds the Markdown in bytes; 0 means MaxCommentLength.
	MaxLength int
}

// maxCellRunes bounds a value shown in a Markdown table cell; longer values
// are cut with "…". The JSON output keeps whole values.
const maxCellRunes = 160

// collapseAfter is the number of field rows above which a field table is
// folded into <details>.
const collapseAfter = 5

// noticeReserve is kept free below the length limit for the note that lists
// what was left out.
const noticeReserve = 1024

// mdSection is one part of the Markdown diff: a heading, an optional
// introduction such as a table header, and entries that are kept or left
// out whole.
type mdSection struct {
	title   string
	intro   string
	entries []string
	// noun names the entries in the note about what was left out, such as
	// "handoff changes".
	noun string
}

// DiffMarkdown renders the diff as Markdown for a pull-request comment.
// When the whole text would be longer than the limit, entries are left out
// from the end, and a closing note counts what was left out per section.
func DiffMarkdown(d *model.Diff, opts DiffOptions) []byte {
	limit := opts.MaxLength
	if limit <= 0 {
		limit = MaxCommentLength
	}
	w := &diffWriter{opts: opts, base: baseURL(opts.BaseURL)}

	var head strings.Builder
	head.WriteString(DiffMarker + "\n## Architecture changes\n\n")
	fmt.Fprintf(&head, "**%s**\n\n", mdEscape(d.Summary()))
	if opts.OldLabel != "" || opts.NewLabel != "" {
		fmt.Fprintf(&head, "Compared %s with %s.\n", codeSpan(opts.OldLabel), codeSpan(opts.NewLabel))
	}
	if d.Empty() {
		return []byte(head.String())
	}

	sections := w.sections(d)
	var out strings.Builder
	out.WriteString(head.String())
	var leftOut []string
	full := false
	for _, s := range sections {
		if len(s.entries) == 0 {
			continue
		}
		header := "\n### " + s.title + "\n\n" + s.intro
		kept := 0
		for _, e := range s.entries {
			extra := len(e)
			if kept == 0 {
				extra += len(header)
			}
			if full || out.Len()+extra+noticeReserve > limit {
				full = true
				break
			}
			if kept == 0 {
				out.WriteString(header)
			}
			out.WriteString(e)
			kept++
		}
		if n := len(s.entries) - kept; n > 0 {
			leftOut = append(leftOut, fmt.Sprintf("%d %s", n, s.noun))
		}
	}
	if len(leftOut) > 0 {
		fmt.Fprintf(&out, "\n---\n\n**Left out** to stay under GitHub's limit of %d characters per comment: %s. "+
			"Run `handoff diff` locally, or with `--format json`, for the whole list.\n", limit, strings.Join(leftOut, ", "))
	}
	// Entries end with a blank line and headings start with one; values
	// never contain line breaks, so only the joins have more than one.
	return []byte(extraBlankLines.ReplaceAllString(out.String(), "\n\n"))
}

var extraBlankLines = regexp.MustCompile(`\n{3,}`)

// diffWriter formats the entries of a Markdown diff.
type diffWriter struct {
	opts DiffOptions
	base string
}

func baseURL(s string) string {
	if s != "" && !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s
}

var kindPaths = map[model.SubjectKind]string{
	model.SubjectHandoff: "handoffs/",
	model.SubjectSystem:  "systems/",
	model.SubjectPerson:  "people/",
	model.SubjectTeam:    "teams/",
}

// pageURL returns the published page of an item of the new tree, or "".
func (w *diffWriter) pageURL(kind model.SubjectKind, id string) string {
	if w.base == "" || kindPaths[kind] == "" {
		return ""
	}
	return w.base + kindPaths[kind] + id + "/"
}

func (w *diffWriter) sections(d *model.Diff) []mdSection {
	var high, handoffs, systems, people, teams []string
	for _, c := range d.Items {
		e := w.item(d, c)
		switch {
		case c.HighStakes():
			high = append(high, e)
		case c.Kind == model.SubjectHandoff:
			handoffs = append(handoffs, e)
		case c.Kind == model.SubjectSystem:
			systems = append(systems, e)
		case c.Kind == model.SubjectPerson:
			people = append(people, e)
		case c.Kind == model.SubjectTeam:
			teams = append(teams, e)
		}
	}
	var settings []string
	if len(d.Settings) > 0 {
		settings = append(settings, fieldTable(d.Settings, false))
	}
	return []mdSection{
		{title: "High-stakes handoffs", intro: "Handoffs that move money, customers, compliance or PII data.\n\n", entries: high, noun: "high-stakes handoff changes"},
		{title: "Handoffs", entries: handoffs, noun: "handoff changes"},
		{title: "Systems", entries: systems, noun: "system changes"},
		{title: "People", entries: people, noun: "person changes"},
		{title: "Teams", entries: teams, noun: "team changes"},
		{title: "Site settings (handoff.toml)", entries: settings, noun: "setting changes"},
		{title: "Ownership transfers", intro: "| Item | Old owner | New owner |\n| --- | --- | --- |\n", entries: w.transfers(d), noun: "ownership transfers"},
		{title: "Orphaned handoffs", intro: "Handoffs without an active owner: nobody is called when they break.\n\n| Handoff | Reason |\n| --- | --- |\n",
			entries: w.orphaned(d), noun: "orphaned handoffs"},
		{title: "Findings introduced", intro: findingHeader, entries: findingRows(d.Introduced), noun: "findings introduced"},
		{title: "Findings resolved", intro: findingHeader, entries: findingRows(d.Resolved), noun: "findings resolved"},
	}
}

var changeWords = map[model.Change]string{
	model.Added:   "Added",
	model.Removed: "Removed",
	model.Renamed: "Renamed",
	model.Changed: "Changed",
}

// item formats one item change: a line that names it, then its fields.
func (w *diffWriter) item(d *model.Diff, c *model.ItemChange) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** %s ", changeWords[c.Change], kindNouns[c.Kind])
	if c.Change == model.Renamed {
		fmt.Fprintf(&b, "%s → ", codeSpan(c.OldID))
	}
	if u := w.pageURL(c.Kind, c.ID); u != "" && c.Change != model.Removed {
		fmt.Fprintf(&b, "[%s](%s) %s", mdEscape(c.Title), u, codeSpan(c.ID))
	} else {
		fmt.Fprintf(&b, "%s %s", mdEscape(c.Title), codeSpan(c.ID))
	}
	if c.Kind == model.SubjectHandoff {
		if path := handoffPath(d, c); path != "" {
			b.WriteString(": " + mdEscape(path))
		}
	}
	if c.HighStakes() {
		fmt.Fprintf(&b, " · stakes: %s", strings.Join(c.Stakes, ", "))
	}
	b.WriteString("\n\n")
	// An added or removed item lists every key, which is reference rather
	// than change, so it is always folded.
	folded := c.Change == model.Added || c.Change == model.Removed
	if len(c.Fields) > 0 {
		b.WriteString(fieldTable(c.Fields, folded))
	}
	return b.String()
}

var kindNouns = map[model.SubjectKind]string{
	model.SubjectHandoff: "handoff",
	model.SubjectSystem:  "system",
	model.SubjectPerson:  "person",
	model.SubjectTeam:    "team",
}

// handoffPath returns "from → via → to" of a handoff as the tree it is in
// writes it: the new tree, or the old one for a removed handoff.
func handoffPath(d *model.Diff, c *model.ItemChange) string {
	m := d.New
	if c.Change == model.Removed {
		m = d.Old
	}
	h := m.Handoff(c.ID)
	if h == nil || h.From == "" || h.To == "" {
		return ""
	}
	return strings.Join(h.Path(), " → ")
}

// fieldTable formats field changes as a table with the old and new values,
// folded into <details> when folded is set or the table is long.
func fieldTable(fields []model.FieldChange, folded bool) string {
	var t strings.Builder
	t.WriteString("| Field | Old | New |\n| --- | --- | --- |\n")
	for _, f := range fields {
		fmt.Fprintf(&t, "| %s | %s | %s |\n", codeSpan(f.Key), cell(f.Old), cell(f.New))
	}
	if !folded && len(fields) <= collapseAfter {
		return t.String() + "\n"
	}
	summary := fmt.Sprintf("%d fields changed", len(fields))
	if len(fields) == 1 {
		summary = "1 field changed"
	}
	if folded {
		summary = fmt.Sprintf("%d fields", len(fields))
		if len(fields) == 1 {
			summary = "1 field"
		}
	}
	return "<details><summary>" + summary + "</summary>\n\n" + t.String() + "\n</details>\n\n"
}

func (w *diffWriter) transfers(d *model.Diff) []string {
	var rows []string
	for _, t := range d.Transfers {
		rows = append(rows, fmt.Sprintf("| %s | %s | %s |\n", w.itemRef(t.Kind, t.ID, t.Title), personCell(t.From), personCell(t.To)))
	}
	return rows
}

func (w *diffWriter) orphaned(d *model.Diff) []string {
	var rows []string
	for _, o := range d.Orphaned {
		why := o.Reason
		if o.Added {
			why = "added orphaned: " + why
		}
		rows = append(rows, fmt.Sprintf("| %s | %s |\n", w.itemRef(model.SubjectHandoff, o.ID, o.Title), mdEscape(why)))
	}
	return rows
}

// itemRef formats an item of the new tree as its title, linked when the
// site's address is known, followed by its id.
func (w *diffWriter) itemRef(kind model.SubjectKind, id, title string) string {
	if u := w.pageURL(kind, id); u != "" {
		return fmt.Sprintf("[%s](%s) %s", mdEscape(title), u, codeSpan(id))
	}
	return mdEscape(title) + " " + codeSpan(id)
}

func personCell(id string) string {
	if id == "" {
		return "*none*"
	}
	return codeSpan(id)
}

const findingHeader = "| Severity | Rule | Where | Message |\n| --- | --- | --- | --- |\n"

func findingRows(list []*model.Finding) []string {
	var rows []string
	for _, f := range list {
		msg := f.Message
		if f.Hint != "" {
			msg += " (" + f.Hint + ")"
		}
		rows = append(rows, fmt.Sprintf("| %s | %s | %s | %s |\n", f.Severity, codeSpan(f.Rule), codeSpan(f.Location()), mdEscape(truncate(msg, 2*maxCellRunes))))
	}
	return rows
}

// cell formats a value for a table cell: a code span, cut to maxCellRunes,
// or nothing for an empty value.
func cell(s string) string {
	if s == "" {
		return ""
	}
	return codeSpan(truncate(s, maxCellRunes))
}

// codeSpan writes s as a Markdown code span that is safe in a table cell:
// line breaks become spaces, "|" is escaped for the table, and the fence is
// one backtick longer than the longest run of backticks in s. Code spans
// also keep GitHub from turning "@name" and "#12" into mentions and links.
func codeSpan(s string) string {
	if s == "" {
		return ""
	}
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", `\|`).Replace(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdEscape escapes the characters that Markdown or HTML would interpret in
// plain text, and turns line breaks into spaces.
func mdEscape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '&':
			b.WriteString("&amp;")
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			if r < 0x20 {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
