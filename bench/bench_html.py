"""Export the bundled roadmap to the HTML page, against the Markdown export in the same run.

The HTML page holds more than the Markdown document (both languages, the
layout, the words and the page's script and style), so the ratio says what
the interactive page costs next to the plain document; its size is reported
too (the aim: under 300 KB with both languages). Each round times the two
exports back to back and takes their ratio; the median over the rounds is
reported. A second row does the same for the bundled roadmap plus a
generated track of 40 topics (64 in all), to show how the layout scales.

    python bench/bench_html.py [--repeat R]
"""

import argparse
import platform
import statistics
import sys
import time
from typing import Any

import llm_roadmap
from llm_roadmap import hookimpl
from llm_roadmap.testing import roadmap_with


class _Generated:
    """A plugin with one track of ``count`` topics, each with one resource."""

    def __init__(self, count: int) -> None:
        self.count = count

    @hookimpl
    def register_tracks(self, register: Any) -> None:
        topics = [
            {
                "id": f"gen-{n}",
                "title": {"zh": f"生成的主题 {n}", "en": f"Generated topic {n}"},
                "summary": {"zh": "测试用。", "en": "For tests."},
                "prerequisites": [f"gen-{n - 1}"] if n % 4 else ["transformer"],
                "resources": [{"resource": f"gen-res-{n}"}],
            }
            for n in range(self.count)
        ]
        resources = [
            {
                "id": f"gen-res-{n}",
                "title": f"Resource {n}",
                "url": f"https://example.org/{n}",
                "kind": "article",
                "language": "en",
                "description": {"zh": "测试。", "en": "Test."},
            }
            for n in range(self.count)
        ]
        register(
            {
                "tracks": [
                    {
                        "id": "generated",
                        "order": 500,
                        "title": {"zh": "生成的路线", "en": "Generated track"},
                        "summary": {"zh": "测试用。", "en": "For tests."},
                        "topics": topics,
                    }
                ],
                "resources": resources,
            }
        )


def _time(roadmap: "llm_roadmap.Roadmap", fmt: str) -> tuple[float, int]:
    start = time.perf_counter()
    out = roadmap.export(fmt, None, lang="en")
    elapsed = time.perf_counter() - start
    assert isinstance(out, str)
    return elapsed, len(out.encode("utf-8"))


def measure(roadmap: "llm_roadmap.Roadmap", repeat: int) -> dict[str, float]:
    """Median seconds of both exports, the median ratio, and both sizes in bytes."""
    _time(roadmap, "html"), _time(roadmap, "markdown")  # warm the caches: assets, imports
    html_s, md_s, ratios = [], [], []
    html_size = md_size = 0
    for _ in range(repeat):
        h, html_size = _time(roadmap, "html")
        m, md_size = _time(roadmap, "markdown")
        html_s.append(h)
        md_s.append(m)
        ratios.append(h / m)
    return {
        "html": statistics.median(html_s),
        "markdown": statistics.median(md_s),
        "ratio": statistics.median(ratios),
        "html_size": html_size,
        "markdown_size": md_size,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    rows = [
        ("bundled", roadmap_with()),
        ("bundled + 40 generated topics", roadmap_with(("generated", _Generated(40)))),
    ]
    print(f"Python {platform.python_version()}, llm-roadmap {llm_roadmap.__version__}")
    print()
    print("| roadmap | topics | Markdown s | HTML s | ratio | Markdown KB | HTML KB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    worst = 0
    for name, roadmap in rows:
        r = measure(roadmap, args.repeat)
        print(
            f"| {name} | {len(roadmap.topics)} | {r['markdown']:.4f} | {r['html']:.4f} "
            f"| {r['ratio']:.2f}× | {r['markdown_size'] / 1000:.0f} | {r['html_size'] / 1000:.0f} |"
        )
        if name == "bundled":
            worst = int(r["html_size"])
    if worst >= 300_000:
        print(f"\nthe bundled page is {worst} bytes: over the 300 KB aim", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
