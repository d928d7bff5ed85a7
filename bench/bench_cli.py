"""Everyday commands against other Python CLIs: `llm-roadmap tracks`, `path`, `show`, `search`.

Each command runs as a fresh process, as a user types it, against
``datasette --version`` and ``llm --version`` (two CLIs of the same kind:
click, plugins through pluggy) in the same round; each figure is the median
over the rounds, each ratio the median of the per-round ratios (every command
runs once before the rounds, for the OS's file cache). Aims (issue 21): at
most 0.4x datasette and 0.4x llm.

The baselines must be installed beside llm-roadmap (``pip install datasette
llm``); without them their rows are skipped.

    python bench/bench_cli.py [--repeat N]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = {
    "llm-roadmap tracks": ["tracks"],
    "llm-roadmap path llm-foundations": ["path", "llm-foundations"],
    "llm-roadmap show transformer": ["show", "transformer"],
    "llm-roadmap search attention": ["search", "attention"],
}
BASELINES = {"datasette --version": "datasette", "llm --version": "llm"}
AIMS = {"datasette --version": 0.4, "llm --version": 0.4}


def _program(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    return found or ""


def _run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    ours = _program("llm-roadmap")
    baselines = {label: _program(name) for label, name in BASELINES.items()}
    missing = [label for label, path in baselines.items() if not path]
    baselines = {label: path for label, path in baselines.items() if path}
    with tempfile.TemporaryDirectory(prefix="llm-roadmap-bench-") as tmp:
        env = {
            **os.environ,
            "LLM_ROADMAP_DATA_DIR": tmp,
            "NO_COLOR": "1",
            "COLUMNS": "100",
        }
        argvs = {label: [ours, *rest] for label, rest in COMMANDS.items()}
        argvs.update({label: [path, "--version"] for label, path in baselines.items()})
        for argv in argvs.values():
            _run(argv, env)  # warm: the OS's file cache
        times: dict[str, list[float]] = {label: [] for label in argvs}
        for _ in range(args.repeat):
            for label, argv in argvs.items():
                times[label].append(_run(argv, env))
    print(f"Python {sys.version.split()[0]}; medians of {args.repeat} rounds")
    print()
    header = " | ".join(f"÷ {label}" for label in baselines)
    print(f"| command | seconds | {header} |")
    print("|---|---:|" + "---:|" * len(baselines))
    for label in baselines:
        print(
            f"| {label} (baseline) | {statistics.median(times[label]):.3f} |"
            + " |" * len(baselines)
        )
    for label in COMMANDS:
        cells = []
        for base in baselines:
            ratio = statistics.median(a / b for a, b in zip(times[label], times[base]))
            verdict = "meets" if ratio <= AIMS[base] else "misses"
            cells.append(f"{ratio:.2f} ({verdict} ≤ {AIMS[base]})")
        print(f"| {label} | {statistics.median(times[label]):.3f} | " + " | ".join(cells) + " |")
    for label in missing:
        print(f"({label}: not installed, skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
