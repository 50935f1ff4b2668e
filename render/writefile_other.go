//go:build !unix

package render

import "os"

// writeFile creates or truncates the file name and writes data to it.
func writeFile(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}
