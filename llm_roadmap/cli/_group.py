"""The ``llm-roadmap`` command classes: errors as one-line messages, help in zh or en.

`RoadmapGroup` and `RoadmapCommand` are what every command of the CLI is
built from. They give it:

* **Help in the reader's language**, from the one table of the CLI's words
  (`llm_roadmap.cli._words.HELP`): the command's ``--lang``, else the
  group's, else ``LLM_ROADMAP_LANG`` or the locale decides, even when
  ``--help`` comes before ``--lang`` on the command line.
* **Help measured in cells** (`RoadmapFormatter`): Chinese help wraps
  between characters and fits the window, as the rest of the output does.
* **A suggestion for a mistyped command** (``llm-roadmap shwo``: did you mean
  ``show``?), from `llm_roadmap.util.suggest`.
* **Errors as messages**, with these exit codes: 0 ok; 1 a `RoadmapError`,
  validation problems, or nothing found (`nothing_found`); 2 a usage error
  (click's own). A `RoadmapError` raised by a command is printed as
  ``Error: ...`` on stderr with no traceback (all problems of a
  `DataError`), unless ``--debug``; an error of the system (`OSError`: a
  full disk, a closed output) is one line in the system's words
  (`os_error_message`). Under ``--json``, every error (usage errors
  included) is one JSON object on stderr instead, ``{"error": "...",
  "problems": [...]}``, with the same exit status; ``problems`` lists a
  `DataError`'s problems (file, entry, field, message, kind) and is empty for
  other errors. Nothing printed writes a control character raw: messages may
  quote what a user typed or a plugin raised, and a terminal would obey an
  escape sequence in it (`llm_roadmap.util.text.visible`).
* **Warnings as lines**: a warning of llm-roadmap's own (`PluginWarning`,
  ``ProgressWarning``) is printed as one ``Warning: ...`` line on stderr.
* **Standard streams looked after**, for every command at once (see
  `llm_roadmap.cli._stdio`); standard output is flushed before the command
  ends, so that a full disk or a closed pipe is reported as one line, not by
  Python at exit.
* **Plugins named** before each is imported, with ``--debug``.
"""

import contextlib
import errno
import os
import sys
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, NoReturn, Optional, Union

import click

from ..errors import DataError, PluginWarning, Problem, RoadmapError
from ..model import Lang
from ..serialize import to_data
from ..util.env import is_truthy
from ..util.text import display_path, json_visible, visible
from ._screen import CLOSING, OPENING, cells, wrap
from ._settings import DEBUG_ENV, Settings, default_lang
from ._stdio import (
    Replaced,
    replace_what_cannot_be_encoded,
    say_what_was_replaced,
    silence_stdout,
    stand_in_for_closed_streams,
)
from ._words import HELP

_RAW_ARGS = "llm_roadmap.raw_args"
_HELP_LANG = "llm_roadmap.help_lang"
_ROOT = "llm-roadmap"


class Failure(click.ClickException):
    """A failure the user should read as one message: printed as ``Error: ...``, exit status 1."""

    exit_code = 1

    def __init__(self, message: str, code: int = 1, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        # click declares exit_code on the class; an instance attribute shadows it.
        vars(self)["exit_code"] = code
        self.problems: tuple[Problem, ...] = tuple(problems)

    def format_message(self) -> str:
        r"""The message, with any control character shown as an escape (``\x1b``)."""
        return visible(self.message)


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop the command with ``Error: message`` on stderr and exit status ``code``."""
    raise Failure(message, code)


def wants_json(args: Sequence[str]) -> bool:
    """Whether a command line asks for ``--json`` (before a ``--`` that ends the options).

    Read from the raw arguments, so that an error found while they are parsed
    (a misspelt option) is reported as JSON too.
    """
    for arg in args:
        if arg == "--":
            return False
        if arg == "--json":
            return True
    return False


def show_json_error(exc: click.ClickException) -> None:
    """Print ``exc`` as ``{"error": message, "problems": [...]}``, one line on stderr."""
    problems = getattr(exc, "problems", ())
    message = exc.format_message()
    if problems:
        # The problem lines of a DataError's message are in "problems" already.
        message = message.split("\n", 1)[0]
    document = {
        "error": message,
        "problems": [to_data(p) for p in problems],
    }
    import json  # by --json only

    click.echo(json_visible(json.dumps(document, ensure_ascii=False)), err=True)


def nothing_found(message: str) -> NoReturn:
    """Stop with exit status 1 because a query found nothing (``message`` on stderr).

    The message may quote the query: its control characters are shown as escapes.
    """
    click.echo(visible(message), err=True)
    raise click.exceptions.Exit(1)


def _show_warning(
    message: Union[Warning, str],
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Optional[IO[str]] = None,
    line: Optional[str] = None,
) -> None:
    if issubclass(category, PluginWarning) or category.__module__.startswith("llm_roadmap."):
        # Ours (a plugin left out, a progress file corrected): one line.
        click.echo(visible(f"Warning: {message}"), err=True)
    elif sys.stderr is not None:
        # Other warnings keep Python's usual two-line format.
        sys.stderr.write(visible(warnings.formatwarning(message, category, filename, lineno, line)))


@contextlib.contextmanager
def warnings_to_stderr() -> Iterator[None]:
    """Within the block, print each warning of llm-roadmap's as one ``Warning: ...`` line on stderr.

    Its own classes (`PluginWarning`, ``ProgressWarning``...); others keep
    Python's two-line format.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("always", PluginWarning)
        warnings.showwarning = _show_warning
        yield


def debugging(ctx: click.Context) -> bool:
    """Whether ``--debug`` or ``LLM_ROADMAP_DEBUG`` asks for tracebacks instead of messages."""
    state = ctx.find_object(Settings)
    if state is not None and state.debug:
        return True
    return is_truthy(os.environ.get(DEBUG_ENV))


def error_message(exc: RoadmapError) -> str:
    """The one message a `RoadmapError` is shown as (a `DataError` keeps its problem lines)."""
    # DataError's message already lists every problem, one per line.
    if isinstance(exc, DataError):
        return str(exc)
    return " ".join(str(exc).split("\n")) or type(exc).__name__


def os_error_message(exc: OSError) -> str:
    """An error of the system as one line in its own words: ``FILE: reason``.

    Without a file name, the error was writing the output (standard output
    full, closed or gone): ``cannot write the output: No space left on device``.
    """
    from ..util.output import WRITE_ERRNOS

    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None:
        return f"{display_path(str(exc.filename))}: {reason}"
    if exc.errno in WRITE_ERRNOS:
        return f"cannot write the output: {reason}"
    return reason


def _lang_in(args: Sequence[str]) -> Optional[Lang]:
    """The language a ``--lang`` among ``args`` names (before ``--``), if any."""
    found: Optional[Lang] = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value is not None:
            with contextlib.suppress(ValueError):  # click reports it when it parses --lang
                found = Lang.parse(value)
    return found


def join_lines(lines: Sequence[str]) -> str:
    """The lines of a paragraph as one line: a space between words, none between Chinese."""
    out = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if out and _spaced(out[-1], line[0]):
            out += " "
        out += line
    return out


def _spaced(before: str, after: str) -> bool:
    """Whether a line break between two characters stood for a space.

    Between Latin words, yes; between Chinese characters, no; between a
    Chinese character and a Latin letter or digit, yes (the project writes
    ``被 LLM_ROADMAP_PLUGINS 或``), unless punctuation stands there (``（en``).
    """
    wide = cells(before) == 2, cells(after) == 2
    if wide == (False, False):
        return True
    if wide == (True, True):
        return False
    punctuation = CLOSING | OPENING
    return (
        before not in punctuation
        and after not in punctuation
        and (before.isalnum() and after.isalnum())
    )


def help_lang(ctx: Optional[click.Context]) -> Lang:
    """The language of help and usage messages: ``--lang`` as typed, else the defaults."""
    if ctx is not None and isinstance(ctx.meta.get(_HELP_LANG), Lang):
        return ctx.meta[_HELP_LANG]  # type: ignore[no-any-return]
    try:
        return default_lang()
    except click.BadParameter:
        return Lang.EN


class RoadmapFormatter(click.HelpFormatter):
    """Click's help formatter, measuring in terminal cells and speaking the help's language."""

    lang: Lang = Lang.EN

    def _wrap(self, text: str, width: int, first: str, rest: str) -> list[str]:
        return ["".join(s.text for s in line) for line in wrap(text, width, first, rest)]

    def write_usage(self, prog: str, args: str = "", prefix: Optional[str] = None) -> None:
        """The usage line, wrapped in cells; ``用法：`` in Chinese."""
        if prefix is None:
            prefix = "用法：" if self.lang is Lang.ZH else "Usage: "
        lead = f"{' ' * self.current_indent}{prefix}{prog} "
        if not args:
            self.write(lead.rstrip() + "\n")
            return
        hang = " " * min(cells(lead), 20)
        self.write("\n".join(self._wrap(args, self.width, lead, hang)) + "\n")

    def write_heading(self, heading: str) -> None:
        """A section heading, with the colon of the language."""
        colon = "：" if self.lang is Lang.ZH else ":"
        self.write(f"{' ' * self.current_indent}{heading}{colon}\n")

    def write_text(self, text: str) -> None:
        r"""Paragraphs rewrapped to the width (a paragraph after a ``\\b`` line kept as it is)."""
        indent = " " * self.current_indent
        self.write("\n".join(self._paragraphs(text, self.width, indent)) + "\n")

    def _paragraphs(self, text: str, width: int, indent: str) -> Iterator[str]:
        blocks = text.split("\n\n")
        for number, block in enumerate(blocks):
            if number:
                yield ""
            lines = block.split("\n")
            if lines and lines[0].strip() == "\b":
                # Kept as written (examples, commands); a line wider than the
                # window goes on below, indented, rather than past its edge.
                for line in lines[1:]:
                    lead = indent + line[: len(line) - len(line.lstrip())]
                    yield from self._wrap(line.strip(), width, lead, lead + "    ")
                continue
            yield from self._wrap(join_lines(lines), width, indent, indent)

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Options or commands and their help, the help wrapped in cells beside them."""
        rows = list(rows)
        first_width = min(max((cells(first) for first, _ in rows), default=0), col_max)
        column = self.current_indent + first_width + col_spacing
        width = max(self.width, column + 10)
        for first, second in rows:
            if self.lang is Lang.ZH:
                second = second.replace("[default: ", "[默认：").replace("[required]", "[必填]")
            lead = " " * self.current_indent + first
            if not second:
                self.write(lead + "\n")
                continue
            hang = " " * column
            if cells(lead) <= column - col_spacing:
                start = lead + " " * (column - cells(lead))
            else:
                self.write(lead + "\n")
                start = hang
            for line in self._paragraphs(second, width, hang):
                if start != hang and line.startswith(hang):
                    line = start + line[len(hang) :]
                    start = hang
                self.write(line + "\n")


class RoadmapContext(click.Context):
    """A click context whose help is written by `RoadmapFormatter`."""

    formatter_class = RoadmapFormatter


def _localize(command: click.Command, key: str, lang: Lang) -> None:
    """Give ``command`` and its options their help in ``lang`` from `HELP`."""
    found = HELP.get(key)
    if found is not None:
        command.help = found.get(lang)
        command.short_help = join_lines(found.get(lang).strip().split("\n\n", 1)[0].split("\n"))
    for param in command.params:
        if not isinstance(param, click.Option):
            continue
        name = max(param.opts, key=len)
        text = HELP.get(f"{key} {name}") or HELP.get(name)
        if text is not None:
            param.help = text.get(lang)


class _Localized:
    """What both command classes share: a key into `HELP`, help in the reader's language."""

    context_class: type[click.Context] = RoadmapContext
    help_key: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self, click.Command)
        self.rekey(self.name or "")

    def _key_for(self, parent: str, name: str) -> str:
        return name if parent == _ROOT else f"{parent} {name}"

    def rekey(self, key: str) -> None:
        """Take the help stored under ``key`` (the command's path without ``llm-roadmap``)."""
        self.help_key = key
        assert isinstance(self, click.Command)
        _localize(self, key, Lang.EN)
        if isinstance(self, click.Group):
            for name, sub in self.commands.items():
                if isinstance(sub, _Localized):
                    sub.rekey(self._key_for(key, name))

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Note a ``--lang`` for the help, then parse as click does."""
        lang = _lang_in(args)
        if lang is not None:
            ctx.meta[_HELP_LANG] = lang
        return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The help, in the language of ``--lang`` or the defaults."""
        lang = help_lang(ctx)
        assert isinstance(self, click.Command)
        _localize(self, self.help_key, lang)
        if isinstance(self, click.Group):
            for name, sub in self.commands.items():
                if isinstance(sub, _Localized):
                    _localize(sub, self._key_for(self.help_key, name), lang)
        if isinstance(formatter, RoadmapFormatter):
            formatter.lang = lang
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options, under a heading in the help's language."""
        assert isinstance(self, click.Command)
        lang = help_lang(ctx)
        records = []
        help_option = self.get_help_option(ctx)
        for param in self.get_params(ctx):
            if not isinstance(param, click.Option):
                continue  # arguments are named in the usage line and the help text
            # By its names: click before 8.1.8 makes a new help option at every call.
            if help_option is not None and param.opts == help_option.opts:
                text = HELP.get("--help")
                if text is not None:
                    param.help = text.get(lang)
            record = param.get_help_record(ctx)
            if record is not None:
                records.append(record)
        if records:
            with formatter.section("选项" if lang is Lang.ZH else "Options"):
                formatter.write_dl(records)


class RoadmapCommand(_Localized, click.Command):
    """A command of ``llm-roadmap``: help from `HELP` in the reader's language."""


class RoadmapGroup(_Localized, click.Group):
    """The ``llm-roadmap`` group and its sub-groups: help, suggestions, errors as messages."""

    command_class = RoadmapCommand

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line, with the standard streams made safe first (see the module)."""
        stand_in_for_closed_streams()
        replace_what_cannot_be_encoded()
        return super().main(*args, **kwargs)

    def add_command(self, cmd: click.Command, name: Optional[str] = None) -> None:
        """Add a command; it takes its help from the table under its path."""
        super().add_command(cmd, name)
        if isinstance(cmd, _Localized):
            cmd.rekey(self._key_for(self.help_key, name or cmd.name or ""))

    def make_context(
        self,
        info_name: Optional[str],
        args: list[str],
        parent: Optional[click.Context] = None,
        **extra: Any,
    ) -> click.Context:
        """Parse the group's options; under ``--json`` a usage error is printed as JSON."""
        raw = list(args)
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as exc:
            if not wants_json(raw):
                raise
            show_json_error(exc)
            raise click.exceptions.Exit(exc.exit_code) from None
        ctx.meta[_RAW_ARGS] = raw
        return ctx

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[Optional[str], Optional[click.Command], list[str]]:
        """Find the command; a mistyped one is a usage error that names the nearest commands."""
        name = args[0] if args else ""
        if (
            name
            and not name.startswith("-")
            and self.get_command(ctx, name) is None
            and not ctx.resilient_parsing
        ):
            from ..util.suggest import Suggester

            near = Suggester(self.list_commands(ctx)).close(name, n=3, cutoff=0.6)
            lang = help_lang(ctx)
            if near:
                shown = "、".join(near) if lang is Lang.ZH else " or ".join(repr(n) for n in near)
                message = (
                    f"没有命令“{name}”。是不是：{shown}？"
                    if lang is Lang.ZH
                    else f"No such command {name!r}. Did you mean {shown}?"
                )
            else:
                message = f"没有命令“{name}”。" if lang is Lang.ZH else f"No such command {name!r}."
            raise click.UsageError(message, ctx)
        return super().resolve_command(ctx, args)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options, then the commands, under headings in the help's language."""
        super().format_options(ctx, formatter)
        lang = help_lang(ctx)
        rows = []
        for name in self.list_commands(ctx):
            sub = self.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            rows.append((name, sub.short_help or sub.get_short_help_str(200)))
        if rows:
            with formatter.section("命令" if lang is Lang.ZH else "Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn a `RoadmapError` or an `OSError` into one line unless debugging.

        Under ``--json`` (the group's or the command's), every error is printed
        as one JSON object on stderr instead, with the same exit status.
        """
        root = ctx.parent is None  # sub-groups run inside the root's invoke
        if root:
            Replaced.count = 0
        with warnings_to_stderr(), contextlib.ExitStack() as stack:
            # The group's options are parsed by now; its callback (which fills the
            # settings) has not run yet.
            if root and (ctx.params.get("debug") or debugging(ctx)):
                # Imported only then: the plugin machinery costs a command nothing before its load.
                from ..plugin.manager import debug_plugins

                stack.enter_context(debug_plugins())
            try:
                try:
                    result = super().invoke(ctx)
                    if root:
                        if sys.stdout is not None:
                            sys.stdout.flush()
                        say_what_was_replaced()
                    return result
                except RoadmapError as exc:
                    if debugging(ctx):
                        raise
                    problems = exc.problems if isinstance(exc, DataError) else ()
                    raise Failure(error_message(exc), problems=problems) from exc
                except OSError as exc:
                    if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
                        # The reader went away (`| head`): nothing to tell it.
                        silence_stdout()
                        raise click.exceptions.Exit(1) from None
                    if exc.filename is None:
                        # Standard output failed: what is buffered cannot be written either.
                        silence_stdout()
                    if debugging(ctx):
                        raise
                    raise Failure(os_error_message(exc)) from exc
            except click.ClickException as exc:
                state = ctx.find_object(Settings)
                if not (state is not None and state.json) and not wants_json(
                    ctx.meta.get(_RAW_ARGS, ())
                ):
                    raise
                show_json_error(exc)
                raise click.exceptions.Exit(exc.exit_code) from None
