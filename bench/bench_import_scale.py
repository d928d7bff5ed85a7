"""How the Markdown import grows with its input: N bare URLs in one paragraph, and lists of N MB.

Two series (issue 24, item 11):

- one paragraph of N bare URLs, N doubling: each URL must become a resource
  titled from its own URL, described by nothing of its neighbours, so the
  time and the TOML written grow linearly with N (before issue 24, 500 URLs
  wrote 12 MB of TOML and 4,000 ran for minutes);
- the generated list of ``bench_import.py`` at growing sizes: the time per
  MB must stay flat (linear in the size), and is compared with markdown-it-py's
  own parse of the same text, the floor under any import.

Each series prints a table; the last column is the ratio to the first row's
per-unit cost, which stays near 1 when the growth is linear.

    python bench/bench_import_scale.py [--max-urls N] [--max-mb M]
"""

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import document, parse

from llm_roadmap.sources.importing import dump_toml
from llm_roadmap.sources.markdown_list.assembly import import_markdown

ENTRIES_PER_MB = 9_300
"""About how many of ``bench_import.document``'s entries make one MB."""


def bare_urls(count: int) -> str:
    """One paragraph of ``count`` bare URLs under a section heading."""
    urls = " ".join(f"https://example.org/page/{i}" for i in range(count))
    return f"# Links\n\n## All\n\n{urls}\n"


def urls_series(largest: int) -> None:
    """Time N bare URLs for N = 500, 1000, ... up to ``largest``."""
    print("| bare URLs | resources | seconds | TOML MB | µs per URL | vs first |")
    print("|---:|---:|---:|---:|---:|---:|")
    first = 0.0
    count = 500
    while count <= largest:
        text = bare_urls(count)
        start = time.perf_counter()
        result = import_markdown(text, track_id="bench")
        took = time.perf_counter() - start
        size = len(dump_toml({"resources": result.data["resources"]})) / 1e6
        per = took / count * 1e6
        first = first or per
        assert result.counts["resources"] == count
        print(
            f"| {count} | {result.counts['resources']} | {took:.2f} | {size:.2f} "
            f"| {per:.0f} | {per / first:.2f}x |"
        )
        count *= 2


def size_series(largest: float) -> None:
    """Time the generated list at 1, 2, 4... MB up to ``largest``."""
    print("| MB | links | parse s | import s | import s/MB | vs parse | vs first |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    first = 0.0
    megabytes = 1.0
    while megabytes <= largest:
        text = document(int(ENTRIES_PER_MB * megabytes))
        size = len(text.encode("utf-8")) / 1e6
        start = time.perf_counter()
        parse(text)
        parsed = time.perf_counter() - start
        start = time.perf_counter()
        result = import_markdown(text, track_id="bench")
        took = time.perf_counter() - start
        per = took / size
        first = first or per
        print(
            f"| {size:.1f} | {result.counts['links']} | {parsed:.1f} | {took:.1f} | {per:.2f} "
            f"| {took / parsed:.2f}x | {per / first:.2f}x |"
        )
        megabytes *= 2


def main() -> None:
    """Run both series and print their tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-urls", type=int, default=8000)
    parser.add_argument("--max-mb", type=float, default=4.0)
    args = parser.parse_args()
    import_markdown(document(50), track_id="bench")  # warm up: imports, pypinyin's tables
    print(f"Python {platform.python_version()} on {platform.system()}")
    urls_series(args.max_urls)
    print()
    size_series(args.max_mb)


if __name__ == "__main__":
    main()
