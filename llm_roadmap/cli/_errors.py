"""Errors and exit codes: ``Error: ...`` messages, ``Warning: ...`` lines, ``--debug``.

* Exit codes: 0 ok; 1 a `RoadmapError`, validation problems, or nothing found
  (`nothing_found`); 2 a usage error (click's own).
* A `RoadmapError` raised by a command is printed as ``Error: ...`` on stderr
  with no traceback (all problems of a `DataError`), unless ``--debug``.
* A `PluginWarning` is printed as one ``Warning: ...`` line on stderr.
* Under ``--json``, every error (usage errors included) is one JSON object on
  stderr instead, ``{"error": "...", "problems": [...]}``, with the same exit
  status; ``problems`` lists a `DataError`'s problems (file, entry, field,
  message, kind) and is empty for other errors.
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
from ._settings import DEBUG_ENV, Settings

__all__ = [
    "Failure",
    "debugging",
    "error_message",
    "fail",
    "nothing_found",
    "show_json_error",
    "wants_json",
    "warnings_to_stderr",
]


class Failure(click.ClickException):
    """A failure the user should read as one message: printed as ``Error: ...``, exit status 1."""

    exit_code = 1

    def __init__(self, message: str, code: int = 1, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        # click declares exit_code on the class; an instance attribute shadows it.
        vars(self)["exit_code"] = code
        self.problems: tuple[Problem, ...] = tuple(problems)


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

    click.echo(json.dumps(document, ensure_ascii=False), err=True)


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
def warnings_to_stderr() -> Iterator[None]:
    """Within the block, print each `PluginWarning` as one ``Warning: ...`` line on stderr."""
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
