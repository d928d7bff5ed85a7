"""The old face of the CLI's shared parts, for the two command modules not yet moved over.

``cli/network.py`` and ``cli/sources.py`` still import from here; every other
command module imports from the modules that hold each part:
`llm_roadmap.cli._settings` (options, language, loading),
`llm_roadmap.cli._output` (tables, JSON, texts) and
`llm_roadmap.cli._errors` (messages and exit codes).

The two differences from those: `tr` and `text` here pick the language
themselves (`resolve_lang`, from the group's ``--lang`` or the defaults), and
`lang_option` / `command_options` here store a command's ``--lang`` in the
`Settings` instead of passing it to the command. Moving a module over is
mechanical: take ``lang: Optional[Lang]`` from the new `command_options`,
resolve it once with ``resolve_lang(lang)`` and pass it to ``tr(lang, zh, en)``
and ``text(value, lang)``. Then this module goes.
"""

from typing import Any, Callable, Optional, TypeVar

import click

from ..model import Lang, Text
from . import _output
from ._errors import Failure, fail, nothing_found
from ._output import Column, console, emit_json, is_terminal, plain, table
from ._settings import (
    LANG_ENV,
    LangType,
    Settings,
    default_lang,
    json_option,
    load_roadmap,
    resolve_lang,
    settings,
)

__all__ = [
    "LANG_ENV",
    "Column",
    "Failure",
    "LangType",
    "Settings",
    "command_options",
    "console",
    "default_lang",
    "emit_json",
    "fail",
    "is_terminal",
    "json_option",
    "lang_option",
    "load_roadmap",
    "nothing_found",
    "plain",
    "settings",
    "table",
    "text",
    "tr",
]

F = TypeVar("F", bound=Callable[..., Any])


def tr(zh: str, en: str) -> str:
    """Pick a word of the interface in the language of the running command."""
    return _output.tr(resolve_lang(), zh, en)


def text(value: Optional[Text]) -> str:
    """Return a roadmap text in the language of the running command (``""`` for ``None``)."""
    return _output.text(value, resolve_lang())


def _store_lang(ctx: click.Context, param: click.Parameter, value: Optional[Lang]) -> None:
    if value is not None:
        settings().lang = value


def lang_option(func: F) -> F:
    """Add ``--lang zh|en`` to a command, stored for `tr` and `text` of this module."""
    return click.option(
        "--lang",
        type=LangType(),
        default=None,
        metavar="zh|en",
        expose_value=False,
        callback=_store_lang,
        help="Language of the texts (default: LLM_ROADMAP_LANG, else the locale).",
    )(func)


def command_options(func: F) -> F:
    """Add both ``--lang`` (stored, see `lang_option`) and ``--json`` to a listing command."""
    return lang_option(json_option(func))
