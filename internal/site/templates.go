package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"guide/internal/data"
	"guide/internal/diag"
)

// templates are the parsed layouts. They are never executed themselves: each
// render worker executes clones with its own functions (render.go), so that
// the functions know which output they work for.
type templates struct {
	layouts map[string]*template.Template // layout name ("page", "timeline") → base, partials and the layout file
	prints  map[string]string             // layout name → fingerprint of the templates it can run
	assets  map[string]asset              // name under assets/ → published asset
}

type asset struct {
	URL  string
	Path string // output path
	Data []byte
}

// kindLayouts are the layouts every site needs: one per kind of output.
var kindLayouts = []string{kindHome, kindSection, kindPage, kind404, kindRoot}

// loadTemplates reads and parses templates/. funcs are the names of every
// function templates may call, with placeholders or real implementations:
// html/template needs them to parse.
func loadTemplates(fsys fs.FS, cfg *Config, funcs template.FuncMap) (*templates, error) {
	var l diag.List
	t := &templates{layouts: map[string]*template.Template{}, prints: map[string]string{}, assets: map[string]asset{}}
	l.Add(t.loadAssets(fsys, cfg))
	read := func(name string) (string, bool) {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			l.Addf(name, 0, "cannot read the template: %v", unwrap(err))
			return "", false
		}
		return string(src), true
	}
	base, ok := read(TemplateDir + "/base.html")
	if !ok {
		if _, err := fs.Stat(fsys, TemplateDir+"/base.html"); err != nil {
			l = l[:len(l)-1]
			l.Addf(TemplateDir+"/base.html", 0, "missing: every site needs a base layout")
		}
		return nil, l.Err()
	}
	partials, _ := fs.Glob(fsys, TemplateDir+"/partials/*.html")
	layouts, _ := fs.Glob(fsys, TemplateDir+"/*.html")
	common := template.New(TemplateDir + "/base.html").Funcs(funcs)
	if _, err := common.Parse(base); err != nil {
		l.Add(templateError(err))
		return nil, l.Err()
	}
	for _, p := range partials {
		src, ok := read(p)
		if !ok {
			continue
		}
		if _, err := common.New(p).Parse(src); err != nil {
			l.Add(templateError(err))
		}
	}
	for _, p := range layouts {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if name == "base" {
			continue
		}
		src, ok := read(p)
		if !ok {
			continue
		}
		c, err := common.Clone()
		if err != nil {
			l.Add(err)
			continue
		}
		if _, err := c.New(p).Parse(src); err != nil {
			l.Add(templateError(err))
			continue
		}
		t.layouts[name] = c.Lookup(p)
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	for _, name := range kindLayouts {
		if t.layouts[name] == nil {
			l.Addf(TemplateDir+"/"+name+".html", 0, "missing layout")
		}
	}
	for name, tm := range t.layouts {
		t.prints[name] = fingerprint(tm)
	}
	return t, l.Err()
}

// names are the layouts, sorted.
func (t *templates) names() []string {
	var out []string
	for name := range t.layouts {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// checkLayout reports a front-matter layout that names no template.
func (t *templates) checkLayout(layout string) error {
	if _, ok := t.layouts[layout]; ok {
		return nil
	}
	msg := fmt.Sprintf("there is no template %s/%s.html", TemplateDir, layout)
	if s := data.Suggest(layout, t.names()); s != "" {
		return fmt.Errorf("%s; did you mean %s?", msg, s)
	}
	return fmt.Errorf("%s (the layouts are %s)", msg, strings.Join(t.names(), ", "))
}

// fingerprint identifies what executing a layout can run: the parse trees of
// the templates reachable from it through {{template}} and cached calls.
// Two layouts with equal fingerprints behave the same; a layout whose
// fingerprint is unchanged after an edit of templates/ renders as before.
func fingerprint(root *template.Template) string {
	trees := map[string]*parse.Tree{}
	for _, tm := range root.Templates() {
		if tm.Tree != nil {
			trees[tm.Name()] = tm.Tree
		}
	}
	seen := map[string]bool{}
	all := false
	var visit func(name string)
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.TemplateNode:
			visit(n.Name)
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			if len(n.Args) > 0 {
				if id, ok := n.Args[0].(*parse.IdentifierNode); ok && id.Ident == "cached" {
					if len(n.Args) > 1 {
						if s, ok := n.Args[1].(*parse.StringNode); ok {
							visit(s.Text)
						} else {
							all = true
						}
					}
				}
			}
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		}
	}
	visit = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		if tr := trees[name]; tr != nil {
			walk(tr.Root)
		}
	}
	visit(root.Name())
	if all {
		for name := range trees {
			seen[name] = true
		}
	}
	h := sha256.New()
	for _, name := range slices.Sorted(maps.Keys(seen)) {
		h.Write([]byte(name + "\x00"))
		if tr := trees[name]; tr != nil && tr.Root != nil {
			h.Write([]byte(tr.Root.String()))
		}
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// loadAssets reads templates/assets/ and names each file after its content.
func (t *templates) loadAssets(fsys fs.FS, cfg *Config) error {
	var l diag.List
	err := fs.WalkDir(fsys, AssetDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == AssetDir {
				return fs.SkipDir
			}
			l.Addf(p, 0, "%v", unwrap(err))
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() && p != AssetDir {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			l.Addf(p, 0, "%v", unwrap(err))
			return nil
		}
		sum := sha256.Sum256(data)
		rel := strings.TrimPrefix(p, AssetDir+"/")
		ext := path.Ext(rel)
		out := "assets/" + strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		t.assets[rel] = asset{URL: cfg.root() + out, Path: out, Data: data}
		return nil
	})
	if err != nil {
		l.Add(err)
	}
	return l.Err()
}

var templateErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:\d+:)? ?(.*)$`)

// templateError turns html/template's "template: name:line: msg" into a
// positioned error.
func templateError(err error) error {
	msg := err.Error()
	// An error inside a cached template is reported where it happened.
	if _, inner, ok := strings.Cut(msg, ": error calling cached: template: "); ok {
		msg = "template: " + inner
	}
	if m := templateErrRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		return diag.Errorf(m[1], line, "%s", m[3])
	}
	return diag.Errorf("", 0, "%s", strings.TrimPrefix(msg, "template: "))
}
