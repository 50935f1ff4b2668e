package sitetest

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	titleTag       = regexp.MustCompile(`<title>([^<]*)</title>`)
	descriptionTag = regexp.MustCompile(`<meta name="description" content="([^"]*)">`)
	canonicalTag   = regexp.MustCompile(`<link rel="canonical" href="([^"]*)">`)
	hrefAttr       = regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)
)

// TestEveryPageHasTitleAndDescription checks the head of every page of
// both builds: a title and a description of its own, and a canonical link
// exactly when the site has a base URL.
func TestEveryPageHasTitleAndDescription(t *testing.T) {
	relative, published := sites(t)
	for name, dir := range map[string]string{"relative": relative, "published": published} {
		t.Run(name, func(t *testing.T) {
			titles := map[string]string{}
			pages := 0
			err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
					return err
				}
				pages++
				rel, _ := filepath.Rel(dir, path)
				rel = filepath.ToSlash(rel)
				data, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				page := string(data)

				title := titleTag.FindStringSubmatch(page)
				if title == nil || strings.TrimSpace(title[1]) == "" {
					t.Errorf("%s has no title", rel)
				} else if other, dup := titles[title[1]]; dup {
					t.Errorf("%s and %s have the same title %q", rel, other, html.UnescapeString(title[1]))
				} else {
					titles[title[1]] = rel
				}
				if d := descriptionTag.FindStringSubmatch(page); d == nil || len(d[1]) < 20 {
					t.Errorf("%s has no meaningful description: %q", rel, d)
				}

				canonical := canonicalTag.FindStringSubmatch(page)
				switch {
				case name == "relative" && canonical != nil:
					t.Errorf("%s has a canonical link without a base URL", rel)
				case name == "published" && rel != "404.html" && canonical == nil:
					t.Errorf("%s has no canonical link", rel)
				case canonical != nil && !strings.HasPrefix(canonical[1], publishedURL):
					t.Errorf("%s: canonical link %s is outside the site", rel, canonical[1])
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if pages < 50 {
				t.Errorf("found only %d pages", pages)
			}
		})
	}
}

// TestLinksAreRelative checks that no page but 404.html links to the site
// root with "/" or leaves out index.html from a folder link, either of which
// breaks the site on a GitHub Pages sub-path or from file://.
func TestLinksAreRelative(t *testing.T) {
	dir, _ := sites(t)
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range hrefAttr.FindAllStringSubmatch(string(data), -1) {
			link := html.UnescapeString(m[1])
			if strings.Contains(link, "://") || strings.HasPrefix(link, "mailto:") || strings.HasPrefix(link, "#") {
				continue
			}
			target, _, _ := strings.Cut(link, "#")
			target, _, _ = strings.Cut(target, "?")
			switch {
			case strings.HasPrefix(link, "/"):
				t.Errorf("%s links from the root: %s", rel, link)
			case target != "" && strings.HasSuffix(target, "/"):
				t.Errorf("%s links to a folder without index.html: %s", rel, link)
			case target != "":
				if _, err := os.Stat(filepath.Join(filepath.Dir(path), filepath.FromSlash(target))); err != nil && rel != "404.html" {
					t.Errorf("%s links to a missing file: %s", rel, link)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
