package render

import (
	"fmt"
	"testing"
)

// BenchmarkRender measures a build of every page with a warm graph cache,
// after one build that lays the graphs out in a pool of workers.
func BenchmarkRender(b *testing.B) {
	for _, size := range [][3]int{{100, 20, 5}, {1000, 200, 30}, {10000, 2000, 300}} {
		b.Run(fmt.Sprintf("handoffs=%d", size[0]), func(b *testing.B) {
			m := loadGenerated(b, size[0], size[1], size[2])
			pool, err := NewPool(PoolOptions{Command: []string{testBinary()}})
			if err != nil {
				b.Fatal(err)
			}
			defer pool.Close()
			cache, err := OpenGraphCache(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			opts := Options{Graphs: pool, Cache: cache}
			if _, err := Build(m, b.TempDir(), opts); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				b.StopTimer()
				dir := b.TempDir()
				b.StartTimer()
				stats, err := Build(m, dir, opts)
				if err != nil {
					b.Fatal(err)
				}
				if stats.LaidOut != 0 {
					b.Fatalf("a build with a warm cache laid out %d graphs", stats.LaidOut)
				}
			}
		})
	}
}
