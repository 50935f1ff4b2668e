package model

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date without a time zone. The zero Date means "not set".
type Date struct {
	t time.Time
}

// NewDate returns the date of the year, month and day.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// ParseDate parses a date written YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("invalid date %q: write it as YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// DateOf returns the calendar date of t in UTC.
func DateOf(t time.Time) Date {
	t = t.UTC()
	return NewDate(t.Year(), t.Month(), t.Day())
}

// IsZero reports whether the date is not set.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String formats the date as YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// DaysUntil returns the number of days from d to e, negative when e is earlier.
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }

// Time returns the date as midnight UTC.
func (d Date) Time() time.Time { return d.t }

// Duration is a review interval written <n>d, <n>w or <n>m; a month counts as 30 days.
type Duration struct {
	Days int
	Text string
}

// IsZero reports whether the duration is not set.
func (d Duration) IsZero() bool { return d.Text == "" }

// String returns the duration as written.
func (d Duration) String() string { return d.Text }

// ParseDuration parses a duration written <n>d, <n>w or <n>m.
func ParseDuration(s string) (Duration, error) {
	bad := fmt.Errorf("invalid duration %q: write a whole number followed by d (days), w (weeks) or m (months of 30 days), such as \"90d\"", s)
	if len(s) < 2 {
		return Duration{}, bad
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || n > 100000 {
		return Duration{}, bad
	}
	switch s[len(s)-1] {
	case 'd':
	case 'w':
		n *= 7
	case 'm':
		n *= 30
	default:
		return Duration{}, bad
	}
	return Duration{Days: n, Text: s}, nil
}

// CheckURL returns an error unless s is an http, https or mailto URL or a
// relative path. Every other scheme, javascript: included, is rejected.
func CheckURL(s string) error {
	if strings.TrimSpace(s) != s || s == "" {
		return fmt.Errorf("invalid URL %q: remove the surrounding spaces or the empty value", s)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("invalid URL %q: it contains a control character", s)
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("invalid URL %q: %v", s, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return fmt.Errorf("invalid URL %q: it has no host", s)
		}
		return nil
	case "mailto":
		return nil
	case "":
		if strings.HasPrefix(s, "//") {
			return fmt.Errorf("invalid URL %q: write the scheme, such as https://", s)
		}
		return nil
	}
	return fmt.Errorf("invalid URL %q: the scheme %q is not allowed; use http, https, mailto or a relative path", s, u.Scheme)
}
