"""Errors and exit codes: ``Error: ...`` messages, ``Warning: ...`` lines, ``--debug``.

* Exit codes: 0 ok; 1 a `RoadmapError`, validation problems, or nothing found
  (`nothing_found`); 2 a usage error (click's own).
* A `RoadmapError` raised by a command is printed as ``Error: ...`` on stderr
  with no traceback (all problems of a `DataError`), unless ``--debug``.
* A warning of llm-roadmap's own (`PluginWarning`, ``ProgressWarning``) is
  printed as one ``Warning: ...`` line on stderr.
* Under ``--json``, every error (usage errors included) is one JSON object on
  stderr instead, ``{"error": "...", "problems": [...]}``, with the same exit
  status; ``problems`` lists a `DataError`'s problems (file, entry, field,
  message, kind) and is empty for other errors.
* An error of the system (`OSError`: a full disk, a closed output) is one
  line in the system's words (`os_error_message`).
* Nothing printed here writes a control character raw: messages may quote
  what a user typed or a plugin raised, and a terminal would obey an escape
  sequence in it (`llm_roadmap.util.text.visible`).
"""

import os
import sys
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, NoReturn, Optional, Union

import click

from ..errors import DataError, PluginWarning, Problem, RoadmapError
from ..serialize import to_data
from ..util.env import is_truthy
from ..util.text import display_path, json_visible, visible
from ._settings import DEBUG_ENV, Settings


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


@contextmanager
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
