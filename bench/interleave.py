"""Times shell commands in interleaved rounds: bench/run.sh's throughput measurement.

    python3 bench/interleave.py OUT.json ROUNDS NAME=COMMAND...

Each round runs every command once, in a shuffled order, after one warm-up run of each. On a
shared machine the speed drifts over seconds; hyperfine runs all of one command before the
next, so a drift lands on one side of a ratio. Interleaving spreads it over all commands.
Writes hyperfine's JSON layout (command, mean, median, stddev, user, system, min, max, times)
so the rest of the benchmark reads either.
"""
import json
import random
import resource
import statistics
import subprocess
import sys
import time


def run(command):
    """Wall-clock seconds and (user, system) CPU seconds of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def main():
    out, rounds = sys.argv[1], int(sys.argv[2])
    commands = dict(arg.split("=", 1) for arg in sys.argv[3:])
    runs = {name: [] for name in commands}
    for command in commands.values():
        run(command)
    for _ in range(rounds):
        order = list(commands)
        random.shuffle(order)
        for name in order:
            runs[name].append(run(commands[name]))
    results = []
    for name, measured in runs.items():
        walls = [wall for wall, _, _ in measured]
        results.append({
            "command": name,
            "mean": statistics.mean(walls),
            "median": statistics.median(walls),
            "stddev": statistics.stdev(walls) if len(walls) > 1 else 0.0,
            "user": statistics.mean(user for _, user, _ in measured),
            "system": statistics.mean(system for _, _, system in measured),
            "min": min(walls),
            "max": max(walls),
            "times": walls,
        })
        print(f"{name:15s} median {results[-1]['median']:.3f} s  mean {results[-1]['mean']:.3f} s"
              f"  ± {results[-1]['stddev']:.3f}  ({rounds} runs)")
    with open(out, "w") as f:
        json.dump({"results": results}, f, indent=2)


if __name__ == "__main__":
    main()
