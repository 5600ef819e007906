package parallel

import (
	"sync"
	"sync/atomic"
	"testing"
)

func TestDoCallsEachOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		seen := make([]atomic.Int32, n)
		Do(n, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("n=%d: f(%d) called %d times", n, i, c)
			}
		}
	}
}

func TestWorkersOwnTheirState(t *testing.T) {
	const n = 1000
	var mu sync.Mutex
	busy := make([]bool, Count(n))
	Workers(n, func(w, i int) {
		mu.Lock()
		if busy[w] {
			mu.Unlock()
			t.Errorf("worker %d runs two calls at once", w)
			return
		}
		busy[w] = true
		mu.Unlock()
		mu.Lock()
		busy[w] = false
		mu.Unlock()
	})
	if Count(0) != 1 || Count(1) != 1 {
		t.Errorf("Count(0) = %d, Count(1) = %d, want 1", Count(0), Count(1))
	}
}
