#!/usr/bin/env bash
# Whole-process benchmark of `guardrails check`, the way CI runs it: publishes the CLI (Native AOT, the recommended
# mode), writes the CI corpus (10,000 Deployments in 1,000 files) and a small input (10 Deployments in one file), then
# times them with hyperfine and measures peak memory with /usr/bin/time -v.
#
# Targets (docs/performance.md): corpus under 1 s wall and 200 MiB peak RSS; one small file under 50 ms.
#
# Usage: tests/Guardrails.Benchmarks/check-corpus.sh
# Environment:
#   MODES      publish modes to compare, space-separated (default "aot"):
#              aot            Native AOT (PublishAot), the recommended mode
#              r2r-composite  self-contained ReadyToRun composite, TieredPGO off
#              r2r            framework-dependent ReadyToRun, TieredPGO off
#              jit            framework-dependent, plain JIT
#   RUNS       hyperfine runs for the corpus (default 10); the small file gets 5 times as many
#   BENCH_DIR  where the corpus, the published binaries and the build artifacts go (default /tmp/guardrails-bench)
#   LARGE      1 also measures peak memory on 100 MB of Deployments (125,000 in 1,000 files, in one file, and piped
#              into standard input), text and JSON reports; target: under 500 MiB for the text report (one run each)
# Installs what it needs from Debian (hyperfine, time, a C toolchain for the AOT linker) when missing.
# The machine has 2 cores and other work may run beside it: the load average is printed with the figures.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bench="${BENCH_DIR:-/tmp/guardrails-bench}"
modes="${MODES:-aot}"
runs="${RUNS:-10}"
small_runs=$((runs * 5))

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# shellcheck source=apt-install.sh
source "$here/apt-install.sh"

missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
# The Native AOT linker step calls clang, or gcc when clang is absent.
if [[ " $modes " == *" aot "* ]] && ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
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
corpus="$bench/corpus"
small="$bench/small"
rm -rf "$corpus" "$small"
python3 "$here/gen-corpus.py" "$corpus"
python3 "$here/gen-corpus.py" "$small" 10 1

# Each mode publishes into its own folder; the build artifacts stay out of the work tree (others may build there).
publish() {
  local mode="$1" out="$bench/publish/$1"
  local common=(publish "$repo/src/Guardrails.Cli" -c Release -r "$rid" -o "$out" --artifacts-path "$bench/artifacts/$mode" -nologo -v quiet)
  rm -rf "$out"
  case "$mode" in
    aot) dotnet "${common[@]}" -p:PublishAot=true ;;
    r2r-composite) dotnet "${common[@]}" --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -p:TieredPGO=false ;;
    r2r) dotnet "${common[@]}" --self-contained false -p:PublishReadyToRun=true -p:TieredPGO=false ;;
    jit) dotnet "${common[@]}" --self-contained false ;;
    *) echo "unknown mode $mode (aot, r2r-composite, r2r, jit)" >&2; exit 2 ;;
  esac
}

# Peak RSS and wall time of one run, from GNU time's verbose report.
time_v() {
  local report
  report="$(mktemp)"
  /usr/bin/time -v -o "$report" "$@" >/dev/null 2>&1 || true
  # CPU time says more than wall time when neighbours share the machine.
  awk -F': ' '/Maximum resident set size/ {rss=$2} /Elapsed \(wall clock\)/ {wall=$2} /User time/ {user=$2} /System time/ {sys=$2}
    END {printf "%.0f MiB peak RSS, %s wall, %.2f s CPU (user+sys)", rss/1024, wall, user+sys}' "$report"
  rm -f "$report"
}

median_ms() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.0f ms median (mean %.0f ± %.0f, min %.0f, max %.0f, %d runs)" % (r["median"]*1000, r["mean"]*1000, r["stddev"]*1000, r["min"]*1000, r["max"]*1000, len(r["times"])))' "$1"
}

median_s() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}

declare -A summary
for mode in $modes; do
  echo "== publishing ($mode)"
  publish "$mode"
  bin="$bench/publish/$mode/guardrails"
  # `check` exits 1 when an object is denied, as it is for this corpus: hyperfine must not stop on it.
  cases=(
    "corpus, text report|$bin check $corpus|1|$runs"
    "corpus, JSON report|$bin check $corpus --format json --output /dev/null|1|$runs"
    "small file (10 objects)|$bin check $small|5|$small_runs"
  )
  echo "== $mode: $(du -sh "$bench/publish/$mode" | cut -f1) published, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  for case in "${cases[@]}"; do
    IFS='|' read -r name command warmup count <<<"$case"
    json="$(mktemp)"
    hyperfine -N -i --warmup "$warmup" --runs "$count" --style none --export-json "$json" "$command" >/dev/null 2>&1
    # shellcheck disable=SC2086 # the command is split into words on purpose
    printf '  %-26s %s; one run: %s\n' "$name" "$(median_ms "$json")" "$(time_v $command)"
    summary["$mode|$name"]="$(median_s "$json")"
    rm -f "$json"
  done
done

if [ "${LARGE:-0}" = 1 ]; then
  large="$bench/large"
  rm -rf "$large"
  python3 "$here/gen-corpus.py" "$large/folder" 125000 1000
  python3 "$here/gen-corpus.py" "$large/file" 125000 1
  echo "== 100 MB inputs ($(du -sh "$large/folder" | cut -f1) folder, $(du -h "$large/file/svc-0000.yaml" | cut -f1) file), peak memory of one run each"
  for mode in $modes; do
    bin="$bench/publish/$mode/guardrails"
    printf '  %-14s %-26s %s\n' "$mode" "folder, text report" "$(time_v "$bin" check "$large/folder")"
    printf '  %-14s %-26s %s\n' "$mode" "one file, text report" "$(time_v "$bin" check "$large/file/svc-0000.yaml")"
    printf '  %-14s %-26s %s\n' "$mode" "standard input, text" "$(time_v sh -c "cat '$large/file/svc-0000.yaml' | '$bin' check -")"
    printf '  %-14s %-26s %s\n' "$mode" "folder, JSON report" "$(time_v "$bin" check "$large/folder" --format json --output /dev/null)"
  done
  rm -rf "$large"
fi

echo "== targets (medians), load average now $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for mode in $modes; do
  corpus_s="${summary["$mode|corpus, text report"]}"
  small_s="${summary["$mode|small file (10 objects)"]}"
  python3 - "$mode" "$corpus_s" "$small_s" <<'PY'
import sys
mode, corpus, small = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
verdict = lambda ok: "met" if ok else "MISSED"
print(f"  {mode:<14} corpus {corpus:.2f} s (< 1 s: {verdict(corpus < 1)}), small file {small * 1000:.0f} ms (< 50 ms: {verdict(small < 0.05)})")
PY
done
