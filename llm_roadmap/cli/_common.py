"""What every command of the CLI shares: settings, loading, output, errors and exit codes.

A command module builds on this and nothing else of the CLI::

    import click
    from ._common import command_options, load_roadmap, settings, emit_json, table, Column

    @click.command()
    @command_options          # --lang and --json after the command name too
    def tracks() -> None:
        rm = load_roadmap()   # honours --data, --strict; plugin warnings on stderr
        if settings().json:
            emit_json([...])
        else:
            table([Column("id"), Column("title")], [[t.id, text(t.title)] for t in rm.tracks])

Conventions (docs/cli.md documents them for users):

* Exit codes: 0 ok; 1 a `RoadmapError`, validation problems, or nothing found
  (`nothing_found`); 2 a usage error (click's own).
* A `RoadmapError` raised by a command is printed as ``Error: ...`` on stderr
  with no traceback (all problems of a `DataError`), unless ``--debug``.
* A `PluginWarning` is printed as one ``Warning: ...`` line on stderr.
* Output is a rich table on a terminal, tab-separated lines (no header, no
  ANSI, no box drawing) when piped, and JSON with ``--json``.

click is imported here (the CLI needs it anyway); rich is imported only when a
table is drawn on a terminal, so piped and JSON output never pay for it.
"""

import json
import os
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, Callable, NoReturn, Optional, TypeVar, Union

import attrs
import click

from ..errors import DataError, PluginWarning, RoadmapError
from ..model import Lang, Text

if TYPE_CHECKING:
    from rich.console import Console

    from ..roadmap import Roadmap

__all__ = [
    "LANG_ENV",
    "Column",
    "Failure",
    "LangType",
    "RoadmapGroup",
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
    "to_json",
    "tr",
]

LANG_ENV = "LLM_ROADMAP_LANG"
"""Environment variable that sets the default ``--lang`` (it wins over the locale)."""

DEBUG_ENV = "LLM_ROADMAP_DEBUG"
"""Environment variable that turns on ``--debug``."""

F = TypeVar("F", bound=Callable[..., Any])


# -- settings ------------------------------------------------------------------


def default_lang(environ: Optional[Mapping[str, str]] = None) -> Lang:
    """Return the language to use when ``--lang`` is not given.

    ``LLM_ROADMAP_LANG`` wins; otherwise the first non-empty of ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` (POSIX precedence) decides: a locale that
    starts with ``zh`` means Chinese, anything else English.

    Raises:
        click.BadParameter: ``LLM_ROADMAP_LANG`` names neither language.
    """
    env = os.environ if environ is None else environ
    explicit = env.get(LANG_ENV, "").strip()
    if explicit:
        try:
            return Lang.parse(explicit)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint=LANG_ENV) from None
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return Lang.ZH if value.lower().startswith("zh") else Lang.EN
    return Lang.EN


@attrs.define(kw_only=True)
class Settings:
    """The global options of one CLI invocation, shared by the group and its commands.

    Attributes:
        lang: The language of texts (``--lang``).
        json: Print JSON instead of tables or lines (``--json``).
        debug: Let exceptions through with their traceback (``--debug``).
        strict: Make a failing plugin an error (``--strict``); ``None`` defers
            to ``LLM_ROADMAP_STRICT_PLUGINS``.
        data: Extra data paths for `llm_roadmap.load` (``--data``).
    """

    lang: Optional[Lang] = None
    json: bool = False
    debug: bool = False
    strict: Optional[bool] = None
    data: tuple[str, ...] = ()
    _roadmap: "Optional[Roadmap]" = attrs.field(default=None, alias="_roadmap")

    @property
    def language(self) -> Lang:
        """The language to print texts in: ``--lang``, else `default_lang`."""
        if self.lang is None:
            self.lang = default_lang()
        return self.lang


def settings() -> Settings:
    """Return the settings of the running invocation (defaults when none is running)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return Settings()
    found = ctx.find_object(Settings)
    if found is None:
        # A command invoked on its own (a test calling it directly) still works.
        found = ctx.find_root().ensure_object(Settings)
    return found


def load_roadmap(*, quiet_plugins: bool = False) -> "Roadmap":
    """Load the roadmap once per invocation, with ``--data`` paths and ``--strict``.

    Args:
        quiet_plugins: Do not print `PluginWarning` lines (for commands that
            report plugin failures themselves, such as ``plugins``).

    Raises:
        DataError: The bundled data, a plugin in strict mode, or ``--data`` is invalid.
    """
    state = settings()
    if state._roadmap is None:
        from ..loader import load

        with warnings.catch_warnings():
            if quiet_plugins:
                warnings.simplefilter("ignore", PluginWarning)
            state._roadmap = load(paths=state.data, strict=state.strict)
    return state._roadmap


class LangType(click.ParamType):  # type: ignore[type-arg]  # generic only in click >= 8.2
    """A ``--lang`` value: ``zh`` or ``en``, also accepting locale spellings (``zh_CN.UTF-8``)."""

    name = "zh|en"

    def convert(
        self, value: Any, param: Optional[click.Parameter], ctx: Optional[click.Context]
    ) -> Lang:
        """Return the `Lang` named by ``value`` or fail as a usage error."""
        if isinstance(value, Lang):
            return value
        try:
            return Lang.parse(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list["click.shell_completion.CompletionItem"]:
        """Complete to ``zh`` or ``en``."""
        from click.shell_completion import CompletionItem

        return [CompletionItem(code) for code in ("zh", "en") if code.startswith(incomplete)]


def _set_lang(ctx: click.Context, param: click.Parameter, value: Optional[Lang]) -> None:
    if value is not None:
        settings().lang = value


def _set_json(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        settings().json = True


def lang_option(func: F) -> F:
    """Add ``--lang zh|en`` to a command; it overrides the global ``--lang``."""
    return click.option(
        "--lang",
        type=LangType(),
        default=None,
        metavar="zh|en",
        expose_value=False,
        callback=_set_lang,
        help="Language of the texts (default: LLM_ROADMAP_LANG, else the locale).",
    )(func)


def json_option(func: F) -> F:
    """Add ``--json`` to a command; it is the same as the global ``--json``."""
    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        default=False,
        expose_value=False,
        callback=_set_json,
        help="Print JSON (see docs/cli.md for its shape).",
    )(func)


def command_options(func: F) -> F:
    """Add both ``--lang`` and ``--json`` to a listing command."""
    return lang_option(json_option(func))


# -- errors and exit codes -----------------------------------------------------


class Failure(click.ClickException):
    """A failure the user should read as one message: printed as ``Error: ...``, exit status 1."""

    exit_code = 1

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        # click declares exit_code on the class; an instance attribute shadows it.
        vars(self)["exit_code"] = code


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop the command with ``Error: message`` on stderr and exit status ``code``."""
    raise Failure(message, code)


def nothing_found(message: str) -> NoReturn:
    """Stop with exit status 1 because a query found nothing (``message`` on stderr)."""
    click.echo(message, err=True)
    raise click.exceptions.Exit(1)


def _show_warning(
    message: Union[Warning, str],
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Optional[IO[str]] = None,
    line: Optional[str] = None,
) -> None:
    if issubclass(category, PluginWarning):
        click.echo(f"Warning: {message}", err=True)
    else:
        # Other warnings keep Python's usual two-line format.
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


@contextmanager
def _warnings_to_stderr() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("always", PluginWarning)
        warnings.showwarning = _show_warning
        yield


class RoadmapGroup(click.Group):
    """The ``llm-roadmap`` group: lazy subcommands, and errors turned into messages.

    Subcommands registered with `add_lazy_command` are imported only when
    they run (or their own ``--help`` is asked for), so ``llm-roadmap --help``
    stays fast. A `RoadmapError` from any command becomes ``Error: ...`` with
    exit status 1; with ``--debug`` (or ``LLM_ROADMAP_DEBUG=1``) it is raised
    with its traceback instead.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy: dict[str, tuple[str, str]] = {}

    def add_lazy_command(self, name: str, import_path: str, short_help: str) -> None:
        """Register a subcommand by ``"module:attribute"``, imported on first use.

        Args:
            name: The command name on the command line.
            import_path: ``"package.module:attribute"`` of the `click.Command`.
            short_help: The one line shown by ``llm-roadmap --help`` (a test
                checks it matches the command's own).
        """
        self._lazy[name] = (import_path, short_help)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, eager and lazy, sorted."""
        return sorted({*super().list_commands(ctx), *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        """Return the command, importing a lazy one now."""
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in self._lazy:
            return command
        import importlib

        module_name, attribute = self._lazy[cmd_name][0].split(":")
        loaded = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(loaded, click.Command):
            raise TypeError(f"{self._lazy[cmd_name][0]} is not a click command")
        self.commands[cmd_name] = loaded
        return loaded

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List commands with their registered short help, without importing lazy ones."""
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                command = self.commands[name]
                if command.hidden:
                    continue
                rows.append(
                    (name, command.get_short_help_str(limit=formatter.width - 6 - len(name)))
                )
            else:
                rows.append((name, self._lazy[name][1]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def lazy_short_help(self) -> dict[str, str]:
        """The registered short help of each lazy command (for the consistency test)."""
        return {name: short for name, (_, short) in self._lazy.items()}

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn a `RoadmapError` into a one-line message unless debugging."""
        with _warnings_to_stderr():
            try:
                return super().invoke(ctx)
            except RoadmapError as exc:
                if _debugging(ctx):
                    raise
                raise Failure(_error_message(exc)) from exc


def _debugging(ctx: click.Context) -> bool:
    state = ctx.find_object(Settings)
    if state is not None and state.debug:
        return True
    return os.environ.get(DEBUG_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _error_message(exc: RoadmapError) -> str:
    # DataError's message already lists every problem, one per line.
    if isinstance(exc, DataError):
        return str(exc)
    return " ".join(str(exc).split("\n")) or type(exc).__name__


# -- output --------------------------------------------------------------------


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


def tr(zh: str, en: str) -> str:
    """Pick a label of the interface in the current language."""
    return zh if settings().language is Lang.ZH else en


def text(value: Optional[Text]) -> str:
    """Return a roadmap text in the current language (``""`` for ``None``)."""
    return "" if value is None else value.get(settings().language)


def plain(value: Any) -> str:
    """Return ``value`` as one tab-free, newline-free cell of plain output."""
    if value is None:
        return ""
    return " ".join(str(value).split())


@attrs.frozen
class Column:
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

    header: str
    style: Optional[str] = None
    no_wrap: bool = False
    justify: str = "left"
    ratio: Optional[int] = None
    overflow: str = "fold"


def table(
    columns: Sequence[Column], rows: Sequence[Sequence[Any]], *, title: Optional[str] = None
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
    if attrs.has(type(value)):
        return to_json(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot serialise {type(value).__name__} to JSON")


def to_json(value: Any) -> Any:
    """Return ``value`` (an attrs object, enum, tuple...) as plain JSON data.

    Enums become their values, `Text` becomes ``{"zh": ..., "en": ...}``,
    attrs objects become objects with every field (``provenance`` included).
    """
    if attrs.has(type(value)):
        return attrs.asdict(value, recurse=True, value_serializer=_serialize)
    return _serialize(None, None, value)


def _serialize(inst: Any, field: Any, value: Any) -> Any:
    import enum

    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping) and not isinstance(value, dict):
        return dict(value)
    return value


def emit_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON (Chinese stays readable, not escaped)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
