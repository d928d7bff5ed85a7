"""Generated Markdown through the importer: every link counted once, the output valid or refused.

Documents are built from the shapes awesome-lists use (headings, nested lists
deeper than the parser reads, tables, quotes, HTML, code) around links whose
URLs are anything: good, with a port out of range, an unclosed bracket,
controls, other schemes. The import never raises anything but a
`RoadmapError`; every link lands in exactly one count; and the data it
produces is written (and then loads) or is refused with problems that name
the files.
"""

from pathlib import Path
from typing import Any

from _fuzz_common import FUZZ, HOSTILE_URL, TEXT, assert_clean_problems
from hypothesis import given
from hypothesis import strategies as st

import llm_roadmap
from llm_roadmap import DataError, RoadmapError
from llm_roadmap.sources.importing import write_data
from llm_roadmap.sources.markdown_list.assembly import import_markdown
from llm_roadmap.sources.markdown_list.reader import LINK_COUNTS

LABEL = TEXT.map(lambda t: t.replace("\n", " ").replace("]", "").replace("[", "") or "x")

LINK = st.one_of(
    st.builds(lambda label, url: f"[{label}]({url})", LABEL, HOSTILE_URL),
    st.builds(lambda label, url: f"![{label}]({url})", LABEL, HOSTILE_URL),
    st.builds(lambda url: f"<{url}>", HOSTILE_URL),
    st.builds(lambda url: f'<a href="{url}">x</a>', HOSTILE_URL),
    HOSTILE_URL,
)
INLINE = st.lists(st.one_of(LINK, LABEL), min_size=1, max_size=4).map(" ".join)

BLOCK = st.one_of(
    st.builds(lambda n, text: "#" * n + " " + text, st.integers(1, 7), LABEL),
    st.builds(lambda depth, text: "  " * depth + "- " + text, st.integers(0, 70), INLINE),
    st.builds(lambda depth, text: "   " * depth + "1. " + text, st.integers(0, 8), INLINE),
    st.builds(lambda a, b: f"| {a} | {b} |\n|---|---|\n| {b} | {a} |", INLINE, INLINE),
    st.builds(lambda depth, text: "> " * depth + text, st.integers(1, 80), INLINE),
    st.builds(lambda text: f"```\n{text}\n```", INLINE),
    st.builds(lambda text: f"<details>\n{text}\n</details>", INLINE),
    # Since issue 24: HTML tables and headings, records of labelled fields,
    # relative links (resolved against a base URL half the time).
    st.builds(
        lambda a, b: f"<table><tr><th>{a}</th></tr><tr><td>{b}<br>{a}</td></tr></table>",
        INLINE,
        INLINE,
    ),
    st.builds(lambda text: f"<h{len(text) % 3 + 1}>{text}</h1>", INLINE),
    st.builds(
        lambda name, a, b: f"- {name}：\n  - 地址：{a}\n  - 简介：{b}", LABEL, INLINE, INLINE
    ),
    st.builds(
        lambda label, path: f"- [{label}]({path})",
        LABEL,
        st.sampled_from(["a/b/", "./x.md", "../up", "#top", "README.md#x"]),
    ),
    INLINE,
    TEXT,
)
DOCUMENT = st.lists(BLOCK, min_size=1, max_size=25).map(lambda blocks: "\n".join(blocks) + "\n")


@FUZZ
@given(document=DOCUMENT, base=st.booleans())
def test_import_counts_every_link_and_writes_valid_data(
    tmp_path_factory: Any, document: str, base: bool
) -> None:
    base_url = "https://example.org/o/r/blob/main/README.md" if base else None
    try:
        result = import_markdown(document, track_id="fuzz", location="fuzz.md", base_url=base_url)
    except RoadmapError:
        return  # a clean refusal
    counts = result.counts
    assert sum(counts[name] for name in LINK_COUNTS) == counts["links"]
    assert all(value >= 0 for value in counts.values())
    out: Path = tmp_path_factory.mktemp("fuzz") / "out"
    if not result.data.get("tracks"):
        return
    try:
        files = write_data(result.data, out, name="fuzz")
    except DataError as refused:
        assert_clean_problems(
            refused.problems,
            {str(out / "tracks" / "fuzz.toml"), str(out / "resources" / "fuzz.toml")},
        )
        return
    assert files
    rm = llm_roadmap.load([out], plugins=[], disable_plugins=["llm_roadmap.bundled"])
    assert len(rm.resources) == len(result.data.get("resources", []))
