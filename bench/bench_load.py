"""Cost of `import llm_roadmap` and of `load()`, as ratios against same-run baselines.

- import: a fresh interpreter running ``import llm_roadmap`` against one running
  ``import attrs`` (the one dependency the model cannot do without);
- a load: a fresh interpreter running ``import llm_roadmap; llm_roadmap.load()``
  (bundled data and installed plugins, read, structured and validated: there is
  one load path, with no cache) against one importing attrs, pluggy and tomllib;
  the directories are named by ``LLM_ROADMAP_DATA_DIR``, and a second row
  finds them as a user's load does, with platformdirs;
- in process: ``llm_roadmap.load()`` against a ``tomllib`` parse of the bundled files.

The interpreters run in turn within each round (so a busy machine slows them
alike); each figure is the median over the rounds. Aim (issue 21): import at
most 1.3x ``import attrs``.

Run with ``nox -s bench`` or ``python bench/bench_load.py [--repeat N]``.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.resources import files
from typing import Callable

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]


def _run(code: str, env: dict[str, str], folder: str) -> float:
    # In the bench's own folder: `python -c` puts the working directory first
    # on sys.path, and from a checkout that would import the source tree (not
    # the installed, compiled package).
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=folder)
    return time.perf_counter() - start


def _in_process(func: Callable[[], object], repeat: int) -> float:
    func()  # warm-up
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    import llm_roadmap

    with tempfile.TemporaryDirectory(prefix="llm-roadmap-bench-") as tmp:
        named = {**os.environ, "LLM_ROADMAP_DATA_DIR": tmp}
        # The user's directories, from platformdirs (it honours the XDG variables).
        default = {
            **{k: v for k, v in os.environ.items() if not k.startswith("LLM_ROADMAP_")},
            "XDG_CACHE_HOME": f"{tmp}/xdg-cache",
            "XDG_DATA_HOME": f"{tmp}/xdg-data",
        }
        load = "import llm_roadmap; llm_roadmap.load()"
        commands = {
            "pass": ("pass", named),
            "attrs": ("import attrs", named),
            "ours": ("import llm_roadmap", named),
            "trio": ("import attrs, pluggy, tomllib", named),
            "load": (load, named),
            "default": (load, default),
        }
        for code, env in commands.values():
            _run(code, env, tmp)  # warm: the OS's file cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, (code, env) in commands.items():
                times[name].append(_run(code, env, tmp))
        med = {name: statistics.median(values) for name, values in times.items()}
        os.environ.update(LLM_ROADMAP_DATA_DIR=tmp)
        parse = _in_process(_stdlib_parse, args.repeat)
        full = _in_process(llm_roadmap.load, args.repeat)
        rm = llm_roadmap.load()
    rows = [
        ("python -c pass", med["pass"], med["pass"] / med["attrs"], ""),
        ("python -c 'import attrs' (baseline)", med["attrs"], 1.0, ""),
        ("python -c 'import llm_roadmap'", med["ours"], med["ours"] / med["attrs"], "≤ 1.30"),
        ("python -c 'import attrs, pluggy, tomllib' (baseline)", med["trio"], 1.0, ""),
        ("import llm_roadmap; load()", med["load"], med["load"] / med["trio"], ""),
        (
            "the same, directories found by platformdirs (a user's load)",
            med["default"],
            med["default"] / med["trio"],
            "",
        ),
        ("tomllib parse of the bundled files, in process (baseline)", parse, 1.0, ""),
        ("load(), in process: read, structured, validated", full, full / parse, ""),
    ]
    print(
        f"Python {sys.version.split()[0]}; {len(rm.tracks)} tracks, {len(rm.topics)} topics, "
        f"{len(rm.resources)} resources, {len(rm.plugins)} plugins; medians of {args.repeat} rounds"
    )
    print()
    print("| measurement | seconds | ratio | aim |")
    print("|---|---:|---:|---|")
    for name, seconds, ratio, aim in rows:
        print(f"| {name} | {seconds:.4f} | {ratio:.2f}x | {aim} |")


if __name__ == "__main__":
    main()
