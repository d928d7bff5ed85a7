"""Output targets of every file type: each gets the whole output, or stays exactly as it was.

`llm_roadmap.util.output.open_output` (behind every ``-o`` and every file the
project writes) is pointed at a target of a drawn type: nothing yet, a
regular file, a link to one, a dangling link, a directory, a FIFO with a
reader, a character device, an open descriptor (``/dev/fd/N`` of a pipe).
The writer writes drawn text or bytes in drawn pieces, and may fail midway.
Whatever the draw: a file holds the whole output or its old contents; a
link is still a link; a FIFO's reader and a descriptor's pipe get the whole
output or nothing; a device is still a device; a directory is refused with
an `OutputError` and left as it was; and no temporary file is left behind.
"""

import os
import stat
import sys
import threading
from pathlib import Path
from typing import Any, Optional

import pytest
from _fuzz_common import FUZZ
from _targets import device, is_root
from hypothesis import given
from hypothesis import strategies as st

from llm_roadmap.util.output import OutputError, open_output

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and device nodes are POSIX")

KINDS = ["missing", "file", "link", "dangling", "directory", "fifo", "device", "descriptor"]


class Boom(Exception):
    """The writer's own failure, midway."""


class Drain:
    """Reads a FIFO or a pipe to its end in a thread."""

    def __init__(self, opener: Any) -> None:
        self.data = b""
        self.thread = threading.Thread(target=self._run, args=(opener,), daemon=True)
        self.thread.start()

    def _run(self, opener: Any) -> None:
        with opener() as handle:
            self.data = handle.read()

    def wait(self) -> bytes:
        self.thread.join(30)
        assert not self.thread.is_alive(), "the reader never saw the end"
        return self.data


def _target(folder: Path, kind: str, old: bytes) -> tuple[Path, Optional[Drain], Optional[int]]:
    path = folder / "out"
    if kind == "file":
        path.write_bytes(old)
    elif kind == "link":
        (folder / "real").write_bytes(old)
        path.symlink_to(folder / "real")
    elif kind == "dangling":
        path.symlink_to(folder / "not-yet")
    elif kind == "directory":
        path.mkdir()
        (path / "inside").write_bytes(old)
    elif kind == "fifo":
        os.mkfifo(path)
        return path, Drain(lambda: open(path, "rb")), None
    elif kind == "device":
        return device(folder, "null"), None, None
    elif kind == "descriptor":
        read, write = os.pipe()
        return Path(f"/dev/fd/{write}"), Drain(lambda: os.fdopen(read, "rb")), write
    return path, None, None


def _litter(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


@FUZZ
@given(
    kind=st.sampled_from(KINDS),
    binary=st.booleans(),
    pieces=st.lists(st.text(max_size=20), max_size=6),
    fail_after=st.one_of(st.none(), st.integers(0, 5)),
    old=st.binary(max_size=40),
)
def test_any_target_gets_the_whole_output_or_stays_as_it_was(
    tmp_path_factory: Any,
    kind: str,
    binary: bool,
    pieces: list[str],
    fail_after: Optional[int],
    old: bytes,
) -> None:
    folder: Path = tmp_path_factory.mktemp("target")
    if kind == "device" and not is_root() and not Path("/dev/null").exists():
        return
    path, drain, write_end = _target(folder, kind, old)
    whole = "".join(pieces).encode("utf-8")
    failed = fail_after is not None and fail_after < len(pieces)
    outcome = ""
    try:
        with open_output(path, binary=binary) as handle:  # type: ignore[call-overload]
            for index, piece in enumerate(pieces):
                if fail_after == index:
                    raise Boom
                handle.write(piece.encode("utf-8") if binary else piece)
        outcome = "written"
    except Boom:
        outcome = "failed"
    except OutputError as exc:
        outcome = f"refused: {exc}"
    finally:
        if write_end is not None:
            os.close(write_end)  # the pipe's reader sees its end
        elif kind == "fifo" and outcome != "written":
            # Nothing was written: open the FIFO once (waiting for its reader
            # to open its end), so that the reader sees an end.
            with open(path, "wb"):
                pass

    if kind == "directory":
        assert outcome.startswith("refused: ") and "is a directory" in outcome
    else:
        assert outcome == ("failed" if failed else "written")
    written = outcome == "written"
    if kind in ("missing", "file", "dangling"):
        target = folder / "not-yet" if kind == "dangling" else path
        expected = whole if written else (old if kind == "file" else None)
        assert (target.read_bytes() if target.exists() else None) == expected
    elif kind == "link":
        assert path.is_symlink()
        assert (folder / "real").read_bytes() == (whole if written else old)
    elif kind == "directory":
        assert stat.S_ISDIR(path.stat().st_mode) and (path / "inside").read_bytes() == old
    elif kind == "device":
        assert stat.S_ISCHR(os.stat(path).st_mode)
    else:
        assert drain is not None
        assert drain.wait() == (whole if written else b"")
        if kind == "fifo":
            assert stat.S_ISFIFO(os.stat(path).st_mode)
    assert _litter(folder) == []
