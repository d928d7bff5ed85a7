"""``-`` for standard input or output, wherever a command reads or writes a file.

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
"""

import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Union

import click

STDIO = "-"
"""The name that means standard input (an input) or standard output (an output)."""

STDIN_NAME = "<stdin>"
"""How standard input is named in messages and provenance."""

_READ = "llm_roadmap.stdin_read"


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
