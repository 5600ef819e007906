package content

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"runtime"
	"sync"
)

func sum(b []byte) [32]byte { return sha256.Sum256(b) }

func errorsIsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// unwrapPathError drops the "open content/x.md:" prefix that fs errors carry,
// since diag errors name the file already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parallel runs f(0..n-1) on all processors.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
