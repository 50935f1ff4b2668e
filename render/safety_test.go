package render

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/handoffmap/handoff/model"
	"golang.org/x/net/html"
)

// unsafeHTML parses an HTML or SVG document or fragment and describes the
// first thing in it that could run script: a script element, an on*
// attribute, or a URL attribute with a javascript:, vbscript: or data:
// scheme. It returns "" when there is none.
func unsafeHTML(doc string) string {
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if strings.EqualFold(tok.Data, "script") && !ownScript(tok, z) {
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
					if scheme := urlScheme(a.Val); scheme == "javascript" || scheme == "vbscript" || scheme == "data" {
						return fmt.Sprintf("attribute %s=%q on <%s>", a.Key, a.Val, tok.Data)
					}
				}
			}
		}
	}
}

// ownScripts are the scripts that the site's templates load from assets/.
var ownScripts = regexp.MustCompile(`^(\.\./)*assets/(search|tables|graphs)\.js$`)

// ownScript reports whether a script element is one of the site's own: an
// asset of ownScripts, or the inline script of 404.html, which finds the
// site root and is recognised by its code (html/template removes the
// comments of inline scripts).
func ownScript(tok html.Token, z *html.Tokenizer) bool {
	for _, a := range tok.Attr {
		if a.Key == "src" {
			return ownScripts.MatchString(a.Val)
		}
	}
	if z.Next() != html.TextToken {
		return false
	}
	code := string(z.Text())
	return strings.HasPrefix(strings.TrimSpace(code), "(function () {") && strings.Contains(code, `var folders = location.pathname.split("/");`)
}

// urlScheme returns the lower-case scheme of a URL as a browser reads it,
// or "" for a relative URL. Browsers drop leading spaces and control
// characters and every tab and line break before they look for the scheme,
// which is a letter followed by letters, digits, "+", "-" or ".".
func urlScheme(u string) string {
	u = strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	u = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(u)
	for i, r := range u {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		case i > 0 && r == ':':
			return strings.ToLower(u[:i])
		default:
			return ""
		}
	}
	return ""
}

// hostile is text made to break out of HTML, attributes, SVG and DOT.
const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)>"'><svg onload=alert(3)>]; x [label="y"]; } digraph { \N & &amp; \" \\`

// hostileMarkdown is Markdown that tries raw HTML and script links.
const hostileMarkdown = `# Notes <script>alert(1)</script>

<div onclick="alert(2)">raw block</div>

[click](javascript:alert(3)) [data](data:text/html,<script>alert(4)</script>) ![img](javascript:alert(5))
[ref][r] <javascript:alert(6)> <a href="javascript:alert(7)">a</a>

[r]: JavaScript:alert(8)

| a | b |
|---|---|
| <script>alert(9)</script> | [x](vbscript:msgbox) |
`

func TestHostileMapIsEscaped(t *testing.T) {
	src := t.TempDir()
	q := func(s string) string { return strconv.Quote(s) }
	writeTree(t, src, map[string]string{
		"handoff.toml": "title = " + q(hostile) + "\n",
		"people.toml": "[teams.ops]\nname = " + q(hostile) + "\nchat = " + q(hostile) + "\n\n" +
			"[people.maria]\nname = " + q(hostile) + "\nteam = \"ops\"\nchat = " + q(hostile) + "\nemail = \"maria@example.com\"\n",
		"systems/billing.toml": "name = " + q(hostile) + "\nkind = \"saas\"\nowner = \"maria\"\nteam = \"ops\"\n" +
			"url = \"javascript:alert(10)\"\nsource_of_truth = [\"invoice\"]\ndescription = " + q(hostileMarkdown) + "\n\n" +
			"[definitions]\nactive_customer = " + q(hostile) + "\n",
		"systems/crm.toml": "name = " + q(hostile+" crm") + "\nkind = \"database\"\nurl = " + q(`https://crm.example.com/"onmouseover="alert(11)`) + "\n\n" +
			"[definitions]\nactive_customer = " + q("other "+hostile) + "\n",
		"handoffs/billing/invoices.toml": "title = " + q(hostile) + "\nfrom = \"billing\"\nto = \"crm\"\nkind = \"cron\"\n" +
			"schedule = \"0 2 * * *\"\ntrigger = " + q(hostile) + "\ndata = [\"invoice\"]\nstakes = [\"money\"]\nowner = \"maria\"\n" +
			"monitoring = " + q(hostile) + "\non_failure = " + q(hostile) + "\nrunbook = \"javascript:alert(12)\"\n" +
			"tags = [" + q(hostile) + "]\nnotes = " + q(hostileMarkdown) + "\nlast_reviewed = 2026-11-01\n\n" +
			"[[links]]\ntitle = " + q(hostile) + "\nurl = \"javascript:alert(13)\"\n\n" +
			"[[links]]\ntitle = " + q(hostile) + "\nurl = " + q(`https://example.com/?a="><script>alert(14)</script>`) + "\n",
		"handoffs/billing/invoices.md": hostileMarkdown,
		"handoffs/crm/back.toml":       "title = " + q(hostile) + "\nfrom = \"crm\"\nto = \"billing\"\nowner = \"maria\"\nrunbook = \"pages/guide.md\"\n",
		"pages/guide.md":               "+++\ntitle = " + q(hostile) + "\ndescription = " + q(hostile) + "\n+++\n" + hostileMarkdown,
	})
	m, err := model.Load(src, model.Options{Now: model.NewDate(2026, 12, 4)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Findings {
		if f.Severity == model.SeverityError && f.Rule != "invalid-value" {
			t.Errorf("unexpected error finding: %s", f)
		}
	}

	out := filepath.Join(t.TempDir(), "site")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(m, out, Options{}); err != nil {
		t.Fatal(err)
	}

	checked := 0
	sawEscaped := false
	err = filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := filepath.Ext(path)
		if ext != ".html" && ext != ".svg" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		checked++
		rel, _ := filepath.Rel(out, path)
		if problem := unsafeHTML(string(data)); problem != "" {
			t.Errorf("%s: %s", rel, problem)
		}
		if ext == ".svg" {
			assertWellFormedXML(t, rel, data)
		}
		if strings.Contains(string(data), "&lt;script&gt;alert(1)&lt;/script&gt;") {
			sawEscaped = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Errorf("checked %d HTML and SVG files, want the whole site", checked)
	}
	if !sawEscaped {
		t.Error("the hostile text appears nowhere as escaped text; was it dropped?")
	}
}

// assertWellFormedXML reads every token of an SVG file, which fails when a
// label broke out of its element or attribute.
func assertWellFormedXML(t *testing.T, name string, data []byte) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(data)))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Errorf("%s is not well-formed XML: %v", name, err)
			return
		}
	}
}

func TestUnsafeHTMLDetects(t *testing.T) {
	unsafe := []string{
		`<p><script>alert(1)</script></p>`,
		`<img src=x onerror=alert(1)>`,
		`<svg><g onload="alert(1)"></g></svg>`,
		`<a href="javascript:alert(1)">x</a>`,
		`<a href=" JaVa	Script:alert(1)">x</a>`,
		"<a href=\"\x01java\nscript:alert(1)\">x</a>",
		`<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`,
		`<iframe src="data:text/html,x"></iframe>`,
	}
	for _, doc := range unsafe {
		if unsafeHTML(doc) == "" {
			t.Errorf("unsafeHTML(%q) found nothing", doc)
		}
	}
	safe := []string{
		`<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`,
		`<a href="../systems/crm/index.html">crm</a> <a href="mailto:a@example.com">mail</a>`,
		`<a href="https://example.com/javascript:x">x</a>`,
		`<p title="onload=alert(1)">x</p>`,
		`<a href="0:">x</a> <a href="ftp://example.com/">ftp</a>`,
	}
	for _, doc := range safe {
		if problem := unsafeHTML(doc); problem != "" {
			t.Errorf("unsafeHTML(%q) = %s, want nothing", doc, problem)
		}
	}
}
