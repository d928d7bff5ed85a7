"""An exclusive lock between processes on one file: ``flock`` on POSIX, ``msvcrt`` on Windows.

Written here rather than taken from the ``filelock`` package: a progress
command must cost no more than ``llm-roadmap tracks`` (bench/bench_progress.py),
and this needs only a module the interpreter already has, where filelock's
import brings in two dozen modules of its own. The lock is advisory and held
on an open descriptor, so the system releases it when a process dies: a
crashed ``mark`` never leaves the file locked.
"""

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LockTimeout", "hold"]

_POLL = 0.02
"""Seconds between attempts while another process holds the lock."""


class LockTimeout(OSError):
    """Another process held the lock for longer than the timeout."""


@contextlib.contextmanager
def hold(path: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) for the block.

    Raises:
        LockTimeout: The lock stayed taken for ``timeout`` seconds.
        OSError: ``path`` cannot be opened.
    """
    fd = os.open(str(path), os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise LockTimeout(f"{path} is held by another process")
            time.sleep(_POLL)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised by CI on Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            # One byte at offset 0: every process locks the same byte.
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
