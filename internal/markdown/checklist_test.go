package markdown

import (
	"reflect"
	"testing"
)

// TestChecklistItems checks the items a page reports to the build (which
// compares them across translations and hands them to templates).
func TestChecklistItems(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Item
	}{
		{"no checklist", "- [ ] one\n- [x] two\n", nil},
		{
			"tags, notes and a soft line break",
			"## Papers\n\n- [ ] Passport {#passport .spouse .child}\n\n  - Note under the item.\n\n- [ ] Photos, 35×53 mm\n  on white {#photos}\n",
			[]Item{
				{ID: "passport", Tags: []string{"spouse", "child"}, Text: "Passport", HTML: "Passport", Line: 3},
				{ID: "photos", Text: "Photos, 35×53 mm on white", HTML: "Photos, 35×53 mm on white", Line: 7},
			},
		},
		{
			"a word in another language, and a link",
			"- [ ] Household register (<span lang=\"zh-Hans\">户口簿</span>), see [fees](https://example.org/) {#hukou}\n",
			[]Item{
				{ID: "hukou", Text: "Household register (户口簿), see fees", HTML: `Household register (<span lang="zh-Hans">户口簿</span>), see fees`, Line: 1},
			},
		},
		{
			"Chinese, with markup in the label",
			"- [ ] **护照**原件和复印件 {#passport .zgc}\n- [ ] 《外国人在中国永久居留申请表》 {#application-form}\n",
			[]Item{
				{ID: "passport", Tags: []string{"zgc"}, Text: "护照原件和复印件", HTML: "<strong>护照</strong>原件和复印件", Line: 1},
				{ID: "application-form", Text: "《外国人在中国永久居留申请表》", HTML: "《外国人在中国永久居留申请表》", Line: 2},
			},
		},
	}
	c := New(Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := c.Convert([]byte(tc.src), Context{File: "content/a.en.md"})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(doc.Checklist, tc.want) {
				t.Errorf("items\n got %+v\nwant %+v", doc.Checklist, tc.want)
			}
		})
	}
}
