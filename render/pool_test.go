package render

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

func testPool(t *testing.T, opts PoolOptions) *Pool {
	t.Helper()
	opts.Command = []string{testBinary()}
	p, err := NewPool(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func testBinary() string { return os.Args[0] }

// testDOT returns a graph of n systems in a ring with chords, labelled
// with text that needs escaping.
func testDOT(n int) []byte {
	g := newDotGraph(attr{"rankdir", "LR"})
	for i := range n {
		g.node(nil, fmt.Sprintf("s%d", i), attr{"label", fmt.Sprintf("System \"%d\" & co", i)}, attr{"URL", fmt.Sprintf("systems/s%d/index.html", i)})
	}
	for i := range n {
		g.edge(fmt.Sprintf("s%d", i), fmt.Sprintf("s%d", (i+1)%n), attr{"label", fmt.Sprintf("handoff %d", i)})
		g.edge(fmt.Sprintf("s%d", i), fmt.Sprintf("s%d", (i*7+3)%n))
	}
	return []byte(g.String())
}

func TestPoolMatchesInProcess(t *testing.T) {
	var graphs [][]byte
	for i := range 24 {
		graphs = append(graphs, testDOT(3+i%9))
	}
	inProcess := &InProcess{}
	defer inProcess.Close()
	want := make([][]byte, len(graphs))
	for i, dot := range graphs {
		svg, err := inProcess.RenderSVG(dot)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = svg
	}

	// A low MaxRenders makes the pool replace its workers during the test.
	pool := testPool(t, PoolOptions{Workers: 2, MaxRenders: 5})
	got := make([][]byte, len(graphs))
	errs := make([]error, len(graphs))
	var wg sync.WaitGroup
	for i, dot := range graphs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = pool.RenderSVG(dot)
		}()
	}
	wg.Wait()
	for i := range graphs {
		if errs[i] != nil {
			t.Fatalf("graph %d: %v", i, errs[i])
		}
		if !bytes.HasSuffix(bytes.TrimSpace(got[i]), []byte("</svg>")) {
			t.Errorf("graph %d: SVG is not complete: ends with %q", i, tail(got[i]))
		}
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("graph %d: pool SVG (%d bytes) differs from the in-process SVG (%d bytes)", i, len(got[i]), len(want[i]))
		}
	}
	if n := pool.Started(); n < len(graphs)/5 {
		t.Errorf("pool started %d workers for %d graphs with MaxRenders 5; want at least %d", n, len(graphs), len(graphs)/5)
	}
}

func tail(b []byte) []byte {
	return b[max(0, len(b)-40):]
}

func TestPoolTimeoutKillsWorker(t *testing.T) {
	pool := testPool(t, PoolOptions{Workers: 1, Timeout: 50 * time.Millisecond})
	_, err := pool.RenderSVG(testDOT(400))
	if !errors.Is(err, ErrGraphTooLarge) {
		t.Fatalf("RenderSVG of a 400-node graph with a 50 ms limit: err = %v, want ErrGraphTooLarge", err)
	}

	// The next graph gets a new worker and a longer limit is not needed.
	pool.opts.Timeout = time.Minute
	svg, err := pool.RenderSVG(testDOT(3))
	if err != nil {
		t.Fatalf("RenderSVG after a timeout: %v", err)
	}
	if !strings.Contains(string(svg), "</svg>") {
		t.Errorf("RenderSVG after a timeout returned no SVG")
	}
	if n := pool.Started(); n != 2 {
		t.Errorf("workers started = %d, want 2: one killed, one new", n)
	}
}

func TestPoolReportsGraphvizErrors(t *testing.T) {
	pool := testPool(t, PoolOptions{Workers: 1})
	_, err := pool.RenderSVG([]byte("digraph { a -> "))
	if err == nil {
		t.Fatal("RenderSVG of broken DOT: no error")
	}
	if errors.Is(err, ErrGraphTooLarge) {
		t.Errorf("RenderSVG of broken DOT: err = %v, which claims the graph is too large", err)
	}
}

func TestGraphCacheRoundTrip(t *testing.T) {
	cache, err := OpenGraphCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	dot, svg := []byte("digraph { a -> b }"), []byte("<svg></svg>")
	if _, ok := cache.Get(dot); ok {
		t.Fatal("Get on an empty cache found an entry")
	}
	if err := cache.Put(dot, svg); err != nil {
		t.Fatal(err)
	}
	got, ok := cache.Get(dot)
	if !ok || !bytes.Equal(got, svg) {
		t.Errorf("Get after Put = %q, %v; want %q, true", got, ok, svg)
	}
	if _, ok := cache.Get([]byte("digraph { a -> c }")); ok {
		t.Error("Get of other DOT text found an entry")
	}
}
