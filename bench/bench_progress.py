"""The progress commands as ratios against ``llm-roadmap tracks``, measured in the same run.

``tracks`` loads the roadmap and prints one line per track: the least a
command does. ``mark`` does that, then takes the progress file's lock, reads
the file, marks and writes it atomically; ``progress`` reads the file and
derives every topic's status; ``next`` derives the open topics. The progress
file starts with every bundled resource and topic marked (a learner at the
end of the roadmap) and a few ids of a plugin that is not installed.

Each round runs ``tracks`` and the command under test back to back, as fresh
processes (what a learner runs), and takes their ratio; the median over the
rounds is reported, which keeps a busy machine's noise out of the ratio. The
aim is at most 1.1x: the progress file adds nothing a learner would notice.

    python bench/bench_progress.py [--repeat R]
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import llm_roadmap
from llm_roadmap import Progress


def _seed(path: Path) -> int:
    rm = llm_roadmap.load()
    p = Progress()
    statuses = ("done", "learning", "skipped")
    for i, resource in enumerate(rm.resources):
        p.mark(resource.id, statuses[i % 3])
    for i, topic in enumerate(rm.topics):
        if i % 4 == 0:
            p.mark(topic.id, "done", topic=True)
    for i in range(20):
        p.mark(f"uninstalled-plugin-resource-{i}", "done")
    p.save(path)
    return len(p.resources) + len(p.topics)


def _time(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *args],
        env=env,
        # `-m` puts the working directory first on sys.path: run from a checkout,
        # it would time the source tree (compiled afresh where bytecode is not
        # written), not the installed package.
        cwd=env["LLM_ROADMAP_DATA_DIR"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="rounds (default 15)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "LLM_ROADMAP_DATA_DIR": data, "NO_COLOR": "1"}
        entries = _seed(Path(data) / "progress.json")
        commands = {
            "mark": lambda i: ["mark", "done" if i % 2 else "learning", "d2l-zh", "transformer"],
            "progress": lambda i: ["progress"],
            "next": lambda i: ["next"],
        }
        print(f"Python {platform.python_version()} on {platform.system()} {platform.machine()}")
        print(f"progress file: {entries} entries; {args.repeat} rounds, median\n")
        print(f"{'command':<10} {'tracks (s)':>11} {'command (s)':>12} {'ratio':>7}")
        # One untimed run of each warms the file cache and compiled bytecode.
        _time(["tracks"], env)
        for build in commands.values():
            _time(build(0), env)
        for name, build in commands.items():
            base_times, times, ratios = [], [], []
            for i in range(args.repeat):
                base = _time(["tracks"], env)
                took = _time(build(i), env)
                base_times.append(base)
                times.append(took)
                ratios.append(took / base)
            print(
                f"{name:<10} {statistics.median(base_times):>11.3f}"
                f" {statistics.median(times):>12.3f} {statistics.median(ratios):>6.2f}x"
            )


if __name__ == "__main__":
    main()
