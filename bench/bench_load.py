"""Cost of `import llm_roadmap` and of `load()`, as ratios against same-run baselines.

- import: a fresh interpreter running ``import llm_roadmap`` against one running
  ``import attrs`` (the one dependency the model cannot do without).
- first load: a fresh interpreter running ``import llm_roadmap; llm_roadmap.load()``
  (bundled data and installed plugins) against one importing attrs, pluggy and
  tomllib, with the cache of loaded data warm (the everyday case) and empty
  (the first run after an install or a change of the data or plugins). The
  cache and data directories are named by ``LLM_ROADMAP_CACHE_DIR`` and
  ``LLM_ROADMAP_DATA_DIR``; a third run finds them as a user's load does, with
  platformdirs (under ``XDG_CACHE_HOME`` and ``XDG_DATA_HOME`` pointed at the
  bench's folder), which costs the import of platformdirs.
- in process: ``llm_roadmap.load()`` against a ``tomllib`` parse of the bundled
  files, from the cache and without it.

The interpreters run in turn within each round (so a busy machine slows them
alike); each figure is the median over the rounds. Aims (issue 14): import at
most 1.3x, first load at most 1.5x.

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
from pathlib import Path
from typing import Callable

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]


def _run(code: str, env: dict[str, str]) -> float:
    # In the bench's own folder: `python -c` puts the working directory first
    # on sys.path, and from a checkout that would import the source tree (not
    # the installed, compiled package) and scan the checkout for plugins.
    folder = env["XDG_DATA_HOME"] if "XDG_DATA_HOME" in env else env["LLM_ROADMAP_DATA_DIR"]
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=folder)
    return time.perf_counter() - start


def _in_process(func: Callable[[], object], repeat: int) -> float:
    func()  # warm-up: first-use code generation, and the cache written
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

    _Nothing.register_tracks = llm_roadmap.hookimpl(_Nothing.register_tracks)  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory(prefix="llm-roadmap-bench-") as tmp:
        warm = {**os.environ, "LLM_ROADMAP_CACHE_DIR": f"{tmp}/cache", "LLM_ROADMAP_DATA_DIR": tmp}
        # The user's directories, from platformdirs (it honours the XDG variables).
        default = {
            **{k: v for k, v in os.environ.items() if not k.startswith("LLM_ROADMAP_")},
            "XDG_CACHE_HOME": f"{tmp}/xdg-cache",
            "XDG_DATA_HOME": f"{tmp}/xdg-data",
        }
        Path(default["XDG_DATA_HOME"]).mkdir()
        load = "import llm_roadmap; llm_roadmap.load()"
        _run(load, warm)  # writes the cache
        _run(load, default)
        commands = {
            "pass": ("pass", warm),
            "attrs": ("import attrs", warm),
            "ours": ("import llm_roadmap", warm),
            "trio": ("import attrs, pluggy, tomllib", warm),
            "warm": (load, warm),
            "default": (load, default),
        }
        times: dict[str, list[float]] = {name: [] for name in [*commands, "cold"]}
        for n in range(args.repeat):
            for name, (code, env) in commands.items():
                times[name].append(_run(code, env))
            cold = {**warm, "LLM_ROADMAP_CACHE_DIR": f"{tmp}/cold-{n}"}
            times["cold"].append(_run(load, cold))
        med = {name: statistics.median(values) for name, values in times.items()}

        os.environ.update(LLM_ROADMAP_CACHE_DIR=f"{tmp}/in-process", LLM_ROADMAP_DATA_DIR=tmp)
        parse = _in_process(_stdlib_parse, args.repeat)
        cached = _in_process(llm_roadmap.load, args.repeat)
        # A load given an extra plugin is never cached: the whole read, structure, validate.
        full = _in_process(
            lambda: llm_roadmap.load(extra_plugins=[("bench-nothing", _Nothing())]), args.repeat
        )
        rm = llm_roadmap.load()
    rows = [
        ("python -c pass", med["pass"], med["pass"] / med["attrs"], ""),
        ("python -c 'import attrs' (baseline)", med["attrs"], 1.0, ""),
        ("python -c 'import llm_roadmap'", med["ours"], med["ours"] / med["attrs"], "≤ 1.30"),
        ("python -c 'import attrs, pluggy, tomllib' (baseline)", med["trio"], 1.0, ""),
        (
            "import llm_roadmap; load(), cache warm",
            med["warm"],
            med["warm"] / med["trio"],
            "≤ 1.50",
        ),
        (
            "the same, directories found by platformdirs (a user's load)",
            med["default"],
            med["default"] / med["trio"],
            "",
        ),
        ("import llm_roadmap; load(), cache empty", med["cold"], med["cold"] / med["trio"], ""),
        ("tomllib parse of the bundled files, in process (baseline)", parse, 1.0, ""),
        ("load(), in process, from the cache", cached, cached / parse, ""),
        ("load(), in process, everything read and validated", full, full / parse, ""),
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


class _Nothing:
    """A plugin that registers nothing: a load given it skips the cache (extra plugins do)."""

    def register_tracks(self, register: Callable[[object], None]) -> None:
        del register


if __name__ == "__main__":
    main()
