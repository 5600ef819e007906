package diag

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestErrorText(t *testing.T) {
	tests := []struct {
		e    *Error
		want string
	}{
		{Errorf("content/a.md", 4, "title is %s", "required"), "content/a.md:4: title is required"},
		{Errorf("content/a.md", 0, "empty"), "content/a.md: empty"},
		{Errorf("", 0, "no file"), "no file"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("%#v: %q, want %q", tt.e, got, tt.want)
		}
	}
}

func TestAddUnjoins(t *testing.T) {
	var l List
	l.Add(nil)
	l.Add(errors.Join(Errorf("b", 1, "x"), errors.Join(Errorf("a", 2, "y"), fmt.Errorf("plain"))))
	l.Add(fmt.Errorf("wrapped: %w", Errorf("c", 3, "z")))
	var got []string
	for _, e := range l {
		got = append(got, e.Error())
	}
	if want := "b:1: x|a:2: y|plain|c:3: z"; strings.Join(got, "|") != want {
		t.Errorf("list %q, want %q", strings.Join(got, "|"), want)
	}
	if len(Unjoin(nil)) != 0 {
		t.Error("Unjoin(nil) is not empty")
	}
}

// TestSortedAndErrLeaveTheListAlone: sorting and joining do not reorder or
// shorten the caller's list, and can be called any number of times.
func TestSortedAndErrLeaveTheListAlone(t *testing.T) {
	l := List{Errorf("b", 2, "x"), Errorf("a", 9, "y"), Errorf("b", 2, "x"), Errorf("a", 1, "z"), Errorf("b", 2, "w")}
	before := fmt.Sprint(l)
	for range 3 {
		if got, want := fmt.Sprint(l.Err()), "a:1: z\na:9: y\nb:2: w\nb:2: x"; got != want {
			t.Fatalf("Err() = %q, want %q", got, want)
		}
		if s := l.Sorted(); len(s) != 4 {
			t.Fatalf("Sorted() has %d problems, want 4", len(s))
		}
	}
	if after := fmt.Sprint(l); after != before {
		t.Errorf("the list changed from %s to %s", before, after)
	}
	if (List{}).Err() != nil || List(nil).Err() != nil {
		t.Error("an empty list has an error")
	}
}
