"""Cost of `import llm_roadmap` and of `load()`, as ratios against same-run baselines.

- import: a fresh interpreter running ``import llm_roadmap`` against one running
  ``import attrs`` (the one dependency the model cannot do without) and one
  running ``pass``.
- load: ``llm_roadmap.load()`` (plugins discovered, data read, structured with
  cattrs, validated, indexed) against parsing the same TOML files with the
  stdlib's ``tomllib`` alone.

Run with ``nox -s bench`` or ``python bench/bench_load.py``.
"""

import statistics
import subprocess
import sys
import time
from importlib.resources import files
from typing import Callable

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

REPEAT = 15


def _interpreter(code: str) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _in_process(func: Callable[[], object], repeat: int = REPEAT) -> float:
    func()  # warm-up: first-use code generation is measured separately below
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _stdlib_parse() -> None:
    root = files("llm_roadmap.data")
    for folder in ("resources", "tracks"):
        for item in sorted((root / folder).iterdir(), key=lambda p: p.name):
            if item.name.endswith(".toml"):
                tomllib.loads(item.read_bytes().decode("utf-8"))


def main() -> None:
    import llm_roadmap

    bare = _interpreter("pass")
    attrs_only = _interpreter("import attrs")
    ours = _interpreter("import llm_roadmap")
    first_load = _interpreter("import llm_roadmap; llm_roadmap.load()")
    parse = _in_process(_stdlib_parse)
    load = _in_process(llm_roadmap.load)
    rm = llm_roadmap.load()
    rows = [
        ("python -c pass", bare, bare / bare),
        ("python -c 'import attrs'", attrs_only, attrs_only / attrs_only),
        ("python -c 'import llm_roadmap'", ours, ours / attrs_only),
        (
            "  (import cost above bare python)",
            ours - bare,
            (ours - bare) / max(attrs_only - bare, 1e-9),
        ),
        ("python -c 'import llm_roadmap; llm_roadmap.load()'", first_load, first_load / attrs_only),
        ("tomllib parse of the bundled files (in process)", parse, 1.0),
        ("llm_roadmap.load() (in process, warm)", load, load / parse),
    ]
    print(
        f"Python {sys.version.split()[0]}; {len(rm.tracks)} tracks, {len(rm.topics)} topics, "
        f"{len(rm.resources)} resources; median of {REPEAT} runs"
    )
    print(f"{'measurement':<55} {'seconds':>9} {'ratio':>7}")
    for name, seconds, ratio in rows:
        print(f"{name:<55} {seconds:>9.4f} {ratio:>6.2f}x")
    print("ratios: import rows against 'import attrs'; load rows against the tomllib parse")


if __name__ == "__main__":
    main()
