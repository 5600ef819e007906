package output

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childEnv makes the test binary, run again, do one build (TestChildBuild).
const childEnv = "GUIDE_OUTPUT_CHILD"

// killPages is the size of the builds that get killed: enough files that a
// build takes a while on a disk.
const killPages = 1200

func childTree(v string) tree {
	t := version(v, killPages)
	pad := strings.Repeat("x", 2000)
	for name, data := range t {
		t[name] = data + pad
	}
	return t
}

// TestChildBuild is the build a child process does for TestKillDuringBuild;
// it does nothing in a normal run.
func TestChildBuild(t *testing.T) {
	spec := os.Getenv(childEnv)
	if spec == "" {
		t.Skip("run by TestKillDuringBuild")
	}
	out, v, _ := strings.Cut(spec, "|")
	build(t, out, childTree(v))
}

// TestKillDuringBuild kills child processes with SIGKILL at different
// moments of a build of 1,200 pages. After each, the output is the complete
// previous build or the complete new one, and a build afterwards succeeds and
// leaves nothing beside the output but the spare.
func TestKillDuringBuild(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		t.Skip("in the child")
	}
	if testing.Short() {
		t.Skip("builds 1,200 pages ten times")
	}
	out := filepath.Join(t.TempDir(), "public")
	run := func(v string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChildBuild$", "-test.count=1")
		cmd.Env = append(os.Environ(), childEnv+"="+out+"|"+v)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	start := time.Now()
	if err := run("v0").Wait(); err != nil {
		t.Fatalf("uninterrupted child: %v", err)
	}
	whole := time.Since(start) // only to spread the kills over a build
	trees := map[string]tree{"v0": childTree("v0")}
	prev := "v0"
	killed := 0
	for k := 1; k <= 8; k++ {
		v := fmt.Sprint("v", k)
		trees[v] = childTree(v)
		cmd := run(v)
		time.Sleep(whole * time.Duration(k) / 16)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killed++
		}
		got := contents(t, out)
		switch {
		case equal(got, trees[prev]):
		case equal(got, trees[v]):
			prev = v
		default:
			t.Fatalf("after killing build %s: the output is neither %s nor %s (%d files)", v, prev, v, len(got))
		}
	}
	if killed == 0 {
		t.Error("no child was killed before it finished")
	}
	final := childTree("final")
	build(t, out, final)
	if !equal(contents(t, out), final) {
		t.Error("the build after the kills is not complete")
	}
	if got := beside(t, out); !slices.Equal(got, []string{"public", "public.spare"}) {
		t.Errorf("beside the output: %v", got)
	}
	t.Logf("%d builds killed; a whole build took %v", killed, whole)
}
