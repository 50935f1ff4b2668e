package render

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// unsafeHTML parses an HTML or SVG document or fragment and returns a
// description of the first thing in it that could run script: a script
// element, an on* attribute, or a URL attribute with a scheme other than
// http, https or mailto. It returns "" when there is none.
func unsafeHTML(doc string) string {
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if strings.EqualFold(tok.Data, "script") {
				return "a script element"
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				if i := strings.LastIndexByte(key, ':'); i >= 0 {
					key = key[i+1:]
				}
				if strings.HasPrefix(key, "on") {
					return fmt.Sprintf("attribute %s=%q on <%s>", a.Key, a.Val, tok.Data)
				}
				switch key {
				case "href", "src", "action", "formaction", "xlink:href", "data", "srcset", "poster":
					if scheme := urlScheme(a.Val); scheme != "" && scheme != "http" && scheme != "https" && scheme != "mailto" {
						return fmt.Sprintf("attribute %s=%q on <%s>", a.Key, a.Val, tok.Data)
					}
				}
			}
		}
	}
}

// urlScheme returns the lower-case scheme of a URL as a browser reads it,
// ignoring the whitespace and control characters that browsers strip, or
// "" for a relative URL.
func urlScheme(u string) string {
	var b strings.Builder
	for _, r := range u {
		if r <= ' ' || r == 0x7f {
			continue
		}
		if r == ':' {
			return strings.ToLower(b.String())
		}
		if r == '/' || r == '?' || r == '#' {
			return ""
		}
		b.WriteRune(r)
	}
	return ""
}
