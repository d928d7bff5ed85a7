"""How commands print: tables or plain lines, JSON, and texts in the language they are given.

Output is a rich table on a terminal, tab-separated lines (no header, no
ANSI, no box drawing) when piped, and JSON with ``--json``. rich is imported
only when a table is drawn on a terminal, so piped and JSON output never pay
for it.

Nothing here reads the language: `tr` and `text` take the `Lang` the command
resolved (`llm_roadmap.cli._settings.resolve_lang`). Words of a closed
vocabulary (kinds, levels, roles, emphases, statuses) come from
`llm_roadmap.vocabulary`, never from `tr`.
"""

import enum
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Optional

import attrs
import click

from ..model import Kind, Lang, Text
from ..serialize import to_data
from ..vocabulary import label

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "Column",
    "console",
    "emit_json",
    "is_terminal",
    "plain",
    "table",
    "text",
    "tr",
    "word",
]


def is_terminal() -> bool:
    """Whether stdout is a terminal (tables) rather than a pipe or file (plain lines)."""
    stream = sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def console() -> "Console":
    """Return a rich console on stdout (imports rich; call only when `is_terminal`)."""
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False)


def tr(lang: Lang, zh: str, en: str) -> str:
    """Pick a word of the interface (a heading, a message) in ``lang``."""
    return zh if lang is Lang.ZH else en


def text(value: Optional[Text], lang: Lang) -> str:
    """Return a roadmap text in ``lang`` (``""`` for ``None``)."""
    return "" if value is None else value.get(lang)


def word(value: enum.Enum, lang: Lang) -> str:
    """Return a vocabulary word (a kind, level, role, emphasis, status) as the CLI prints it.

    Its label in `llm_roadmap.vocabulary`; in English a kind is printed as
    its value instead (``repo``, ``docs``, ``cheatsheet``), the word that
    ``--kind`` takes, so a listing can be filtered by what it shows.
    """
    if lang is Lang.EN and isinstance(value, Kind):
        return value.value
    return label(value, lang)


def plain(value: Any) -> str:
    """Return ``value`` as one tab-free, newline-free cell of plain output."""
    if value is None:
        return ""
    return " ".join(str(value).split())


class Column(NamedTuple):
    """One column of a `table`.

    Attributes:
        header: Its heading on a terminal (plain output has no heading).
        style: A rich style for its cells.
        no_wrap: Keep cells on one line on a terminal (ids, URLs).
        justify: ``"left"``, ``"right"`` or ``"center"``.
        ratio: Share of the spare width on a terminal.
        overflow: What rich does with a too-long word: ``"fold"`` (keep all of
            it, for URLs) or ``"ellipsis"``.
    """

    # A named tuple: attrs would compile methods for it in every command that
    # prints a table, which costs a command's start-up more than the table.

    header: str
    style: Optional[str] = None
    no_wrap: bool = False
    justify: str = "left"
    ratio: Optional[int] = None
    overflow: str = "fold"


def table(
    columns: Sequence[Column], rows: Sequence[Sequence[object]], *, title: Optional[str] = None
) -> None:
    """Print rows: a rich table on a terminal, tab-separated lines when piped.

    Plain output has no header and no title, so ``cut -f1`` gives the first
    column; a cell's tabs and newlines become spaces.
    """
    if not is_terminal():
        for row in rows:
            click.echo("\t".join(plain(cell) for cell in row))
        return
    from rich.table import Table

    grid = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        grid.add_column(
            column.header,
            style=column.style,
            no_wrap=column.no_wrap,
            justify=column.justify,  # type: ignore[arg-type]
            ratio=column.ratio,
            overflow=column.overflow,  # type: ignore[arg-type]
        )
    for row in rows:
        grid.add_row(*("" if cell is None else str(cell) for cell in row))
    console().print(grid)


def _json_default(value: Any) -> Any:
    # What json cannot write itself: model and other attrs objects, sets.
    if attrs.has(type(value)) or isinstance(value, (set, frozenset)):
        return to_data(value)
    raise TypeError(f"cannot serialise {type(value).__name__} to JSON")


def emit_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON (Chinese stays readable, not escaped).

    Model objects in ``data`` are written by `llm_roadmap.serialize.to_data`,
    the shape of the JSON export.
    """
    import json  # by --json only: a table or lines need none of it

    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
