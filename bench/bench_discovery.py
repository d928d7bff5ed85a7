"""Plugin discovery with many installed distributions, as ratios against a bare entry-point scan.

Creates N small plugin distributions (default 200) in a temporary directory put
on ``sys.path``: for each, a module and a ``NAME-VERSION.dist-info`` folder with
``METADATA`` and ``entry_points.txt``, which is what pip leaves in
site-packages and all importlib.metadata reads. Each plugin registers one small
track (a topic and a resource). Then, in the same run, it times:

- the baseline: ``importlib.metadata.entry_points(group="llm_roadmap")``,
  listed (what any plugin host must do at least once);
- discovery: ``plugin.discovery.installed()``, the same scan plus each
  plugin's name and version (one METADATA parse per distribution);
- collect: discovery plus importing, registering and calling every plugin
  (``plugin.manager.collect``), with the plugin modules dropped from
  ``sys.modules`` before each run so each import is real;
- load: the whole ``llm_roadmap.load()`` (data read, structured, validated),
  with and without the N plugins.

Run with ``nox -s bench`` or ``python bench/bench_discovery.py [--plugins N] [--repeat R]``.
"""

import argparse
import importlib
import statistics
import sys
import tempfile
import time
import warnings
from importlib import metadata
from pathlib import Path
from typing import Callable

PREFIX = "rmbench_plugin_"

MODULE = """\
from llm_roadmap import hookimpl

DATA = {{
    "resources": [{{
        "id": "bench-{n}-res", "title": "Bench resource {n}", "url": "https://example.org/b/{n}",
        "kind": "article", "language": "en",
        "description": {{"zh": "基准测试资料。", "en": "A benchmark resource."}},
    }}],
    "tracks": [{{
        "id": "bench-{n}", "order": 1000, "title": {{"zh": "基准 {n}", "en": "Bench {n}"}},
        "summary": {{"zh": "基准测试路线。", "en": "A benchmark track."}},
        "topics": [{{
            "id": "bench-{n}-topic", "title": {{"zh": "主题", "en": "Topic"}},
            "summary": {{"zh": "简介。", "en": "Summary."}},
            "resources": [{{"resource": "bench-{n}-res"}}],
        }}],
    }}],
}}


@hookimpl
def register_tracks(register):
    register(DATA)
"""


# Real METADATA: a score of headers (classifiers, URLs, requirements) and the README
# as the long description, as setuptools writes them.
HEADERS = "".join(
    f"Classifier: {c}\n"
    for c in (
        "Development Status :: 4 - Beta",
        "Intended Audience :: Education",
        "License :: OSI Approved :: MIT License",
        "Natural Language :: Chinese (Simplified)",
        "Natural Language :: English",
        "Programming Language :: Python :: 3",
        *(f"Programming Language :: Python :: 3.{minor}" for minor in range(9, 14)),
        "Topic :: Education",
        "Typing :: Typed",
    )
) + (
    "Author: A. Curator\nLicense: MIT\nProject-URL: Homepage, https://example.org/plugin\n"
    "Project-URL: Issues, https://example.org/plugin/issues\nRequires-Python: >=3.9\n"
    "Requires-Dist: llm-roadmap>=0.1\nProvides-Extra: test\n"
    'Requires-Dist: pytest>=8; extra == "test"\nDescription-Content-Type: text/markdown\n'
)
README = "# A plugin\n\n" + "A line of the README, as setuptools puts it in METADATA.\n" * 60


def make_site(root: Path, count: int) -> list[str]:
    """Write ``count`` installed plugin distributions into ``root``; return their modules."""
    modules = []
    for n in range(count):
        module = f"{PREFIX}{n:03d}"
        (root / f"{module}.py").write_text(MODULE.format(n=n), encoding="utf-8")
        info = root / f"{module}-1.0.{n}.dist-info"
        info.mkdir()
        name = module.replace("_", "-")
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0.{n}\nSummary: bench plugin\n"
            + HEADERS
            + "\n"
            + README,
            encoding="utf-8",
        )
        (info / "entry_points.txt").write_text(
            f"[llm_roadmap]\nbench-{n} = {module}\n", encoding="utf-8"
        )
        (info / "RECORD").write_text("", encoding="utf-8")
        modules.append(module)
    return modules


Measure = tuple[str, Callable[[], object], Callable[[], None]]


def round_robin(measures: list[Measure], repeat: int) -> dict[str, tuple[float, float]]:
    """Median seconds and median ratio to the first measure, for each measure.

    The measures run in turn within each round, and each ratio is taken within
    its round, so a machine that gets busier or quieter during the run (other
    jobs on a shared machine) shifts numerator and baseline alike.
    """
    for _, func, before in measures:  # warm-up: .pyc files written, caches filled
        before()
        func()
    seconds: dict[str, list[float]] = {name: [] for name, _, _ in measures}
    ratios: dict[str, list[float]] = {name: [] for name, _, _ in measures}
    for _ in range(repeat):
        this_round = {}
        for name, func, before in measures:
            before()
            start = time.perf_counter()
            func()
            this_round[name] = time.perf_counter() - start
        baseline = this_round[measures[0][0]]
        for name, value in this_round.items():
            seconds[name].append(value)
            ratios[name].append(value / baseline)
    return {n: (statistics.median(seconds[n]), statistics.median(ratios[n])) for n in seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--plugins", type=int, default=200, help="how many distributions")
    parser.add_argument("--repeat", type=int, default=15, help="runs per measurement")
    args = parser.parse_args()

    import llm_roadmap
    from llm_roadmap.plugin import discovery, manager
    from llm_roadmap.plugin.manager import Selection

    with tempfile.TemporaryDirectory(prefix="rmbench-") as tmp:
        root = Path(tmp)
        modules = make_site(root, args.plugins)
        sys.path.insert(0, str(root))
        importlib.invalidate_caches()

        def forget() -> None:
            for module in modules:
                sys.modules.pop(module, None)

        def nothing() -> None:
            pass

        def bare() -> object:
            return list(metadata.entry_points(group="llm_roadmap"))

        def discover() -> object:
            return list(discovery.installed())

        def full_metadata() -> object:
            # What discovery would cost reading name and version with dist.metadata.
            out = []
            for ep in metadata.entry_points(group="llm_roadmap"):
                meta = ep.dist.metadata if ep.dist is not None else None
                out.append((ep.name, meta["Name"] if meta else "", meta["Version"] if meta else ""))
            return out

        selection = Selection.resolve(None, None, False, {})

        def collect() -> object:
            return manager.collect(selection)

        def load_all() -> object:
            with warnings.catch_warnings():
                warnings.simplefilter("error", llm_roadmap.PluginWarning)
                return llm_roadmap.load(environ={})

        def load_none() -> object:
            return llm_roadmap.load(plugins=[], environ={})

        found = bare()
        assert isinstance(found, list)
        ours = [ep for ep in found if ep.module.startswith(PREFIX)]
        assert len(ours) == args.plugins, (
            f"expected {args.plugins} bench plugins, found {len(ours)}"
        )
        rm = load_all()
        assert isinstance(rm, llm_roadmap.Roadmap)
        bench_tracks = [t for t in rm.tracks if t.id.startswith("bench-")]
        assert len(bench_tracks) == args.plugins

        per_plugin = "load() cost per plugin (the difference / N)"
        results = round_robin(
            [
                ("entry_points(group='llm_roadmap'), listed (baseline)", bare, nothing),
                ("discovery.installed(): the scan + names and versions", discover, nothing),
                ("  (the same reading dist.metadata, a full parse)", full_metadata, nothing),
                ("collect(): discover, import, register, call hooks", collect, forget),
                ("load() without installed plugins", load_none, nothing),
                (f"load() with the {args.plugins} plugins", load_all, forget),
            ],
            args.repeat,
        )
        total = len(list(metadata.distributions()))
        sys.path.remove(str(root))

    rows = list(results.items())
    (_, (none_s, none_r)), (_, (all_s, all_r)) = rows[-2], rows[-1]
    rows.append((per_plugin, ((all_s - none_s) / args.plugins, (all_r - none_r) / args.plugins)))
    print(
        f"Python {sys.version.split()[0]}; {args.plugins} plugin distributions among {total} "
        f"on sys.path; {args.repeat} rounds"
    )
    print(f"{'measurement':<56} {'seconds':>9} {'ratio':>8}")
    for name, (seconds, ratio) in rows:
        print(f"{name:<56} {seconds:>9.4f} {ratio:>7.2f}x")
    print("ratio: median over rounds of time / the bare scan's time in the same round")


if __name__ == "__main__":
    main()
