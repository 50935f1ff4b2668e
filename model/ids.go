package model

import (
	"errors"
	"fmt"
	"strings"
)

// maxIDLength bounds an id, which becomes a URL path and a file name.
const maxIDLength = 200

// checkID returns an error unless id follows the id rules: lower-case
// letters, digits, "-" and "_", in parts separated by "/".
func checkID(id string) error {
	if id == "" {
		return errors.New("the id is empty")
	}
	if len(id) > maxIDLength {
		return fmt.Errorf("the id is longer than %d characters", maxIDLength)
	}
	for _, part := range strings.Split(id, "/") {
		if part == "" {
			return errors.New("the id has an empty folder name")
		}
		if err := checkName(part); err != nil {
			return err
		}
	}
	return nil
}

// checkName returns an error unless name follows the id rules without
// folders: lower-case letters, digits, "-" and "_".
func checkName(name string) error {
	if name == "" {
		return errors.New("the name is empty")
	}
	if len(name) > maxIDLength {
		return fmt.Errorf("the name is longer than %d characters", maxIDLength)
	}
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
		case r >= 'A' && r <= 'Z':
			return fmt.Errorf("upper-case letter %q: ids use lower case only, so that URLs and checkouts on case-insensitive file systems agree", r)
		default:
			return fmt.Errorf("character %q is not allowed: use lower-case letters, digits, \"-\" and \"_\"", r)
		}
	}
	return nil
}

// suggestID returns the id rules' version of s: lower case, with every other
// character replaced by "-".
func suggestID(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_', r == '/':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-/")
}

// CheckID returns an error unless id follows the id rules of systems and
// handoffs: lower-case letters, digits, "-" and "_", in parts separated by "/".
func CheckID(id string) error { return checkID(id) }

// CheckName returns an error unless name follows the id rules of people
// and teams, which have no folders: lower-case letters, digits, "-" and "_".
func CheckName(name string) error { return checkName(name) }
