package render

import (
	"bytes"
	"encoding/xml"
	"sort"
)

// sitemap writes sitemap.xml with the absolute address of every HTML page
// but 404.html. The sitemaps protocol accepts only absolute URLs, so a site
// without a base URL gets no sitemap.xml at all.
func (s *site) sitemap() error {
	if s.BaseURL == "" {
		return nil
	}
	s.mu.Lock()
	paths := append([]string(nil), s.htmlPaths...)
	s.mu.Unlock()
	sort.Strings(paths)

	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range paths {
		if p == "404.html" {
			continue
		}
		b.WriteString("  <url><loc>")
		xml.EscapeText(&b, []byte(s.BaseURL+sitePathURL(p)))
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return s.write("sitemap.xml", b.Bytes())
}
