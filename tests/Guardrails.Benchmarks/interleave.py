#!/usr/bin/env python3
"""Interleaved A/B timing of whole commands: each round runs every command once, in turn, so that a machine whose speed
drifts (other builds on the same cores) slows every command alike. Prints, per command, the median wall time, the median
CPU time (user + system) and the median peak RSS of its process, with the load average before and after.

Usage: interleave.py [-n RUNS] [-w WARMUP] [--stdout FILE] [--each] 'LABEL=COMMAND' ['LABEL=COMMAND' ...]

COMMAND is split like a shell would split it (no pipes, no redirection); its standard output goes to /dev/null unless
--stdout names a file, and its exit code is reported but never stops the run (`check` exits 1 on violations). Each
process's own resource use comes from wait4, so nothing else on the machine is counted in its CPU time or RSS.
With --each, every measured round is printed too: each command's wall and CPU time and the load average after it.

Examples (docs/performance.md):
  interleave.py -n 40 -w 5 'main=/tmp/a/guardrails check /tmp/small' 'new=/tmp/b/guardrails check /tmp/small'
  interleave.py -n 3 'text=guardrails check /tmp/c10k' 'json=guardrails check /tmp/c10k --format json --output /dev/null'
"""
import argparse
import os
import shlex
import statistics
import subprocess
import time


def run_once(argv, stdout):
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--runs", type=int, default=20, help="measured rounds (default 20)")
    parser.add_argument("-w", "--warmup", type=int, default=2, help="unmeasured rounds first (default 2)")
    parser.add_argument("--stdout", default=os.devnull, help="where the commands' standard output goes")
    parser.add_argument("--each", action="store_true", help="print every measured round with its load average")
    parser.add_argument("commands", nargs="+", metavar="LABEL=COMMAND")
    args = parser.parse_args()

    commands = []
    for spec in args.commands:
        label, sep, command = spec.partition("=")
        if not sep or not command.strip():
            parser.error(f"'{spec}' is not LABEL=COMMAND")
        commands.append((label, shlex.split(command)))

    results = {label: [] for label, _ in commands}
    codes = {label: set() for label, _ in commands}
    load_before = open("/proc/loadavg").read().split()[:3]
    with open(args.stdout, "wb") as stdout:
        for round_ in range(args.warmup + args.runs):
            for label, argv in commands:
                wall, cpu, rss, code = run_once(argv, stdout)
                codes[label].add(code)
                if round_ >= args.warmup:
                    results[label].append((wall, cpu, rss))
            if args.each and round_ >= args.warmup:
                figures = "; ".join(f"{label} {fmt(results[label][-1][0])} wall, {fmt(results[label][-1][1])} CPU" for label, _ in commands)
                print(f"  round {round_ - args.warmup + 1}: {figures}; load average {open('/proc/loadavg').read().split()[0]}", flush=True)
    load_after = open("/proc/loadavg").read().split()[:3]

    print(f"{args.runs} interleaved rounds after {args.warmup} warm-up; load average {' '.join(load_before)} before, "
          f"{' '.join(load_after)} after, {os.cpu_count()} cores")
    for label, _ in commands:
        walls = sorted(r[0] for r in results[label])
        cpus = [r[1] for r in results[label]]
        rsss = [r[2] for r in results[label]]
        quartiles = statistics.quantiles(walls, n=4) if len(walls) > 1 else [walls[0]] * 3
        print(f"  {label:<24} wall median {fmt(statistics.median(walls))} (quartiles {fmt(quartiles[0])} to {fmt(quartiles[2])}, "
              f"min {fmt(walls[0])}); CPU median {fmt(statistics.median(cpus))}; peak RSS median {statistics.median(rsss):.0f} MiB, "
              f"max {max(rsss):.0f} MiB; exit {','.join(map(str, sorted(codes[label])))}")


def fmt(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


if __name__ == "__main__":
    main()
