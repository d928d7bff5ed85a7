"""An exclusive lock between processes on the progress file, with the ``filelock`` package.

filelock holds an OS lock (``flock`` on POSIX, ``msvcrt`` on Windows) on an open
descriptor, so the system releases it when a process dies: a crashed ``mark``
never leaves the file locked. It is imported here, when a save takes the lock,
not at ``import llm_roadmap``: reading progress needs no lock.
"""

import contextlib
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LockTimeout", "hold"]


class LockTimeout(OSError):
    """Another process held the lock for longer than the timeout."""


@contextlib.contextmanager
def hold(path: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) for the block.

    Raises:
        LockTimeout: The lock stayed taken for ``timeout`` seconds.
        OSError: ``path`` cannot be opened.
    """
    import filelock

    lock = filelock.FileLock(str(path), timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise LockTimeout(f"{path} is held by another process") from None
    try:
        yield
    finally:
        lock.release()
