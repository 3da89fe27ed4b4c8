#!/usr/bin/env bash
# Added admission latency through a real kube-apiserver (not a timed test): what the chart's two webhooks add to a
# create, measured as users meet it.
#
#   1. publishes `guardrails` as shipped (build/publish.sh, Native AOT) and the load generator (tests/Guardrails.LoadGen);
#   2. starts etcd and kube-apiserver v1.32 from KUBEBUILDER_ASSETS on free loopback ports, in a folder of its own;
#   3. starts `guardrails serve` (self-signed TLS, a kubeconfig for that API server: namespace labels from the watch);
#   4. registers the chart's own ValidatingWebhookConfiguration and MutatingWebhookConfiguration, rendered by real
#      `helm template` with the chart's defaults; only clientConfig.service is replaced, by
#      url https://127.0.0.1:PORT/validate or /mutate and the caBundle (rules, selectors, failure policies, timeouts and
#      reinvocation stay the chart's);
#   5. makes two namespaces with the same labels (env=prod), one of them also guardrails.dev/ignore=true, which the
#      chart's namespaceSelector excludes: the webhooks judge creates in the first and are not called for the second;
#   6. checks the set-up: a non-compliant Deployment is denied in the judged namespace and admitted in the other;
#   7. times creates of a compliant production Deployment (deployment-compliant.yaml, or MANIFEST) in both namespaces at once,
#      interleaved (create i goes to namespace i mod 2, so both see the same moments of a machine whose speed drifts):
#      SEQUENTIAL creates one at a time, then RATE creates/s per namespace for RATE_SECONDS (open loop: latency from
#      the due time); over one HTTP/2 connection with a bearer token, as client-go does;
#   8. checks from the webhook's decision log that the validating webhook judged every create in the judged namespace
#      (each create has a name of its own) and neither webhook any in the other, so the figures cannot come from webhooks
#      not called; the mutating webhook judged the non-compliant Deployment (a fix changes it) and, when the chart's
#      matchCondition lets the API server skip it for objects no fix changes, none of the compliant creates (every
#      one of them without it);
#   9. prints the API server's own mean time per webhook call and per matchCondition evaluation (from its /metrics);
#  10. prints median, p90, p99 and max per namespace and the added latency (judged minus not judged), and exits 1 when
#      more than 3 ms is added at the median or 10 ms at p99 (the issue's target on an idle 2-core machine), or when a
#      create failed or a check above did not hold (2 on a usage or set-up problem).
# Creates are dry runs (?dryRun=All): admission runs in full (the chart's webhooks declare sideEffects: None, so the API
# server calls them for dry runs) and nothing is stored, so thousands of creates do not grow etcd during the run and
# every create of a namespace meets the same store. A stored create adds the etcd write after admission, the same in
# both namespaces, so the difference is the webhooks' either way.
#
# Usage: KUBEBUILDER_ASSETS=DIR tests/Guardrails.Benchmarks/apiserver-latency.sh
# Environment:
#   KUBEBUILDER_ASSETS  folder holding kube-apiserver (v1.32) and etcd (envtest layout); etcd may come from PATH instead
#   SERVER              an already published guardrails binary to measure (nothing is published then)
#   SEQUENTIAL          sequential creates, both namespaces together (default 2000)
#   MANIFEST            the Deployment created (default deployment-compliant.yaml, which no fix changes, so the chart's
#                       matchCondition skips the mutating webhook; deployment-fixable.yaml is the same Deployment
#                       without allowPrivilegeEscalation, which the mutating webhook fills in: both webhooks are called)
#   RATE                creates/s in each namespace at the fixed rate (default 25: 50/s in all keeps the API server, at
#                       about 6 ms of CPU per create of this Deployment, near a third of a core; 100/s in each
#                       namespace overloads a 2-core machine); RATE_SECONDS measured (default 30)
#   WARMUP              seconds of warm-up before each measurement, not recorded (default 5)
#   HELM                the helm binary (default: Helm 4 from build/install-helm.sh)
#   HELM_SET            chart values other than the defaults, as helm --set takes them, separated by spaces (e.g.
#                       "webhook.mutating.onlyWhenFixable=false": both webhooks for every create; or
#                       "webhook.mutating.enabled=false": the validating webhook alone)
#   MAX_WAIT            seconds to wait before each phase for other processes to use at most a fifth of a core
#                       (default 1800; then it measures anyway and says so)
#   BENCH_DIR           work folder (default: a new one under /tmp); KEEP=1 keeps it (it is kept anyway on failure)
# Needs kubectl, openssl, curl and python3 with PyYAML (Debian: python3-yaml, installed when missing).
set -euo pipefail
trap 'echo "apiserver-latency.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
manifest="${MANIFEST:-$here/deployment-compliant.yaml}"
sequential="${SEQUENTIAL:-2000}"
rate="${RATE:-25}"
rate_seconds="${RATE_SECONDS:-30}"
warmup="${WARMUP:-5}"
target_p50=3
target_p99=10
judged=latency-judged
unjudged=latency-unjudged

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# ---- what it needs
assets="${KUBEBUILDER_ASSETS:-}"
if [ -z "$assets" ] || [ ! -x "$assets/kube-apiserver" ]; then
  echo "apiserver-latency.sh: needs KUBEBUILDER_ASSETS, a folder holding kube-apiserver v1.32 and etcd (see docs/performance.md, How to run)" >&2
  exit 2
fi
apiserver_bin="$assets/kube-apiserver"
if [ -x "$assets/etcd" ]; then etcd_bin="$assets/etcd"; else etcd_bin="$(command -v etcd || true)"; fi
[ -n "$etcd_bin" ] || { echo "apiserver-latency.sh: no etcd in $assets or on PATH (Debian: apt-get install etcd-server)" >&2; exit 2; }
for tool in kubectl openssl curl python3; do
  command -v "$tool" >/dev/null || { echo "apiserver-latency.sh: needs $tool" >&2; exit 2; }
done
if ! python3 -c 'import yaml' 2>/dev/null; then
  # shellcheck source=apt-install.sh
  source "$here/apt-install.sh"
  echo "installing from Debian: python3-yaml"
  apt_install python3-yaml
fi

work="${BENCH_DIR:-$(mktemp -d /tmp/guardrails-apiserver-latency.XXXXXX)}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

# ---- the processes this script starts, stopped on exit (by pid, nothing else)
pids=()
status=2
cleanup() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  if [ "$status" = 0 ] && [ "${KEEP:-0}" != 1 ]; then
    rm -rf "$work"
  else
    echo "  (logs and figures: $work)"
  fi
}
trap 'cleanup' EXIT
started() { pids+=("$1"); }
alive_or_die() { # pid name log
  kill -0 "$1" 2>/dev/null || { echo "$2 exited; last lines of $3:" >&2; tail -20 "$3" >&2; exit 2; }
}

# ---- the server as shipped, the load generator, Helm
# shellcheck source=publish-under-test.sh
. "$here/publish-under-test.sh"
helm="${HELM:-$("$repo/build/install-helm.sh" --print | sed -n 1p)}"

# ---- free loopback ports (etcd's peer port too)
# shellcheck source=test-apiserver.sh
. "$here/test-apiserver.sh"
read -r apiserver_port etcd_port etcd_peer_port webhook_port < <(test_apiserver_free_ports 4)

# ---- the API server's certificates and the admin token
test_apiserver_pki apiserver-latency
test_apiserver_kubeconfig latency "$apiserver_port"
export KUBECONFIG="$kubeconfig"

mem_kib="$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
machine="$(awk -F': ' '/^model name/ {m = $2} /^cpu family/ {f = $2} /^model\t/ {n = $2} END {print m " (family " f ", model " n ")"}' /proc/cpuinfo), $(nproc) cores, $((mem_kib / 1024 / 1024)) GiB"
echo "== $machine; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- etcd and kube-apiserver on loopback
echo "== starting etcd ($("$etcd_bin" --version | head -1)) on 127.0.0.1:$etcd_port"
test_apiserver_start_etcd latency "$etcd_port" "$etcd_peer_port"

echo "== starting kube-apiserver ($("$apiserver_bin" --version)) on https://127.0.0.1:$apiserver_port"
# The admission plugins of a real cluster; --enable-aggregator-routing keeps any Service-referenced call off the network.
test_apiserver_start latency "$apiserver_port" "$etcd_port" 180 \
  --enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,Priority,RuntimeClass,PodSecurity,MutatingAdmissionWebhook,ValidatingAdmissionPolicy,ValidatingAdmissionWebhook,ResourceQuota

# ---- the namespaces: the same labels, the second one excluded by the chart's namespaceSelector
kubectl create namespace "$judged" >/dev/null
kubectl label namespace "$judged" env=prod >/dev/null
kubectl create namespace "$unjudged" >/dev/null
kubectl label namespace "$unjudged" env=prod guardrails.dev/ignore=true >/dev/null

# ---- the webhook as shipped, reading namespace labels from this API server
echo "== starting $(basename "$server_bin") $("$server_bin" --version) serve on https://127.0.0.1:$webhook_port"
mkdir -p "$work/serve"
# The web host watches its working directory for appsettings files: run it where nothing changes.
(cd "$work/serve" && exec "$server_bin" serve --self-signed --self-signed-out "$work/webhook-tls" --kubeconfig "$kubeconfig" \
  --address 127.0.0.1 --port "$webhook_port" --log-format json --drain-seconds 0) >"$work/serve.log" 2>&1 &
serve_pid=$!
started "$serve_pid"
for i in $(seq 1 100); do
  [ -f "$work/webhook-tls/ca.crt" ] && curl -sf --cacert "$work/webhook-tls/ca.crt" "https://127.0.0.1:$webhook_port/readyz" >/dev/null 2>&1 && break
  alive_or_die "$serve_pid" "guardrails serve" "$work/serve.log"
  [ "$i" = 100 ] && { echo "guardrails serve not ready after 20 s" >&2; tail -20 "$work/serve.log" >&2; exit 2; }
  sleep 0.2
done

# ---- the chart's webhook configurations, pointed at the loopback server
helm_set=()
for value in ${HELM_SET:-}; do helm_set+=(--set "$value"); done
echo "== registering the chart's webhook configurations ($("$helm" version --template '{{.Version}}') template, ${HELM_SET:-defaults})"
"$helm" template guardrails "$repo/charts/guardrails" --namespace guardrails-system --show-only templates/webhook.yaml "${helm_set[@]}" >"$work/rendered.yaml"
python3 - "$work/rendered.yaml" "$work/webhook-tls/ca.crt" "$webhook_port" >"$work/webhooks.json" <<'PY'
import base64, json, sys, yaml
rendered, ca, port = sys.argv[1], sys.argv[2], sys.argv[3]
bundle = base64.b64encode(open(ca, "rb").read()).decode()
configs = [d for d in yaml.safe_load_all(open(rendered)) if d and d["kind"].endswith("WebhookConfiguration")]
kinds = sorted(d["kind"] for d in configs)
if kinds not in (["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], ["ValidatingWebhookConfiguration"]):
    sys.exit(f"expected the chart's webhook configurations (the mutating one may be off), rendered {kinds}")
for config in configs:
    for webhook in config["webhooks"]:
        client = webhook["clientConfig"]
        service = client.pop("service")  # only this and the caBundle change: never a Service on a test API server
        client["url"] = f"https://127.0.0.1:{port}{service['path']}"
        client["caBundle"] = bundle
print(json.dumps({"apiVersion": "v1", "kind": "List", "items": configs}))
PY
kubectl apply -f "$work/webhooks.json" >/dev/null
python3 -c 'import json,sys; [print("  ", i["kind"], w["name"], "->", w["clientConfig"]["url"], "failurePolicy", w["failurePolicy"], "matchConditions", [c["name"] for c in w.get("matchConditions", [])]) for i in json.load(open(sys.argv[1]))["items"] for w in i["webhooks"]]' "$work/webhooks.json"
# With the chart's matchCondition the API server calls the mutating webhook only for objects a fix could change: not
# for the compliant Deployment, for every create of one a fix changes.
mutate_skips="$(python3 -c 'import json,sys; print(int(any("matchConditions" in w for i in json.load(open(sys.argv[1]))["items"] if i["kind"].startswith("Mutating") for w in i["webhooks"])))' "$work/webhooks.json")"
[ "$(basename "$manifest")" = deployment-compliant.yaml ] || mutate_skips=0
mutating="$(python3 -c 'import json,sys; print(int(any(i["kind"].startswith("Mutating") for i in json.load(open(sys.argv[1]))["items"])))' "$work/webhooks.json")"

# ---- the bodies: the benchmark Deployments, as JSON, their namespace taken from the URL
python3 - "$manifest" "$here/deployment-noncompliant.yaml" "$work" <<'PY'
import json, sys, yaml
for source, target, name in ((sys.argv[1], "compliant.json", "{name}"), (sys.argv[2], "noncompliant.json", "latency-noncompliant")):
    deployment = yaml.safe_load(open(source))
    deployment["metadata"].pop("namespace", None)
    deployment["metadata"]["name"] = name
    json.dump(deployment, open(f"{sys.argv[3]}/{target}", "w"), separators=(",", ":"))
PY

# ---- the set-up judges as meant: denied where judged (once the API server has picked up the webhooks), admitted where not
echo "== checking the set-up"
denied=0
for _ in $(seq 1 60); do
  if ! kubectl create --dry-run=server -n "$judged" -f "$work/noncompliant.json" >"$work/check-judged.txt" 2>&1; then
    if grep -q 'admission webhook "validate.guardrails.dev" denied the request' "$work/check-judged.txt"; then denied=1; break; fi
  fi
  sleep 0.5
done
[ "$denied" = 1 ] || { echo "the non-compliant Deployment is not denied in $judged:" >&2; cat "$work/check-judged.txt" >&2; exit 2; }
echo "  $judged: the non-compliant Deployment is denied: $(grep -m1 -o 'admission webhook "validate.guardrails.dev" denied the request.\{0,80\}' "$work/check-judged.txt")..."
kubectl create --dry-run=server -n "$unjudged" -f "$work/noncompliant.json" >"$work/check-unjudged.txt" 2>&1 \
  || { echo "the non-compliant Deployment is not admitted in $unjudged (the webhooks must not be called there):" >&2; cat "$work/check-unjudged.txt" >&2; exit 2; }
echo "  $unjudged: the same Deployment is admitted (not judged: guardrails.dev/ignore=true)"

# ---- CPU accounting: the API server, etcd, the webhook, the generator and the rest of the machine during a phase
hz="$(getconf CLK_TCK)"
machine_cpu() { awk -v hz="$hz" '/^cpu / {printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz}' /proc/stat; }
process_cpu() { awk -v hz="$hz" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
ours_cpu() { echo "$(process_cpu "$apiserver_pid") $(process_cpu "$etcd_pid") $(process_cpu "$serve_pid")"; }

# The target is for an idle machine: before each phase, wait (up to MAX_WAIT seconds, default 1800) while processes
# other than ours keep more than a fifth of a core busy.
wait_quiet() {
  local waited=0 limit="${MAX_WAIT:-1800}" m0 o0 other
  while true; do
    m0="$(machine_cpu)"; o0="$(ours_cpu)"
    sleep 2
    # shellcheck disable=SC2086
    other="$(python3 -c 'import sys; a = list(map(float, sys.argv[1:])); print(round((a[4] - a[0] - sum(a[5:8]) + sum(a[1:4])) * 100 / 2))' "$m0" $o0 "$(machine_cpu)" $(ours_cpu))"
    if [ "$other" -le 20 ]; then break; fi
    if [ "$waited" -ge "$limit" ]; then echo "  (the machine is still busy after ${limit} s: measuring anyway)"; break; fi
    if [ "$waited" -eq 0 ]; then echo "  (waiting: other processes use ${other}% of a core)"; fi
    sleep 8
    waited=$((waited + 10))
  done
  if [ "$waited" -gt 0 ]; then echo "  (waited ${waited} s for a quiet machine)"; fi
}

# run_phase NAME ARG...: the load generator with these arguments; leaves NAME.json, NAME.names and NAME.txt in $work.
run_phase() {
  local name="$1"; shift
  local m0 m1 o0 o1 t0 t1 gen_cpu
  echo "-- $name"
  wait_quiet
  echo "  load average $(cut -d' ' -f1-3 /proc/loadavg)"
  m0="$(machine_cpu)"; o0="$(ours_cpu)"; t0="$(date +%s.%N)"; gen_cpu=0
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U %S' -o "$work/$name.time" "${loadgen[@]}" apiserver --server "$apiserver" --ca "$pki/ca.crt" --token-file "$pki/token" \
      --body "$work/compliant.json" --namespaces "$judged,$unjudged" --warmup "$warmup" --name-prefix "$name-" \
      --names "$work/$name.names" --json "$work/$name.json" "$@" >"$work/$name.txt" 2>&1 || true
    gen_cpu="$(tail -1 "$work/$name.time" | awk '{print $1 + $2}')" # GNU time writes a line before when the exit code is not 0
  else
    "${loadgen[@]}" apiserver --server "$apiserver" --ca "$pki/ca.crt" --token-file "$pki/token" \
      --body "$work/compliant.json" --namespaces "$judged,$unjudged" --warmup "$warmup" --name-prefix "$name-" \
      --names "$work/$name.names" --json "$work/$name.json" "$@" >"$work/$name.txt" 2>&1 || true
  fi
  m1="$(machine_cpu)"; o1="$(ours_cpu)"; t1="$(date +%s.%N)"
  sed 's/^/  /' "$work/$name.txt"
  [ -f "$work/$name.json" ] || { echo "the load generator failed" >&2; exit 2; }
  python3 - "$t0" "$t1" "$m0" "$m1" "$gen_cpu" $o0 $o1 <<'PY'
import sys
t0, t1, m0, m1, gen = map(float, sys.argv[1:6])
o0, o1 = list(map(float, sys.argv[6:9])), list(map(float, sys.argv[9:12]))
seconds = t1 - t0
used = [b - a for a, b in zip(o0, o1)]
rest = max(0.0, m1 - m0 - sum(used) - gen)
pct = lambda cpu: f"{cpu * 100 / seconds:.0f}%"
print(f"  CPU (of one core) over {seconds:.0f} s: kube-apiserver {pct(used[0])}, etcd {pct(used[1])}, webhook {pct(used[2])}, "
      f"generator {pct(gen)}{'' if gen else ' (not measured: no /usr/bin/time)'}, rest of the machine {pct(rest)}")
PY
}

echo "== measuring: $judged (judged by the chart's webhooks) and $unjudged (neither), interleaved; dry-run creates of $(basename "$manifest")"
run_phase sequential --sequential "$sequential"
run_phase rate --rate "$rate" --duration "$rate_seconds"

# ---- every create in the judged namespace went through both webhooks, none in the other
sleep 1 # the decision log is written in batches every 200 ms
echo "== checking the webhooks saw every judged create"
check=0
python3 - "$work/serve.log" "$judged" "$unjudged" "$mutate_skips" "$mutating" "$work/sequential.names" "$work/rate.names" <<'PY' || check=$?
import json, sys
log, judged, unjudged, mutate_skips, mutating, *name_files = sys.argv[1:]
seen = {"validate": {}, "mutate": {}}
for line in open(log):
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    state = entry.get("State") or {}
    if entry.get("EventId") != 1 or "Webhook" not in state:
        continue
    ns_name = state.get("@namespace", state.get("Namespace")), state.get("Name")
    seen.setdefault(state["Webhook"], {})[ns_name] = float(state.get("DurationMs", 0))
problems = []
if mutating == "1" and (judged, "latency-noncompliant") not in seen["mutate"]:
    problems.append(f"mutate never saw the non-compliant Deployment in {judged}, which a fix changes")
for webhook in ("validate", "mutate"):
    stray = [n for (ns, n) in seen[webhook] if ns == unjudged]
    if stray:
        problems.append(f"{webhook} judged {len(stray)} creates in {unjudged}, which the chart excludes (first: {stray[0]})")
for names in name_files:
    sent = [line.split() for line in open(names) if line.strip()]
    created = [(ns, n) for ns, n, status, _, _ in sent if status == "201" and ns == judged]
    missing = [n for ns, n in created if (ns, n) not in seen["validate"]]
    if missing:
        problems.append(f"validate never saw {len(missing)} of the {len(created)} creates admitted in {judged} (first: {missing[0]})")
    mutated = [n for ns, n in created if (ns, n) in seen["mutate"]]
    if mutate_skips == "1" and mutated:
        problems.append(f"mutate saw {len(mutated)} of the {len(created)} compliant creates in {judged}, which its matchCondition skips (first: {mutated[0]})")
    if mutating == "1" and mutate_skips != "1" and len(mutated) != len(created):
        problems.append(f"mutate never saw {len(created) - len(mutated)} of the {len(created)} creates admitted in {judged}")
    # The webhook's own time per review (request read to answer written), as its decision log says.
    own = []
    for webhook in ("validate", "mutate"):
        if not any(c in seen[webhook] for c in created):
            continue
        ms = sorted(seen[webhook][c] for c in created if c in seen[webhook]) or [0.0]
        own.append(f"{webhook} p50 {ms[len(ms) // 2]:.2f} ms, p99 {ms[max(0, -(-len(ms) * 99 // 100) - 1)]:.2f} ms")
    counts = ", ".join(f"{webhook} saw {sum(c in seen[webhook] for c in created)}" for webhook in ("validate", "mutate"))
    print(f"  {names.rsplit('/', 1)[-1]}: {len(created)} creates admitted in {judged}: {counts}")
    print(f"    inside the webhook, warm-up included: {'; '.join(own)}")
    # Where the tail comes from: the webhook's own time for the slowest 1% of the measured judged creates.
    slow = sorted(((float(ms), (ns, n)) for ns, n, status, ms, kind in sent if ns == judged and kind == "measured"), reverse=True)
    slow = slow[:max(1, len(slow) // 100)]
    inside = sorted(seen["validate"].get(c, 0) + seen["mutate"].get(c, 0) for _, c in slow)
    print(f"    the slowest 1% of its measured creates ({len(slow)}, {slow[-1][0]:.1f} to {slow[0][0]:.1f} ms): both webhooks' own time "
          f"{inside[len(inside) // 2]:.2f} ms at the median, {inside[-1]:.2f} ms at most")
for webhook in ("validate", "mutate"):
    print(f"  {webhook} judged {sum(ns == unjudged for ns, _ in seen[webhook])} creates in {unjudged}")
for problem in problems:
    print(f"  MISSED: {problem}")
sys.exit(1 if problems else 0)
PY

# The API server's own timing of the webhook calls (apiserver_admission_webhook_admission_duration_seconds) and of the
# matchConditions it evaluates before deciding to call (apiserver_admission_match_condition_evaluation_seconds).
curl -sf --cacert "$pki/ca.crt" -H "Authorization: Bearer $(cat "$pki/token")" "$apiserver/metrics" >"$work/apiserver-metrics.txt" || true
python3 - "$work/apiserver-metrics.txt" <<'PY' || true
import re, sys
sums, counts = {}, {}
for line in open(sys.argv[1]):
    m = re.match(r'apiserver_admission_(webhook_admission_duration|match_condition_evaluation)_seconds_(sum|count)\{(.*)\} (\S+)', line)
    if m:
        key = ("calls of" if m.group(1).startswith("webhook") else "matchCondition evaluations of", re.search(r'name="([^"]+)"', m.group(3)).group(1))
        table = sums if m.group(2) == "sum" else counts
        table[key] = table.get(key, 0) + float(m.group(4))
for key in sorted(counts):
    print(f"  the API server timed {int(counts[key])} {key[0]} {key[1]}: mean {sums[key] * 1000 / counts[key]:.2f} ms")
PY

# ---- summary against the target
echo "== summary ($machine; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
summary=0
python3 - "$work/sequential.json" "$work/rate.json" "$judged" "$unjudged" "$target_p50" "$target_p99" <<'PY' || summary=$?
import json, sys
files, judged, unjudged, t50, t99 = sys.argv[1:3], sys.argv[3], sys.argv[4], float(sys.argv[5]), float(sys.argv[6])
rows, missed = [], []
for path in files:
    report = json.load(open(path))
    by = {n["namespace"]: n for n in report["namespaces"]}
    phase = "sequential" if report["mode"] == "sequential" else f"{report['ratePerNamespace']:g}/s per namespace"
    for ns in (judged, unjudged):
        l = by[ns]["latencyMs"]
        rows.append([phase, ns, str(by[ns]["requests"]), f"{l['p50']:.2f}", f"{l['p90']:.2f}", f"{l['p99']:.2f}", f"{l['max']:.2f}", str(by[ns]["errors"])])
    added50 = by[judged]["latencyMs"]["p50"] - by[unjudged]["latencyMs"]["p50"]
    added99 = by[judged]["latencyMs"]["p99"] - by[unjudged]["latencyMs"]["p99"]
    errors = by[judged]["errors"] + by[unjudged]["errors"]
    ok = added50 <= t50 and added99 <= t99 and errors == 0
    rows.append([phase, "added by the webhooks", "", f"{added50:+.2f}", "", f"{added99:+.2f}", "", "met" if ok else "MISSED"])
    if not ok:
        missed.append(phase)
head = ["phase", "namespace", "creates", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors"]
widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
for r in [head] + rows:
    print("  " + "  ".join(c.rjust(w) if i >= 2 else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip())
print(f"  target: at most {t50:g} ms added at the median and {t99:g} ms at p99, no errors: "
      + ("met" if not missed else f"MISSED ({', '.join(missed)})"))
sys.exit(1 if missed else 0)
PY
if [ "$check" != 0 ]; then echo "  MISSED: the webhooks did not judge every create in $judged, or judged some in $unjudged (above)"; status=1; else status="$summary"; fi
exit "$status"
