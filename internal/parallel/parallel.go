// Package parallel runs independent pieces of work on all processors.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Do calls f(i) for every i in [0, n), on at most GOMAXPROCS goroutines at
// once, and returns when all calls have returned. The calls must be
// independent: they run in no particular order.
func Do(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// Workers calls f(w, i) for every i in [0, n) like Do, and also tells each
// call which of at most GOMAXPROCS workers runs it (0 ≤ w < Count(n)), so
// that each worker can own state it reuses from one call to the next.
func Workers(n int, f func(w, i int)) {
	workers := Count(n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(w, i)
			}
		})
	}
	wg.Wait()
}

// Count is the number of workers Workers uses for n calls.
func Count(n int) int { return max(1, min(runtime.GOMAXPROCS(0), n)) }
