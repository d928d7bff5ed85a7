"""The Markdown import on hostile input: unusable links, oversized documents, deep nesting.

Before the change a link with an out-of-range port raised ``ValueError`` out
of ``urllib.parse`` (through the identity rules), and a document of any size
was read whole into memory.
"""

import os
from pathlib import Path

import pytest
from cli._cli_run import run

from llm_roadmap import DataError
from llm_roadmap.sources.importing import MAX_DOCUMENT_BYTES, read_document
from llm_roadmap.sources.markdown_list.assembly import import_markdown
from llm_roadmap.sources.markdown_list.reader import LINK_COUNTS, MAX_NESTING

HOSTILE_LINKS = """# Hostile

## Links

- [Port](https://example.org:99999/a) out of range
- [Zero](https://example.org:0/b) port zero
- [Bracket](https://[example.org/c) unclosed bracket
- [Control](https://example.org/\x01d) control character
- [Arxiv port](https://arxiv.org:99999/abs/1706.03762) a known host
- [GitHub port](https://github.com:70000/a/b) another
- [Good](https://example.org/good) fine
"""


def _accounted(counts: dict[str, int]) -> None:
    assert sum(counts[name] for name in LINK_COUNTS) == counts["links"]


def test_unusable_links_are_skipped_with_a_note_never_a_traceback() -> None:
    result = import_markdown(HOSTILE_LINKS, track_id="hostile")
    urls = [r["url"] for r in result.data["resources"]]
    assert urls == ["https://example.org/good"]
    assert result.counts["links"] == 7
    assert result.counts["skipped_non_http"] == 6
    _accounted(result.counts)
    skipped = [n for n in result.notes if n.startswith("link skipped:")]
    assert any("has port '99999'" in n for n in skipped)
    assert any("has port '70000'" in n for n in skipped)


def test_cli_import_of_hostile_links_writes_valid_data(tmp_path: Path) -> None:
    document = tmp_path / "hostile.md"
    document.write_text(HOSTILE_LINKS, encoding="utf-8")
    out = tmp_path / "out"
    result = run("import", str(document), "--track-id", "hostile", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "resources" / "hostile.toml").exists()
    assert "Traceback" not in result.output


def test_a_document_over_the_limit_is_refused_before_being_read_whole(tmp_path: Path) -> None:
    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 10)  # sparse: nothing on disk
    with pytest.raises(DataError, match="larger than 32 MiB: not imported"):
        read_document(str(huge))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    with pytest.raises(DataError, match="not a regular file"):
        read_document(str(pipe))


def test_items_past_the_nesting_limit_are_counted() -> None:
    # markdown-it stops at maxNesting and drops the rest without a word.
    depth = MAX_NESTING + 20
    lines = ["# Deep", "", "## Section", ""]
    for level in range(depth):
        lines.append("  " * level + f"- [Item {level}](https://example.org/{level})")
    result = import_markdown("\n".join(lines) + "\n", track_id="deep")
    counts = result.counts
    assert counts["links"] == depth
    assert counts["skipped_too_deep"] > 0
    _accounted(counts)
    assert any("nest deeper than" in note for note in result.notes)


def test_a_relative_link_urljoin_refuses_is_skipped() -> None:
    # Found by the long fuzz run (issue 25): "//[bad/" resolved against the
    # list's address raised ValueError ("Invalid IPv6 URL") out of urljoin.
    base = "https://example.org/o/r/blob/main/README.md"
    document = '- [x](http://example.org/) http://example.org/ <a href="//[bad/">x</a>\n'
    result = import_markdown(document, track_id="fuzz", location="fuzz.md", base_url=base)
    assert result.counts["skipped_non_http"] >= 1
    _accounted(result.counts)
