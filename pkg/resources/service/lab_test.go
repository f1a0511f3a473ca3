package service

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/ecereconcile/ecereconcile/pkg/host/lab"
	"github.com/ecereconcile/ecereconcile/pkg/host/local"
	"github.com/ecereconcile/ecereconcile/pkg/resources"
)

func TestReadApplyReadPlanIsNoOp(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	restartAt := since.Add(time.Hour)
	if err := lab.WriteService(root, lab.ServiceFile{Name: "Apache Tomcat", Running: true, StartedAt: since}); err != nil {
		t.Fatal(err)
	}
	h := lab.New("ads-a", root, lab.WithClock(func() time.Time { return restartAt }))
	r := New(Config{Addr: addr, Subscribes: []resources.Addr{cacerts}, Host: h, Service: "Apache Tomcat"})

	st, err := r.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ch, err := r.Plan(resources.PlanInput{Current: st, Now: since}); err != nil || ch.Action != resources.NoOp {
		t.Fatalf("plan without triggers = %s, %v; want NoOp", ch.Action.Word(), err)
	}
	ch, err := r.Plan(resources.PlanInput{Current: st, Triggers: []resources.Trigger{{From: cacerts}}, Now: since})
	if err != nil || ch.Action != resources.Update {
		t.Fatalf("plan with a trigger = %s, %v; want Update", ch.Action.Word(), err)
	}
	applied, err := r.Apply(ctx, ch)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	sf, err := lab.ReadService(root, "Apache Tomcat")
	if err != nil {
		t.Fatal(err)
	}
	if sf.Restarts != 1 || !sf.Running || !sf.StartedAt.Equal(restartAt) {
		t.Errorf("service file after apply = %+v, want 1 restart at %v", sf, restartAt)
	}
	if applied.Attrs[AttrRunning].S != "true" {
		t.Errorf("state after apply = %v", applied.Attrs)
	}

	again, err := r.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if resources.FingerprintOf(again) != resources.FingerprintOf(st) {
		t.Errorf("a restart changed the fingerprint")
	}
	if ch, err := r.Plan(resources.PlanInput{Current: again, Now: restartAt}); err != nil || ch.Action != resources.NoOp {
		t.Errorf("plan after apply = %s, %v; want NoOp", ch.Action.Word(), err)
	}
}

func TestStoppedServiceIsStarted(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	if err := lab.WriteService(root, lab.ServiceFile{Name: "Apache Tomcat"}); err != nil {
		t.Fatal(err)
	}
	r := New(Config{Addr: addr, Host: lab.New("ads-a", root), Service: "Apache Tomcat"})
	st, err := r.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := r.Plan(resources.PlanInput{Current: st})
	if err != nil || ch.Action != resources.Update || ch.Reasons[0].Code != NotRunning {
		t.Fatalf("plan = %+v, %v; want Update NotRunning", ch, err)
	}
	if _, err := r.Apply(ctx, ch); err != nil {
		t.Fatal(err)
	}
	if sf, _ := lab.ReadService(root, "Apache Tomcat"); !sf.Running {
		t.Errorf("service not started: %+v", sf)
	}
}

func TestMissingService(t *testing.T) {
	ctx := context.Background()
	r := New(Config{Addr: addr, Host: lab.New("ads-a", t.TempDir()), Service: "Apache Tomcat"})
	st, err := r.Read(ctx)
	if err != nil || st.Exists {
		t.Fatalf("Read = %+v, %v; want Exists=false", st, err)
	}
	if _, err := r.Plan(resources.PlanInput{Current: st}); err == nil {
		t.Error("Plan succeeded for a missing service")
	}
}

func TestReadErrorFromTransport(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("this machine controls services")
	}
	r := New(Config{Addr: addr, Host: local.New("ads-a"), Service: "Apache Tomcat"})
	_, err := r.Read(context.Background())
	if !errors.Is(err, local.ErrServicesUnsupported) {
		t.Errorf("Read error = %v, want ErrServicesUnsupported", err)
	}
}

func TestDescribeAndSubscribes(t *testing.T) {
	r := New(Config{Addr: addr, Subscribes: []resources.Addr{cacerts}, Service: "Apache Tomcat"})
	if got, want := r.Describe(), `service "Apache Tomcat" on ads-a`; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
	if s := r.Subscribes(); len(s) != 1 || s[0] != cacerts {
		t.Errorf("Subscribes() = %v", s)
	}
}
