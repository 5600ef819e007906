package site

// WithoutSearch returns opts for a build that makes no search index (neither
// the pages' search documents nor the index files), for the benchmarks that
// measure what the index adds to a build.
func WithoutSearch(opts Options) Options {
	opts.noSearch = true
	return opts
}
