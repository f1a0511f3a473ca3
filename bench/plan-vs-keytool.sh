#!/usr/bin/env bash
# One `ecereconcile plan` of the whole lab (7 hosts, 8 resources: 4 keystores
# decoded, 2 spog_config.js parsed, 2 services) against one `keytool -list`
# of a single cacerts, in the same script on the same machine. Prints the
# mean wall time of each over N runs and their ratio.
#
#   bash bench/plan-vs-keytool.sh [N]     (default N=10)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}
command -v keytool >/dev/null || { echo "keytool not found" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/ecereconcile" ./cmd/ecereconcile
"$work/ecereconcile" lab init --dir "$work/lab" >/dev/null
spec="$work/lab/spec.yaml"
cacerts="$work/lab/hosts/ads-a/C/Program Files (x86)/OpenJDK/jre-8.0.272.10-hotspot/lib/security/cacerts"

# Warm up both (page cache, JIT class data sharing).
"$work/ecereconcile" plan -f "$spec" >/dev/null
keytool -list -keystore "$cacerts" -storepass changeit >/dev/null

ns() { date +%s%N; }
t0=$(ns)
for _ in $(seq "$n"); do "$work/ecereconcile" plan -f "$spec" >/dev/null; done
t1=$(ns)
for _ in $(seq "$n"); do keytool -list -keystore "$cacerts" -storepass changeit >/dev/null; done
t2=$(ns)

plan_ms=$(( (t1 - t0) / n / 1000000 ))
kt_ms=$(( (t2 - t1) / n / 1000000 ))
echo "runs:                         $n"
echo "ecereconcile plan (whole lab): ${plan_ms} ms"
echo "keytool -list (one cacerts):   ${kt_ms} ms"
awk -v p="$plan_ms" -v k="$kt_ms" 'BEGIN { if (k > 0) printf "ratio plan/keytool:            %.2f\n", p / k }'
