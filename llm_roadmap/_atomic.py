"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal, Union, overload

__all__ = ["atomic_write"]


@overload
def atomic_write(
    path: Union[str, "os.PathLike[str]"], *, binary: Literal[False] = ...
) -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def atomic_write(
    path: Union[str, "os.PathLike[str]"], *, binary: Literal[True]
) -> contextlib.AbstractContextManager[IO[bytes]]: ...
def atomic_write(
    path: Union[str, "os.PathLike[str]"], *, binary: bool = False
) -> "contextlib.AbstractContextManager[IO[str]] | contextlib.AbstractContextManager[IO[bytes]]":
    r"""Open ``path`` for writing so that it is replaced only when the block succeeds.

    The data goes to a temporary file in the same directory, which is flushed,
    synced and renamed over ``path`` on success, and removed on failure, so an
    error midway leaves an existing file exactly as it was. Text is UTF-8 with
    ``\\n`` line endings unless the writer says otherwise.
    """
    return _atomic_write(Path(path), binary)


@contextlib.contextmanager
def _atomic_write(path: Path, binary: bool) -> Iterator[IO[bytes]]:
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        mode = "wb" if binary else "w"
        kwargs = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:  # type: ignore[call-overload]
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        try:
            # Keep the permissions of the file being replaced; mkstemp makes 0600.
            tmp.chmod(path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            tmp.chmod(0o666 & ~umask)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
