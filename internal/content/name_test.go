package content

import "testing"

func TestParseName(t *testing.T) {
	langs := []string{"zh", "en"}
	tests := []struct {
		rel     string
		want    Name
		wantErr bool
	}{
		{"fees.zh.md", Name{Key: "fees", Lang: "zh"}, false},
		{"fees.en.md", Name{Key: "fees", Lang: "en"}, false},
		{"fees.md", Name{Key: "fees", Lang: "zh"}, false},
		{"documents/spouse.en.md", Name{Key: "documents/spouse", Lang: "en"}, false},
		{"documents/_index.en.md", Name{Key: "documents", Lang: "en", Section: true}, false},
		{"_index.zh.md", Name{Key: "", Lang: "zh", Section: true}, false},
		{"fees.fr.md", Name{}, true},
		{".en.md", Name{}, true},
	}
	for _, tt := range tests {
		got, err := ParseName(tt.rel, langs)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseName(%q) = %+v, %v", tt.rel, got, err)
		}
	}
}
