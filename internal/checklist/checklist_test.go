package checklist_test

import (
	"testing"

	"guide/internal/checklist"
	"guide/internal/site"
	"guide/internal/site/sitetest"
)

var opts = site.Options{Features: []site.Feature{checklist.Feature()}}

func TestErrors(t *testing.T) {
	tests := []struct{ name, archive, want string }{
		{"tag without a label", "-- content/a.en.md --\n---\ntitle: A\nfilters: {spouse: For a spouse}\n---\n- [ ] Passport {#passport .spouse}\n- [ ] Photo {#photo .child}\n",
			`content/a.en.md:6: checklist tag "child" has no label: add "child: …" under filters: in the front matter`},
		{"ids differ", "-- content/a.en.md --\n---\ntitle: A\n---\n- [ ] Passport {#passport}\n- [ ] Photo {#photo}\n-- content/a.zh.md --\n---\ntitle: A\n---\n- [ ] 护照 {#passport}\n",
			`content/a.en.md:5: checklist item "photo" has no counterpart in content/a.zh.md (translations must have the same item ids)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := sitetest.Build(t, sitetest.FS(t, tt.archive), opts)
			sitetest.ErrorLine(t, err, tt.want)
		})
	}
}

func TestSameItems(t *testing.T) {
	sitetest.MustBuild(t, opts, "-- content/a.en.md --\n---\ntitle: A\nfilters: {spouse: For a spouse}\n---\n- [ ] Passport {#passport .spouse}\n-- content/a.zh.md --\n---\ntitle: A\nfilters: {spouse: 配偶}\n---\n- [ ] 护照 {#passport .spouse}\n")
}
