package model

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// table decodes one TOML table of a source file against the schema and
// records a finding for every key or value that does not fit.
type table struct {
	file    string
	path    string // dotted key path of the table, "" for the root
	raw     map[string]any
	pos     Positions
	subject Subject
	fs      *findings
	// item names the table in messages when it is an item of an array of
	// tables, such as "links item 2"; "" otherwise.
	item string
	// invalid lists the keys of this table whose value was reported as
	// invalid, so that later checks do not report the same key again.
	invalid map[string]bool
}

func (t *table) markInvalid(key string) {
	if t.invalid == nil {
		t.invalid = map[string]bool{}
	}
	t.invalid[key] = true
}

func (t *table) keyPath(key string) string {
	if t.path == "" {
		return key
	}
	return t.path + "." + key
}

func (t *table) at(key string) Position { return t.pos.Of(t.keyPath(key)) }

// keyName returns the key path as messages show it: "people.maria.email",
// or "url of links item 2" for a key of an item of an array of tables.
func (t *table) keyName(key string) string {
	switch {
	case t.item != "":
		return key + " of " + t.item
	case t.path == "":
		return key
	}
	return t.path + "." + key
}

// checkKeys reports every key of the table that is not in allowed, with the
// nearest allowed key as a suggestion.
func (t *table) checkKeys(what string, allowed ...string) {
	keys := make([]string, 0, len(t.raw))
	for k := range t.raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if contains(allowed, k) {
			continue
		}
		hint := "remove it, or see the schema reference for the keys " + what + " can have"
		if s := nearest(k, allowed); s != "" {
			hint = fmt.Sprintf("did you mean %q?", s)
			// The key is most likely a misspelling of s, so checks that
			// s is missing would report the same mistake again.
			if !t.has(s) {
				t.markInvalid(s)
			}
		}
		t.fs.add("unknown-key", t.file, t.at(k), t.subject, hint, "unknown key %q in %s", k, what)
	}
}

func (t *table) wrongType(key string, v any, want string) {
	t.markInvalid(key)
	t.fs.add("invalid-value", t.file, t.at(key), t.subject, "",
		"%s must be %s, not %s", t.keyName(key), want, describeValue(v))
}

func (t *table) invalidValue(key string, hint string, format string, args ...any) {
	t.markInvalid(key)
	t.fs.add("invalid-value", t.file, t.at(key), t.subject, hint, "%s: %s", t.keyName(key), fmt.Sprintf(format, args...))
}

// get returns the value of a key. A date that does not exist, which
// parseTOML marked, is reported here once and the key counts as absent.
func (t *table) get(key string) (any, bool) {
	v, ok := t.raw[key]
	if !ok {
		return nil, false
	}
	if text, bad := invalidDate(v); bad {
		if !t.invalid[key] {
			t.invalidValue(key, "write a date that exists, as YYYY-MM-DD", "invalid date %s: there is no such day", text)
		}
		return nil, false
	}
	return v, true
}

func (t *table) has(key string) bool {
	_, ok := t.raw[key]
	return ok
}

func (t *table) str(key string) string {
	v, ok := t.get(key)
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		t.wrongType(key, v, "a string")
		return ""
	}
	if r, bad := controlChar(s); bad {
		t.invalidValue(key, "remove it; write line breaks as \\n or in a multi-line string", "the text contains the control character %U", r)
		return ""
	}
	return s
}

// controlChar returns the first control character of s other than tab,
// line feed and carriage return. Such characters are invisible in an
// editor and break pages and terminals.
func controlChar(s string) (rune, bool) {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return r, true
		}
	}
	return 0, false
}

func (t *table) strList(key string) []string {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	items, ok := v.([]any)
	if !ok {
		if s, isString := v.(string); isString {
			t.markInvalid(key)
			t.fs.add("invalid-value", t.file, t.at(key), t.subject, fmt.Sprintf("write %s = [%q]", key, s),
				"%s must be an array of strings, not a string", t.keyName(key))
			return nil
		}
		t.wrongType(key, v, "an array of strings")
		return nil
	}
	out := make([]string, 0, len(items))
	for i, item := range items {
		if _, bad := invalidDate(item); bad {
			t.wrongType(key, item, fmt.Sprintf("an array of strings, but item %d", i+1))
			continue
		}
		s, ok := item.(string)
		if !ok {
			t.wrongType(key, item, fmt.Sprintf("an array of strings, but item %d", i+1))
			continue
		}
		out = append(out, s)
	}
	return out
}

func (t *table) boolean(key string, def bool) bool {
	v, ok := t.get(key)
	if !ok {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		t.wrongType(key, v, "true or false")
		return def
	}
	return b
}

func (t *table) integer(key string) int {
	v, ok := t.get(key)
	if !ok {
		return 0
	}
	n, ok := v.(int64)
	if !ok || n > 1<<31 || n < -(1<<31) {
		t.wrongType(key, v, "an integer")
		return 0
	}
	return int(n)
}

func (t *table) date(key string) Date {
	v, ok := t.get(key)
	if !ok {
		return Date{}
	}
	switch d := v.(type) {
	case time.Time:
		if d.Location().String() == "date-local" {
			return NewDate(d.Year(), d.Month(), d.Day())
		}
		t.invalidValue(key, fmt.Sprintf("write only the date: %s = %s", key, d.Format("2006-01-02")),
			"must be a date without a time, not %s", describeValue(v))
	case string:
		hint := "write a TOML date without quotes, such as " + key + " = 2026-03-31"
		if parsed, err := ParseDate(d); err == nil {
			hint = fmt.Sprintf("remove the quotes: %s = %s", key, parsed)
		}
		t.invalidValue(key, hint, "must be a TOML date, not the string %q", d)
	default:
		t.wrongType(key, v, "a date such as 2026-03-31")
	}
	return Date{}
}

func (t *table) duration(key string) Duration {
	s := t.str(key)
	if s == "" {
		if t.has(key) {
			if _, isString := t.raw[key].(string); isString {
				t.invalidValue(key, "write a duration such as \"90d\", \"6w\" or \"3m\"", "the duration is empty")
			}
		}
		return Duration{}
	}
	d, err := ParseDuration(s)
	if err != nil {
		t.invalidValue(key, "", "%v", err)
		return Duration{}
	}
	return d
}

func (t *table) enum(key string, allowed []string) string {
	s := t.str(key)
	if s == "" || contains(allowed, s) {
		return s
	}
	hint := "use one of: " + strings.Join(allowed, ", ")
	if n := nearest(s, allowed); n != "" {
		hint = fmt.Sprintf("did you mean %q? %s", n, hint)
	}
	t.invalidValue(key, hint, "unknown value %q", s)
	return ""
}

func (t *table) enumList(key string, allowed []string) []string {
	var out []string
	for _, s := range t.strList(key) {
		if contains(allowed, s) {
			out = append(out, s)
			continue
		}
		hint := "use any of: " + strings.Join(allowed, ", ")
		if n := nearest(s, allowed); n != "" {
			hint = fmt.Sprintf("did you mean %q? %s", n, hint)
		}
		t.invalidValue(key, hint, "unknown value %q", s)
	}
	return out
}

func (t *table) url(key string) string {
	s := t.str(key)
	if s == "" {
		return ""
	}
	if err := CheckURL(s); err != nil {
		t.invalidValue(key, "", "%v", err)
		return ""
	}
	return s
}

// idList reads an array of ids, such as data entities, and rejects those
// that break the id rules.
func (t *table) idList(key string, what string) []string {
	var out []string
	for _, s := range t.strList(key) {
		if err := checkName(s); err != nil {
			t.invalidValue(key, "", "%s %q: %v", what, s, err)
			continue
		}
		out = append(out, s)
	}
	return out
}

func (t *table) sub(key string) *table {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.wrongType(key, v, "a table")
		return nil
	}
	return &table{file: t.file, path: t.keyPath(key), raw: m, pos: t.pos, subject: t.subject, fs: t.fs}
}

func (t *table) tables(key string) []*table {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	var items []map[string]any
	switch list := v.(type) {
	case []map[string]any:
		items = list
	case []any:
		for _, item := range list {
			m, ok := item.(map[string]any)
			if !ok {
				t.wrongType(key, item, "an array of tables, but an item")
				return nil
			}
			items = append(items, m)
		}
	default:
		t.wrongType(key, v, fmt.Sprintf("an array of tables written [[%s]]", key))
		return nil
	}
	out := make([]*table, len(items))
	for i, m := range items {
		out[i] = &table{file: t.file, path: fmt.Sprintf("%s.%d", t.keyPath(key), i), raw: m, pos: t.pos, subject: t.subject, fs: t.fs,
			item: fmt.Sprintf("%s item %d", t.keyName(key), i+1)}
	}
	return out
}

// sortedKeys returns the keys of the table in sorted order.
func (t *table) sortedKeys() []string {
	keys := make([]string, 0, len(t.raw))
	for k := range t.raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func describeValue(v any) string {
	if text, bad := invalidDate(v); bad {
		return "the date " + text + ", which does not exist"
	}
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", truncate(x, 60))
	case time.Time:
		switch x.Location().String() {
		case "date-local":
			return "the date " + x.Format("2006-01-02")
		case "time-local":
			return "the time " + x.Format("15:04:05")
		}
		return "the date-time " + x.Format("2006-01-02T15:04:05")
	case int64, float64, bool:
		return fmt.Sprintf("the %s %v", tomlType(v), x)
	}
	name := tomlType(v)
	if strings.HasPrefix(name, "a") {
		return "an " + name
	}
	return "a " + name
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
