#!/usr/bin/python3
"""Python Trio peers of the TrioSharp benchmarks: the same workloads, timed the same way.

Usage: /usr/bin/python3 bench/peers/trio_bench.py [--reps N] [WORKLOAD ...]

Workloads (all of them when none is named):
  spawn          spawn and join 10,000 tasks in a nursery; each passes one checkpoint  (SpawnBenchmarks)
  checkpoint     10,000 checkpoints in one task                                        (CheckpointBenchmarks)
  channel-0      one producer, one consumer, 100,000 ints, capacity 0                  (ChannelBenchmarks, 0)
  channel-1024   the same with capacity 1,024                                          (ChannelBenchmarks, 1024)
  semaphore      10 tasks x 1,000 acquisitions of a 2-slot Semaphore, a checkpoint
                 inside each                                                           (SemaphoreBenchmarks)

Each repetition is one trio.run, timed with time.perf_counter from before trio.run to after it returns,
as each BenchmarkDotNet invocation of the C# side includes one Trio.Run. One untimed warm-up run comes
first. For each workload one JSON line goes to stdout:
  {"workload": "spawn", "ops": 10000, "reps": 7, "median_us_per_op": 6.9, "min_us_per_op": 6.7, ...}
Times are microseconds per operation: per task, per checkpoint, per message, per acquisition.
"""

import argparse
import json
import statistics
import sys
import time

import trio

SPAWN_TASKS = 10_000
CHECKPOINTS = 10_000
MESSAGES = 100_000
SEMAPHORE_TASKS = 10
ACQUISITIONS_PER_TASK = 1_000
SEMAPHORE_SLOTS = 2


async def spawn():
    async def child():
        await trio.lowlevel.checkpoint()

    async with trio.open_nursery() as nursery:
        for _ in range(SPAWN_TASKS):
            nursery.start_soon(child)


async def checkpoint():
    for _ in range(CHECKPOINTS):
        await trio.lowlevel.checkpoint()


def channel(capacity):
    async def run():
        send, receive = trio.open_memory_channel(capacity)

        async def produce():
            async with send:
                for i in range(MESSAGES):
                    await send.send(i)

        async def consume():
            async with receive:
                async for _ in receive:
                    pass

        async with trio.open_nursery() as nursery:
            nursery.start_soon(produce)
            nursery.start_soon(consume)

    return run


async def semaphore():
    sem = trio.Semaphore(SEMAPHORE_SLOTS)

    async def worker():
        for _ in range(ACQUISITIONS_PER_TASK):
            async with sem:
                await trio.lowlevel.checkpoint()

    async with trio.open_nursery() as nursery:
        for _ in range(SEMAPHORE_TASKS):
            nursery.start_soon(worker)


WORKLOADS = {
    "spawn": (spawn, SPAWN_TASKS),
    "checkpoint": (checkpoint, CHECKPOINTS),
    "channel-0": (channel(0), MESSAGES),
    "channel-1024": (channel(1024), MESSAGES),
    "semaphore": (semaphore, SEMAPHORE_TASKS * ACQUISITIONS_PER_TASK),
}


def measure(name, reps):
    main, ops = WORKLOADS[name]
    trio.run(main)  # warm-up: imports, code paths and allocator caches
    per_op = []
    for _ in range(reps):
        start = time.perf_counter()
        trio.run(main)
        per_op.append((time.perf_counter() - start) * 1e6 / ops)
    return {
        "workload": name,
        "ops": ops,
        "reps": reps,
        "median_us_per_op": round(statistics.median(per_op), 4),
        "min_us_per_op": round(min(per_op), 4),
        "max_us_per_op": round(max(per_op), 4),
        "trio": trio.__version__,
        "python": sys.version.split()[0],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=7, help="timed repetitions per workload (default 7)")
    parser.add_argument("workloads", nargs="*", metavar="WORKLOAD", help="any of: " + ", ".join(WORKLOADS))
    args = parser.parse_args()
    unknown = [name for name in args.workloads if name not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(unknown)}; choose from {', '.join(WORKLOADS)}")
    for name in args.workloads or WORKLOADS:
        print(json.dumps(measure(name, args.reps)), flush=True)


if __name__ == "__main__":
    main()
