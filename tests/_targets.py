"""Output targets of every file type, made safely: devices, FIFOs with readers, full disks.

Never point code under test at the system's own ``/dev/null`` or ``/dev/full``
when it could replace them: as root a rename over ``/dev/null`` succeeds. So,
as root, `device` makes a node of its own in the test's directory (the same
device numbers, so it behaves as the real one); as another user it hands out
the system's node, which such a user cannot replace whatever the code does.
"""

import contextlib
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Optional

import pytest

# (major, minor) of the Linux memory devices.
_DEVICES = {"null": (1, 3), "full": (1, 7), "zero": (1, 5)}

POSIX = sys.platform != "win32"
needs_posix = pytest.mark.skipif(not POSIX, reason="FIFOs, device nodes and rlimits are POSIX")


def is_root() -> bool:
    return POSIX and os.geteuid() == 0


def device(tmp_path: Path, name: str) -> Path:
    """A character device that acts as ``/dev/NAME`` and that a wrong rename cannot hurt."""
    if is_root():
        node = tmp_path / f"dev-{name}"
        major, minor = _DEVICES[name]
        try:
            os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
        except OSError as exc:  # a container without CAP_MKNOD
            pytest.skip(f"cannot make a device node as root here ({exc.strerror})")
        return node
    system = Path(f"/dev/{name}")
    if not system.exists():
        pytest.skip(f"this system has no /dev/{name}")
    return system


def assert_still_a_device(path: Path) -> None:
    """The node at ``path`` is still a character device: nothing was renamed over it."""
    assert stat.S_ISCHR(os.stat(path).st_mode), f"{path} is no longer a character device"


class FifoReader:
    """A FIFO at ``path`` with a thread that reads everything written into it."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path = path
        self.data = b""
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        with open(self.path, "rb") as handle:  # blocks until a writer opens it
            self.data = handle.read()

    def wait(self) -> bytes:
        # The writer has closed its end: the reader sees the end of the file.
        self.thread.join(30)
        assert not self.thread.is_alive(), "the FIFO's reader never got an end of file"
        return self.data

    def release(self) -> None:
        """Open the FIFO for writing once, so that a reader still waiting ends."""
        if self.thread.is_alive():
            with contextlib.suppress(OSError):
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
                os.close(fd)
            self.thread.join(5)


@contextlib.contextmanager
def fifo_with_reader(path: Path) -> Iterator[FifoReader]:
    reader = FifoReader(path)
    try:
        yield reader
    finally:
        reader.release()


def run_limited(
    args: Sequence[str], *, file_size: Optional[int] = None, **kwargs: Any
) -> "subprocess.CompletedProcess[str]":
    """Run a command whose files may not grow past ``file_size`` bytes (RLIMIT_FSIZE).

    Python ignores SIGXFSZ, so a write past the limit fails with EFBIG ("File
    too large"), as a write onto a full disk fails with ENOSPC.
    """

    def limit() -> None:
        import resource

        if file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return subprocess.run(
        list(args), preexec_fn=limit, capture_output=True, text=True, timeout=120, **kwargs
    )


@contextlib.contextmanager
def unwritable_directory(path: Path) -> Iterator[Path]:
    """A directory nobody can create files in, root included (``chattr +i`` as root)."""
    path.mkdir()
    if is_root():
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if made.returncode != 0:
            pytest.skip("root ignores permissions and chattr +i is not available here")
        try:
            yield path
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        return
    path.chmod(0o500)
    try:
        yield path
    finally:
        path.chmod(0o700)
