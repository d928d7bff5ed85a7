"""The rendering module on its own: wrapping in cells, degrading tables, styles, the pager.

What the real terminal shows is tested under a pseudo-terminal in tests/terminal;
these pin the rules each layout decision follows, at widths chosen to hit them.
"""

from typing import Optional

import pytest
from rich.cells import cell_len

from llm_roadmap.cli._screen import (
    CLOSING,
    Column,
    Page,
    Screen,
    Span,
    layout,
    pager_command,
    wrap,
)
from llm_roadmap.model import Lang


def lines(value: object, width: int, indent: str = "", hang: Optional[str] = None) -> list[str]:
    return ["".join(s.text for s in line) for line in wrap(value, width, indent, hang)]  # type: ignore[arg-type]


def test_chinese_wraps_between_characters_in_cells() -> None:
    text = "注意力让模型在每一步按相关程度对输入的各个位置加权求和，解决了瓶颈。"
    out = lines(text, 20)
    assert all(cell_len(line) <= 20 for line in out)
    assert "".join(out) == text  # nothing lost, nothing added between characters
    assert len(out) == 4  # 35 characters, 70 cells, at most 10 a line


def test_closing_punctuation_never_starts_a_line_nor_opening_ends_one() -> None:
    # At 12 cells the break would fall right before "）。" and after "（".
    out = lines("一二三四五（六七八九十）。", 12)
    for line in out:
        assert line[0] not in CLOSING
        assert not line.endswith("（")
    assert "".join(out) == "一二三四五（六七八九十）。"


def test_english_wraps_between_words_with_a_hanging_indent() -> None:
    out = lines("Programming and deep learning foundations for everyone", 20, "   - ", "     ")
    assert out == [
        "   - Programming and",
        "     deep learning",
        "     foundations for",
        "     everyone",
    ]


def test_a_url_is_never_cut_and_stands_alone_when_too_long() -> None:
    url = "https://example.org/a/very/long/path/that/does/not/fit/in/the/window.html"
    out = lines(f"see {url} now", 40, "     ")
    assert out == ["     see", url, "     now"]
    # One that fits an indented line keeps the indent.
    assert lines("docs · https://example.org/short", 30, "  ") == [
        "  docs ·",
        "  https://example.org/short",
    ]


def test_a_quoted_url_of_any_scheme_stays_whole() -> None:
    url = "ftp://example.org/a/very/long/url/that/goes/on/and/on/for/a/while"
    out = lines(f"url: URL '{url}' is not http(s)", 40, "", "    ")
    assert f"'{url}'" in out
    assert out[-1] == "    is not http(s)"


def test_ids_and_bracketed_words_stay_whole() -> None:
    out = lines("Attention Is All You Need (attention-is-all-you-need)", 30)
    assert "(attention-is-all-you-need)" in out


def test_mixed_chinese_and_english_keep_their_spaces() -> None:
    out = lines("自注意力（Self-Attention）是 Transformer 的核心", 100)
    assert out == ["自注意力（Self-Attention）是 Transformer 的核心"]


COLUMNS = [
    Column("#", justify="right", wrap=False, priority=2),
    Column("id", wrap=False, priority=0),
    Column("title", priority=0),
    Column("origin", priority=4),
    Column("url", wrap=False, priority=0, link=True),
]
ROWS = [
    ["1", "math-foundations", "Math foundations", "llm-roadmap 0.1.0", "https://example.org/m"],
    ["2", "nlp", "Natural language processing foundations", "", "https://example.org/n"],
]


def test_a_wide_table_keeps_every_column() -> None:
    chosen = layout(COLUMNS, ROWS, 200)
    assert chosen.shown == (0, 1, 2, 3, 4)
    assert not chosen.under and not chosen.left_out and not chosen.records


def test_a_narrow_table_moves_urls_under_rows_then_leaves_out_by_priority() -> None:
    chosen = layout(COLUMNS, ROWS, 70)
    assert chosen.under == (4,)  # URLs first go to a line of their own
    assert chosen.shown == (0, 1, 2, 3)
    # 1 + 16 + 24 (a title's want) and two gaps of 2: 45 holds "#", 44 does not.
    assert layout(COLUMNS, ROWS, 45).left_out == (3,)  # origin (priority 4) first
    narrower = layout(COLUMNS, ROWS, 44)
    assert narrower.under == (4,)
    assert narrower.left_out == (0, 3)  # then "#" (priority 2)
    assert narrower.shown == (1, 2)


def test_below_the_essentials_each_field_gets_a_line() -> None:
    chosen = layout(COLUMNS, ROWS, 25)
    assert chosen.records
    page = Page(Screen(terminal=True, width=25))
    page.table(COLUMNS, ROWS, lang=Lang.EN)
    assert "id      math-foundations" in page.lines
    assert all(cell_len(line) <= 25 for line in page.lines)


def test_a_table_never_slices_a_word() -> None:
    page = Page(Screen(terminal=True, width=50))
    page.table(COLUMNS, ROWS, lang=Lang.EN)
    text = "\n".join(page.lines)
    for word in ("Natural", "language", "processing", "foundations", "math-foundations"):
        assert word in text
    assert all(cell_len(line) <= 50 for line in page.lines)
    assert page.lines[-1] == "(not shown at this width: origin)"


def test_empty_columns_are_not_shown() -> None:
    chosen = layout(COLUMNS, [[*row[:3], "", row[4]] for row in ROWS], 200)
    assert 3 not in chosen.shown


def test_piped_pages_are_plain_lines_and_tab_separated_rows() -> None:
    page = Page(Screen(terminal=False))
    page.text([Span("Title", "bold"), Span(" "), Span("https://example.org/x", "blue")], "  ")
    page.table(COLUMNS, ROWS, lang=Lang.EN)
    assert page.lines[0] == "  Title https://example.org/x"
    assert page.lines[1].split("\t") == ROWS[0]


def test_styles_and_links_only_where_the_screen_allows() -> None:
    link = Span("https://example.org/x", "blue", "https://example.org/x")
    styled = Page(Screen(terminal=True, width=80, color=True, links=True))
    styled.text([Span("Title", "bold"), Span(" "), link])
    assert styled.lines[0] == (
        "\x1b[1mTitle\x1b[0m \x1b]8;;https://example.org/x\x1b\\"
        "\x1b[34mhttps://example.org/x\x1b[0m\x1b]8;;\x1b\\"
    )
    plain = Page(Screen(terminal=True, width=80, color=False, links=False))
    plain.text([Span("Title", "bold"), Span(" "), link])
    assert plain.lines[0] == "Title https://example.org/x"


class _Tty:
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "color", "links"),
    [
        ({"TERM": "xterm-256color"}, True, False),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, False, False),
        ({"TERM": "dumb"}, False, False),
        ({"TERM": "xterm-256color", "VTE_VERSION": "7600"}, True, True),
        ({"TERM": "xterm-256color", "VTE_VERSION": "7600", "TMUX": "/tmp/t"}, True, False),
        ({"TERM": "xterm-256color", "FORCE_HYPERLINK": "1"}, True, True),
        ({"TERM": "xterm-kitty", "FORCE_HYPERLINK": "0"}, True, False),
        ({"TERM": "xterm-kitty", "NO_COLOR": "1", "FORCE_HYPERLINK": "1"}, False, False),
    ],
)
def test_screen_detection_of_styles_and_hyperlinks(
    env: dict[str, str], color: bool, links: bool
) -> None:
    screen = Screen.detect(_Tty(), env)  # type: ignore[arg-type]
    assert screen.terminal
    assert (screen.color, screen.links) == (color, links)


def test_a_pipe_is_no_terminal() -> None:
    import io

    assert Screen.detect(io.StringIO(), {}) == Screen()


def test_the_pager_is_chosen_like_git() -> None:
    assert pager_command({"LLM_ROADMAP_PAGER": "most", "PAGER": "more"}) == "most"
    assert pager_command({"PAGER": "more -s"}) == "more -s"
    assert pager_command({"PAGER": ""}) is None
    assert pager_command({"PAGER": "cat"}) is None
    assert pager_command({"LLM_ROADMAP_PAGER": "", "PAGER": "more"}) is None
    import shutil

    assert pager_command({}) == ("less -FRX" if shutil.which("less") else None)
