"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

import contextlib
import errno
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal, Union, overload

__all__ = ["STALE_AFTER", "atomic_write", "copy_mode", "remove_stale", "temp_prefix"]


STALE_AFTER = 3600
"""Age in seconds that makes a temporary file stale where its writer cannot be asked (Windows)."""


@overload
def atomic_write(
    path: Union[str, "os.PathLike[str]"], *, binary: Literal[False] = ...
) -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def atomic_write(
    path: Union[str, "os.PathLike[str]"], *, binary: Literal[True]
) -> contextlib.AbstractContextManager[IO[bytes]]: ...
@contextlib.contextmanager
def atomic_write(
    path: Union[str, "os.PathLike[str]"], *, binary: bool = False
) -> Iterator[IO[Any]]:
    r"""Open ``path`` for writing so that it is replaced only when the block succeeds.

    The data goes to a temporary file in the same directory, which is flushed,
    synced and renamed over ``path`` on success, and removed on failure, so an
    error midway leaves an existing file exactly as it was. A process killed
    midway cannot remove its file: the next write to ``path`` does
    (`remove_stale`). Text is UTF-8 with
    ``\\n`` line endings unless the writer says otherwise.

    Only a regular file (or a path where nothing is yet) is replaced: a
    device, a FIFO or a directory at ``path`` raises `OSError` before anything
    is written, since a rename would put a file in its place (``/dev/null``
    included, for root). `llm_roadmap.util.output.open_output` writes into
    those; every output of the project goes through it.
    """
    # tempfile (with shutil, random and the compression modules) is imported by the first write:
    # importing the exporters and the metadata store must stay cheap for loads.
    import tempfile

    path = Path(path)
    try:
        found = path.stat().st_mode
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISREG(found):
            code = errno.EISDIR if stat.S_ISDIR(found) else errno.EPERM
            raise OSError(code, "not a regular file: an atomic write would replace it", str(path))
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    remove_stale(path)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f"{temp_prefix(path)}{os.getpid()}-", suffix=".tmp", dir=directory
    )
    tmp = Path(tmp_name)
    try:
        mode = "wb" if binary else "w"
        kwargs = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:  # type: ignore[call-overload]
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        copy_mode(tmp, path)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def temp_prefix(path: Union[str, "os.PathLike[str]"]) -> str:
    """The start of every temporary file name an atomic write of ``path`` uses.

    The full name is ``.NAME.tmp-PID-RANDOM.tmp``: hidden, beside the target,
    and carrying the id of the process that writes it, so a later write can
    tell a file left by a killed process from one still being written.
    """
    return f".{Path(path).name}.tmp-"


def remove_stale(path: Union[str, "os.PathLike[str]"]) -> list[Path]:
    """Remove the temporary files that killed writers of ``path`` left beside it.

    A temporary file is stale when the process named in it no longer runs
    (on Windows, where that cannot be asked safely, when it is older than
    `STALE_AFTER` seconds). Files of live writers, and every other file, are
    left alone. Returns what was removed; a file that cannot be removed is
    skipped (the next write tries again).
    """
    target = Path(path)
    prefix = temp_prefix(target)
    removed: list[Path] = []
    try:
        with os.scandir(target.parent) as entries:
            names = [e.name for e in entries if e.name.startswith(prefix) and e.is_file()]
    except OSError:
        return removed
    for name in names:
        pid_text = name[len(prefix) :].split("-", 1)[0]
        if not pid_text.isdigit() or not name.endswith(".tmp"):
            continue
        candidate = target.parent / name
        if int(pid_text) == os.getpid() or not _is_stale(candidate, int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
    return removed


def _is_stale(candidate: Path, pid: int) -> bool:
    if os.name == "nt":
        # os.kill(pid, 0) would terminate the process on Windows: go by age.
        try:
            return time.time() - candidate.stat().st_mtime > STALE_AFTER
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # the process exists but belongs to someone else
        return False
    return False


def copy_mode(tmp: Path, target: Path) -> None:
    """Give ``tmp`` the permissions of ``target`` it will replace (mkstemp makes 0600).

    A new file gets what the process's umask leaves of 0666, as `open` would give it.
    """
    try:
        tmp.chmod(target.stat().st_mode & 0o7777)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
