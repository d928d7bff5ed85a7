"""The learner's progress file: where it is, saving, locking, damage, and ids kept for later."""

import json
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from _targets import needs_posix, run_limited, unwritable_directory

import llm_roadmap
from llm_roadmap import DataError, Progress, ProgressWarning, RoadmapError, Status
from llm_roadmap.progress import progress_path
from llm_roadmap.testing import roadmap_with

ROOT = Path(__file__).resolve().parents[2]
T1 = "2026-12-01T10:00:00Z"


def test_the_file_is_in_the_data_directory(own_directories: dict[str, Path]) -> None:
    assert progress_path() == own_directories["data"] / "progress.json"
    assert progress_path({}) == own_directories["default-data"] / "progress.json"
    p = Progress.load()
    p.mark("d2l-zh", "done")
    p.save()
    saved = json.loads((own_directories["data"] / "progress.json").read_text("utf-8"))
    assert saved["resources"]["d2l-zh"]["status"] == "done"
    assert saved["updated"].endswith("Z")


def test_load_without_a_file_is_empty_and_writes_nothing(tmp_path: Path) -> None:
    p = Progress.load(tmp_path / "progress.json")
    assert not p and not p.resources
    assert not (tmp_path / "progress.json").exists()


def test_save_merges_what_another_writer_saved(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    first = Progress.load(path)
    second = Progress.load(path)
    first.mark("a", "done")
    first.save()
    second.mark("b", "learning")
    second.save()  # must not drop "a", which it never saw
    final = Progress.load(path)
    assert final.status("a") is Status.DONE
    assert final.status("b") is Status.LEARNING


def test_editing_saves_only_when_the_block_succeeds(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    with Progress.editing(path) as p:
        p.mark("a", "done")

    def fail_midway() -> None:
        with Progress.editing(path) as p:
            p.mark("b", "done")
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        fail_midway()
    assert set(Progress.load(path).resources) == {"a"}


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from llm_roadmap import Progress

    path, name, count, mode = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    go = path.with_name("go")
    while not go.exists():
        time.sleep(0.005)
    for i in range(count):
        if mode == "editing":
            with Progress.editing(path) as p:
                p.mark(f"{name}-{i}", "done")
        else:
            p = Progress.load(path)
            p.mark(f"{name}-{i}", "learning")
            p.save()
    """
)


@pytest.mark.parametrize("mode", ["editing", "load-save"])
def test_two_processes_marking_at_once_lose_nothing(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "progress.json"
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    count = 25
    writers = [
        subprocess.Popen(
            [sys.executable, str(script), str(path), name, str(count), mode],
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    (tmp_path / "go").touch()
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    saved = Progress.load(path)
    expected = {f"{name}-{i}" for name in ("left", "right") for i in range(count)}
    assert set(saved.resources) == expected
    # The file on disk is whole, valid JSON.
    json.loads(path.read_text("utf-8"))


@pytest.mark.parametrize(
    "damage",
    [
        "{not json",
        "",
        "[1, 2]",
        json.dumps({"format": "llm-roadmap-progress", "version": 1, "resources": {"a": "done"}}),
        json.dumps({"format": "something-else", "version": 1}),
    ],
    ids=["not-json", "empty", "not-an-object", "bad-entry", "other-format"],
)
def test_a_damaged_file_is_moved_aside_with_a_warning(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "progress.json"
    path.write_text(damage, encoding="utf-8")
    with pytest.warns(ProgressWarning, match="moved to progress.json.damaged-"):
        p = Progress.load(path)
    assert not p.resources
    aside = list(tmp_path.glob("progress.json.damaged-*"))
    assert len(aside) == 1
    # Nothing is lost: the damaged file is kept as it was.
    assert aside[0].read_text(encoding="utf-8") == damage
    assert not path.exists()
    p.mark("a", "done")
    p.save()
    assert Progress.load(path).status("a") is Status.DONE


def test_a_second_damage_gets_a_second_name(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    for text in ("{", "{{"):
        path.write_text(text, encoding="utf-8")
        with pytest.warns(ProgressWarning):
            Progress.load(path)
    kept = sorted(p.read_text("utf-8") for p in tmp_path.glob("progress.json.damaged-*"))
    assert kept == ["{", "{{"]


def test_a_file_from_a_newer_version_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    text = json.dumps({"format": "llm-roadmap-progress", "version": 2, "resources": {}})
    path.write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DataError, match="newer llm-roadmap"):
            Progress.load(path)
    assert path.read_text(encoding="utf-8") == text
    assert not list(tmp_path.glob("progress.json.damaged-*"))


@needs_posix
def test_an_unwritable_directory_is_a_clear_error(tmp_path: Path) -> None:
    p = Progress()
    p.mark("a", "done")
    with unwritable_directory(tmp_path / "locked") as locked:
        with pytest.raises(RoadmapError, match="progress file"):
            p.save(locked / "progress.json")
        with pytest.raises(RoadmapError, match=r"cannot write the progress export .*locked"):
            p.export(locked / "export.json")
        assert list(locked.iterdir()) == []


def test_a_data_directory_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "not-a-dir").write_text("", encoding="utf-8")
    p = Progress()
    p.mark("a", "done")
    with pytest.raises(RoadmapError, match="data directory"):
        p.save(tmp_path / "not-a-dir" / "progress.json")


FILL_UP = textwrap.dedent(
    """
    import sys
    from llm_roadmap import Progress, RoadmapError

    p = Progress.load(sys.argv[1])
    for i in range(200):
        p.mark(f"more-{i}", "done")
    try:
        p.save()
    except RoadmapError as exc:
        print(exc)
    """
)


@needs_posix
def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    p = Progress.load(path)
    p.mark("a", "done", at=T1)
    p.save()
    before = path.read_bytes()
    # A write that fails midway (the file may not grow past this size, as on
    # a full disk) must leave the old file, and no temporary file.
    done = run_limited([sys.executable, "-c", FILL_UP, str(path)], file_size=len(before) + 100)
    assert "cannot write the progress file" in done.stdout
    assert "File too large" in done.stdout, done.stdout + done.stderr
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".progress.json.*"))


# -- ids of a plugin that is not installed ----------------------------------------------


@pytest.fixture
def rmtest_base(monkeypatch: pytest.MonkeyPatch) -> object:
    # The test plugin distributions, wherever the test tree keeps them.
    found = sorted((ROOT / "tests").glob("**/plugin_dists/rmtest-base"))
    assert found, "tests/**/plugin_dists/rmtest-base is missing"
    monkeypatch.syspath_prepend(str(found[0]))
    import rmtest_base

    return rmtest_base


def test_ids_of_an_uninstalled_plugin_survive(rmtest_base: object) -> None:
    with_plugin = roadmap_with(rmtest_base, name="rmtest-base")
    without = llm_roadmap.load(plugins=[])
    assert "rmtest-topic" in {t.id for t in with_plugin.topics}
    assert "rmtest-topic" not in {t.id for t in without.topics}

    p = Progress.load()
    p.mark("rmtest-resource", "done")
    p.mark("rmtest-topic", "skipped", topic=True)
    p.save()

    # The plugin is gone: its ids are reported, and kept through another save.
    p = Progress.load()
    report = p.report(without)
    assert report.unknown_resources == ("rmtest-resource",)
    assert report.unknown_topics == ("rmtest-topic",)
    p.mark("d2l-zh", "done")
    p.save()

    # It is back: so is its progress.
    p = Progress.load()
    assert p.status("rmtest-resource") is Status.DONE
    assert p.topic_status(with_plugin, "rmtest-topic") is Status.SKIPPED
    report = p.report(with_plugin)
    assert report.unknown_resources == () and report.unknown_topics == ()
    assert p.status("d2l-zh") is Status.DONE


HOLDER = textwrap.dedent(
    """
    import sys, time
    import filelock

    with filelock.FileLock(sys.argv[1], timeout=5):
        print("held", flush=True)
        time.sleep(60)
    """
)


def test_a_lock_held_elsewhere_times_out_and_dies_with_its_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from llm_roadmap.progress import _file

    path = tmp_path / "progress.json"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "progress.json.lock")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(_file, "LOCK_TIMEOUT", 0.2)
        p = Progress()
        p.mark("a", "done")
        with pytest.raises(RoadmapError, match="locked by another process"):
            p.save(path)
        assert not path.exists()
    finally:
        holder.kill()
        holder.wait()
    # The system released the dead process's lock.
    p.save(path)
    assert Progress.load(path).status("a") is Status.DONE
