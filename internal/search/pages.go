package search

import (
	"runtime"
	"sync"
)

// encodeDocs encodes the pages in shards of consecutive pages of about size
// bytes and returns them with the number of pages in each. The cut is made
// by docSize, so that the shards can be encoded in parallel.
func encodeDocs(docs []Doc, size int) (shards [][]byte, counts []int) {
	type cut struct{ from, to, size int }
	var cuts []cut
	cur := cut{}
	for i := range docs {
		n := docSize(&docs[i])
		if cur.to > cur.from && cur.size+n > size {
			cuts = append(cuts, cur)
			cur = cut{from: i, to: i}
		}
		cur.to++
		cur.size += n
	}
	if cur.to > cur.from {
		cuts = append(cuts, cur)
	}
	shards = make([][]byte, len(cuts))
	counts = make([]int, len(cuts))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(cuts); i += workers {
				c := cuts[i]
				b := make([]byte, 0, c.size+c.size/16+16)
				b = append(b, `{"docs":[`...)
				for d := c.from; d < c.to; d++ {
					if d > c.from {
						b = append(b, ',')
					}
					b = appendDoc(b, &docs[d])
				}
				shards[i] = append(b, "]}\n"...)
				counts[i] = c.to - c.from
			}
		})
	}
	wg.Wait()
	return shards, counts
}

// docSize is about the size of the page's encoding: exactly, if no
// character needs escaping.
func docSize(d *Doc) int {
	n := len(d.URL) + len(d.Title) + 10
	if d.Later {
		n += 2
	}
	for _, s := range d.Sections {
		n += len(s.Anchor) + len(s.Heading) + len(s.Text) + 12
	}
	return n
}

// appendDoc appends a page: [url, title, [[anchor, heading, text], [anchor, label, text, 1], …]],
// with a fourth element 1 for a page ranked later.
func appendDoc(b []byte, d *Doc) []byte {
	b = append(b, '[')
	b = appendString(b, d.URL)
	b = append(b, ',')
	b = appendString(b, d.Title)
	b = append(b, ",["...)
	for i, s := range d.Sections {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendString(b, s.Anchor)
		b = append(b, ',')
		b = appendString(b, s.Heading)
		b = append(b, ',')
		b = appendString(b, s.Text)
		if s.Item {
			b = append(b, ",1"...)
		}
		b = append(b, ']')
	}
	if d.Later {
		return append(b, "],1]"...)
	}
	return append(b, "]]"...)
}
