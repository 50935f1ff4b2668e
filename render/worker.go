package render

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// WorkerEnv is the environment variable that a pool sets for the worker
// processes it starts. A program that finds it set to "1" should call
// ServeWorker instead of doing its usual work. Tests use this to run their
// own binary as a worker.
const WorkerEnv = "HANDOFF_RENDER_WORKER"

// The worker protocol runs over the worker's stdin and stdout. A request is
// a 4-byte big-endian length followed by that many bytes of DOT text. A
// response is a status byte (statusSVG or statusError), the worker's
// resident memory in bytes as a big-endian uint64 (0 when unknown), a
// 4-byte big-endian length and that many bytes: the SVG, or the error text.
const (
	statusSVG   = 0
	statusError = 1
)

// maxFrame bounds a request or response, so that a corrupt length cannot
// make either side allocate without limit.
const maxFrame = 256 << 20

// ServeWorker reads render requests from in and writes the results to out
// until in is closed, laying out each graph with the in-process renderer.
func ServeWorker(in io.Reader, out io.Writer) error {
	r := bufio.NewReader(in)
	w := bufio.NewWriter(out)
	gv := &InProcess{}
	defer gv.Close()
	for {
		dot, err := readFrame(r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read request: %w", err)
		}
		status, payload := byte(statusSVG), []byte(nil)
		svg, err := gv.RenderSVG(dot)
		if err != nil {
			status, payload = statusError, []byte(err.Error())
		} else {
			payload = svg
		}
		var head [9]byte
		head[0] = status
		binary.BigEndian.PutUint64(head[1:], uint64(residentMemory()))
		if _, err := w.Write(head[:]); err != nil {
			return err
		}
		if err := writeFrame(w, payload); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
}

func readFrame(r io.Reader) ([]byte, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err
	}
	size := binary.BigEndian.Uint32(n[:])
	if size > maxFrame {
		return nil, fmt.Errorf("frame of %d bytes is larger than the limit of %d", size, maxFrame)
	}
	buf := make([]byte, size)
	if _, err := io.ReadFull(r, buf); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return buf, nil
}

func writeFrame(w io.Writer, data []byte) error {
	if len(data) > maxFrame {
		return fmt.Errorf("frame of %d bytes is larger than the limit of %d", len(data), maxFrame)
	}
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}

// residentMemory returns the resident set size of this process in bytes,
// read from /proc/self/status, or 0 where that file does not exist.
func residentMemory() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		rest, ok := strings.CutPrefix(line, "VmRSS:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			return 0
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}
