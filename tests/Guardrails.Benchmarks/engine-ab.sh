#!/usr/bin/env bash
# Interleaved A/B of the engine benchmark across processes (not a timed test): runs ThreadCpuRunner's paired mode
# (both builds in one process, batches alternating) in PROCESSES processes, the new build hosting the old one in every
# other process and the old hosting the new in the rest, and prints per benchmark each process's ratio new/old and
# their geometric mean. One process alone can be off by several percent: each process compiles both builds anew, and
# the JIT's choices for a build differ from one process to the next.
#
# Usage: tests/Guardrails.Benchmarks/engine-ab.sh NEW_DIR OLD_DIR [PROCESSES] [ROUNDS]
#   NEW_DIR, OLD_DIR  the output folders of `dotnet build -c Release tests/Guardrails.Benchmarks` of the two builds
#                     (bin/Release/net10.0), each inside a clone or worktree of the repository (the benchmark finds its
#                     inputs from its own folder)
#   PROCESSES         default 6; ROUNDS paired rounds per process, default 12 (10,000 evaluations per batch)
set -euo pipefail

new="$1/Guardrails.Benchmarks.dll"
old="$2/Guardrails.Benchmarks.dll"
processes="${3:-6}"
rounds="${4:-12}"
echo "engine A/B: $1 (new) against $2 (old), $processes processes of $rounds paired rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)"

for i in $(seq 1 "$processes"); do
  if (( i % 2 )); then
    dotnet "$new" --thread-cpu --paired "$old" 10000 "$rounds" | awk '/this build over the other/ { sub(":", "", $1); print $1, $12 }'
  else
    dotnet "$old" --thread-cpu --paired "$new" 10000 "$rounds" | awk '/this build over the other/ { sub(":", "", $1); print $1, 1 / $12 }'
  fi
done | awk '
  { log_sum[$1] += log($2); count[$1]++; ratios[$1] = ratios[$1] sprintf(" %.3f", $2) }
  END { for (name in log_sum) printf "%s: new/old geometric mean %.3f over %d processes (each:%s)\n", name, exp(log_sum[name] / count[name]), count[name], ratios[name] }'
