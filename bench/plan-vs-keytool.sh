#!/usr/bin/env bash
# One `ecereconcile plan` of the whole lab against one `keytool -list` of a
# single cacerts, in the same script on the same machine. The lab is served
# (`ecereconcile lab serve`: its PCCE simulator and Active Directory answer
# the PCCE and partition SSO resources) while the plans run. Prints the
# mean wall time of each over N runs and their ratio.
#
#   bash bench/plan-vs-keytool.sh [N]     (default N=10)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}
command -v keytool >/dev/null || { echo "keytool not found" >&2; exit 1; }

work=$(mktemp -d)
serve_pid=
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/ecereconcile" ./cmd/ecereconcile
"$work/ecereconcile" lab init --dir "$work/lab" >/dev/null
spec="$work/lab/spec.yaml"
cacerts="$work/lab/hosts/ads-a/C/Program Files (x86)/OpenJDK/jre-8.0.272.10-hotspot/lib/security/cacerts"

"$work/ecereconcile" lab serve --dir "$work/lab" >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 300); do [ -f "$work/lab/ready" ] && break; sleep 0.1; done
[ -f "$work/lab/ready" ] || { echo "lab serve did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }

# What one plan covers (the plan must succeed: exit 2 = changes to make).
set +e
"$work/ecereconcile" plan -f "$spec" --detailed-exitcode >"$work/plan.txt"
code=$?
set -e
[ "$code" = 2 ] || { echo "plan exited $code:" >&2; cat "$work/plan.txt" >&2; exit 1; }
hosts=$(grep -c '^  - name:' "$spec")
resources=$("$work/ecereconcile" graph -f "$spec" | grep -c '^	"[^"]*";$')
entries=$(keytool -list -keystore "$cacerts" -storepass changeit | grep -c 'trustedCertEntry')

# Warm up both (page cache, JIT class data sharing).
"$work/ecereconcile" plan -f "$spec" >/dev/null || true
keytool -list -keystore "$cacerts" -storepass changeit >/dev/null

ns() { date +%s%N; }
t0=$(ns)
for _ in $(seq "$n"); do "$work/ecereconcile" plan -f "$spec" >/dev/null || true; done
t1=$(ns)
for _ in $(seq "$n"); do keytool -list -keystore "$cacerts" -storepass changeit >/dev/null; done
t2=$(ns)

plan_ms=$(( (t1 - t0) / n / 1000000 ))
kt_ms=$(( (t2 - t1) / n / 1000000 ))
echo "runs:                         $n"
echo "plan covers:                  $hosts hosts, $resources resources (PCCE and the directory served by lab serve)"
echo "keytool -list covers:         one cacerts of $entries entries"
echo "ecereconcile plan (whole lab): ${plan_ms} ms"
echo "keytool -list (one cacerts):   ${kt_ms} ms"
awk -v p="$plan_ms" -v k="$kt_ms" 'BEGIN { if (k > 0) printf "ratio plan/keytool:            %.2f\n", p / k }'
