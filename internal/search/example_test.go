package search_test

import (
	"fmt"
	"maps"
	"slices"

	"guide/internal/search"
)

func ExampleTokens() {
	fmt.Println(search.Tokens("无犯罪记录证明 Police certificates"))
	fmt.Println(search.Tokens("绿卡, the applicant's green card"))
	// Output:
	// [无犯 无 犯罪 犯 罪记 罪 记录 记 录证 录 证明 证 明 police certificate]
	// [绿卡 绿 卡 the applicant green card]
}

func ExampleBuild() {
	docs := []search.Doc{{
		URL:   "/en/documents/spouse/",
		Title: "Documents for a spouse",
		Sections: []search.Section{
			{Text: "Tick each document when you have it."},
			{Anchor: "basics", Heading: "Form, photos and passport"},
			{Anchor: "item-passport", Heading: "Passport", Text: "Bring the original and a copy.", Item: true},
		},
	}}
	synonyms := [][]string{{"permanent residence", "green card", "永久居留", "绿卡"}}
	files, err := search.Build("en", docs, synonyms, search.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fmt.Println(name)
	}
	// Output:
	// search/en/index.json
}
