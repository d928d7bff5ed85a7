"""Import a generated Markdown list of 5,000 entries, against parsing it with markdown-it-py alone.

The document mixes the shapes the importer reads: ``- [Title](url): desc``
entries with secondary links, nested lists, paper-list entries with bracketed
labels, table rows, bare URLs, Chinese headings and titles (pinyin ids) and a
furniture section. The baseline is markdown-it-py's own parse of the same text
into a syntax tree, with the same parser options, measured in the same run.
Each round times the import and its baseline back to back and takes their
ratio; the median over the rounds is reported, which keeps a busy machine's
noise out of the ratio. The aim is at most 3x.

    python bench/bench_import.py [--entries N] [--repeat R]
"""

import argparse
import platform
import statistics
import sys
import time

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from llm_roadmap.sources.markdown_list.assembly import import_markdown
from llm_roadmap.sources.markdown_list.reader import LINK_COUNTS, MAX_NESTING


def document(entries: int) -> str:
    """A list of ``entries`` entries in sections of 50, every shape in turn."""
    lines = ["# Generated list", "", "A list for the benchmark.", ""]
    for i in range(entries):
        if i % 50 == 0:
            section = i // 50
            title = f"第 {section} 章 大模型" if section % 3 == 0 else f"Section {section}"
            lines += ["", f"## {title}", "", "What this section is about.", ""]
            if section % 4 == 1:
                lines += ["| Name | Date | Paper | Licence |", "|---|---|---|---|"]
        shape = i % 5
        section = i // 50
        if section % 4 == 1:
            lines.append(
                f"| Model {i} | 2023/0{i % 9 + 1} "
                f"| [Paper {i}: a study](https://arxiv.org/abs/2301.{i:05d}) "
                f"| [Apache](https://example.org/licence/{i}) |"
            )
        elif shape == 0:
            lines.append(
                f"- [Resource {i}](https://example.org/r/{i}?utm_source=x): what it teaches, "
                f"with a [video](https://youtu.be/v{i})"
            )
        elif shape == 1:
            lines.append(f"  - [大模型教程 {i}](https://zh.example.org/{i})：讲得很清楚")
        elif shape == 2:
            lines.append(
                f'{i}. **"A Paper Title {i}"**. *Ada Lovelace, Alan Turing*. NeurIPS 2023. '
                f"[[Paper](https://arxiv.org/abs/2302.{i:05d})] [[Code](https://github.com/o/r{i})]"
            )
        elif shape == 3:
            lines.append(f"- 参考仓库 {i}：https://github.com/owner/repo-{i}")
        else:
            lines.append(f"* [Tool {i}](https://tool{i}.example.com/) by Grace Hopper: a tool.")
    lines += ["", "## License", "", "[MIT](https://example.org/license)", ""]
    return "\n".join(lines)


def parse(text: str) -> SyntaxTreeNode:
    """The baseline: markdown-it-py's parse into a syntax tree, with the importer's options."""
    parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    parser.enable(["table", "strikethrough"])
    return SyntaxTreeNode(parser.parse(text))


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = document(args.entries)
    result = import_markdown(text, track_id="bench")  # warm up: imports, pypinyin's tables
    parse(text)
    ratios, ours, theirs = [], [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        parse(text)
        baseline = time.perf_counter() - start
        start = time.perf_counter()
        result = import_markdown(text, track_id="bench")
        took = time.perf_counter() - start
        ours.append(took)
        theirs.append(baseline)
        ratios.append(took / baseline)
    counts = result.counts
    assert sum(counts[n] for n in LINK_COUNTS) == counts["links"]
    print(
        f"Python {platform.python_version()} on {platform.system()}, {args.entries} entries, "
        f"{len(text) / 1e6:.2f} MB, {counts['links']} links, {counts['resources']} resources"
    )
    print("| measurement | seconds | ratio |")
    print("|---|---:|---:|")
    print(f"| markdown-it-py parse (baseline) | {statistics.median(theirs):.3f} | 1.00x |")
    print(
        f"| `import_markdown` (parse + read + assemble) | {statistics.median(ours):.3f} "
        f"| {statistics.median(ratios):.2f}x |"
    )
    if statistics.median(ratios) > 3:
        print("above the 3x aim", file=sys.stderr)


if __name__ == "__main__":
    main()
