package main

import (
	"context"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"

	"guide/internal/features"
	"guide/internal/site"
)

type sink struct {
	once  sync.Once
	count int
	mu    sync.Mutex
}

func (s *sink) snap(name string) {
	runtime.GC()
	f, _ := os.Create(name)
	pprof.WriteHeapProfile(f)
	f.Close()
}

func (s *sink) Write(name string, data []byte) error {
	s.mu.Lock()
	s.count++
	n := s.count
	s.mu.Unlock()
	if n == 5000 {
		s.snap("/tmp/heap-render.prof")
	}
	if strings.HasPrefix(name, "search/") {
		s.once.Do(func() { s.snap("/tmp/heap-search.prof") })
	}
	return nil
}
func (s *sink) WriteFrom(name string, r io.Reader) error { _, err := io.Copy(io.Discard, r); return err }

func main() {
	_, err := site.Build(context.Background(), os.DirFS(os.Args[1]), site.Options{Features: features.Guide()}, &sink{})
	if err != nil {
		panic(err)
	}
}
