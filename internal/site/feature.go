package site

import (
	"html/template"
	"time"

	"guide/internal/content"
	"guide/internal/diag"
	"guide/internal/markdown"
)

// A Feature adds to the generic build what one kind of page needs: data
// files, template functions, checks across translations and dated warnings.
// The command passes the site's features in Options.
type Feature struct {
	Name string // for messages and for recording what outputs used

	// Data is the directory under the content directory whose .yaml files
	// are this feature's data ("holidays" for content/holidays/*.yaml); ""
	// for none.
	Data string

	// Load reads the feature's data files (sorted by path) and returns what
	// the build uses. It is called again whenever one of the files changes.
	// Its errors name the file and line.
	Load func(files []DataFile, langs []Language) (*Loaded, error)
}

// Loaded is a feature with its data. Every field may be nil.
type Loaded struct {
	// Funcs are template functions, with their data.
	Funcs template.FuncMap

	// Check checks the pages of one translation key after their Markdown is
	// converted: the real translations (not the untranslated stand-ins), in
	// site order. It is called for several keys at once, from several
	// goroutines, and must not change what it is given.
	Check func(key string, pages []Translation) []*diag.Error

	// Due lists what depends on today's date (a data file that should exist
	// by now): warnings of guide check, never errors.
	Due func(today time.Time) []Due
}

// DataFile is a data file of a feature.
type DataFile struct {
	Path string // from the site root: content/holidays/2026.yaml
	Data []byte
}

// Translation is one page of a translation key in one language, as a
// feature's Check sees it.
type Translation struct {
	File *content.File // its file and front matter (File.Line gives lines of keys); not its Markdown, which a build lets go once converted
	Lang Language
	Doc  *markdown.Doc // the converted Markdown: ids, headings, checklist, self-check
}

// Due is something that depends on today's date: a warning of guide check.
type Due struct {
	File    string `json:"file"`    // the file to add or change
	Message string `json:"message"` // what and why
}
