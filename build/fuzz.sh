#!/usr/bin/env bash
# Coverage-guided fuzzing of Guardrails with SharpFuzz and AFL++ (docs/fuzzing.md).
#
#   build/fuzz.sh TARGET [SECONDS]     fuzz one target (admission, yaml, policy, quantity; default 600 s), replay what
#                                      it found, and copy each new crash, hang or finding into
#                                      tests/Guardrails.Fuzz/Regressions/TARGET/ to be committed as a regression test
#   build/fuzz.sh --ci [SECONDS]       every target for SECONDS each (default 45); fails on any crash, hang or finding
#                                      but those that fail exactly as a known-open input does (Regressions/known-open.txt)
#   build/fuzz.sh --uninstrumented TARGET [SECONDS]
#                                      the same run on assemblies left uninstrumented: afl-fuzz must refuse it ("No
#                                      instrumentation detected"), which shows that the real runs measure coverage
#
# It installs afl-fuzz (Debian's afl++) when missing, restores the pinned SharpFuzz.CommandLine tool
# (.config/dotnet-tools.json), publishes tests/Guardrails.Fuzz in Release, instruments the Guardrails assemblies,
# YamlDotNet and the quantity parser, and runs afl-fuzz on seeds from the repository's fixtures (and
# ../shared/fixtures/admission-reviews when present). Work files go to artifacts/fuzz/ (FUZZ_WORK to change);
# FUZZ_REUSE_BUILD=1 reuses the instrumented build already there, to fuzz several targets at once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
work="${FUZZ_WORK:-$root/artifacts/fuzz}"
project="$root/tests/Guardrails.Fuzz"
regressions="$project/Regressions"
targets=(admission yaml policy quantity)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

fail() {
  echo "fuzz: $*" >&2
  exit 1
}

is_target() {
  local t
  for t in "${targets[@]}"; do [ "$t" = "$1" ] && return 0; done
  return 1
}

# afl-fuzz kills an input that runs past this many milliseconds (a hang). It covers a restart of the .NET child
# after a crash, which the next input pays for (the admission target loads the pack then, instrumented); each
# target's own bound (FuzzTarget.Bound), which the replay of a hang applies, is within it.
timeout_ms() {
  case "$1" in
    admission | policy) echo 10000 ;;
    quantity) echo 3000 ;;
    *) echo 5000 ;;
  esac
}

dictionaries() {
  local d="$project/Dictionaries"
  case "$1" in
    admission) echo "-x $d/json.dict -x $d/kubernetes.dict -x $d/quantity.dict" ;;
    yaml) echo "-x $d/yaml.dict -x $d/kubernetes.dict" ;;
    policy) echo "-x $d/yaml.dict -x $d/policy.dict" ;;
    quantity) echo "-x $d/quantity.dict" ;;
  esac
}

# Seed sources: the repository's fixtures, the shared admission reviews beside the repository, the target's own
# seeds and every kept regression input except the known-open ones (a known hang would stop afl-fuzz's dry run).
seed_sources() {
  case "$1" in
    admission)
      ls "$root"/tests/Guardrails.Webhook.Tests/Fixtures/admission-reviews/*.json
      ls "$root"/../shared/fixtures/admission-reviews/*.json 2>/dev/null || true
      ;;
    yaml)
      ls "$root"/examples/*.yaml "$root"/policies/*/tests/*.yaml "$root"/policies/tests/*.yaml
      ;;
    policy)
      ls "$root"/policies/*/policy.yaml
      ;;
  esac
  if [ -d "$project/Seeds/$1" ]; then find "$project/Seeds/$1" -type f; fi
  if [ -d "$regressions/$1" ]; then
    find "$regressions/$1" -type f | while IFS= read -r file; do
      known_open "$1/$(basename "$file")" || echo "$file"
    done
  fi
}

known_open() {
  [ -f "$regressions/known-open.txt" ] && grep -q "^$1[[:space:]]" "$regressions/known-open.txt"
}

# Copies of the seeds named by content, so that a fixture in two places is one seed.
collect_seeds() {
  local target="$1" out="$2" file
  rm -rf "$out"
  mkdir -p "$out"
  seed_sources "$target" | while IFS= read -r file; do
    cp "$file" "$out/$(sha1sum "$file" | cut -c1-16)"
  done
  [ -n "$(ls -A "$out")" ] || fail "no seeds for $target"
}

install_afl() {
  command -v afl-fuzz >/dev/null 2>&1 && return 0
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  echo "fuzz: installing afl++ from Debian"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends afl++ >/dev/null
  command -v afl-fuzz >/dev/null 2>&1 || fail "afl-fuzz is not on PATH after installing afl++"
}

# Publishes the fuzz project into fresh folders (instrumenting rewrites files in place, so never over an old one):
# bin/ is what afl-fuzz runs, instrumented unless asked not to be; plain/ stays uninstrumented, for replaying findings
# (instrumented code needs afl-fuzz's coverage map and faults without it).
publish() {
  local instrument="$1" bin="$work/bin"
  if [ "${FUZZ_REUSE_BUILD:-}" = 1 ] && [ -f "$bin/Guardrails.Fuzz.dll" ] && [ -f "$work/plain/Guardrails.Fuzz.dll" ]; then
    echo "fuzz: reusing the build in $work (FUZZ_REUSE_BUILD=1)"
    return 0
  fi
  rm -rf "$bin" "$work/plain"
  echo "fuzz: publishing tests/Guardrails.Fuzz (Release)"
  dotnet publish "$project" -c Release -o "$bin" --nologo -v quiet >"$work/publish.log" 2>&1 || {
    cat "$work/publish.log" >&2
    fail "dotnet publish failed"
  }
  cp -a "$bin" "$work/plain"
  [ "$instrument" = yes ] || return 0
  dotnet tool restore >/dev/null
  local assembly
  for assembly in Guardrails.Engine.dll Guardrails.Schema.dll Guardrails.Yaml.dll Guardrails.Webhook.dll YamlDotNet.dll Fractions.dll; do
    sharpfuzz "$bin/$assembly"
  done
  # Of KubernetesClient only the quantity parser: the rest is model classes the targets never run.
  sharpfuzz "$bin/KubernetesClient.Aot.dll" k8s.Models.ResourceQuantity
}

sharpfuzz() {
  local output
  output="$(dotnet tool run sharpfuzz "$@" 2>&1)" || fail "sharpfuzz $* failed: $output"
  # The tool prints its errors and still exits 0.
  [ -z "$output" ] || fail "sharpfuzz $*: $output"
  echo "fuzz: instrumented $(basename "$1")${2:+ ($2)}"
}

stat_of() {
  sed -n "s/^$1 *: *//p" "$2"
}

# Runs afl-fuzz on one target; prints the campaign's figures; returns the number of crashes, hangs and findings.
run_target() {
  local target="$1" seconds="$2" out="$work/$1"
  collect_seeds "$target" "$out/seeds"
  rm -rf "$out/findings"
  echo "fuzz: $target for ${seconds} s on $(ls "$out/seeds" | wc -l) seeds (-t $(timeout_ms "$target") ms)"
  local status=0
  # shellcheck disable=SC2046 # the dictionary options are words on purpose
  AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_FAST_CAL=1 \
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CRASHES=1 \
    DOTNET_GCHeapHardLimit=0x40000000 \
    afl-fuzz -i "$out/seeds" -o "$out/findings" $(dictionaries "$target") -t "$(timeout_ms "$target")" -m none -V "$seconds" \
    -- dotnet "$work/bin/Guardrails.Fuzz.dll" fuzz "$target" >"$out/afl.log" 2>&1 || status=$?
  local stats="$out/findings/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    tail -30 "$out/afl.log" >&2
    echo "fuzz: afl-fuzz exited with $status before it started fuzzing $target" >&2
    return 100
  fi
  echo "fuzz: $target: $(stat_of execs_done "$stats") execs ($(stat_of execs_per_sec "$stats")/s) in $(stat_of run_time "$stats") s," \
    "$(stat_of edges_found "$stats") edges ($(stat_of bitmap_cvg "$stats") of the map), corpus $(stat_of corpus_count "$stats")" \
    "($(stat_of corpus_found "$stats") found), stability $(stat_of stability "$stats"), crashes $(stat_of saved_crashes "$stats")," \
    "hangs $(stat_of saved_hangs "$stats")"
  [ "$(stat_of edges_found "$stats")" -gt 0 ] || { echo "fuzz: $target: afl-fuzz saw no coverage" >&2; return 100; }
  triage "$target"
}

# What a replay failed with, with the numbers taken out: findings with the same signature are one kind of failure.
signature() {
  echo "$1" | head -1 | sed -E 's/^.* (finding|crashed|hung) after [0-9]+ ms: //; s/\[[0-9A-F]*\]/[..]/g; s/[0-9]+/N/g'
}

replay() {
  timeout 120 dotnet "$work/plain/Guardrails.Fuzz.dll" replay "$1" "$2" 2>&1
}

# The signatures of the target's known-open inputs (Regressions/known-open.txt), one per line with its input.
known_open_signatures() {
  local target="$1" input output
  [ -f "$regressions/known-open.txt" ] || return 0
  grep -v '^#' "$regressions/known-open.txt" | awk '{print $1}' | grep "^$target/" | while IFS= read -r input; do
    output="$(replay "$target" "$regressions/$input")" && continue
    printf '%s\t%s\n' "$(signature "$output")" "$input"
  done
}

# Replays each saved crash and hang outside afl-fuzz (a new process each, on the uninstrumented build, within the
# target's bound) and says what it was. What reproduces counts, once per kind of failure, unless a known-open input
# fails the same way (its issue is being fixed elsewhere; it is named, not counted). Outside CI the first input of
# each new kind is copied into the regression folder under a name from its content; in CI it is printed. A hang that
# does not reproduce is reported and not counted: afl-fuzz's timer also runs while a busy machine starts a new .NET
# child.
triage() {
  local target="$1" found=0 file kind name output status sig seen="" known="" known_done="" known_input
  for file in "$work/$target/findings/default/crashes/id:"* "$work/$target/findings/default/hangs/id:"*; do
    [ -f "$file" ] || continue
    kind="$(basename "$(dirname "$file")")"
    kind="${kind%es}"
    kind="${kind%s}"
    name="$kind-$(sha1sum "$file" | cut -c1-16)"
    status=0
    output="$(replay "$target" "$file")" || status=$?
    if [ "$status" -eq 0 ]; then
      echo "fuzz: $target $kind $(basename "$file") passes when replayed (not counted)"
      continue
    fi
    sig="$(signature "$output")"
    if printf '%s\n' "$seen" | grep -qxF -- "$sig"; then
      continue
    fi
    seen="$seen"$'\n'"$sig"
    if [ -z "$known_done" ]; then
      known="$(known_open_signatures "$target")"
      known_done=1
    fi
    known_input="$(printf '%s\n' "$known" | awk -F '\t' -v s="$sig" '$1 == s {print $2; exit}')"
    if [ -n "$known_input" ]; then
      echo "fuzz: $target $kind $(basename "$file"): known open, fails as Regressions/$known_input does: $sig"
      continue
    fi
    found=$((found + 1))
    echo "fuzz: $target $kind $(basename "$file"):"
    echo "$output" | head -6 | sed 's/^/    /'
    if [ "${CI:-}" != true ]; then
      mkdir -p "$regressions/$target"
      if [ ! -e "$regressions/$target/$name" ]; then
        cp "$file" "$regressions/$target/$name"
        echo "    kept as tests/Guardrails.Fuzz/Regressions/$target/$name"
      fi
    else
      echo "    input (base64): $(head -c 4096 "$file" | base64 -w0)"
    fi
  done
  return $((found > 99 ? 99 : found))
}

main() {
  [ $# -ge 1 ] || usage
  mkdir -p "$work"
  install_afl
  case "$1" in
    --ci)
      local seconds="${2:-45}" total=0 count target
      publish yes
      for target in "${targets[@]}"; do
        count=0
        run_target "$target" "$seconds" || count=$?
        [ "$count" -ne 100 ] || fail "$target could not be fuzzed"
        total=$((total + count))
      done
      [ "$total" -eq 0 ] || fail "$total crashes, hangs or findings (replayed above); keep each input in tests/Guardrails.Fuzz/Regressions/ and fix it"
      echo "fuzz: every target ran ${seconds} s with no crash, hang or finding but the known-open ones named above"
      ;;
    --uninstrumented)
      is_target "${2:-}" || usage
      publish no
      local count=0
      run_target "$2" "${3:-30}" || count=$?
      if grep -q "No instrumentation detected" "$work/$2/afl.log"; then
        echo "fuzz: afl-fuzz refuses the uninstrumented build: \"$(grep -o 'No instrumentation detected[^[]*' "$work/$2/afl.log" | head -1)\""
      else
        fail "afl-fuzz ran the uninstrumented build without saying it has no instrumentation"
      fi
      ;;
    *)
      is_target "$1" || usage
      publish yes
      local count=0
      run_target "$1" "${2:-600}" || count=$?
      [ "$count" -ne 100 ] || fail "$1 could not be fuzzed"
      [ "$count" -eq 0 ] || fail "$1: $count crashes, hangs or findings; new ones were copied into tests/Guardrails.Fuzz/Regressions/$1/"
      ;;
  esac
}

# On one line, so that bash has read it all before it runs (the file may change while a campaign runs).
main "$@"; exit $?
