// Package sitetest checks the site built from the shipped docs-src/ example
// the way a reader meets it: in headless Chromium, served under a GitHub
// Pages sub-path and opened from file://, and with the W3C Nu Html Checker.
// It has no code of its own outside its tests.
package sitetest
