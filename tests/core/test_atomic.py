"""Atomic writes: a process killed midway leaves a temporary file the next write removes.

Before the change the temporary file (``.NAME.XXXXXXXX.tmp``) said nothing
about who wrote it, so nothing could tell a dead writer's file from a live
one's and it stayed beside the target for ever.
"""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from llm_roadmap.util.atomic import atomic_write, remove_stale, temp_prefix

WRITER = textwrap.dedent(
    """
    import sys, time
    from llm_roadmap.util.atomic import atomic_write

    with atomic_write(sys.argv[1], binary=True) as handle:
        handle.write(b"x" * 4_000_000)
        handle.flush()
        print("writing", flush=True)
        time.sleep(600)
    """
)


def _temporaries(target: Path) -> list[Path]:
    return sorted(p for p in target.parent.iterdir() if p.name.startswith(temp_prefix(target)))


def _start_writer(target: Path) -> "subprocess.Popen[str]":
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "writing"
    return writer


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_the_next_write_removes_what_a_killed_writer_left(tmp_path: Path) -> None:
    target = tmp_path / "roadmap.json"
    target.write_text("old", encoding="utf-8")
    writer = _start_writer(target)
    (left,) = _temporaries(target)
    assert left.stat().st_size == 4_000_000
    assert f".tmp-{writer.pid}-" in left.name  # recognisable by name: whose it is
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=60)  # reaped: the pid no longer names a process
    assert left.exists() and target.read_text(encoding="utf-8") == "old"

    with atomic_write(target) as handle:
        handle.write("new")
    assert target.read_text(encoding="utf-8") == "new"
    assert _temporaries(target) == []


def test_a_live_writers_file_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "roadmap.json"
    writer = _start_writer(target)
    try:
        (live,) = _temporaries(target)
        with atomic_write(target) as handle:
            handle.write("mine")
        assert live.exists()
        assert remove_stale(target) == []
    finally:
        writer.kill()
        writer.wait(timeout=60)
    assert remove_stale(target) == [live]


def test_other_files_are_never_touched(tmp_path: Path) -> None:
    target = tmp_path / "roadmap.json"
    keep = [
        tmp_path / ".roadmap.json.tmp-notapid-x.tmp",
        tmp_path / ".roadmap.json.abcdefgh.tmp",  # an old-style name: whose, nobody knows
        tmp_path / ".other.json.tmp-999999999-x.tmp",
        tmp_path / "roadmap.json.tmp-999999999-x.tmp",
    ]
    for path in keep:
        path.write_text("x", encoding="utf-8")
    dead = tmp_path / f"{temp_prefix(target)}999999999-abc.tmp"
    dead.write_text("x", encoding="utf-8")
    with atomic_write(target) as handle:
        handle.write("new")
    assert not dead.exists()
    assert all(path.exists() for path in keep)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "roadmap.json"
    target.write_text("old", encoding="utf-8")

    def fail_midway() -> None:
        with atomic_write(target) as handle:
            handle.write("half")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_midway()
    assert target.read_text(encoding="utf-8") == "old"
    assert _temporaries(target) == []
    assert os.listdir(tmp_path) == ["roadmap.json"]
