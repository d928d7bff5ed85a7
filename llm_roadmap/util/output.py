"""Writing an output where the user points: every writer of the project goes through `open_output`.

What happens depends on what the path is, never on a guess:

- a regular file, or nothing yet: replaced atomically
  (`llm_roadmap.util.atomic.atomic_write`); a symbolic link stays a link and
  its target is replaced;
- a character device (``/dev/null``, a terminal) or a FIFO: written into,
  never replaced;
- ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``: written into that open
  descriptor (so a ``>>`` redirection keeps what it had);
- a directory, a block device or a socket: refused, with a one-line
  `OutputError`.

Whatever the target, the output is complete before anything reaches it:
what goes to a device or a descriptor is first written to an anonymous
temporary file and copied when the writer has finished, so a writer that fails
midway sends nothing. An error of the system while writing (a full disk, a
closed pipe, no permission) is an `OutputError` naming the path and the
system's words for it.

`write_files` writes several files as one: every file is staged before any
is replaced, and a failure restores those already replaced.
"""

import contextlib
import errno
import io
import os
import re
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Literal, Optional, TypeVar, Union, overload

from ..errors import RoadmapError
from .atomic import atomic_write, copy_mode, temp_prefix

__all__ = ["OutputError", "open_output", "output_kind", "same_file", "write_files"]

PathLike = Union[str, "os.PathLike[str]"]
P = TypeVar("P", bound=PathLike)

# Descriptors the system names as paths; written into as they are open.
_FD_PATHS = re.compile(r"/dev/(?:stdout|stderr|fd/(\d+))|/proc/self/fd/(\d+)")
_FD_NAMES = {"/dev/stdout": 1, "/dev/stderr": 2}

# Errors of the system that are about the place written to, not about the writer's own work.
WRITE_ERRNOS = frozenset(
    code
    for code in (
        errno.ENOSPC,
        errno.EDQUOT if hasattr(errno, "EDQUOT") else None,
        errno.EFBIG,
        errno.EIO,
        errno.EROFS,
        errno.EPIPE,
        errno.EBADF,
        errno.EACCES,
        errno.EPERM,
        errno.ENOTDIR,
        errno.EISDIR,
        errno.ENOENT,
        errno.ENXIO,
    )
    if code is not None
)


class OutputError(RoadmapError, OSError):
    """An output could not be written: ``cannot write PATH: <the system's reason>``.

    Also an `OSError` (``errno``, ``strerror``, ``filename``), so code that
    catches those keeps working.
    """

    def __str__(self) -> str:
        where = self.filename if self.filename is not None else "the output"
        return f"cannot write {where}: {self.strerror}"


def _fail(path: PathLike, code: int, reason: str) -> OutputError:
    from .text import display_path

    return OutputError(code, reason, display_path(path))


def output_kind(path: PathLike) -> Literal["file", "stream", "descriptor"]:
    """How `open_output` writes to ``path``: ``"file"``, ``"stream"`` or ``"descriptor"``.

    Raises:
        OutputError: ``path`` is a directory, a block device or a socket, or a
            folder on the way to it is not one.
    """
    name = os.fspath(path)
    if _FD_PATHS.fullmatch(name) and os.name != "nt":
        return "descriptor"
    try:
        mode = Path(name).stat().st_mode
    except FileNotFoundError:
        return "file"
    except NotADirectoryError:
        raise _fail(path, errno.ENOTDIR, "a part of the path is a file, not a folder") from None
    except OSError as exc:
        raise _fail(path, exc.errno or errno.EIO, exc.strerror or str(exc)) from None
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        raise _fail(path, errno.EISDIR, "it is a directory; give a file name")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "stream"
    if stat.S_ISBLK(mode):
        raise _fail(path, errno.EPERM, "it is a block device (a disk): not written onto")
    raise _fail(path, errno.EPERM, "it is a socket or another special file; give a file name")


@overload
def open_output(
    path: PathLike, *, binary: Literal[False] = ...
) -> "contextlib.AbstractContextManager[IO[str]]": ...
@overload
def open_output(
    path: PathLike, *, binary: Literal[True]
) -> "contextlib.AbstractContextManager[IO[bytes]]": ...
@contextlib.contextmanager
def open_output(path: PathLike, *, binary: bool = False) -> Iterator[IO[Any]]:
    r"""Open ``path`` for writing, the way its file type asks (see the module).

    Text is UTF-8, with the line endings the writer writes (no ``\n``
    translation). Nothing reaches the target unless the block succeeds.

    Raises:
        OutputError: ``path`` cannot be written (a directory, a full disk, a
            closed descriptor...); what was there is left as it was, except
            that a device or pipe may have taken part of the output when the
            system failed while copying it.
    """
    kind = output_kind(path)
    inside = False  # whether an error comes from the writer's block
    try:
        if kind == "file":
            target = Path(os.path.realpath(os.fspath(path)))
            with atomic_write(target, binary=binary) as handle:  # type: ignore[call-overload]
                inside = True
                yield handle
                inside = False
        else:
            with _staged(binary) as (staged, raw):
                inside = True
                yield staged
                inside = False
                staged.flush()
                raw.seek(0)
                if kind == "descriptor":
                    _copy_to_descriptor(path, raw)
                else:
                    _copy_to_stream(path, raw)
    except OutputError:
        raise
    except OSError as exc:
        # Inside the block, only a failure of the handle given to the writer
        # (no file name: a full disk, say) is the output's; an OSError of the
        # writer's own work (a file it reads is missing) stays as it is.
        if inside and (exc.filename is not None or exc.errno not in WRITE_ERRNOS):
            raise
        raise _fail(path, exc.errno or errno.EIO, exc.strerror or str(exc)) from exc


@contextlib.contextmanager
def _staged(binary: bool) -> Iterator[tuple[IO[bytes], IO[bytes]]]:
    import tempfile

    with tempfile.TemporaryFile() as raw:
        if binary:
            yield raw, raw
            return
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
        try:
            yield text, raw  # type: ignore[misc]
            text.flush()
        finally:
            text.detach()


def _copy_to_stream(path: PathLike, raw: IO[bytes]) -> None:
    # O_WRONLY without O_CREAT or O_TRUNC: a device or a FIFO is written
    # into as it is (opening a FIFO waits for its reader, as a shell does).
    fd = os.open(os.fspath(path), os.O_WRONLY | getattr(os, "O_BINARY", 0))
    try:
        _write_all(fd, raw)
    finally:
        os.close(fd)


def _copy_to_descriptor(path: PathLike, raw: IO[bytes]) -> None:
    import sys

    match = _FD_PATHS.fullmatch(os.fspath(path))
    assert match is not None
    name = os.fspath(path)
    fd = _FD_NAMES.get(name) or int(match.group(1) or match.group(2))
    if fd in (1, 2):
        stream = sys.stdout if fd == 1 else sys.stderr
        if stream is None or getattr(stream, "closed", False):
            # Closed by the shell (`>&-`): the number may stand for something else now.
            raise OSError(
                errno.EBADF, f"{'standard output' if fd == 1 else 'standard error'} is closed"
            )
        # What Python buffered for the same descriptor goes first.
        stream.flush()
    _write_all(fd, raw)


def _write_all(fd: int, raw: IO[bytes]) -> None:
    while True:
        chunk = raw.read(64 * 1024)
        if not chunk:
            return
        view = memoryview(chunk)
        while view:
            written = os.write(fd, view)
            view = view[written:]


def same_file(first: PathLike, second: PathLike) -> bool:
    """Whether two paths name one file (the same path, or links to one), existing or not."""
    with contextlib.suppress(OSError):
        return Path(first).samefile(second)
    return os.path.realpath(os.fspath(first)) == os.path.realpath(os.fspath(second))


def write_files(files: Mapping[P, Union[str, bytes]]) -> list[Path]:
    """Write several regular files as one: all of them, or none.

    Each file is written to a temporary file beside it first (text as
    UTF-8); only when every one is written are they renamed into place. If a
    rename fails, the files already replaced get their old contents back and
    those created are removed.

    Returns:
        The paths written, as given, in order.

    Raises:
        OutputError: A target is a directory or a device, or cannot be
            written; nothing is changed.
    """
    import tempfile

    staged: list[tuple[Path, Path]] = []
    names = [Path(name) for name in files]
    try:
        for name, body in files.items():
            target = Path(os.path.realpath(Path(name)))
            if output_kind(target) != "file":
                raise _fail(name, errno.EPERM, "not a regular file; give a file path")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp_name = tempfile.mkstemp(
                    prefix=f"{temp_prefix(target)}{os.getpid()}-", suffix=".tmp", dir=target.parent
                )
                staged.append((Path(tmp_name), target))
                with os.fdopen(fd, "wb") as handle:
                    handle.write(body.encode("utf-8") if isinstance(body, str) else body)
                    handle.flush()
                    os.fsync(handle.fileno())
                copy_mode(Path(tmp_name), target)
            except OSError as exc:
                raise _fail(name, exc.errno or errno.EIO, exc.strerror or str(exc)) from exc
        _replace_all(staged)
    except BaseException:
        for leftover, _ in staged:
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    return names


def _replace_all(staged: list[tuple[Path, Path]]) -> None:
    # Old contents are kept as hard links (no copy) until every rename is done.
    kept: list[tuple[Path, Optional[Path]]] = []
    try:
        for tmp, target in staged:
            backup: Optional[Path] = None
            if target.exists():
                # Named like a temporary file of this process, so that a kill
                # midway leaves nothing `remove_stale` will not clear.
                backup = tmp.with_name(tmp.name[: -len(".tmp")] + "-old.tmp")
                try:
                    os.link(target, backup)
                except OSError:  # a file system without hard links
                    import shutil

                    shutil.copy2(target, backup)
            kept.append((target, backup))
            tmp.replace(target)
    except OSError as exc:
        for target, backup in reversed(kept):
            with contextlib.suppress(OSError):
                if backup is not None:
                    backup.replace(target)
                else:
                    target.unlink()
        name = staged[len(kept) - 1][1] if kept else staged[0][1]
        raise _fail(name, exc.errno or errno.EIO, exc.strerror or str(exc)) from exc
    finally:
        for _, backup in kept:
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink()
