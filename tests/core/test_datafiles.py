"""Finding and reading data files on a hostile file system (``llm_roadmap.loading.files``).

Each test builds the real thing (a symlink loop, a FIFO, an unreadable folder,
a file nested thousands deep) and checks that validation answers with a
problem naming the file, in bounded time, instead of a traceback or a hang.
The comments say how the code before the change failed.
"""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from _toy_data import VALID_RESOURCES, VALID_TRACK

import llm_roadmap
from llm_roadmap import DataError
from llm_roadmap.loading import validate_paths
from llm_roadmap.loading.files import MAX_FILE_BYTES


def _problems(path: Path) -> list[str]:
    return [str(p) for p in validate_paths([path], with_roadmap=False)]


def _toy(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "resources.toml").write_text(textwrap.dedent(VALID_RESOURCES), encoding="utf-8")
    (directory / "track.toml").write_text(textwrap.dedent(VALID_TRACK), encoding="utf-8")
    return directory


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    # Before: the walk followed "loop" -> ".." for ever (an OSError "too many
    # levels of symbolic links" deep down, or thousands of false duplicates).
    data = _toy(tmp_path / "data")
    (data / "sub").mkdir()
    (data / "sub" / "loop").symlink_to("..", target_is_directory=True)
    (data / "again").symlink_to(data / "sub", target_is_directory=True)
    assert _problems(data) == []
    rm = llm_roadmap.load([data], plugins=[], disable_plugins=["llm_roadmap.bundled"])
    assert len(rm.resources) == 3


def test_a_second_link_to_a_file_is_no_false_duplicate(tmp_path: Path) -> None:
    # Before: the same file read twice under two names: "duplicate resource id".
    data = _toy(tmp_path / "data")
    (data / "copy.toml").symlink_to(data / "resources.toml")
    assert _problems(data) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_fifo_named_toml_is_skipped_not_read(tmp_path: Path) -> None:
    # Before: read_bytes() on the FIFO blocked for ever (no writer). The load
    # runs in a subprocess so that a regression fails by timeout, not a hang.
    data = _toy(tmp_path / "data")
    os.mkfifo(data / "pipe.toml")
    code = (
        "from llm_roadmap.loading import validate_paths\n"
        f"for p in validate_paths([{str(data)!r}], with_roadmap=False): print(p)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "pipe.toml" in done.stdout
    assert "not a regular file" in done.stdout


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_named_toml_is_skipped(tmp_path: Path) -> None:
    # Before: read_bytes() of /dev/zero never ends (and fills memory).
    data = _toy(tmp_path / "data")
    (data / "zero.toml").symlink_to("/dev/zero")
    code = (
        "from llm_roadmap.loading import validate_paths\n"
        f"for p in validate_paths([{str(data)!r}], with_roadmap=False): print(p)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "zero.toml: not a regular file" in done.stdout
    # Given directly, too.
    assert "not a regular file" in _problems(Path("/dev/zero"))[0]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_unreadable_folder_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    # Before: PermissionError out of iterdir(). Root reads every folder, so as
    # root the check runs without the capabilities that let it (setpriv).
    data = _toy(tmp_path / "data")
    locked = data / "locked"
    locked.mkdir()
    (locked / "more.toml").write_text("", encoding="utf-8")
    code = (
        "from llm_roadmap.loading import validate_paths\n"
        f"for p in validate_paths([{str(data)!r}], with_roadmap=False): print(p)\n"
    )
    command = [sys.executable, "-c", code]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: every folder is readable")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]
    locked.chmod(0)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    finally:
        locked.chmod(0o700)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"{locked}: cannot read this folder: Permission denied"]


def test_toml_nested_thousands_deep_is_a_clear_problem(tmp_path: Path) -> None:
    # Before: RecursionError out of tomllib.
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    assert _problems(deep) == [f"{deep}: invalid TOML: values nested too deeply"]
    inline = tmp_path / "inline.toml"
    inline.write_text("x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n", encoding="utf-8")
    assert _problems(inline) == [f"{inline}: invalid TOML: values nested too deeply"]


def test_integer_beyond_python_digit_limit_is_invalid_toml(tmp_path: Path) -> None:
    # Before: ValueError ("Exceeds the limit (4300 digits)") out of tomllib.
    big = tmp_path / "big.toml"
    big.write_text("[[resources]]\nyear = " + "9" * 5000 + "\n", encoding="utf-8")
    (problem,) = _problems(big)
    assert problem.startswith(f"{big}: invalid TOML:")


def test_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    assert _problems(huge) == [f"{huge}: larger than 16 MiB: not read"]


def test_problems_raise_as_data_error_from_load(tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000, encoding="utf-8")
    with pytest.raises(DataError, match="nested too deeply"):
        llm_roadmap.load([deep], plugins=[])
