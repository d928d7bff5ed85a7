"""Outputs of every file type: files replaced, devices and FIFOs written into, directories refused.

Each command that takes ``-o`` (``export``, ``progress export``, the sqlite
export and its metadata file) is run for real, in a subprocess, against a
real character device, a real FIFO with a reader, ``/dev/stdout`` and a
directory. See `_targets` for why the devices are made per test as root.
"""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest
from _hostile_data import write_tiny
from _targets import assert_still_a_device, device, fifo_with_reader, needs_posix

import llm_roadmap
from llm_roadmap import Progress
from llm_roadmap.util.output import OutputError, open_output, write_files

pytestmark = needs_posix

STUDY_ONLY = {"LLM_ROADMAP_PLUGINS": "", "LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled"}


@pytest.fixture
def study(tmp_path: Path) -> Path:
    return write_tiny(tmp_path / "study")


def cli(
    *args: str, stdout: Optional[int] = subprocess.PIPE, env: Optional[dict[str, str]] = None
) -> "subprocess.CompletedProcess[bytes]":
    full = {**os.environ, **STUDY_ONLY, "LANG": "en_US.UTF-8", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=full,
        timeout=120,
        check=False,
    )


def one_error_line(result: "subprocess.CompletedProcess[bytes]") -> str:
    lines = result.stderr.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    return lines[0]


def marked(data_dir: Path) -> None:
    p = Progress.load(data_dir / "progress.json")
    p.mark("tiny-a", "done")
    p.save()


# -- character devices -----------------------------------------------------------


def test_export_into_a_character_device_writes_into_it(tmp_path: Path, study: Path) -> None:
    null = device(tmp_path, "null")
    done = cli("--data", str(study), "export", "-f", "csv", "-o", str(null))
    assert done.returncode == 0, done.stderr
    assert_still_a_device(null)


def test_sqlite_export_into_a_character_device_writes_into_it(tmp_path: Path, study: Path) -> None:
    null = device(tmp_path, "null")
    done = cli("--data", str(study), "export", "-f", "sqlite", "-o", str(null))
    assert done.returncode == 0, done.stderr
    assert_still_a_device(null)


def test_progress_export_into_a_character_device_writes_into_it(
    tmp_path: Path, own_directories: dict[str, Path]
) -> None:
    marked(own_directories["data"])
    null = device(tmp_path, "null")
    done = cli("progress", "export", "-o", str(null))
    assert done.returncode == 0, done.stderr
    assert_still_a_device(null)


def test_a_full_device_is_one_line_and_stays_a_device(
    tmp_path: Path, study: Path, own_directories: dict[str, Path]
) -> None:
    marked(own_directories["data"])
    full = device(tmp_path, "full")
    for args in (
        ("progress", "export", "-o", str(full)),
        ("--data", str(study), "export", "-f", "csv", "-o", str(full)),
        ("--data", str(study), "export", "-f", "sqlite", "-o", str(full)),
    ):
        done = cli(*args)
        assert done.returncode == 1, args
        assert "No space left on device" in one_error_line(done)
        assert "exporter" not in one_error_line(done)  # the system's reason, not a plugin's
        assert_still_a_device(full)


# -- FIFOs -------------------------------------------------------------------------


def test_export_into_a_fifo_reaches_its_reader(tmp_path: Path, study: Path) -> None:
    expected = cli("--data", str(study), "export", "-f", "csv").stdout
    with fifo_with_reader(tmp_path / "pipe") as reader:
        done = cli("--data", str(study), "export", "-f", "csv", "-o", str(reader.path))
        assert done.returncode == 0, done.stderr
        assert reader.wait() == expected
    assert stat.S_ISFIFO(os.stat(tmp_path / "pipe").st_mode)


def test_progress_export_into_a_fifo_reaches_its_reader(
    tmp_path: Path, own_directories: dict[str, Path]
) -> None:
    marked(own_directories["data"])
    with fifo_with_reader(tmp_path / "pipe") as reader:
        done = cli("progress", "export", "-o", str(reader.path))
        assert done.returncode == 0, done.stderr
        received = json.loads(reader.wait())
    assert received["resources"]["tiny-a"]["status"] == "done"
    assert stat.S_ISFIFO(os.stat(tmp_path / "pipe").st_mode)


# -- /dev/stdout, links, directories -------------------------------------------------


def test_dev_stdout_is_written_into_what_stdout_is(tmp_path: Path, study: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_bytes(b"kept before\n")
    inode = log.stat().st_ino
    expected = cli("--data", str(study), "export", "-f", "csv").stdout
    with log.open("ab") as appending:
        done = cli(
            "--data",
            str(study),
            "export",
            "-f",
            "csv",
            "-o",
            "/dev/stdout",
            stdout=appending.fileno(),
        )
    assert done.returncode == 0, done.stderr
    # The shell's `>>` is honoured: nothing replaced, nothing truncated.
    assert log.read_bytes() == b"kept before\n" + expected
    assert log.stat().st_ino == inode


def test_a_link_to_a_file_stays_a_link(tmp_path: Path, study: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    done = cli("--data", str(study), "export", "-f", "markdown", "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("#")


def test_a_directory_is_refused_in_one_line(tmp_path: Path, study: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    rm = llm_roadmap.load([study], plugins=[], disable_plugins=["llm_roadmap.bundled"])
    with pytest.raises(OutputError, match=r"is a directory; give a file name") as caught:
        rm.export("csv", folder)
    assert "\n" not in str(caught.value)
    with pytest.raises(llm_roadmap.RoadmapError, match="is a directory"):
        Progress().export(folder)
    assert list(folder.iterdir()) == []


def test_a_block_device_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a block device node needs root")
    node = tmp_path / "disk"
    # An unassigned device number: even opened, it could reach no disk.
    os.mknod(node, 0o600 | stat.S_IFBLK, os.makedev(240, 0))
    with pytest.raises(OutputError, match="block device"), open_output(node) as handle:
        handle.write("never")
    assert stat.S_ISBLK(os.stat(node).st_mode)


# -- two files at once -----------------------------------------------------------------


def test_the_metadata_file_may_not_be_the_database(tmp_path: Path, study: Path) -> None:
    db = tmp_path / "roadmap.db"
    db.write_bytes(b"old database")
    done = cli(
        "--data", str(study), "export", "-f", "sqlite", "-o", str(db), "-O", f"metadata={db}"
    )
    assert done.returncode == 1
    assert "metadata file" in one_error_line(done)
    assert db.read_bytes() == b"old database"
    # Another spelling of the same file is the same file.
    alias = tmp_path / "alias.db"
    alias.symlink_to(db)
    done = cli(
        "--data", str(study), "export", "-f", "sqlite", "-o", str(db), "-O", f"metadata={alias}"
    )
    assert done.returncode == 1 and db.read_bytes() == b"old database"


def test_several_files_are_all_written_or_none(tmp_path: Path) -> None:
    first = tmp_path / "tracks" / "x.toml"
    first.parent.mkdir()
    first.write_text("old track", encoding="utf-8")
    (tmp_path / "resources" / "x.toml").mkdir(parents=True)  # a directory in the way
    with pytest.raises(OutputError, match=r"resources/x\.toml"):
        write_files({first: "new track", tmp_path / "resources" / "x.toml": "new"})
    assert first.read_text(encoding="utf-8") == "old track"
    assert sorted(p.name for p in first.parent.iterdir()) == ["x.toml"]
    written = write_files({first: "new track", tmp_path / "other.toml": "other"})
    assert written == [first, tmp_path / "other.toml"]
    assert first.read_text(encoding="utf-8") == "new track"
