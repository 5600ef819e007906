package offline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"testing"
)

var manifestRE = regexp.MustCompile(`(?m)^const MANIFEST = (.*);$`)
var versionRE = regexp.MustCompile(`(?m)^const VERSION = "([0-9a-f]{16})";$`)

// manifest reads back the files and version a worker was made with.
func manifest(t *testing.T, script []byte) ([]File, string) {
	t.Helper()
	m, v := manifestRE.FindSubmatch(script), versionRE.FindSubmatch(script)
	if m == nil || v == nil {
		t.Fatalf("no manifest or version in the worker:\n%s", script)
	}
	var rows [][3]any
	if err := json.Unmarshal(m[1], &rows); err != nil {
		t.Fatal(err)
	}
	var files []File
	for _, r := range rows {
		files = append(files, File{URL: r[0].(string), Sum: Sum{Hash: r[1].(string), Size: int64(r[2].(float64))}})
	}
	return files, string(v[1])
}

func TestSum(t *testing.T) {
	tests := []struct {
		data string
		want Sum
	}{
		{"", Sum{"e3b0c44298fc1c14", 0}},
		{"abc", Sum{"ba7816bf8f01cfea", 3}},
	}
	for _, tt := range tests {
		if got := SumOf([]byte(tt.data)); got != tt.want {
			t.Errorf("SumOf(%q) = %v, want %v", tt.data, got, tt.want)
		}
		s := NewSummer()
		for _, b := range []byte(tt.data) {
			s.Write([]byte{b})
		}
		if got := s.Sum(); got != tt.want {
			t.Errorf("Summer over %q byte by byte = %v, want %v", tt.data, got, tt.want)
		}
	}
}

// TestWorker: the manifest a worker carries is exactly its files, whatever
// they hold (script-breaking text included); the same files make the same
// bytes; any change of a file makes another version.
func TestWorker(t *testing.T) {
	var versions = map[string]int{}
	for n := range 50 {
		var files []File
		for i := range n % 7 {
			files = append(files, File{
				URL: fmt.Sprintf("en/p%d-%d/</script>\u2028'\"/", n, i),
				Sum: SumOf(fmt.Appendf(nil, "%d %d", n, i)),
			})
		}
		script := Worker(files)
		if !bytes.Equal(script, Worker(files)) {
			t.Fatal("two workers of the same files differ")
		}
		if bytes.Contains(script, []byte("</script")) || bytes.Contains(script, []byte("\u2028")) {
			t.Errorf("a file name is in the script unescaped")
		}
		got, version := manifest(t, script)
		if len(got) != len(files) {
			t.Fatalf("manifest has %d files, want %d", len(got), len(files))
		}
		for i := range got {
			if got[i] != files[i] {
				t.Errorf("manifest[%d] = %v, want %v", i, got[i], files[i])
			}
		}
		if len(files) > 0 {
			changed := append([]File(nil), files...)
			changed[len(changed)-1].Hash = "0000000000000000"
			if _, v := manifest(t, Worker(changed)); v == version {
				t.Errorf("a changed file keeps version %s", v)
			}
		}
		versions[version]++
	}
	if len(versions) != 43 { // every n has other files, but the 8 empty sets are one
		t.Errorf("50 sets of files made %d versions, want 43", len(versions))
	}
}

func TestUnregister(t *testing.T) {
	u := Unregister()
	if !bytes.Contains(u, []byte("registration.unregister()")) || !bytes.Contains(u, []byte(`"guide-offline "`)) {
		t.Errorf("Unregister does not unregister or does not know the caches' prefix:\n%s", u)
	}
	if !bytes.Contains(Worker(nil), []byte(`const PREFIX = "guide-offline ";`)) {
		t.Error("the worker's caches have another prefix than Unregister removes")
	}
}
