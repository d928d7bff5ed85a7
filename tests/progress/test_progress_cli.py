"""The progress commands, run for real: mark, unmark, progress, next, export and import."""

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest
from _cli_runner import cli_runner
from _progress_data import write
from click.testing import Result

from llm_roadmap import Progress, Status
from llm_roadmap.cli import main
from llm_roadmap.progress import progress_path

# The study track alone: no bundled data, no installed plugins.
ALONE = {
    "LLM_ROADMAP_PLUGINS": "",
    "LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled",
    "LANG": "en_US.UTF-8",
}


@pytest.fixture
def study(tmp_path: Path) -> list[str]:
    return ["--data", str(write(tmp_path / "study"))]


def run(*args: str, env: Optional[dict[str, str]] = None) -> Result:
    return cli_runner().invoke(main, list(args), env={**ALONE, **(env or {})})


def test_mark_several_resources_and_a_topic(study: list[str]) -> None:
    result = run(*study, "mark", "done", "core-a", "core-b", "pick-x")
    assert result.exit_code == 0, result.stderr
    assert "resource core-a: done" in result.stdout
    # The topic they complete is reported.
    assert "topic basics is now done" in result.stdout
    result = run(*study, "mark", "skipped", "tools")
    assert "topic tools: skipped" in result.stdout
    p = Progress.load()
    assert p.status("core-b") is Status.DONE
    assert p.status("tools", topic=True) is Status.SKIPPED
    again = run(*study, "mark", "done", "core-a")
    assert "already done" in again.stdout


def test_unknown_ids_change_nothing_and_get_a_suggestion(study: list[str]) -> None:
    result = run(*study, "mark", "done", "core-a", "core-c", "basic")
    assert result.exit_code == 1
    assert "'core-c'" in result.stderr and "core-a" in result.stderr
    assert "'basic'" in result.stderr and "basics" in result.stderr
    assert "nothing was changed" in result.stderr
    assert not progress_path().exists()


def test_unmark_makes_pending_again(study: list[str]) -> None:
    run(*study, "mark", "learning", "pick-y")
    result = run(*study, "unmark", "pick-y")
    assert result.exit_code == 0
    assert "resource pick-y: pending" in result.stdout
    entry = Progress.load().resources["pick-y"]
    assert entry.status is Status.PENDING  # a tombstone, with its time


def test_mark_json(study: list[str]) -> None:
    result = run(*study, "mark", "done", "tool-docs", "--json")
    data = json.loads(result.stdout)
    assert data["marked"][0]["id"] == "tool-docs"
    assert data["marked"][0]["changed"] is True
    assert data["topics"] == [{"id": "tools", "status": "done"}]


def test_progress_plain_and_json(study: list[str]) -> None:
    run(*study, "mark", "done", "core-a")
    run(*study, "mark", "skipped", "tools")
    result = run(*study, "progress")
    assert result.exit_code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    # Columns: track, topic, status, count, hours done, hours left. Core A (4 h) is
    # done; basics has Core B (2 h) and the pick-one group's first member (3 h)
    # left, advanced its 2 h; the skipped topic has nothing left, though its
    # resource's time is unknown.
    assert rows[0] == ["study", "", "learning", "1/3", "4", "7"]
    assert ["study", "basics", "learning", "1/3", "4", "5"] in rows
    assert ["study", "tools", "skipped", "0/1", "0", "0"] in rows
    data = json.loads(run(*study, "progress", "--json").stdout)
    track = data["tracks"][0]
    assert (track["id"], track["settled"], track["total"]) == ("study", 1, 3)
    assert track["topics"][0]["resources"]["core-a"] == "done"
    assert data["unknown"] == {"resources": [], "topics": []}


def test_progress_of_one_track_and_an_unknown_one(study: list[str]) -> None:
    assert run(*study, "progress", "--track", "study").exit_code == 0
    result = run(*study, "progress", "--track", "stduy")
    assert result.exit_code == 1
    assert "study" in result.stderr


def test_progress_reports_ids_the_roadmap_lacks(study: list[str]) -> None:
    run(*study, "mark", "done", "core-a", "basics")
    # Without the study data, its ids are kept and listed.
    result = run("progress", env={"LLM_ROADMAP_DISABLE_PLUGINS": ""})
    assert result.exit_code == 0
    assert "core-a" in result.stderr and "basics" in result.stderr
    assert "core-a" not in result.stdout
    run("mark", "done", "d2l-zh", env={"LLM_ROADMAP_DISABLE_PLUGINS": ""})
    assert Progress.load().status("core-a") is Status.DONE


def test_next_lists_open_topics_with_their_resources(study: list[str]) -> None:
    result = run(*study, "next")
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [(r[0], r[2]) for r in rows] == [
        ("basics", "core-a"),
        ("basics", "core-b"),
        ("basics", "pick-x"),
        ("tools", "tool-docs"),
    ]
    assert rows[2][3] == "pick one (intro)"
    run(*study, "mark", "skipped", "basics", "tools")
    data = json.loads(run(*study, "next", "--json").stdout)
    assert [s["id"] for s in data] == ["advanced"]
    assert data[0]["resources"][0]["id"] == "extra"
    run(*study, "mark", "done", "advanced")
    assert "Nothing open" in run(*study, "next").stdout


def test_export_and_import_merge_newest_wins(study: list[str], tmp_path: Path) -> None:
    run(*study, "mark", "done", "core-a")
    out = tmp_path / "my-progress.json"
    assert run(*study, "progress", "export", "-o", str(out)).exit_code == 0
    exported = json.loads(out.read_text("utf-8"))
    assert exported["resources"]["core-a"]["status"] == "done"
    # Elsewhere, later: core-a is un-marked and core-b is done.
    exported["resources"]["core-a"] = {"status": "pending", "at": "2999-01-01T00:00:00Z"}
    exported["resources"]["core-b"] = {"status": "done", "at": "2000-01-01T00:00:00Z"}
    out.write_text(json.dumps(exported), encoding="utf-8")
    result = run(*study, "progress", "import", str(out))
    assert result.exit_code == 0, result.stderr
    assert "1 added, 1 updated" in result.stdout
    p = Progress.load()
    assert p.status("core-a") is Status.PENDING
    assert p.status("core-b") is Status.DONE
    # Export to stdout is the same layout.
    assert json.loads(run("progress", "export").stdout)["format"] == "llm-roadmap-progress"


def test_import_of_a_bad_file_names_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"format": "llm-roadmap-progress", "version": 1, "topics": {"rag": 3}}),
        encoding="utf-8",
    )
    result = run("progress", "import", str(bad))
    assert result.exit_code == 1
    assert "bad.json" in result.stderr and "rag" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_damaged_file_gives_one_warning_line(study: list[str]) -> None:
    path = progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{oops", encoding="utf-8")
    result = run(*study, "mark", "done", "core-a")
    assert result.exit_code == 0
    warning_lines = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warning_lines) == 1 and "moved to progress.json.damaged-" in warning_lines[0]
    assert Progress.load().status("core-a") is Status.DONE
    (aside,) = path.parent.glob("progress.json.damaged-*")
    assert aside.read_text("utf-8") == "{oops"


def test_two_mark_commands_at_once_lose_nothing(study: list[str]) -> None:
    command = [sys.executable, "-m", "llm_roadmap", *study, "mark"]
    ids = (["done", "core-a", "core-b", "pick-x"], ["learning", "pick-y", "extra", "tool-docs"])
    processes = [
        subprocess.Popen(
            [*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for args in ids
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    p = Progress.load()
    assert {rid for rid, e in p.resources.items() if e.status is Status.DONE} == {
        "core-a",
        "core-b",
        "pick-x",
    }
    assert {rid for rid, e in p.resources.items() if e.status is Status.LEARNING} == {
        "pick-y",
        "extra",
        "tool-docs",
    }


def test_commands_are_documented_in_the_help() -> None:
    result = run("--help")
    for name in ("mark", "unmark", "progress", "next"):
        assert re.search(rf"^\s+{name}\s", result.stdout, flags=re.MULTILINE), name
