package model

import "fmt"

// Limits on the shape of TOML text, checked before it is parsed.
// BurntSushi/toml v1.6.0 takes time quadratic in the nesting depth of
// inline tables and in the number of parts of a dotted key. Measured with
// go test on a 2-core Linux machine, 10,000 nested inline tables took 24 s
// and a 100,000-part table header 45 s. Such text is therefore rejected
// before it reaches the parser. Nothing in the schema nests deeper than 3
// or has keys of more than 3 parts.
const (
	maxNesting  = 32
	maxKeyParts = 32
)

// checkShape returns an error and its position when the TOML text nests
// arrays and inline tables deeper than maxNesting, or has a dotted key of
// more than maxKeyParts parts. It reads strings and comments as TOML does
// but is not a parser: text it cannot follow is left to the parser.
func checkShape(data []byte) (error, Position) {
	line, col := 1, 0
	depth := 0
	dots := 0 // dots outside strings since the last separator
	for i := 0; i < len(data); i++ {
		c := data[i]
		col++
		switch c {
		case '\n':
			line, col = line+1, 0
			dots = 0
		case '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			end, lines, lastCol := skipString(data, i)
			if lines > 0 {
				line, col = line+lines, lastCol
			} else {
				col += end - i
			}
			i = end
		case '[', '{':
			depth++
			dots = 0
			if depth > maxNesting {
				return fmt.Errorf("arrays and inline tables are nested more than %d deep; flatten the value", maxNesting), Position{line, col}
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		case '=', ',':
			dots = 0
		case '.':
			dots++
			if dots >= maxKeyParts {
				return fmt.Errorf("a dotted key has more than %d parts; use a shorter key", maxKeyParts), Position{line, col}
			}
		}
	}
	return nil, Position{}
}

// skipString returns the index of the last byte of the string that starts
// at data[start], and how many line breaks it spans with the column of its
// last byte on its last line. An unterminated string ends at the end of its
// line, or of the text for a multi-line string.
func skipString(data []byte, start int) (end, lines, lastCol int) {
	q := data[start]
	multi := start+2 < len(data) && data[start+1] == q && data[start+2] == q
	i := start + 1
	if multi {
		i = start + 3
	}
	col := 0
	for ; i < len(data); i++ {
		c := data[i]
		col++
		switch {
		case c == '\\' && q == '"':
			i++
			col++
			if i < len(data) && data[i] == '\n' {
				lines++
				col = 0
			}
		case c == '\n':
			if !multi {
				return i - 1, lines, col
			}
			lines++
			col = 0
		case c == q && !multi:
			return i, lines, col
		case c == q && i+2 < len(data) && data[i+1] == q && data[i+2] == q:
			// Up to two more quotes may belong to the string's content.
			i += 2
			for i+1 < len(data) && data[i+1] == q {
				i++
			}
			return i, lines, col
		}
	}
	return len(data) - 1, lines, col
}
