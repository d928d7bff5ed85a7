"""The Chinese pages (``page.zh.md``, mkdocs-static-i18n) keep up with the English ones.

The site's language switch links a page to its twin, and English pages link to
anchors that must exist in the Chinese twin too (on the Chinese site a link to
``cli.md`` opens ``cli.zh.md``): so a translated page keeps every command
section of the CLI reference, and gives its other headings the English anchors.
"""

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from test_plain_help import _commands

DOCS = Path(__file__).resolve().parents[2] / "docs"
REQUIRED = ["index", "getting-started", "learning", "cli", "plugins"]


def _headings(path: Path) -> list[tuple[int, str]]:
    tokens = MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8"))
    return [
        (int(opening.tag[1]), inline.content)
        for opening, inline in zip(tokens, tokens[1:])
        if opening.type == "heading_open"
    ]


@pytest.mark.parametrize("page", REQUIRED)
def test_required_pages_exist_in_both_languages(page: str) -> None:
    assert (DOCS / f"{page}.md").is_file()
    chinese = DOCS / f"{page}.zh.md"
    assert chinese.is_file()
    (level, title), *_ = _headings(chinese)
    assert level == 1 and re.search(r"[\u4e00-\u9fff]", title), title


def test_the_chinese_cli_reference_has_every_command() -> None:
    titles = {title for level, title in _headings(DOCS / "cli.zh.md") if level == 2}
    missing = [path for path, _ in _commands() if path != "llm-roadmap" and path not in titles]
    assert not missing, f"docs/cli.zh.md has no section for: {', '.join(missing)}"


def _anchors_linked_from_english_pages(page: str) -> set[str]:
    found = set()
    for path in DOCS.rglob("*.md"):
        if path.name.endswith(".zh.md"):
            continue
        text = path.read_text(encoding="utf-8")
        found.update(re.findall(rf"\(\.{{0,2}}/?{re.escape(page)}\.md#([\w-]+)\)", text))
    return found


@pytest.mark.parametrize("page", ["getting-started", "cli", "plugins"])
def test_anchors_other_pages_link_to_exist_in_the_translation(page: str) -> None:
    text = (DOCS / f"{page}.zh.md").read_text(encoding="utf-8")
    explicit = set(re.findall(r"\{#([\w-]+)\}", text))
    commands = {
        re.sub(r"[^\w-]", "", title.replace(" ", "-")).lower()
        for level, title in _headings(DOCS / f"{page}.zh.md")
        if title.startswith("llm-roadmap ")
    }
    missing = sorted(_anchors_linked_from_english_pages(page) - explicit - commands)
    assert not missing, f"docs/{page}.zh.md lacks the anchors: {', '.join(missing)}"
