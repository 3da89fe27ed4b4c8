#!/usr/bin/env bash
# `guardrails audit` over a real kube-apiserver holding N Deployments (not a timed test): wall time and peak RSS of one
# audit of every namespace, as shipped (Native AOT, build/publish.sh), against the issue's target (10,000 Deployments
# within 30 s and under 300 MB on 2 cores; docs/performance.md).
#
#   1. starts etcd and kube-apiserver v1.32 from KUBEBUILDER_ASSETS on free loopback ports, in a folder of its own;
#   2. creates gen-corpus.py's N Deployments (20 namespaces, a third breaking a guardrail), with `kubectl create` of
#      100-object files, four at a time; the webhook is not registered, so they are stored as written;
#   3. runs `guardrails audit` RUNS times (text report to a file), each under a wrapper that reads its wall time and
#      peak RSS (getrusage of the child), and prints each run with the load average, then the median.
#
# Usage: KUBEBUILDER_ASSETS=DIR tests/Guardrails.Benchmarks/audit-cluster.sh [N] [RUNS]   (default 10000 3)
#   GUARDRAILS=path   the binary to time (default: build/publish.sh's Native AOT binary, published here)
#   KEEP=1            keep the work folder (logs, reports) after a successful run
# Stops exactly the processes it started (by pid) on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
n="${1:-10000}"
runs="${2:-3}"
trap 'echo "audit-cluster.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

assets="${KUBEBUILDER_ASSETS:-}"
if [ -z "$assets" ] || [ ! -x "$assets/kube-apiserver" ]; then
  echo "audit-cluster.sh: needs KUBEBUILDER_ASSETS, a folder holding kube-apiserver v1.32 and etcd (see docs/performance.md, How to run)" >&2
  exit 2
fi
apiserver_bin="$assets/kube-apiserver"
if [ -x "$assets/etcd" ]; then etcd_bin="$assets/etcd"; else etcd_bin="$(command -v etcd || true)"; fi
[ -n "$etcd_bin" ] || { echo "audit-cluster.sh: no etcd in $assets or on PATH (Debian: apt-get install etcd-server)" >&2; exit 2; }
for tool in kubectl openssl curl python3; do
  command -v "$tool" >/dev/null || { echo "audit-cluster.sh: needs $tool" >&2; exit 2; }
done

work="${BENCH_DIR:-$(mktemp -d /tmp/guardrails-audit-bench.XXXXXX)}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
pids=()
status=2
cleanup() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  if [ "$status" = 0 ] && [ "${KEEP:-0}" != 1 ]; then rm -rf "$work"; else echo "  (logs and reports: $work)"; fi
}
trap 'cleanup' EXIT
started() { pids+=("$1"); }
alive_or_die() { kill -0 "$1" 2>/dev/null || { echo "$2 exited; last lines of $3:" >&2; tail -20 "$3" >&2; exit 2; }; }

if [ -n "${GUARDRAILS:-}" ]; then
  bin="$(realpath "$GUARDRAILS")"
else
  echo "== publishing guardrails (build/publish.sh, Native AOT)"
  "$repo/build/publish.sh" "$work/publish" >"$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 2; }
  bin="$work/publish/guardrails"
fi

# shellcheck source=test-apiserver.sh
. "$here/test-apiserver.sh"
read -r apiserver_port etcd_port etcd_peer_port < <(test_apiserver_free_ports 3)

test_apiserver_pki audit-bench
test_apiserver_kubeconfig bench "$apiserver_port"
export KUBECONFIG="$kubeconfig"

mem_kib="$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
echo "== $(awk -F': ' '/^model name/ {m = $2} END {print m}' /proc/cpuinfo), $(nproc) cores, $((mem_kib / 1024 / 1024)) GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"

test_apiserver_start_etcd bench "$etcd_port" "$etcd_peer_port" --quota-backend-bytes 4294967296
test_apiserver_start bench "$apiserver_port" "$etcd_port" 240 --max-requests-inflight=800 --max-mutating-requests-inflight=400

echo "== creating $n Deployments (gen-corpus.py) in 20 namespaces"
files=$(( (n + 99) / 100 ))
python3 "$here/gen-corpus.py" "$work/corpus" "$n" "$files"
for i in $(seq 0 19); do kubectl create namespace "team-$i" >/dev/null; done
kubectl label namespace team-0 team-1 team-2 team-3 env=prod team=payments >/dev/null
created_at=$(date +%s.%N)
find "$work/corpus" -name '*.yaml' -print0 | xargs -0 -n 1 -P 4 kubectl create -f >/dev/null
stored=$(kubectl get deployments -A --no-headers --chunk-size=1000 | wc -l)
echo "   $stored stored in $(python3 -c "print(round($(date +%s.%N) - $created_at, 1))") s"
[ "$stored" = "$n" ] || { echo "audit-cluster.sh: expected $n Deployments, found $stored" >&2; exit 2; }

echo "== $(basename "$bin") audit, all namespaces, $runs runs"
for r in $(seq 1 "$runs"); do
  python3 - "$bin" "$work/report-$r.txt" <<'PY'
import os, resource, subprocess, sys, time
binary, report = sys.argv[1], sys.argv[2]
load = open("/proc/loadavg").read().split()[0]
start = time.monotonic()
code = subprocess.run([binary, "audit", "--format", "text", "--output", report], stdout=subprocess.DEVNULL).returncode
wall = time.monotonic() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"   run: {wall:.2f} s, peak RSS {rss:.0f} MB, exit {code}, load average {load}")
sys.exit(0 if code in (0, 1) else 2)
PY
done
tail -1 "$work/report-1.txt" | sed 's/^/   /'
status=0
