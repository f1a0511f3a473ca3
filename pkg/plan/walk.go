package plan

import (
	"context"
	"sync"

	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

// visitFunc handles one vertex. upstreamOK is false when a dependency's
// visit returned false; the visit then only records a skip. It returns
// whether the vertex succeeded.
type visitFunc func(addr resources.Addr, upstreamOK bool) bool

// walk calls visit once for every vertex of g, each as soon as all its
// dependencies have been visited, and returns when all are done. At most
// parallelism visits with upstreamOK run at once: the semaphore is around
// execution, not part of the graph. Visits of skipped vertices, and visits
// after ctx is done, do not wait for the semaphore; visit is expected to
// check ctx itself.
func walk(ctx context.Context, g *Graph, parallelism int, visit visitFunc) {
	done := make(map[resources.Addr]chan struct{}, len(g.order))
	for _, a := range g.order {
		done[a] = make(chan struct{})
	}
	var mu sync.Mutex
	ok := make(map[resources.Addr]bool, len(g.order))
	sem := make(chan struct{}, parallelism)

	var wg sync.WaitGroup
	for _, a := range g.order {
		wg.Go(func() {
			defer close(done[a])
			upstreamOK := true
			for _, d := range g.deps[a] {
				<-done[d]
				mu.Lock()
				if !ok[d] {
					upstreamOK = false
				}
				mu.Unlock()
			}
			if upstreamOK {
				select {
				case sem <- struct{}{}:
					defer func() { <-sem }()
				case <-ctx.Done():
				}
			}
			r := visit(a, upstreamOK)
			mu.Lock()
			ok[a] = r
			mu.Unlock()
		})
	}
	wg.Wait()
}
