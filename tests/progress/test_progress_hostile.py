"""Progress files that would lose a mark or lock the CLI: future times, bad shapes, endless input.

The commands run for real in subprocesses (a FIFO or ``/dev/zero`` must not
hang or fill the test run); the timeouts there only stop a hang, they are
not what is tested.
"""

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any, Optional

import pytest
from _progress_data import write
from _targets import needs_posix

from llm_roadmap import DataError, Progress, ProgressWarning, RoadmapError, Status
from llm_roadmap.progress import MAX_BYTES

FUTURE = "9999-01-01T00:00:00Z"
PAST = "2020-01-01T00:00:00Z"
ALONE = {"LLM_ROADMAP_PLUGINS": "", "LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled"}


def progress_file(resources: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"format": "llm-roadmap-progress", "version": 1, "resources": resources, **more}


def cli(*args: str, data: Path, stdin: Optional[Any] = None) -> "subprocess.CompletedProcess[str]":
    env = {**os.environ, **ALONE, "LANG": "en_US.UTF-8", "LLM_ROADMAP_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *args],
        capture_output=stdin is None,
        stdin=stdin,
        stdout=None if stdin is None else subprocess.PIPE,
        stderr=None if stdin is None else subprocess.PIPE,
        text=True,
        env=env,
        timeout=120,  # a hang guard, not a measurement
        check=False,
    )


@pytest.fixture
def study(tmp_path: Path) -> list[str]:
    return ["--data", str(write(tmp_path / "study"))]


# -- times in the future ------------------------------------------------------------


def test_a_new_mark_wins_over_an_old_one_from_the_future(tmp_path: Path, study: list[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store = data / "progress.json"
    store.write_text(json.dumps(progress_file({"core-a": {"status": "done", "at": FUTURE}})))
    done = cli(*study, "--json", "unmark", "core-a", data=data)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["marked"][0]["changed"] is True
    saved = json.loads(store.read_text("utf-8"))["resources"]["core-a"]
    assert saved["status"] == "pending" and saved["at"] != FUTURE
    # The same status marked again takes a time of now too: no entry stays in the future.
    store.write_text(json.dumps(progress_file({"core-a": {"status": "done", "at": FUTURE}})))
    assert cli(*study, "mark", "done", "core-a", data=data).returncode == 0
    assert json.loads(store.read_text("utf-8"))["resources"]["core-a"]["at"] != FUTURE


def test_a_save_does_not_let_a_future_entry_of_the_file_win(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    mine = Progress.load(path)
    path.write_text(json.dumps(progress_file({"a": {"status": "done", "at": FUTURE}})))
    mine.mark("a", "learning")
    mine.save()  # merges what the file holds: the future entry must not win
    assert Progress.load(path).status("a") is Status.LEARNING


def test_an_import_brings_future_times_back_to_now_with_a_warning(tmp_path: Path) -> None:
    handed = tmp_path / "from-elsewhere.json"
    near = "2026-12-01T10:00:00Z"
    handed.write_text(
        json.dumps(
            progress_file(
                {"a": {"status": "done", "at": FUTURE}, "b": {"status": "done", "at": near}}
            )
        )
    )
    with pytest.warns(ProgressWarning, match=r"1 entry was set in the future .*9999"):
        incoming = Progress.read(handed)
    assert incoming.resources["a"].at != FUTURE and not incoming.resources["a"].in_future()
    assert incoming.resources["b"].at == near
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(progress_file({"b": {"status": "done", "at": near}})))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a time in the past is no reason to warn
        assert Progress.read(plain).resources["b"].at == near


def test_the_import_warning_is_one_line(tmp_path: Path, study: list[str]) -> None:
    handed = tmp_path / "handed.json"
    handed.write_text(json.dumps(progress_file({"core-a": {"status": "done", "at": FUTURE}})))
    done = cli(*study, "progress", "import", str(handed), data=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"Warning: {handed}: 1 entry was set in the future (the latest at {FUTURE},"
        " e.g. core-a); recorded as set now"
    ]


# -- fields of the wrong shape ---------------------------------------------------------

SHAPES = [
    {"core-a": {"status": ["done"], "at": PAST}},
    {"core-a": {"status": {"done": True}, "at": PAST}},
    {"core-a": {"status": "done", "at": 20200101}},
    {"core-a": {"status": "done", "at": [PAST]}},
    {"core-a": ["done", PAST]},
    {"core-a": {"status": "done"}},
]


@pytest.mark.parametrize("resources", SHAPES, ids=lambda r: json.dumps(r)[:40])
def test_a_store_with_a_field_of_the_wrong_shape_is_moved_aside(
    tmp_path: Path, study: list[str], resources: dict[str, Any]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "progress.json").write_text(json.dumps(progress_file(resources)))
    for command in (["tracks"], ["progress"], ["mark", "done", "core-b"]):
        done = cli(*study, *command, data=data)
        assert done.returncode == 0, (command, done.stderr)
        assert "Traceback" not in done.stderr
    moved = list(data.glob("progress.json.damaged-*"))
    assert len(moved) == 1 and json.loads(moved[0].read_text())["resources"] == resources
    assert Progress.load(data / "progress.json").status("core-b") is Status.DONE


def test_other_shapes_of_the_layout_are_problems_not_crashes(tmp_path: Path) -> None:
    bad = [
        [],
        "text",
        {"format": ["llm-roadmap-progress"], "version": 1},
        {"format": "llm-roadmap-progress", "version": [1]},
        {"format": "llm-roadmap-progress", "version": 1, "updated": {"x": 1}},
        # Found by the long fuzz run: null is no time (the schema and the HTML page refuse it).
        {"format": "llm-roadmap-progress", "version": 1, "updated": None},
        {"format": "llm-roadmap-progress", "version": 1, "resources": ["core-a"]},
        {"format": "llm-roadmap-progress", "version": 1, "topics": "none"},
        progress_file({"core-a": {"status": "done", "at": PAST, "by": {"who": 1}}}),
    ]
    for document in bad:
        with pytest.raises(DataError) as caught:
            Progress.from_json(document, source="handed.json")
        for problem in caught.value.problems:
            assert problem.file == "handed.json"
            assert "unhashable" not in problem.message and "\n" not in problem.message


def test_an_import_of_a_bad_shape_names_entry_and_field(tmp_path: Path, study: list[str]) -> None:
    handed = tmp_path / "handed.json"
    handed.write_text(json.dumps(progress_file({"core-a": {"status": ["done"], "at": PAST}})))
    done = cli(*study, "progress", "import", str(handed), data=tmp_path / "data")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert (
        f"{handed}: resource 'core-a': status: expected one of pending, learning, done,"
        " skipped, found an array" in done.stderr
    )


# -- inputs that never end, and sizes ---------------------------------------------------


@needs_posix
def test_an_import_from_a_device_or_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # no writer ever comes: opening it would wait for ever
    for source in ("/dev/zero", str(fifo)):
        done = cli("progress", "import", source, data=tmp_path / "data")
        assert done.returncode == 1
        assert f"{source}: not a regular file (a FIFO or a device?): not read" in done.stderr
    assert not (tmp_path / "data" / "progress.json").exists()


def test_standard_input_is_read_with_a_dash(tmp_path: Path, study: list[str]) -> None:
    handed = tmp_path / "handed.json"
    handed.write_text(
        json.dumps(
            progress_file(
                {
                    "core-a": {"status": "done", "at": PAST},
                    "core-b": {"status": "done", "at": FUTURE},
                }
            )
        )
    )
    with handed.open("rb") as stdin:
        done = cli(*study, "progress", "import", "-", data=tmp_path / "data", stdin=stdin)
    assert done.returncode == 0, done.stderr
    # The same rules as for a file: times from the future are brought back, said in one line.
    assert done.stderr.splitlines() == [
        f"Warning: <stdin>: 1 entry was set in the future (the latest at {FUTURE}, e.g. core-b);"
        " recorded as set now"
    ]
    saved = Progress.load(tmp_path / "data" / "progress.json")
    assert saved.status("core-a") is Status.DONE
    assert not saved.resources["core-b"].in_future()


def test_json_nested_too_deep_is_a_problem_not_a_recursion_error() -> None:
    with pytest.raises(DataError, match="nested too deep"):
        Progress.from_json("[" * 100_000, source="<stdin>")


def big(path: Path, entries: int) -> Path:
    lines = ",\n".join(
        f'    "resource-{i}": {{"status": "done", "at": "2026-01-01T00:00:00.123Z"}}'
        for i in range(entries)
    )
    path.write_text(
        '{"format": "llm-roadmap-progress", "version": 1, "resources": {\n' + lines + "\n}}\n"
    )
    return path


def test_a_file_over_the_cap_is_refused_whole(tmp_path: Path) -> None:
    huge = big(tmp_path / "huge.json", 1_000_000)  # some 70 MB
    assert huge.stat().st_size > MAX_BYTES
    done = cli("progress", "import", str(huge), data=tmp_path / "data")
    assert done.returncode == 1
    assert f"{huge}: larger than 16 MiB: not read" in done.stderr
    # The learner's own file that large was not written by llm-roadmap: moved aside.
    (tmp_path / "data").mkdir()
    huge.replace(tmp_path / "data" / "progress.json")
    with pytest.warns(ProgressWarning, match="larger than 16 MiB"):
        assert not Progress.load(tmp_path / "data" / "progress.json")


def test_a_file_just_under_the_cap_is_read_whole(tmp_path: Path) -> None:
    near = big(tmp_path / "near.json", 190_000)
    assert MAX_BYTES * 0.8 < near.stat().st_size <= MAX_BYTES
    assert len(Progress.read(near).resources) == 190_000


def test_progress_over_the_cap_is_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    p = Progress.read(big(tmp_path / "near.json", 190_000))
    p.save(path)
    more = Progress.load(path)
    for i in range(60_000):
        more.mark(f"extra-{i}", "done")
    with pytest.raises(RoadmapError, match="larger than 16 MiB"):
        more.save()
    assert len(Progress.load(path).resources) == 190_000
