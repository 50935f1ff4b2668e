package render

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ErrGraphTooLarge is returned, wrapped, when a graph was not laid out
// within the pool's time limit. Pages show a table of the graph's edges
// in its place.
var ErrGraphTooLarge = errors.New("graph too large to lay out")

// PoolOptions configure a Pool. Zero values take the defaults.
type PoolOptions struct {
	// Command is the program and arguments that start one worker: a
	// process that runs ServeWorker on its stdin and stdout.
	Command []string
	// Env is added to the environment of the workers, after WorkerEnv=1.
	Env []string
	// Workers is the number of processes that lay out graphs at once;
	// default one per CPU.
	Workers int
	// MaxRenders is the number of graphs a worker lays out before it is
	// replaced, because go-graphviz v0.2.10 keeps some memory of every
	// render; default 200.
	MaxRenders int
	// MaxMemory is the resident memory in bytes past which a worker is
	// replaced after its current graph; default 512 MiB.
	MaxMemory int64
	// Timeout is how long one graph may take; the worker is then killed and
	// RenderSVG returns ErrGraphTooLarge. Default 20 seconds.
	Timeout time.Duration
}

// Pool lays out graphs in worker processes, so that several graphs are laid
// out at once and a graph that takes too long can be stopped. go-graphviz
// cannot do either in one process: it runs one WebAssembly instance for the
// whole package, and a render cannot be cancelled. Pool is safe for
// concurrent use.
type Pool struct {
	opts  PoolOptions
	slots chan struct{}

	mu     sync.Mutex
	idle   []*worker
	closed bool

	started atomic.Int64
}

// NewPool returns a pool that starts workers when graphs need them.
func NewPool(opts PoolOptions) (*Pool, error) {
	if len(opts.Command) == 0 {
		return nil, errors.New("render pool: no worker command")
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	if opts.MaxRenders <= 0 {
		opts.MaxRenders = 200
	}
	if opts.MaxMemory <= 0 {
		opts.MaxMemory = 512 << 20
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 20 * time.Second
	}
	return &Pool{opts: opts, slots: make(chan struct{}, opts.Workers)}, nil
}

// Started returns the number of worker processes the pool has started.
func (p *Pool) Started() int { return int(p.started.Load()) }

// Timeout returns the time limit of one graph.
func (p *Pool) Timeout() time.Duration { return p.opts.Timeout }

// RenderSVG lays out the DOT text in a worker and returns the SVG.
func (p *Pool) RenderSVG(dot []byte) ([]byte, error) {
	p.slots <- struct{}{}
	defer func() { <-p.slots }()

	w, err := p.take()
	if err != nil {
		return nil, err
	}
	svg, err := w.render(dot, p.opts.Timeout)
	if err != nil {
		// After a timeout, a crash or a Graphviz error the worker's state
		// is unknown, so it is not reused.
		w.kill()
		return nil, err
	}
	if w.renders >= p.opts.MaxRenders || w.memory > p.opts.MaxMemory {
		w.stop()
		return svg, nil
	}
	p.put(w)
	return svg, nil
}

// Close stops the idle workers. RenderSVG must not be called after Close.
func (p *Pool) Close() error {
	p.mu.Lock()
	idle := p.idle
	p.idle = nil
	p.closed = true
	p.mu.Unlock()
	var errs []error
	for _, w := range idle {
		if err := w.stop(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (p *Pool) take() (*worker, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, errors.New("render pool: closed")
	}
	if n := len(p.idle); n > 0 {
		w := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return w, nil
	}
	p.mu.Unlock()
	w, err := startWorker(p.opts.Command, p.opts.Env)
	if err != nil {
		return nil, err
	}
	p.started.Add(1)
	return w, nil
}

func (p *Pool) put(w *worker) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		w.stop()
		return
	}
	p.idle = append(p.idle, w)
	p.mu.Unlock()
}

// worker is one running worker process.
type worker struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	stdout  *bufio.Reader
	stderr  *tailBuffer
	renders int
	memory  int64
	waited  bool
}

func startWorker(command, env []string) (*worker, error) {
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Env = append(append(os.Environ(), WorkerEnv+"=1"), env...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	tail := &tailBuffer{max: 4096}
	cmd.Stderr = tail
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start render worker %s: %w", command[0], err)
	}
	return &worker{cmd: cmd, stdin: stdin, stdout: bufio.NewReader(stdout), stderr: tail}, nil
}

type renderResult struct {
	svg []byte
	err error
}

// render sends one graph and waits for its SVG for at most timeout.
func (w *worker) render(dot []byte, timeout time.Duration) ([]byte, error) {
	done := make(chan renderResult, 1)
	go func() {
		svg, err := w.exchange(dot)
		done <- renderResult{svg, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case res := <-done:
		return res.svg, res.err
	case <-timer.C:
		// Killing the process ends the read in exchange; Wait comes after.
		w.cmd.Process.Kill()
		<-done
		return nil, fmt.Errorf("%w: no layout after %s", ErrGraphTooLarge, timeout)
	}
}

func (w *worker) exchange(dot []byte) ([]byte, error) {
	if err := writeFrame(w.stdin, dot); err != nil {
		return nil, w.failed(err)
	}
	var head [9]byte
	if _, err := io.ReadFull(w.stdout, head[:]); err != nil {
		return nil, w.failed(err)
	}
	payload, err := readFrame(w.stdout)
	if err != nil {
		return nil, w.failed(err)
	}
	w.renders++
	w.memory = int64(binary.BigEndian.Uint64(head[1:]))
	if head[0] != statusSVG {
		return nil, errors.New(string(payload))
	}
	return payload, nil
}

// failed describes a worker that stopped responding, with the end of what it
// wrote to stderr.
func (w *worker) failed(err error) error {
	msg := strings.TrimSpace(w.stderr.String())
	if msg == "" {
		return fmt.Errorf("render worker failed: %w", err)
	}
	return fmt.Errorf("render worker failed: %w; it wrote: %s", err, msg)
}

// stop closes the worker's input, which ends its loop, and waits for it.
func (w *worker) stop() error {
	w.stdin.Close()
	return w.wait()
}

// kill ends the worker at once and waits for it.
func (w *worker) kill() {
	if !w.waited {
		w.cmd.Process.Kill()
	}
	w.stdin.Close()
	w.wait()
}

func (w *worker) wait() error {
	if w.waited {
		return nil
	}
	w.waited = true
	return w.cmd.Wait()
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
