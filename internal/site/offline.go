package site

import (
	"io"
	"path"
	"slices"
	"strings"
	"sync"

	"guide/internal/offline"
)

// A site whose site.yaml says offline: true gets a service worker for each
// language (package offline) at /<lang>/sw.js. It keeps, for readers who
// ask, what that language needs: its pages (the translated ones and those
// shown untranslated in its interface; not its 404 page or feeds), every
// asset of templates/assets, that language's search index, and the files of
// content/ that are not pages (those under another language's directory
// excepted). The workers are made last, from the sums of the files just
// written (Build) or kept (Live), so that any change of a file makes a new
// worker.

// workerName is the output file of language lang's worker.
func workerName(lang Language) string { return lang.Key + "/" + offline.WorkerName }

// workerNames are the workers' output files, none when the site is not
// offline.
func (m *model) workerNames() []string {
	if !m.cfg.Offline {
		return nil
	}
	var names []string
	for _, l := range m.langs {
		names = append(names, workerName(l))
	}
	return names
}

// keeps reports whether language lang's worker keeps the output file name,
// and under which URL relative to the site root.
func (m *model) keeps(lang Language, name string, contentFiles map[string]bool) (string, bool) {
	switch {
	case strings.HasPrefix(name, lang.Key+"/"):
		if name == workerName(lang) || name == lang.Key+"/404.html" || path.Base(name) == "feed.xml" {
			return "", false
		}
		if path.Base(name) == "index.html" {
			return strings.TrimSuffix(name, "index.html"), true
		}
		return name, contentFiles[name]
	case strings.HasPrefix(name, AssetDir[len(TemplateDir)+1:]+"/"):
		return name, true
	case strings.HasPrefix(name, searchDir):
		return name, strings.HasPrefix(name, searchDir+lang.Key+"/")
	}
	if !contentFiles[name] {
		return "", false
	}
	for _, l := range m.langs {
		if strings.HasPrefix(name, l.Key+"/") {
			return "", false
		}
	}
	return name, true
}

// workers makes the workers from the sums of every other output file.
func (m *model) workers(sums map[string]offline.Sum) []extra {
	if !m.cfg.Offline {
		return nil
	}
	contentFiles := map[string]bool{}
	for _, p := range m.src.content.Assets {
		contentFiles[strings.TrimPrefix(p, ContentDir+"/")] = true
	}
	names := sortedKeys(sums)
	var out []extra
	for _, l := range m.langs {
		var files []offline.File
		for _, name := range names {
			if u, ok := m.keeps(l, name, contentFiles); ok {
				files = append(files, offline.File{URL: u, Sum: sums[name]})
			}
		}
		slices.SortFunc(files, func(a, b offline.File) int { return strings.Compare(a.URL, b.URL) })
		out = append(out, extra{name: workerName(l), source: "the offline worker", data: offline.Worker(files)})
	}
	return out
}

// summing is a Sink that passes files on and keeps their sums.
type summing struct {
	Sink
	mu   sync.Mutex
	sums map[string]offline.Sum
}

func (s *summing) keep(name string, sum offline.Sum) {
	s.mu.Lock()
	s.sums[name] = sum
	s.mu.Unlock()
}

func (s *summing) Write(name string, data []byte) error {
	if err := s.Sink.Write(name, data); err != nil {
		return err
	}
	s.keep(name, offline.SumOf(data))
	return nil
}

func (s *summing) WriteFrom(name string, r io.Reader) error {
	h := offline.NewSummer()
	if err := s.Sink.WriteFrom(name, io.TeeReader(r, h)); err != nil {
		return err
	}
	if _, err := io.Copy(h, r); err != nil { // what the sink did not read
		return err
	}
	s.keep(name, h.Sum())
	return nil
}
