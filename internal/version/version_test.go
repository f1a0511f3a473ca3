package version

import (
	"strings"
	"testing"
)

func TestForPlanFileIdentifiesDevelopmentBuilds(t *testing.T) {
	v := ForPlanFile()
	if !strings.HasPrefix(v, String()) {
		t.Fatalf("ForPlanFile %q does not start with String %q", v, String())
	}
	if strings.HasPrefix(String(), "devel") && !strings.Contains(v, "+exe.") {
		t.Errorf("a development build's plan version %q does not name its executable", v)
	}
	if ForPlanFile() != v {
		t.Error("ForPlanFile is not stable within a process")
	}
}
