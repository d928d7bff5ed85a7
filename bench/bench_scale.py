"""Loading and validating large data: `load(paths=...)` and `validate` at 10k and 100k resources.

- load: ``llm_roadmap.load(paths=...)`` (read, structure, validate, index,
  with the bundled data and built-ins beside it) against a ``tomllib`` parse of
  the same files, at 10,000 and 100,000 resources. Aim: at most 1.3x, and the
  growth from 10k to 100k within 5% of the parse's growth. The load parses
  with tomli (compiled with mypyc on CPython 3.11+, see
  ``llm_roadmap/loading/files.py``), so a second row gives the load against a parse
  by that same parser: what reading, structuring and validating cost on top.
- validate: ``validate_paths`` of 100,000 resources where 1% of the
  placements name a resource that does not exist (each gets a "did you
  mean" suggestion) against the same data without errors. Aim: at most 1.2x.

The data are TOML files written to a temporary folder, 1,000 resources a file,
with every field the format has (both languages, authors, identifiers, links,
levels, costs, notes, groups of alternatives), and tracks of 50 placements a
topic. Measurements alternate within each round; each ratio is the median of
the per-round ratios.

    python bench/bench_scale.py [--repeat R] [--sizes 10000,100000]
"""

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

import tomli

import llm_roadmap

PER_FILE = 1000
PER_TOPIC = 50
LEVELS = ("beginner", "intermediate", "advanced")
KINDS = ("paper", "book", "course", "video", "article", "repo", "tutorial", "docs")


def _resource(i: int) -> str:
    arxiv = f'identifiers = {{ arxiv = "2101.{i % 100000:05d}" }}\n' if i % 4 == 0 else ""
    links = (
        f'links = [{{ url = "https://mirror.example.org/{i}", '
        'label = { zh = "镜像", en = "mirror" }, language = "en" }]\n'
        if i % 6 == 0
        else ""
    )
    return (
        "[[resources]]\n"
        f'id = "resource-{i:06d}"\n'
        f'title = {{ zh = "资源 {i}：注意力机制", '
        f'en = "Resource {i}: attention is all you need" }}\n'
        f'url = "https://example.org/resources/{i}"\n'
        f'kind = "{KINDS[i % len(KINDS)]}"\n'
        f'language = "{"zh" if i % 3 == 0 else "en"}"\n'
        f'authors = ["Author {i}", "Ashish Vaswani", "Noam Shazeer"]\n'
        f"year = {1990 + i % 35}\n"
        f"{arxiv}{links}"
        f'level = "{LEVELS[i % 3]}"\n'
        'tags = ["transformer", "attention"]\n'
        f"free = {'false' if i % 10 == 0 else 'true'}\n"
        "[resources.description]\n"
        f'zh = "第 {i} 个资源的说明：讲解 Transformer 的结构与训练。"\n'
        f'en = "What resource {i} is: the structure and training of the Transformer."\n\n'
    )


def _placement(i: int, j: int, bad: bool) -> str:
    # A bad reference is a plausible typo of a real id, so it gets a suggestion.
    ref = f"resorce-{i:06d}" if bad else f"resource-{i:06d}"
    role = 'role = "optional"\n' if j % 5 == 1 else ""
    if j % 10 in (3, 4):
        role = f'role = "alternative"\ngroup = "pick-{j // 10}"\n'
    note = 'note = { zh = "先读第一节。", en = "Read section 1 first." }\n' if j % 7 == 0 else ""
    return f'[[tracks.topics.resources]]\nresource = "{ref}"\n{role}{note}\n'


def write_data(folder: Path, resources: int, bad_every: int = 0) -> list[Path]:
    """Write the resources and tracks; every ``bad_every``-th placement names an unknown id."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for start in range(0, resources, PER_FILE):
        path = folder / f"resources-{start // PER_FILE:04d}.toml"
        path.write_text(
            "".join(_resource(i) for i in range(start, min(resources, start + PER_FILE))),
            encoding="utf-8",
        )
        files.append(path)
    topics = resources // PER_TOPIC
    per_track = 100
    for t in range(max(1, topics // per_track)):
        parts = [
            "[[tracks]]\n"
            f'id = "bench-track-{t}"\norder = {100 + t}\n'
            f'title = {{ zh = "路线 {t}", en = "Track {t}" }}\n'
            f'summary = {{ zh = "路线说明。", en = "What track {t} covers." }}\n\n'
        ]
        for p in range(per_track):
            n = t * per_track + p
            if n >= topics:
                break
            prereq = f'prerequisites = ["bench-topic-{n - 1}"]\n' if p else ""
            parts.append(
                "[[tracks.topics]]\n"
                f'id = "bench-topic-{n}"\n{prereq}'
                f'title = {{ zh = "主题 {n}", en = "Topic {n}" }}\n'
                'summary = { zh = "这个主题讲什么。", en = "What this topic is about." }\n\n'
            )
            for j in range(PER_TOPIC):
                i = n * PER_TOPIC + j
                bad = bool(bad_every) and i % bad_every == bad_every // 2
                parts.append(_placement(i, j, bad))
        path = folder / f"track-{t:04d}.toml"
        path.write_text("".join(parts), encoding="utf-8")
        files.append(path)
    return files


def parse(files: list[Path]) -> None:
    for path in files:
        tomllib.loads(path.read_bytes().decode("utf-8"))


def parse_tomli(files: list[Path]) -> None:
    for path in files:
        tomli.loads(path.read_bytes().decode("utf-8"))


def timed(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def rounds(funcs: list[Callable[[], Any]], repeat: int) -> list[list[float]]:
    """Times of each function in each round, the functions alternating within a round."""
    times: list[list[float]] = [[] for _ in funcs]
    for _ in range(repeat):
        for k, func in enumerate(funcs):
            times[k].append(timed(func))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"llm-roadmap {llm_roadmap.__version__}, Python {platform.python_version()}")
    print(f"median of {args.repeat} rounds; ratios are medians of per-round ratios\n")
    with tempfile.TemporaryDirectory(prefix="llm-roadmap-bench-") as tmp:
        root = Path(tmp)
        print("| measurement | data | seconds | baseline (s) | ratio |")
        print("|---|---|---:|---:|---:|")
        growth: dict[str, list[float]] = {"load": [], "parse": []}
        for size in sizes:
            files = write_data(root / f"ok-{size}", size)
            folder = str(root / f"ok-{size}")
            rm = llm_roadmap.load(paths=[folder])  # also a check that the data is valid
            assert len(rm.resources) >= size, len(rm.resources)
            loads, parses, same_parser = rounds(
                [
                    lambda folder=folder: llm_roadmap.load(paths=[folder]),
                    lambda files=files: parse(files),
                    lambda files=files: parse_tomli(files),
                ],
                args.repeat,
            )
            ratio = statistics.median(a / b for a, b in zip(loads, parses))
            growth["load"].append(statistics.median(loads))
            growth["parse"].append(statistics.median(parses))
            print(
                f"| `load(paths=...)` vs tomllib parse | {size:,} resources | "
                f"{statistics.median(loads):.3f} | {statistics.median(parses):.3f} | {ratio:.2f} |"
            )
            own = statistics.median(a / b for a, b in zip(loads, same_parser))
            build = "compiled" if str(tomli.__file__).endswith(".so") else "pure Python"
            print(
                f"| `load(paths=...)` vs tomli {tomli.__version__} ({build}) parse, load's own "
                f"parser | {size:,} resources | {statistics.median(loads):.3f} | "
                f"{statistics.median(same_parser):.3f} | {own:.2f} |"
            )
        if len(sizes) >= 2:
            load_growth = growth["load"][-1] / growth["load"][0]
            parse_growth = growth["parse"][-1] / growth["parse"][0]
            print(
                f"| growth {sizes[0]:,} → {sizes[-1]:,} | load {load_growth:.2f}x, "
                f"parse {parse_growth:.2f}x | | | {load_growth / parse_growth:.3f} |"
            )
        size = sizes[-1]
        clean = str(root / f"ok-{size}")
        bad = root / f"bad-{size}"
        write_data(bad, size, bad_every=100)
        problems = llm_roadmap.validate_paths([str(bad)], with_roadmap=False)
        unknown = [p for p in problems if "unknown" in p.message or "no resource" in p.message]
        suggested = [p for p in problems if "did you mean" in p.message]
        assert not llm_roadmap.validate_paths([clean], with_roadmap=False)
        bads, oks = rounds(
            [
                lambda: llm_roadmap.validate_paths([str(bad)], with_roadmap=False),
                lambda: llm_roadmap.validate_paths([clean], with_roadmap=False),
            ],
            args.repeat,
        )
        ratio = statistics.median(a / b for a, b in zip(bads, oks))
        print(
            f"| `validate`, 1% bad references ({len(problems):,} problems, "
            f"{len(suggested):,} with a suggestion) vs without errors | {size:,} resources | "
            f"{statistics.median(bads):.3f} | {statistics.median(oks):.3f} | {ratio:.2f} |"
        )
        del unknown
    return 0


if __name__ == "__main__":
    sys.exit(main())
