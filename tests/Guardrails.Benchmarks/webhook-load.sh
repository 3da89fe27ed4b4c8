#!/usr/bin/env bash
# Load benchmark of the webhook (not a timed test): HTTPS keep-alive on loopback, the full policy pack (policies/), a
# realistic 10 KB Deployment review (review-10kb.json, allowed; review-10kb-denied.json, denied; make-review.py writes
# both from the benchmark Deployments).
#
#   1. publishes the server, tests/Guardrails.BenchServer (the public webhook library composed as `guardrails serve
#      --no-cluster --self-signed` composes it, published as the CLI is: Native AOT by default, the same start-up
#      settings), and builds tests/Guardrails.LoadGen;
#   2. starts it: besides /validate, POST /baseline reads the body over the same TLS and answers a fixed review
#      without parsing or judging, the transport limit (only this server has it, never `guardrails serve`);
#   3. warms up, then measures the highest throughput with wrk (closed loop, keep-alive) on /baseline and on /validate;
#   4. measures latency at a fixed rate (default 1,000 reviews/s for 30 s) on /validate with guardrails-loadgen, an
#      open-loop generator that times every request from its due time (no coordinated omission), exact percentiles;
#   5. samples the server's memory (VmRSS every 0.2 s, VmHWM at the end) and CPU time per phase;
#   6. prints a summary against the targets and stops the server.
# The decision log line (one JSON line per review at Information, as in production) is on and goes to a file. With
# LOG_OFF=1 a second server run repeats the throughput and latency measurements with Logging__LogLevel__Default=Warning
# (the web host reads it from the environment; it silences the decision line) to show what the log costs.
#
# Targets (issue 14; 2 cores, load generator included): /validate reaches at least 75% of the throughput of
# /baseline?read=document (the same body parsed into the JsonDocument /validate builds, not judged; FLOORS=1 measures
# it); p99 at most 5 ms at 1,000 reviews/s; server memory under 150 MB.
#
# Usage: tests/Guardrails.Benchmarks/webhook-load.sh
# Environment:
#   MODE           aot (default, Native AOT as shipped) or jit (framework-dependent Release), how the server is published
#   SERVERS        "NAME=BIN NAME=BIN ...": interleaved A/B of already published servers instead of the run above. In each of
#                  ROUNDS rounds (default 3; the order reverses every other round) each server is started, warmed up,
#                  measured on /baseline?read=document and /validate (allowed) with wrk (their order also reverses every
#                  other round), and stopped; prints each round,
#                  then per server the median throughput, server CPU per review and /validate against its own floor,
#                  and each server's /validate against the first one's in the same round (paired)
#   SERVER         an already published guardrails-bench-server binary to measure instead (nothing is published then;
#                  say its MODE)
#   DURATION       seconds of each wrk run (default 20); WARMUP seconds of wrk warm-up per endpoint (default 10)
#   CONNECTIONS    wrk connections, space-separated to sweep (default "32"); THREADS wrk threads (default 1)
#   RATE           fixed rate in reviews/s (default 1000); RATE_SECONDS measured seconds at that rate (default 30)
#   RATE_CONNECTIONS  loadgen keep-alive connections (default 16)
#   DENIED         1 (default) also measures the denied review; 0 skips it
#   LOG_OFF        1 also measures with the decision log off (default 0)
#   FLOORS         1 also measures /baseline?read=tokens (the body copied and read token by token with System.Text.Json's
#                  reader, nothing kept) and /baseline?read=document (parsed into a JsonDocument, as /validate does):
#                  the floors under any design built on that reader or that document (default 0)
#   KEEP_LOGS      1 keeps the whole server log (about 1 KB per review); by default only its first MB stays
#   PORT           server port (default 8443); BENCH_DIR work folder (default /tmp/guardrails-webhook-load)
# Installs what it needs from Debian (wrk, curl, time, a C toolchain for the AOT linker) when missing.
# The machine may have only 2 cores shared with other work: before each measurement the script waits (up to MAX_WAIT
# seconds, default 1800) while another benchmark (check-corpus.sh, hyperfine) runs or other processes keep more than a
# fifth of a core busy, and beside each figure it prints the CPU the server, the generator and the rest of the machine
# used (the rest includes the kernel's loopback network work that is not charged to either process, a few % at full load).
set -euo pipefail
trap 'echo "webhook-load.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench="${BENCH_DIR:-/tmp/guardrails-webhook-load}"
mode="${MODE:-aot}"
duration="${DURATION:-20}"
warmup="${WARMUP:-10}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-1}"
rate="${RATE:-1000}"
rate_seconds="${RATE_SECONDS:-30}"
rate_connections="${RATE_CONNECTIONS:-16}"
denied="${DENIED:-1}"
log_off="${LOG_OFF:-0}"
floors="${FLOORS:-0}"
port="${PORT:-8443}"
allowed_body="$here/review-10kb.json"
denied_body="$here/review-10kb-denied.json"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# shellcheck source=apt-install.sh
source "$here/apt-install.sh"

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ -x /usr/bin/time ] || missing+=(time)
if [ "$mode" = aot ] && ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
  missing+=(clang)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing from Debian: ${missing[*]}"
  apt_install "${missing[@]}"
fi

case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) echo "unsupported machine $(uname -m)" >&2; exit 2 ;;
esac

mkdir -p "$bench"
bench="$(cd "$bench" && pwd)"
out="$bench/publish/$mode"
loadgen_out="$bench/publish/loadgen"

# ---- publish (the same command as check-corpus.sh), build artifacts outside the work tree
if [ -n "${SERVERS:-}" ]; then
  echo "== A/B of the server binaries $SERVERS (not published here) and publishing the load generator"
  server_bin=""
elif [ -n "${SERVER:-}" ]; then
  echo "== using the server binary $SERVER (not published here) and publishing the load generator"
  server_bin="$(realpath "$SERVER")"
else
  echo "== publishing the server ($mode, tests/Guardrails.BenchServer) and the load generator"
  rm -rf "$out"
  common=(publish "$repo/tests/Guardrails.BenchServer" -c Release -r "$rid" -o "$out" --artifacts-path "$bench/artifacts/$mode" -nologo)
  case "$mode" in
    aot) dotnet "${common[@]}" -p:PublishAot=true >"$bench/publish-$mode.log" 2>&1 || { cat "$bench/publish-$mode.log"; exit 1; } ;;
    jit) dotnet "${common[@]}" --self-contained false >"$bench/publish-$mode.log" 2>&1 || { cat "$bench/publish-$mode.log"; exit 1; } ;;
    *) echo "unknown MODE $mode (aot, jit)" >&2; exit 2 ;;
  esac
  if grep -E ': warning [A-Z]+[0-9]+' "$bench/publish-$mode.log" | sort -u | grep .; then
    echo "  (the publish above warned)"
  fi
  server_bin="$out/guardrails-bench-server"
fi
rm -rf "$loadgen_out"
dotnet publish "$repo/tests/Guardrails.LoadGen" -c Release -o "$loadgen_out" --artifacts-path "$bench/artifacts/loadgen" -nologo \
  >"$bench/publish-loadgen.log" 2>&1 || { cat "$bench/publish-loadgen.log"; exit 1; }
loadgen=(dotnet "$loadgen_out/guardrails-loadgen.dll")

cat >"$bench/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = assert(io.open(os.getenv("WRK_BODY"), "rb"))
wrk.body = file:read("*a")
file:close()
LUA

# ---- helpers
hz="$(getconf CLK_TCK)"
# CPU seconds (user + system, all cores) the whole machine has been busy so far.
machine_cpu() { awk -v hz="$hz" '/^cpu / {printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz}' /proc/stat; }
# Server CPU seconds (user + system) so far.
server_cpu() { awk -v hz="$hz" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$server_pid/stat"; }
pct() { awk -v cpu="$1" -v s="$2" 'BEGIN {printf "%.0f", cpu * 100 / s}'; }

# Before each measurement: wait while another benchmark runs (check-corpus.sh, hyperfine) or the rest of the machine
# (not our idle server) keeps more than a fifth of a core busy, for up to MAX_WAIT seconds (default 1800).
wait_quiet() {
  local waited=0 limit="${MAX_WAIT:-1800}" m0 s0 other
  # The throughput runs leave hundreds of MB of decision log in the page cache: written back now, not by the kernel
  # during the next measurement.
  sync
  while true; do
    m0="$(machine_cpu)"; s0="$(server_cpu)"
    sleep 2
    other="$(awk -v m0="$m0" -v m1="$(machine_cpu)" -v s0="$s0" -v s1="$(server_cpu)" 'BEGIN {printf "%.0f", (m1 - m0 - (s1 - s0)) * 100 / 2}')"
    if [ "$other" -le 20 ] && ! pgrep -f 'check-corpus|hyperfine' >/dev/null 2>&1; then break; fi
    if [ "$waited" -ge "$limit" ]; then echo "  (the machine is still busy after ${limit} s: measuring anyway)"; break; fi
    if [ "$waited" -eq 0 ]; then echo "  (waiting: other processes use ${other}% of a core, or check-corpus/hyperfine runs)"; fi
    sleep 8
    waited=$((waited + 10))
  done
  quiet_waited="$waited"
}

# Runs a load generator (the command line after the key) and accounts the CPU of the server, of the generator
# and of everything else on the machine during it: sets gen_out (its output file) and cpu_note.
measured() {
  local m0 s0 m1 s1 t0 t1 elapsed gen_cpu
  gen_out="$(mktemp)"
  m0="$(machine_cpu)"; s0="$(server_cpu)"; t0="$(date +%s.%N)"
  /usr/bin/time -f '%U %S' -o "$gen_out.time" "$@" >"$gen_out" 2>&1 || true
  m1="$(machine_cpu)"; s1="$(server_cpu)"; t1="$(date +%s.%N)"
  elapsed="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')"
  gen_cpu="$(awk '{print $1 + $2}' "$gen_out.time")"
  server_cpu_used="$(awk -v a="$s0" -v b="$s1" 'BEGIN {print b - a}')"
  cpu_note="CPU (of one core): server $(pct "$server_cpu_used" "$elapsed")%, generator $(pct "$gen_cpu" "$elapsed")%, rest of the machine $(pct "$(awk -v m="$(awk -v a="$m0" -v b="$m1" 'BEGIN {print b - a}')" -v s="$server_cpu_used" -v g="$gen_cpu" 'BEGIN {o = m - s - g; print (o < 0 ? 0 : o)}')" "$elapsed")%$(if [ "$quiet_waited" -gt 0 ]; then echo ", after waiting ${quiet_waited} s for a quiet machine"; fi)"
  rm -f "$gen_out.time"
}

server_pid=""
sampler_pid=""
stop_server() {
  if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=""; fi
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

# Starts the server as the issue describes it; extra environment (e.g. the log level) as arguments.
start_server() {
  local label="$1"; shift
  local tls="$bench/tls-$label"
  rm -rf "$tls"
  # The web host watches its working directory (the content root) for appsettings files: run it where nothing changes.
  (cd "$(dirname "$server_bin")" && exec env "$@" "$server_bin" --policies "$repo/policies" --self-signed-out "$tls" --namespace-labels payments-prod=env=prod \
    --log-format json --drain-seconds 0 --address 127.0.0.1 --port "$port") >"$bench/server-$label.log" 2>&1 &
  server_pid=$!
  ca="$tls/ca.crt"
  for _ in $(seq 1 100); do
    if [ -f "$ca" ] && curl -sf --cacert "$ca" "https://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
    sleep 0.1
  done
  curl -sf --cacert "$ca" "https://127.0.0.1:$port/readyz" >/dev/null || { echo "the server did not become ready" >&2; cat "$bench/server-$label.log" >&2; exit 1; }
  # The reviews must be judged as intended: the compliant one allowed, the other denied.
  curl -sf --cacert "$ca" -H 'Content-Type: application/json' --data-binary @"$allowed_body" "https://127.0.0.1:$port/validate" | grep -q '"allowed":true' \
    || { echo "review-10kb.json is not allowed" >&2; exit 1; }
  curl -sf --cacert "$ca" -H 'Content-Type: application/json' --data-binary @"$denied_body" "https://127.0.0.1:$port/validate" | grep -q '"allowed":false' \
    || { echo "review-10kb-denied.json is not denied" >&2; exit 1; }
  echo "  server pid $server_pid ($label), idle RSS $(rss_mib VmRSS) MiB"
  # Sample VmRSS every second for the peak as seen from outside (VmHWM is the kernel's own peak). Bash builtins only:
  # a fork per sample costs more CPU than one might think on a small VM and would be counted as other load.
  (
    peak=0
    exec {never}<> <(:)
    while [ -r "/proc/$server_pid/status" ]; do
      while read -r key value _; do
        if [ "$key" = VmRSS: ] && [ "$value" -gt "$peak" ]; then peak="$value"; echo "$peak" >"$bench/rss-peak-$label"; fi
      done <"/proc/$server_pid/status"
      read -rt 1 -u "$never" _ || true
    done
  ) &
  sampler_pid=$!
}

rss_mib() { awk -v key="$1:" '$1 == key {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status"; }

declare -A figures
quiet_waited=0
# wrk against one endpoint: prints requests/s and records it as figures[KEY].
run_wrk() {
  local key="$1" path="$2" body="$3" conns="$4" seconds="$5" quiet="${6:-}"
  local requests rps errors
  wait_quiet
  measured env WRK_BODY="$body" wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency -s "$bench/post.lua" "https://127.0.0.1:$port$path"
  if [ -n "$quiet" ]; then rm -f "$gen_out"; return; fi
  rps="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$gen_out")"
  requests="$(awk '/requests in/ {print $1}' "$gen_out")"
  errors="$(awk '/Non-2xx|Socket errors/ {print}' "$gen_out" | tr '\n' ' ')"
  figures["$key"]="$rps"
  last_cpu_per_review="$(awk -v c="$server_cpu_used" -v n="$requests" 'BEGIN {printf "%.0f", c * 1e6 / n}')"
  printf '  %-30s %6s /s (-c%s %s s; wrk latency p50 %s p99 %s; server %s µs CPU/review%s; %s)\n' "$key" "$rps" "$conns" "$seconds" \
    "$(awk '$1 == "50%" {print $2}' "$gen_out")" "$(awk '$1 == "99%" {print $2}' "$gen_out")" \
    "$last_cpu_per_review" "${errors:+; $errors}" "$cpu_note"
  rm -f "$gen_out"
}

# guardrails-loadgen at the fixed rate: prints and records the percentiles as figures[KEY p50] etc.
run_rate() {
  local key="$1" path="$2" body="$3" json line
  wait_quiet
  json="$bench/rate-${key// /_}.json"
  rm -f "$json"
  measured "${loadgen[@]}" --url "https://127.0.0.1:$port$path" --body "$body" --ca "$ca" --rate "$rate" --duration "$rate_seconds" \
    --warmup 5 --connections "$rate_connections" --json "$json"
  if [ ! -f "$json" ]; then cat "$gen_out"; echo "the load generator failed" >&2; exit 1; fi
  line="$(python3 - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); l = r["latencyMs"]; s = r["serviceMs"]; g = r["lagMs"]
print(f'{l["p50"]:.2f} {l["p90"]:.2f} {l["p99"]:.2f} {l["p99.9"]:.2f} {l["max"]:.2f} {r["errors"]} {r["allowed"]} {r["denied"]} {s["p99"]:.2f} {g["p99"]:.2f} {r["requests"]}')
PY
)"
  read -r p50 p90 p99 p999 max errors allowed_n denied_n service99 lag99 requests <<<"$line"
  figures["$key p50"]="$p50"; figures["$key p99"]="$p99"; figures["$key p99.9"]="$p999"; figures["$key max"]="$max"
  printf '  %-30s p50 %s, p90 %s, p99 %s, p99.9 %s, max %s ms (%s reviews over %s connections: %s errors, %s allowed, %s denied; p99 service time %s ms, p99 send lag %s ms; %s)\n' \
    "$key" "$p50" "$p90" "$p99" "$p999" "$max" "$requests" "$rate_connections" "$errors" "$allowed_n" "$denied_n" "$service99" "$lag99" "$cpu_note"
  if [ "$errors" != 0 ]; then grep -m3 '  error x' "$gen_out" || true; fi
  rm -f "$gen_out"
}

measure() {
  local label="$1"; shift
  echo "== server: $label"
  start_server "$label" "$@"
  echo "-- warm-up (wrk, ${warmup} s per endpoint)"
  run_wrk "warm-up" /baseline "$allowed_body" 32 "$warmup" quiet
  if [ "$floors" = 1 ]; then run_wrk "warm-up" "/baseline?read=document" "$allowed_body" 32 "$((warmup / 2))" quiet; fi
  run_wrk "warm-up" /validate "$allowed_body" 32 "$warmup" quiet
  run_wrk "warm-up" /validate "$denied_body" 32 "$((warmup / 2))" quiet
  echo "-- highest throughput (wrk -t$threads, keep-alive, ${duration} s)"
  for c in $connections; do
    run_wrk "$label baseline c$c" /baseline "$allowed_body" "$c" "$duration"
    if [ "$floors" = 1 ]; then
      run_wrk "$label read tokens c$c" "/baseline?read=tokens" "$allowed_body" "$c" "$duration"
      run_wrk "$label read document c$c" "/baseline?read=document" "$allowed_body" "$c" "$duration"
    fi
    run_wrk "$label validate allowed c$c" /validate "$allowed_body" "$c" "$duration"
    if [ "$denied" = 1 ]; then run_wrk "$label validate denied c$c" /validate "$denied_body" "$c" "$duration"; fi
  done
  echo "-- fixed rate ($rate reviews/s, ${rate_seconds} s after 5 s at the same rate)"
  run_rate "$label validate allowed" /validate "$allowed_body"
  if [ "$denied" = 1 ]; then run_rate "$label validate denied" /validate "$denied_body"; fi
  run_rate "$label baseline" /baseline "$allowed_body"
  figures["$label hwm"]="$(rss_mib VmHWM)"
  figures["$label sampled"]="$(awk '{printf "%.0f", $1 / 1024}' "$bench/rss-peak-$label" 2>/dev/null || echo "?")"
  echo "-- memory: peak RSS ${figures["$label hwm"]} MiB (VmHWM), ${figures["$label sampled"]} MiB sampled; now $(rss_mib VmRSS) MiB"
  echo "-- decision log: $(grep -c '"EventId":1,"LogLevel":"Information","Category":"Guardrails.Webhook.Hosting.AdmissionHandler"' "$bench/server-$label.log" || true) lines, $(du -h "$bench/server-$label.log" | cut -f1)"
  stop_server
  # The log is about 1 KB per review, so hundreds of MB after the throughput runs: only its head is kept.
  if [ "${KEEP_LOGS:-0}" != 1 ]; then
    head -c 1000000 "$bench/server-$label.log" >"$bench/server-$label.head.log"
    rm -f "$bench/server-$label.log"
  fi
}

machine_line() { echo "== $(lscpu | awk -F': +' '/^Model name/ {print $2}'), $(nproc) cores; $1; body $(wc -c <"$allowed_body") bytes (allowed), $(wc -c <"$denied_body") bytes (denied)"; }

# One round of the A/B for one server: its floor and /validate, recorded as figures[NAME rROUND document|validate].
measure_ab_round() {
  local name="$1" round="$2" label="$1-r$2"
  start_server "$label"
  run_wrk "warm-up" "/baseline?read=document" "$allowed_body" 32 "$((warmup / 2))" quiet
  run_wrk "warm-up" /validate "$allowed_body" 32 "$warmup" quiet
  local endpoint path endpoints=(document validate)
  # The floor and /validate swap places every other round, as the servers do, so that a drifting machine favours neither.
  if [ $((round % 2)) = 0 ]; then endpoints=(validate document); fi
  for c in $connections; do
    for endpoint in "${endpoints[@]}"; do
      if [ "$endpoint" = document ]; then path="/baseline?read=document"; else path=/validate; fi
      run_wrk "$name r$round $endpoint c$c" "$path" "$allowed_body" "$c" "$duration"
      figures["$name r$round $endpoint c$c cpu"]="$last_cpu_per_review"
    done
  done
  stop_server
  rm -f "$bench/server-$label.log"
}

if [ -n "${SERVERS:-}" ]; then
  read -ra pairs <<<"$SERVERS"
  names=()
  declare -A bins
  for pair in "${pairs[@]}"; do
    names+=("${pair%%=*}")
    bins["${pair%%=*}"]="$(realpath "${pair#*=}")"
  done
  rounds="${ROUNDS:-3}"
  machine_line "${#names[@]} servers ($mode), $rounds interleaved rounds"
  for round in $(seq 1 "$rounds"); do
    order=("${names[@]}")
    if [ $((round % 2)) = 0 ]; then mapfile -t order < <(printf '%s\n' "${names[@]}" | tac); fi
    echo "-- round $round: ${order[*]}"
    for name in "${order[@]}"; do
      server_bin="${bins[$name]}"
      measure_ab_round "$name" "$round"
    done
  done
  echo "== summary (medians of $rounds rounds; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
  for c in $connections; do
    for name in "${names[@]}"; do
      for round in $(seq 1 "$rounds"); do
        echo "$c $name $round ${figures["$name r$round document c$c"]} ${figures["$name r$round validate c$c"]} ${figures["$name r$round document c$c cpu"]} ${figures["$name r$round validate c$c cpu"]}"
      done
    done
  done >"$bench/ab.txt"
  python3 - "$bench/ab.txt" <<'PY'
import sys, statistics as st, collections
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    c, name, r, doc, val, doc_cpu, val_cpu = line.split()
    rows[(c, name)][int(r)] = (float(doc), float(val), float(doc_cpu), float(val_cpu))
names = list(dict.fromkeys(name for _, name in rows))
for c in dict.fromkeys(c for c, _ in rows):
    first = rows[(c, names[0])]
    for name in names:
        runs = rows[(c, name)]
        med = lambda i: st.median(v[i] for v in runs.values())
        ratio = st.median(v[1] / v[0] for v in runs.values())
        verdict = "met" if ratio >= 0.75 else "MISSED"
        each = ", ".join(f"{v[1] / v[0]:.0%}" for v in runs.values())
        line = (f"  {name:<10} -c{c:<4} validate {med(1):7.0f}/s ({med(3):.0f} us CPU/review), read document {med(0):7.0f}/s ({med(2):.0f} us); "
                f"validate = {ratio:.0%} of its floor (>= 75%: {verdict}; rounds: {each})")
        if name != names[0]:
            paired = [runs[r][1] / first[r][1] for r in runs if r in first]
            line += f"; validate against {names[0]} in the same round: {st.median(paired):.3f} ({', '.join(f'{p:.3f}' for p in paired)})"
        print(line)
PY
  exit 0
fi

machine_line "$mode server $(du -h "$server_bin" | cut -f1)"
measure "log-on"
if [ "$log_off" = 1 ]; then measure "log-off" Logging__LogLevel__Default=Warning; fi

echo "== summary ($mode, $(nproc) cores, load generator on the same cores; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
for label in log-on $([ "$log_off" = 1 ] && echo log-off); do
  for c in $connections; do
    python3 - "$label" "$c" "${figures["$label baseline c$c"]}" "${figures["$label validate allowed c$c"]}" "${figures["$label validate denied c$c"]:-0}" \
      "${figures["$label read tokens c$c"]:-0}" "${figures["$label read document c$c"]:-0}" <<'PY'
import sys
label, c, base, allowed, denied = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
tokens, document = float(sys.argv[6]), float(sys.argv[7])
verdict = lambda ok: "met" if ok else "MISSED"
line = f"  {label:<8} -c{c:<4} baseline {base:8.0f}/s  validate allowed {allowed:8.0f}/s = {allowed / base:4.0%} of baseline"
if document:
    line += f", {allowed / document:.0%} of read document (>= 75%: {verdict(allowed >= 0.75 * document)})"
else:
    line += " (the target, >= 75% of read document, needs FLOORS=1)"
if denied:
    line += f"; denied {denied:.0f}/s = {denied / base:.0%}"
if tokens:
    line += f"; floors: read tokens {tokens:.0f}/s = {tokens / base:.0%}, read document {document:.0f}/s = {document / base:.0%}"
print(line)
PY
  done
  python3 - "$label" "$rate" "${figures["$label validate allowed p50"]}" "${figures["$label validate allowed p99"]}" "${figures["$label validate allowed p99.9"]}" \
    "${figures["$label validate denied p99"]:-}" "${figures["$label hwm"]}" <<'PY'
import sys
label, rate, p50, p99, p999, denied99, hwm = sys.argv[1:]
verdict = lambda ok: "met" if ok else "MISSED"
print(f"  {label:<8} at {rate}/s: allowed p50 {p50} ms, p99 {p99} ms (< 5 ms: {verdict(float(p99) < 5)}), p99.9 {p999} ms"
      + (f"; denied p99 {denied99} ms" if denied99 else "")
      + f"; peak RSS {hwm} MiB (< 150 MB = 143 MiB: {verdict(float(hwm) * 1048576 < 150e6)})")
PY
done
