// Package scale holds the plan-time-per-resource benchmark (issue 7, item
// 7c): specs with 10, 100 and 1,000 PCCE ADS hosts (a truststore and an
// Apache Tomcat service each, so 20 to 2,000 resources) on lab hosts
// without latency, planned in-process: spec load, resources, graph, every
// read and plan. It reports ns/resource (wall), cpu-ns/resource (user and
// system CPU of the process, less sensitive to a shared machine; 0 where
// getrusage is missing), allocs/resource and B/resource (runtime.MemStats
// around the loop: machine-independent), which stay flat (or fall) when the
// work grows if planning is linear or better.
//
//	go test -run '^$' -bench PlanPerResource -benchtime 5x ./bench/scale/
//
// It has benchmarks only: `go test ./...` builds it and runs nothing.
package scale
