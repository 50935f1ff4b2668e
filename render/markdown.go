package render

import (
	"bytes"
	"html/template"
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Context keys that carry a page's link function and heading shift into
// the transformer.
var (
	linkKey  = parser.NewContextKey()
	shiftKey = parser.NewContextKey()
)

// markdown converts Markdown to HTML with GitHub-flavoured tables, task
// lists, autolinks and strikethrough, footnotes and heading anchors. Raw
// HTML is not passed through (goldmark's default, html.WithUnsafe unset),
// and goldmark drops links with dangerous schemes such as javascript:.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote),
	goldmark.WithParserOptions(
		parser.WithAutoHeadingID(),
		parser.WithASTTransformers(util.Prioritized(linkRewriter{}, 100)),
	),
	// Priority 400 comes before the task list extension's own renderer (500).
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(taskCheckBoxRenderer{}, 400))),
)

// taskCheckBoxRenderer writes the check box of a task list item with an
// accessible name, which goldmark's renderer leaves out, so that screen
// readers announce "done" or "to do" rather than an unlabelled check box.
type taskCheckBoxRenderer struct{}

func (taskCheckBoxRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if node.(*east.TaskCheckBox).IsChecked {
			w.WriteString(`<input checked="" disabled="" type="checkbox" aria-label="done"> `)
		} else {
			w.WriteString(`<input disabled="" type="checkbox" aria-label="to do"> `)
		}
		return ast.WalkContinue, nil
	})
}

// renderMarkdown returns the HTML of src, with relative links rewritten to
// work from the page that link belongs to.
func renderMarkdown(src string, link linkFunc) template.HTML {
	return renderMarkdownShifted(src, link, 0)
}

// renderMarkdownShifted renders Markdown with every heading moved down by
// shift levels (at most to level 6), for text shown under a page heading.
func renderMarkdownShifted(src string, link linkFunc, shift int) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	var buf bytes.Buffer
	ctx := parser.NewContext()
	ctx.Set(linkKey, link)
	ctx.Set(shiftKey, shift)
	if err := markdown.Convert([]byte(src), &buf, parser.WithContext(ctx)); err != nil {
		// goldmark returns an error only when writing the output fails, and
		// a bytes.Buffer write does not fail; show the source as text anyway.
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(buf.String()) // #nosec: goldmark escapes text and omits raw HTML
}

// linkRewriter rewrites relative links in Markdown so they work from the
// file system as well as from a server. A link to "schema.md" goes to the
// extra page "schema", and a link to a folder gets "index.html". A path that
// starts at the site root, such as "/systems/crm/", becomes relative.
type linkRewriter struct{}

func (linkRewriter) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	link, _ := pc.Get(linkKey).(linkFunc)
	if link == nil {
		return
	}
	shift, _ := pc.Get(shiftKey).(int)
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Heading:
			l.Level = min(6, l.Level+shift)
		case *ast.Link:
			l.Destination = []byte(rewriteLink(string(l.Destination), link))
		case *ast.Image:
			l.Destination = []byte(rewriteLink(string(l.Destination), link))
		}
		return ast.WalkContinue, nil
	})
}

func rewriteLink(dest string, link linkFunc) string {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return dest
	}
	p := u.Path
	fragment := ""
	if u.Fragment != "" {
		fragment = "#" + u.Fragment
	}
	switch {
	case strings.HasPrefix(p, "/"):
		return link(strings.TrimPrefix(p, "/")) + fragment
	case strings.HasSuffix(p, ".md") && !strings.Contains(p, "/"):
		return link("pages/"+strings.TrimSuffix(p, ".md")+"/") + fragment
	case strings.HasSuffix(p, "/"):
		return path.Clean(p) + "/index.html" + fragment
	}
	return dest
}
