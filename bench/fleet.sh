#!/usr/bin/env bash
# A generated fleet of N lab environments (N = 1, 10, 100 by default; 10
# hosts each, so up to 1,000 hosts) with 50 ms injected into every lab
# backend call: wall time against the critical path, CPU and peak memory,
# for a plan (fleet drift check) and a full apply (fleet rollout), with the
# fleet in one process and in one process per environment. Prints a
# Markdown table. See bench/fleet/doc.go for what is measured and how.
#
#   bash bench/fleet.sh [N...]            (default: 1 10 100)
#   LATENCY=20ms OPS="plan" MODES="1" bash bench/fleet.sh 1 10
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1 10 100}")
read -r -a sizes <<<"${sizes[*]}"
latency=${LATENCY:-50ms}
ops=${OPS:-plan apply}
modes=${MODES:-1 N}   # 1: the fleet in one process; N: one process per environment

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/fleet" ./bench/fleet

echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3), $(date -u +%Y-%m-%d), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo
echo "| N | hosts | resources | op | mode | wall | critical path | wall/critical | CPU (planner) | peak RSS | Go heap peak | failed resources |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for op in $ops; do
  for n in "${sizes[@]}"; do
    for mode in $modes; do
      procs=()
      if [ "$mode" = N ]; then
        [ "$n" = 1 ] && continue   # the same as one process
        procs=(-procs)
      fi
      # The calls of each resource are counted once per op (calibration
      # runs at latency 0 and 1s) and reused for every N and mode.
      "$work/fleet" -n "$n" -op "$op" -latency "$latency" -calls-file "$work/calls-$op.json" -md "${procs[@]}"
    done
  done
done
