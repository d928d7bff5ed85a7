"""How commands print: tables or plain lines, JSON, and texts in the language they are given.

Output is laid out for the terminal by `llm_roadmap.cli._screen` (text
measured in cells and wrapped, tables that degrade, a pager), tab-separated
lines (no header, no escape sequences) when piped, and JSON with ``--json``.

Nothing here reads the language: `tr` and `text` take the `Lang` the command
resolved (`llm_roadmap.cli._settings.resolve_lang`). Words of a closed
vocabulary (kinds, levels, roles, emphases, statuses) come from
`llm_roadmap.vocabulary`, never from `tr`.

No control character is written raw: texts, cells and JSON show them as
escapes (`llm_roadmap.util.text.visible`), since a terminal obeys them.
Validation refuses them in data; this covers what reaches a listing another
way (a plugin's error, its distribution's metadata).
"""

import enum
from collections.abc import Sequence
from typing import Callable, Optional

import attrs
import click

from ..model import Kind, Lang, Text
from ..serialize import to_data
from ..util.text import json_visible, visible
from ..vocabulary import label
from ._screen import Column, Page, Screen
from ._settings import settings


def screen() -> Screen:
    """The screen of the running command: found once, when it first prints (see `Screen`).

    ``--no-pager`` leaves the pager out; outside a command (a test calling a
    function), standard output as it is now.
    """
    state = settings()
    if state.screen is None:
        state.screen = Screen.detect(use_pager=not state.no_pager)
    return state.screen


def is_terminal() -> bool:
    """Whether output goes to a terminal (laid out for a person) rather than a pipe or file."""
    return screen().terminal


def page(*, pager: bool = True) -> Page:
    """A `Page` for the running command's output (``pager=False``: never through a pager)."""
    return Page(screen(), pager=pager)


def tr(lang: Lang, zh: str, en: str) -> str:
    """Pick a word of the interface (a heading, a message) in ``lang``."""
    return zh if lang is Lang.ZH else en


def text(value: Optional[Text], lang: Lang) -> str:
    """Return a roadmap text in ``lang`` (``""`` for ``None``), control characters escaped."""
    return "" if value is None else visible(value.get(lang))


def word(value: enum.Enum, lang: Lang) -> str:
    """Return a vocabulary word (a kind, level, role, emphasis, status) as the CLI prints it.

    Its label in `llm_roadmap.vocabulary`; in English a kind is printed as
    its value instead (``repo``, ``docs``, ``cheatsheet``), the word that
    ``--kind`` takes, so a listing can be filtered by what it shows.
    """
    if lang is Lang.EN and isinstance(value, Kind):
        return value.value
    return label(value, lang)


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    *,
    lang: Lang,
    title: Optional[str] = None,
    pager: bool = True,
) -> None:
    """Print rows: a table laid out for the terminal, tab-separated lines when piped.

    Piped output has no header and no title, so ``cut -f1`` gives the first
    column; a cell's tabs and newlines become spaces. On a terminal, columns
    that do not fit are left out by their priority (`Column.priority`) with a
    note in ``lang`` saying which, or each row becomes one field per line.
    """
    out = page(pager=pager)
    out.table(columns, rows, title=title, left_out=left_out_note(lang))
    out.flush()


def left_out_note(lang: Lang) -> Callable[[Sequence[str]], str]:
    """The note under a table whose columns did not all fit, from their headers, in ``lang``."""

    def note(headers: Sequence[str]) -> str:
        if lang is Lang.ZH:
            return f"（窗口较窄，未显示：{'、'.join(headers)}）"
        return f"(not shown at this width: {', '.join(headers)})"

    return note


def _json_default(value: object) -> object:
    # What json cannot write itself: model and other attrs objects, sets.
    if attrs.has(type(value)) or isinstance(value, (set, frozenset)):
        return to_data(value)
    raise TypeError(f"cannot serialise {type(value).__name__} to JSON")


def emit_json(data: object) -> None:
    """Print ``data`` as indented UTF-8 JSON (Chinese stays readable, not escaped).

    Model objects in ``data`` are written by `llm_roadmap.serialize.to_data`,
    the shape of the JSON export.
    """
    import json  # by --json only: a table or lines need none of it

    click.echo(json_visible(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)))
