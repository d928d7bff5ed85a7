"""The standard streams: ``-`` for standard input or output, and streams made safe to write.

``export -o -``, ``progress export -o -`` and ``check-links -o -`` write to
standard output; ``import -``, ``validate -``, ``--data -`` and ``progress
import -`` read standard input. Standard input is read once per command:
naming it twice (``--data - validate -``) is a usage error, not a silent
empty second read.

The CLI turns ``-`` into what the library takes: a data input that reads the
bytes of standard input (`StdinData`, a traversable the loader reads like a
file), text for the importer and the progress merge. Writing files stays the
library's (`llm_roadmap.util.output`: atomic for a file, into a device or a
FIFO as it is); only ``-`` is handled here.

Before any command runs, the streams are made safe: a stream the shell
closed (``>&-``) stands as one whose every write fails, so a command that has
something to say exits 1 with a message instead of 0 with everything lost
(and no file it opens takes the stream's number); what the output's encoding
cannot hold (Chinese under ``PYTHONIOENCODING=latin-1``) is written as ``?``,
and one warning says so.
"""

import codecs
import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Union

import click

STDIO = "-"
"""The name that means standard input (an input) or standard output (an output)."""

STDIN_NAME = "<stdin>"
"""How standard input is named in messages and provenance."""

_READ = "llm_roadmap.stdin_read"
_REPLACE = "llm-roadmap-replace"


def is_stdio(value: object) -> bool:
    """Whether a file argument is ``-``."""
    return isinstance(value, str) and value == STDIO


def read_stdin(limit: int) -> bytes:
    """All of standard input (at most ``limit`` bytes, one more tells it was longer).

    Raises:
        click.UsageError: Standard input was read already by this command.
    """
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    if root is not None:
        if root.meta.get(_READ):
            raise click.UsageError("standard input (-) can be read only once per command")
        root.meta[_READ] = True
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
    if stream is None:
        return sys.stdin.read(limit + 1).encode("utf-8")
    return stream.read(limit + 1)


class StdinData:
    """Standard input as one TOML data file, for `llm_roadmap.load` (a traversable).

    The loader reads it like a file called ``<stdin>``: its problems and the
    provenance of its entries name it so. It is read once, when first asked.
    """

    name = "stdin.toml"

    def __init__(self) -> None:
        self._data: Union[bytes, None] = None

    def __str__(self) -> str:
        return STDIN_NAME

    def __repr__(self) -> str:
        return "StdinData()"

    def is_dir(self) -> bool:
        """A file, never a folder."""
        return False

    def is_file(self) -> bool:
        """A file."""
        return True

    def iterdir(self) -> Iterator[Any]:
        """Nothing: it is a file."""
        return iter(())

    def read_bytes(self) -> bytes:
        """The bytes of standard input (read on the first call)."""
        if self._data is None:
            from ..loading.files import MAX_FILE_BYTES

            self._data = read_stdin(MAX_FILE_BYTES)
        return self._data


_DATA = "llm_roadmap.stdin_data"


def data_inputs(paths: Iterable[str]) -> Sequence[Any]:
    """``--data`` and ``validate`` paths as the loader takes them: ``-`` is standard input.

    Every load of one command gets the same `StdinData`, so standard input is
    read once however often the command loads (``validate --lint`` loads twice).
    """
    out: list[Any] = []
    for path in paths:
        if not is_stdio(path):
            out.append(path)
            continue
        ctx = click.get_current_context(silent=True)
        meta = ctx.find_root().meta if ctx is not None else {}
        stdin = meta.setdefault(_DATA, StdinData())
        if stdin not in out:
            out.append(stdin)
    return out


def stdin_text(limit: int, what: str) -> str:
    """Standard input as UTF-8 text (a byte-order mark dropped), for ``what`` (messages).

    Raises:
        DataError: It is larger than ``limit`` bytes, or not UTF-8.
    """
    from ..errors import DataError, Problem

    data = read_stdin(limit)
    message = ""
    if len(data) > limit:
        message = f"larger than {limit // (1024 * 1024)} MiB: not read"
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            message = f"not UTF-8: {exc}"
    problem = Problem(file=STDIN_NAME, entry="", field="", message=message)
    raise DataError([problem], context=f"cannot read {what}")


class _ClosedBytes(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class _ClosedStream(io.TextIOBase):
    """Stands for a standard stream the shell closed: every write fails with EBADF."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        # Unbuffered: a write fails at once, and nothing is left to flush at exit.
        self.buffer = _ClosedBytes()

    @property
    def closed(self) -> bool:
        """A closed stream (`llm_roadmap.util.output` refuses to write to its descriptor)."""
        return True

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, f"{self.name} is closed")

    def flush(self) -> None:
        """Nothing is ever buffered."""

    def isatty(self) -> bool:
        return False


def stand_in_for_closed_streams() -> None:
    """Give a standard stream the shell closed (``>&-``) a stand-in whose every write fails."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
        except OSError:
            # Keep the number taken: a file opened later would get it, and
            # a write meant for the terminal would land in that file.
            with contextlib.suppress(OSError):
                null = os.open(os.devnull, os.O_RDWR)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)
            if name != "stdin" and getattr(sys, name) is None:
                setattr(
                    sys, name, _ClosedStream("standard output" if fd == 1 else "standard error")
                )


class Replaced:
    """The characters the output's encoding could not hold (written as ``?``), and that encoding."""

    count = 0
    encoding = ""


def _replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    Replaced.count += exc.end - exc.start
    Replaced.encoding = exc.encoding
    return "?" * (exc.end - exc.start), exc.end


def replace_what_cannot_be_encoded() -> None:
    """Make standard output and error write ``?`` for what their encoding cannot hold."""
    codecs.register_error(_REPLACE, _replace)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            with contextlib.suppress(Exception):  # a stream of the host program's own making
                reconfigure(errors=_REPLACE)


def say_what_was_replaced() -> None:
    """Warn once on standard error if some characters were written as ``?``."""
    if Replaced.count:
        click.echo(
            f"Warning: the output's encoding ({Replaced.encoding}) cannot hold"
            f" {Replaced.count} character(s); they were written as '?'. Use a UTF-8"
            " locale, or set PYTHONIOENCODING=utf-8, to see them.",
            err=True,
        )


def silence_stdout() -> None:
    """Point standard output at devnull: what is buffered there can never be written."""
    # The recipe of the signal module's documentation: point the descriptor
    # at devnull, so that Python's own flush at exit fails no second time.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
