#!/usr/bin/env bash
# Reliability run of `guardrails serve` as shipped (the Native AOT binary of build/publish.sh), over HTTPS on loopback.
# Not a benchmark of speed: it checks that the webhook holds up (issue 15, "Keep it so"). Figures: docs/reliability.md.
#
#   a. soak: RATE reviews/s (default 1,000) for SOAK_SECONDS (default 300), the server's RSS sampled every
#      SAMPLE_SECONDS (default 5). Targets: 0 failed requests; memory flat (slope of RSS over the second half of the
#      soak at most 1 MiB/min, i.e. under 18 bytes per review at 1,000/s) and at most 150 MB.
#   b. reloads under load: at RATE reviews/s, connections renewed every second (new TLS handshakes), a policy file
#      rewritten in place, one replaced by an atomic rename, a ConfigMap-style ..data symlink swap, the PEM files
#      rewritten in place and a Secret-style ..data swap of them, in turn every EDIT_SECONDS (default 3) for
#      RELOAD_SECONDS (default 60). Targets: 0 failed requests; every edit seen by the server (the policy revision in
#      /readyz changes, the certificate served to a new connection is the new one).
#   c. SIGTERM drain under load: at RATE reviews/s over kept-alive connections, SIGTERM after 5 s; the load generator
#      plays the API server behind a Service (once /readyz fails, new connections go to another replica and count as
#      rerouted). Targets: 0 failed requests; the server exits 0 after its drain.
#   d. hostile bodies (guardrails-loadgen hostile, one server): HOSTILE_CASES (default 20,000) byte, UTF-8,
#      surrogate-escape, type and cut mutations of the real reviews in tests/Guardrails.Webhook.Tests/Fixtures; bodies
#      at, under and over the limit, declared and chunked, up to 64 MiB; slow bodies and slow headers; truncated
#      bodies and broken chunking; deep nesting; extreme quantities ("1e99999999"). Targets: every answer that
#      arrives well-formed, the server judging good reviews after each check, RSS at most 256 MiB (the chart's memory
#      limit) throughout, quantities answered within the 3 s evaluation deadline.
# It prints a summary table and exits 1 when a target is missed (2 on a usage or set-up problem).
#
# Usage: tests/Guardrails.Benchmarks/reliability.sh
# Environment:
#   SERVER          an already published guardrails binary to check (default: build/publish.sh into WORK_DIR)
#   RATE            reviews/s of phases a-c (default 1000); CONNECTIONS keep-alive connections (default 16)
#   SOAK_SECONDS    soak length (default 300); SAMPLE_SECONDS RSS sampling period (default 5)
#   RELOAD_SECONDS  length of phase b (default 60); EDIT_SECONDS between edits (default 3)
#   HOSTILE_CASES   mutated reviews of phase d (default 20000)
#   PHASES          which phases to run (default "soak reload drain hostile")
#   PORT            server port (default 9443); WORK_DIR work folder (default /tmp/guardrails-reliability)
# Installs what it needs from Debian (curl, openssl, procps, and a C toolchain for the AOT publish) when missing.
set -euo pipefail
trap 'echo "reliability.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${WORK_DIR:-/tmp/guardrails-reliability}"
rate="${RATE:-1000}"
connections="${CONNECTIONS:-16}"
soak_seconds="${SOAK_SECONDS:-300}"
sample_seconds="${SAMPLE_SECONDS:-5}"
reload_seconds="${RELOAD_SECONDS:-60}"
edit_seconds="${EDIT_SECONDS:-3}"
hostile_cases="${HOSTILE_CASES:-20000}"
phases="${PHASES:-soak reload drain hostile}"
port="${PORT:-9443}"
reviews="$repo/tests/Guardrails.Webhook.Tests/Fixtures/admission-reviews"
allowed_body="$here/review-10kb.json"
denied_body="$here/review-10kb-denied.json"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# shellcheck source=apt-install.sh
source "$here/apt-install.sh"
missing=()
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing from Debian: ${missing[*]}"
  apt_install "${missing[@]}"
fi

mkdir -p "$work"
work="$(cd "$work" && pwd)"
results="$work/results.tsv"
: >"$results"

# ---- the server as shipped, and the load generator
# shellcheck source=publish-under-test.sh
. "$here/publish-under-test.sh"

# ---- a CA and serving certificates signed by it (rotation keeps the CA, as cert-manager does)
tls="$work/tls"
rm -rf "$tls"
mkdir -p "$tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=reliability CA" \
  -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
# new_leaf DIR: a new key and certificate for localhost and 127.0.0.1 in DIR/tls.key and DIR/tls.crt; prints the serial.
new_leaf() {
  local dir="$1"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" -keyout "$dir/tls.key.new" -out "$dir/tls.csr" 2>/dev/null
  openssl x509 -req -in "$dir/tls.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
    -extfile <(printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n') -out "$dir/tls.crt.new" 2>/dev/null
  openssl x509 -in "$dir/tls.crt.new" -noout -serial | cut -d= -f2
}
# The Secret's layout as the kubelet writes it: tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>/.
secret="$tls/secret"
mkdir -p "$secret/..v0"
new_leaf "$secret/..v0" >/dev/null
mv "$secret/..v0/tls.crt.new" "$secret/..v0/tls.crt"
mv "$secret/..v0/tls.key.new" "$secret/..v0/tls.key"
ln -s ..v0 "$secret/..data"
ln -s ..data/tls.crt "$secret/tls.crt"
ln -s ..data/tls.key "$secret/tls.key"
ca="$tls/ca.crt"

# ---- policies: the built-in pack as files, one policy in a ConfigMap-style folder
policies="$work/policies"
rm -rf "$policies"
mkdir -p "$policies/plain" "$policies/configmap/..v0"
for dir in "$repo"/policies/*/; do
  id="$(basename "$dir")"
  [ -f "$dir/policy.yaml" ] || continue
  if [ "$id" = replica-minimum ]; then
    cp "$dir/policy.yaml" "$policies/configmap/..v0/replica-minimum.yaml"
  else
    mkdir -p "$policies/plain/$id"
    cp "$dir/policy.yaml" "$policies/plain/$id/policy.yaml"
  fi
done
ln -s ..v0 "$policies/configmap/..data"
ln -s ..data/replica-minimum.yaml "$policies/configmap/replica-minimum.yaml"

# ---- helpers
server_pid=""
sampler_pid=""
stop_sampler() {
  if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=""; fi
}
stop_server() {
  stop_sampler
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

# start_server LABEL [ARG...]: the server with the files above; waits until ready and checks both reviews judge as meant.
start_server() {
  local label="$1"; shift
  (cd "$work" && exec "$server_bin" serve --tls-cert "$secret/tls.crt" --tls-key "$secret/tls.key" --no-cluster \
    --namespace-labels payments-prod=env=prod --policies "$policies/plain" --policies "$policies/configmap" \
    --address 127.0.0.1 --port "$port" --log-format json "$@") >"$work/server-$label.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    if curl -sf --cacert "$ca" "https://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
    sleep 0.1
  done
  curl -sf --cacert "$ca" "https://127.0.0.1:$port/readyz" >/dev/null || { echo "the server did not become ready" >&2; cat "$work/server-$label.log" >&2; exit 2; }
  post "$allowed_body" | grep -q '"allowed":true' || { echo "review-10kb.json is not allowed" >&2; exit 2; }
  post "$denied_body" | grep -q '"allowed":false' || { echo "review-10kb-denied.json is not denied" >&2; exit 2; }
  echo "  server pid $server_pid ($label), RSS $(rss_kib) KiB when ready"
}

post() { curl -sf --cacert "$ca" -H 'Content-Type: application/json' --data-binary @"$1" "https://127.0.0.1:$port/validate?timeout=5s"; }
rss_kib() { awk '$1 == "VmRSS:" {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0; }
revision() { curl -s --cacert "$ca" "https://127.0.0.1:$port/readyz" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("revision",""))' 2>/dev/null || true; }
served_serial() {
  openssl s_client -connect "127.0.0.1:$port" -servername localhost -CAfile "$ca" </dev/null 2>/dev/null | openssl x509 -noout -serial 2>/dev/null | cut -d= -f2
}
metric() { curl -s --cacert "$ca" "https://127.0.0.1:$port/metrics" | awk -v m="$1" -v l="$2" 'index($0, m "{") == 1 && index($0, l) {s += $NF} END {print s + 0}'; }

# sample_rss FILE PERIOD: "seconds RSS-KiB" lines until the server is gone.
sample_rss() {
  local file="$1" period="$2" t0
  t0="$(date +%s.%N)"
  : >"$file"
  (
    while [ -r "/proc/$server_pid/status" ]; do
      echo "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') $(rss_kib)" >>"$file"
      sleep "$period"
    done
  ) &
  sampler_pid=$!
}

# record CHECK TARGET RESULT MET: one row of the summary.
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$results"; }
met() { if [ "$1" = 1 ]; then echo met; else echo MISSED; fi; }

# run_load LABEL [ARG...]: guardrails-loadgen at RATE; sets load_json.
run_load() {
  local label="$1"; shift
  load_json="$work/load-$label.json"
  rm -f "$load_json"
  "${loadgen[@]}" --url "https://127.0.0.1:$port/validate?timeout=5s" --ca "$ca" --rate "$rate" --connections "$connections" \
    --json "$load_json" "$@" >"$work/load-$label.txt" 2>&1 || true
  sed 's/^/  /' "$work/load-$label.txt"
  [ -f "$load_json" ] || { echo "the load generator failed" >&2; exit 2; }
}
load_field() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); v=r; [v := v[k] for k in sys.argv[2].split(".")]; print(v)' "$load_json" "$1"; }

mem_kib="$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
machine="$(lscpu | awk -F': +' '/^Model name/ {print $2}'), $(nproc) cores, $((mem_kib / 1024 / 1024)) GiB"
echo "== $machine; $(du -h "$server_bin" | cut -f1) server $("$server_bin" --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- a. soak
if [[ " $phases " == *" soak "* ]]; then
  echo "== a. soak: $rate reviews/s for $soak_seconds s, RSS every $sample_seconds s"
  start_server soak --drain-seconds 0
  sample_rss "$work/rss-soak.txt" "$sample_seconds"
  run_load soak --body "$allowed_body" --duration "$soak_seconds" --warmup 5
  stop_server
  errors="$(load_field errors)"; requests="$(load_field requests)"; p99="$(load_field latencyMs.p99)"
  read -r first last max slope < <(python3 - "$work/rss-soak.txt" <<'PY'
import sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1]) if len(line.split()) == 2 and float(line.split()[1]) > 0]
half = [r for r in rows if r[0] >= rows[-1][0] / 2]
n = len(half); mt = sum(t for t, _ in half) / n; mr = sum(r for _, r in half) / n
slope = sum((t - mt) * (r - mr) for t, r in half) / max(1e-9, sum((t - mt) ** 2 for t, _ in half))  # KiB per second
print(f"{rows[0][1] / 1024:.1f} {rows[-1][1] / 1024:.1f} {max(r for _, r in rows) / 1024:.1f} {slope * 60 / 1024:.2f}")
PY
)
  record "a. soak failed requests" "0 of $requests" "$errors (p99 $p99 ms)" "$(met "$([ "$errors" = 0 ] && echo 1)")"
  record "a. soak RSS first/last/max" "max <= 143 MiB (150 MB)" "$first / $last / $max MiB" "$(met "$(python3 -c "print(1 if $max <= 143.05 else 0)")")"
  record "a. soak RSS slope, 2nd half" "<= 1 MiB/min" "$slope MiB/min" "$(met "$(python3 -c "print(1 if $slope <= 1 else 0)")")"
fi

# ---- b. reloads and certificate rotation under load
if [[ " $phases " == *" reload "* ]]; then
  echo "== b. reloads under load: $rate reviews/s for $reload_seconds s, connections renewed every second, an edit every $edit_seconds s"
  start_server reload --drain-seconds 0
  run_load reload --body "$denied_body" --duration "$reload_seconds" --warmup 2 --connection-lifetime 1 &
  load_pid=$!
  sleep 3
  edits=0; seen=0; missed_edits=()
  plain_a="$policies/plain/image-tag/policy.yaml"
  plain_b="$policies/plain/no-host-path/policy.yaml"
  deadline=$(( $(date +%s) + reload_seconds - 2 ))
  step=0
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kind=$(( step % 5 )); step=$((step + 1)); edits=$((edits + 1))
    before_revision="$(revision)"
    case "$kind" in
      0) what="policy rewritten in place"; printf '%s\n# reliability edit %s\n' "$(sed '/^# reliability edit/d' "$plain_a")" "$step" >"$plain_a" ;;
      1) what="policy replaced by rename"; printf '%s\n# reliability edit %s\n' "$(sed '/^# reliability edit/d' "$plain_b")" "$step" >"$(dirname "$plain_b")/.policy.yaml.tmp"
         mv -f "$(dirname "$plain_b")/.policy.yaml.tmp" "$plain_b" ;;
      2) what="ConfigMap ..data swap"; cm="$policies/configmap"; old="$(readlink "$cm/..data")"; mkdir "$cm/..v$step"
         printf '%s\n# reliability edit %s\n' "$(sed '/^# reliability edit/d' "$cm/..data/replica-minimum.yaml")" "$step" >"$cm/..v$step/replica-minimum.yaml"
         ln -s "..v$step" "$cm/..data_tmp"; mv -T "$cm/..data_tmp" "$cm/..data"; rm -rf "${cm:?}/$old" ;;
      3) what="PEM files rewritten in place"; dir="$secret/..data"; serial="$(new_leaf "$(readlink -f "$dir")")"
         cat "$dir/tls.crt.new" >"$dir/tls.crt"; cat "$dir/tls.key.new" >"$dir/tls.key"; rm -f "$dir"/*.new "$dir/tls.csr" ;;
      4) what="Secret ..data swap"; old="$(readlink "$secret/..data")"; mkdir "$secret/..v$step"; serial="$(new_leaf "$secret/..v$step")"
         mv "$secret/..v$step/tls.crt.new" "$secret/..v$step/tls.crt"; mv "$secret/..v$step/tls.key.new" "$secret/..v$step/tls.key"
         ln -s "..v$step" "$secret/..data_tmp"; mv -T "$secret/..data_tmp" "$secret/..data"; rm -rf "${secret:?}/$old" ;;
    esac
    ok=0
    for _ in $(seq 1 40); do
      sleep 0.25
      if [ "$kind" -le 2 ]; then now="$(revision)"; [ -n "$now" ] && [ "$now" != "$before_revision" ] && ok=1
      else [ "$(served_serial)" = "$serial" ] && ok=1; fi
      [ "$ok" = 1 ] && break
    done
    if [ "$ok" = 1 ]; then seen=$((seen + 1)); echo "  edit $step: $what: seen"; else missed_edits+=("$what"); echo "  edit $step: $what: NOT seen within 10 s"; fi
    sleep "$(python3 -c "print(max(0, $edit_seconds - 0.25))")"
  done
  wait "$load_pid" || true
  load_json="$work/load-reload.json"
  policy_reloads="$(metric guardrails_policyset_reloads_total 'result="success"')"
  tls_reloads="$(metric guardrails_tls_reloads_total 'result="success"')"
  stop_server
  errors="$(load_field errors)"; requests="$(load_field requests)"; denied="$(load_field denied)"
  record "b. reload failed requests" "0 of $requests" "$errors ($denied denied, as the review must be)" "$(met "$([ "$errors" = 0 ] && [ "$denied" = "$((requests - errors))" ] && echo 1)")"
  record "b. edits seen by the server" "$edits of $edits" "$seen (policy reloads $policy_reloads, TLS reloads $tls_reloads)" "$(met "$([ "$seen" = "$edits" ] && echo 1)")"
fi

# ---- c. SIGTERM drain under load
if [[ " $phases " == *" drain "* ]]; then
  echo "== c. SIGTERM drain under load: $rate reviews/s on kept-alive connections, SIGTERM after 5 s, drain 5 s"
  start_server drain --drain-seconds 5 --shutdown-timeout-seconds 10
  drain_pid="$server_pid"
  run_load drain --body "$allowed_body" --duration 20 --warmup 2 --reroute-when-unready "https://127.0.0.1:$port/readyz" &
  load_pid=$!
  sleep 7
  signalled="$(date +%s.%N)"
  kill -TERM "$drain_pid"
  exit_code=0
  wait "$drain_pid" || exit_code=$?
  drained="$(awk -v a="$signalled" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')"
  server_pid=""
  wait "$load_pid" || true
  load_json="$work/load-drain.json"
  errors="$(load_field errors)"; requests="$(load_field requests)"; rerouted="$(load_field rerouted)"
  record "c. drain failed requests" "0 of $requests" "$errors ($rerouted rerouted after /readyz failed)" "$(met "$([ "$errors" = 0 ] && [ "$rerouted" -gt 0 ] && echo 1)")"
  record "c. drain exit" "0, after the 5 s drain" "exit $exit_code after $drained s" "$(met "$([ "$exit_code" = 0 ] && python3 -c "import sys; sys.exit(0 if 5 <= $drained <= 16 else 1)" && echo 1)")"
fi

# ---- d. hostile bodies
if [[ " $phases " == *" hostile "* ]]; then
  echo "== d. hostile bodies ($hostile_cases mutations, limits, slow clients, truncation, nesting, quantities)"
  start_server hostile --drain-seconds 0
  for check in mutations limits slow truncated nesting quantities; do
    sample_rss "$work/rss-$check.txt" 1
    "${loadgen[@]}" hostile --url "https://127.0.0.1:$port" --ca "$ca" --reviews "$reviews" --cases "$hostile_cases" --only "$check" \
      --json "$work/hostile-$check.json" >"$work/hostile-$check.txt" 2>&1 || true
    stop_sampler
    sed 's/^/  /' "$work/hostile-$check.txt"
    [ -f "$work/hostile-$check.json" ] || { echo "the hostile run failed" >&2; exit 2; }
    peak="$(awk 'BEGIN {m = 0} $2 > m {m = $2} END {printf "%.0f", m / 1024}' "$work/rss-$check.txt")"
    alive=1; [ -r "/proc/$server_pid/status" ] || alive=0
    python3 - "$work/hostile-$check.json" "$peak" "$alive" >>"$results" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))[0]
peak, alive = int(sys.argv[2]), sys.argv[3] == "1"
statuses = ", ".join(f"{k}: {v}" for k, v in r["statuses"].items())
ok = r["passed"] and alive and peak <= 256
result = f"{statuses}; {r['problemCount']} malformed or missed; peak RSS {peak} MiB"
if r["problems"]:
    result += f" (first: {r['problems'][0][:160]})"
print(f"d. hostile: {r['name']}\twell-formed, alive, <= 256 MiB\t{result}\t{'met' if ok else 'MISSED'}")
PY
    if [ "$alive" = 0 ]; then echo "  the server is gone" >&2; server_pid=""; break; fi
  done
  stop_server
fi

echo "== summary ($machine; $(basename "$server_bin") $("$server_bin" --version); load average now $(cut -d' ' -f1-3 /proc/loadavg))"
summary=0
python3 - "$results" <<'PY' || summary=$?
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
clip = lambda text, width: text if len(text) <= width else text[:width - 1] + "…"
rows = [[r[0], r[1], clip(r[2], 100), r[3]] for r in rows]
widths = [max(len(r[i]) for r in rows + [["check", "target", "result", "met"]]) for i in range(4)]
print("  " + "  ".join(h.ljust(w) for h, w in zip(["check", "target", "result", "met"], widths)).rstrip())
for r in rows:
    print("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
missed = [r[0] for r in rows if r[3] != "met"]
print(f"  {len(rows) - len(missed)} of {len(rows)} targets met" + (f"; missed: {', '.join(missed)}" if missed else ""))
sys.exit(1 if missed else 0)
PY
echo "  (logs, samples and the load generator's figures: $work)"
exit "$summary"
