package model

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// Position is a 1-based line and column (in bytes) in a source file.
type Position struct {
	Line int
	Col  int
}

// Positions maps a dotted key path, such as "links.0.url", to where the key
// is written.
type Positions map[string]Position

// Of returns the position of the key path, or of its nearest written parent
// when the key itself has no recorded position (keys of inline tables).
func (p Positions) Of(path string) Position {
	for {
		if pos, ok := p[path]; ok {
			return pos
		}
		i := strings.LastIndexByte(path, '.')
		if path == "" {
			// A finding about the whole file points at its start.
			return Position{Line: 1, Col: 1}
		}
		if i < 0 {
			path = ""
			continue
		}
		path = path[:i]
	}
}

// Sub returns the positions below a key path, with the prefix removed.
func (p Positions) Sub(prefix string) Positions {
	sub := Positions{}
	if pos, ok := p[prefix]; ok {
		sub[""] = pos
	}
	prefix += "."
	for k, v := range p {
		if strings.HasPrefix(k, prefix) {
			sub[k[len(prefix):]] = v
		}
	}
	return sub
}

// subsByKey returns, for every key of the table at the key path table, the
// positions below that key as Sub returns them, in one pass over p. Keys
// with dots are grouped by their first part, where Sub would differ.
// Calling Sub for each of n keys would read p n times.
func (p Positions) subsByKey(table string) map[string]Positions {
	subs := map[string]Positions{}
	prefix := table + "."
	for k, v := range p {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		key, below, _ := strings.Cut(rest, ".")
		sub := subs[key]
		if sub == nil {
			sub = Positions{}
			subs[key] = sub
		}
		sub[below] = v
	}
	return subs
}

// maxSourceSize is the largest source file read, so that a huge file ends in
// an error rather than in exhausted memory.
const maxSourceSize = 1 << 20

// parseTOML decodes TOML text into generic values and records where each key
// is written. A syntax error is returned with its position.
func parseTOML(data []byte) (map[string]any, Positions, error, Position) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n"))
		return nil, nil, errors.New("the file is not valid UTF-8; save it as UTF-8"), Position{Line: line, Col: 1}
	}
	if err, at := checkShape(data); err != nil {
		return nil, nil, err, at
	}
	raw := map[string]any{}
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			if fixed, ok := quoteInvalidDate(data, pe); ok {
				return parseTOML(fixed)
			}
			msg := strings.TrimSuffix(pe.Message, ".")
			if len(msg) > 1 && msg[0] >= 'A' && msg[0] <= 'Z' && msg[1] >= 'a' && msg[1] <= 'z' {
				msg = strings.ToLower(msg[:1]) + msg[1:]
			}
			if pe.Usage != "" {
				msg += "; " + strings.TrimSpace(firstLine(pe.Usage))
			}
			return nil, nil, errors.New(msg), Position{Line: pe.Position.Line, Col: pe.Position.Col}
		}
		return nil, nil, err, Position{}
	}
	return raw, indexKeys(string(data)), nil, Position{}
}

// invalidDatePrefix marks a string that quoteInvalidDate made from a date
// that does not exist, such as 2026-02-30.
const invalidDatePrefix = "\x00invalid date:"

// maxInvalidDates bounds how many invalid dates one file may have before
// the next is reported as a syntax error.
const maxInvalidDates = 50

// quoteInvalidDate turns a date that the TOML parser rejected, such as
// 2026-02-30, into a marked string, so that the rest of the file still
// parses and the date is reported as an invalid value of its key.
func quoteInvalidDate(data []byte, pe toml.ParseError) ([]byte, bool) {
	start, end := pe.Position.Start, pe.Position.Start+pe.Position.Len
	if !strings.HasPrefix(pe.Message, "invalid datetime") || start < 0 || end > len(data) || end <= start {
		return nil, false
	}
	if bytes.Count(data, []byte(invalidDatePrefix[1:])) >= maxInvalidDates {
		return nil, false
	}
	token := data[start:end]
	for _, c := range token {
		if !(c >= '0' && c <= '9' || strings.IndexByte("-:.+TtZz ", c) >= 0) {
			return nil, false
		}
	}
	fixed := make([]byte, 0, len(data)+32)
	fixed = append(fixed, data[:start]...)
	fixed = append(fixed, `"\u0000invalid date:`...)
	fixed = append(fixed, token...)
	fixed = append(fixed, '"')
	return append(fixed, data[end:]...), true
}

// invalidDate returns the text of a date that quoteInvalidDate marked.
func invalidDate(v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	return strings.CutPrefix(s, invalidDatePrefix)
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// indexKeys finds the line and column of every key written on its own line,
// table headers included. It reads the text line by line and skips the
// bodies of multi-line strings. Keys inside inline tables are not indexed.
// The text must already have parsed as TOML.
func indexKeys(src string) Positions {
	pos := Positions{}
	arrayCount := map[string]int{}
	var prefix []string
	var inString string // the delimiter of the open multi-line string

	lines := strings.Split(src, "\n")
	for n, line := range lines {
		line = strings.TrimSuffix(line, "\r")
		if inString != "" {
			if i := strings.Index(line, inString); i >= 0 {
				rest := line[i+3:]
				inString = ""
				if opensMultiline(rest) != "" {
					inString = opensMultiline(rest)
				}
			}
			continue
		}
		trimmed := strings.TrimLeft(line, " \t")
		col := len(line) - len(trimmed) + 1

		if strings.HasPrefix(trimmed, "[") {
			isArray := strings.HasPrefix(trimmed, "[[")
			inner := trimmed[1:]
			if isArray {
				inner = trimmed[2:]
			}
			keys, _, ok := parseKey(inner)
			if !ok {
				continue
			}
			name := strings.Join(keys, ".")
			if isArray {
				i := arrayCount[name]
				arrayCount[name]++
				keys = append(keys, strconv.Itoa(i))
			}
			prefix = keys
			pos[strings.Join(keys, ".")] = Position{Line: n + 1, Col: col}
			continue
		}

		keys, rest, ok := parseKey(trimmed)
		if !ok || !strings.HasPrefix(strings.TrimLeft(rest, " \t"), "=") {
			continue
		}
		full := append(append([]string{}, prefix...), keys...)
		pos[strings.Join(full, ".")] = Position{Line: n + 1, Col: col}
		value := strings.TrimLeft(rest, " \t")[1:]
		inString = opensMultiline(value)
	}
	return pos
}

// opensMultiline returns the delimiter of a multi-line string that starts in
// s and does not end on the same line, or "".
func opensMultiline(s string) string {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '#':
			return ""
		case '"', '\'':
			q := s[i]
			if strings.HasPrefix(s[i:], strings.Repeat(string(q), 3)) {
				delim := s[i : i+3]
				end := strings.Index(s[i+3:], delim)
				if end < 0 {
					return delim
				}
				i += 3 + end + 2
				continue
			}
			// Skip a one-line string.
			j := i + 1
			for j < len(s) && s[j] != q {
				if q == '"' && s[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		}
	}
	return ""
}

// parseKey reads a dotted key of bare and quoted parts from the start of s
// and returns its parts and the text after it.
func parseKey(s string) ([]string, string, bool) {
	var keys []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return nil, "", false
		}
		var key string
		switch s[0] {
		case '"':
			end := 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(s) {
				return nil, "", false
			}
			unquoted, err := strconv.Unquote(s[:end+1])
			if err != nil {
				unquoted = s[1:end]
			}
			key, s = unquoted, s[end+1:]
		case '\'':
			end := strings.IndexByte(s[1:], '\'')
			if end < 0 {
				return nil, "", false
			}
			key, s = s[1:end+1], s[end+2:]
		default:
			end := 0
			for end < len(s) && isBareKeyByte(s[end]) {
				end++
			}
			if end == 0 {
				return nil, "", false
			}
			key, s = s[:end], s[end:]
		}
		keys = append(keys, key)
		s = strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s, ".") {
			return keys, s, true
		}
		s = s[1:]
	}
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// tomlType names the TOML type of a decoded value for messages.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		return "float"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case []map[string]any:
		return "array of tables"
	case map[string]any:
		return "table"
	}
	return fmt.Sprintf("%T", v)
}
