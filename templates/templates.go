// Package templates holds the HTML templates and static assets of the
// site, embedded in the binary.
package templates

import "embed"

// Pages holds the HTML templates: layout.html and partials.html are shared,
// and every other file is one kind of page.
//
//go:embed pages/*.html
var Pages embed.FS

// Assets holds the files copied to assets/ in the output.
//
//go:embed assets
var Assets embed.FS
