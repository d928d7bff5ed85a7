"""Study time in every view: path, next, progress and the Markdown, CSV and SQLite exports.

On the course of ``_plan_data``: the step ``start`` asks 15 h (16.5 h with
its optional resource), ``middle`` 5 h and one resource of unknown time,
``finish`` 2.5 h (5.5 h with the optional part of long-course).
"""

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from _plan_data import load, run

import llm_roadmap
from llm_roadmap.exporters.csv import COLUMNS


@pytest.fixture
def rm(tmp_path: Path) -> llm_roadmap.Roadmap:
    return load(tmp_path / "loaded")


def _step(output: str, topic_id: str) -> str:
    match = re.search(rf"^\d+\. [^\n]*\({topic_id}\).*?(?=^\d+\. |\Z)", output, re.M | re.S)
    assert match, output
    return match.group(0)


def test_path_shows_each_step_and_the_total(course: list[str]) -> None:
    en = run(*course, "--lang", "en", "path", "course")
    assert en.exit_code == 0, en.stderr
    lines = en.stdout.splitlines()
    assert lines[1] == (
        "Study time: ≈ 22.5 h (1 without a time); ≈ 27 h (1 without a time)"
        " with the optional resources"
    )
    start = _step(en.stdout, "start")
    assert "   study time: ≈ 15 h; ≈ 16.5 h with the optional resources" in start
    assert "course · ≈ 10 h · https://example.org/long-course" in start
    middle = _step(en.stdout, "middle")
    # No optional resource: one sum; the unknown time is marked where it is.
    assert "   study time: ≈ 5 h (1 without a time)\n" in middle
    assert "docs · time unknown · https://example.org/mystery" in middle
    zh = run(*course, "--lang", "zh", "path", "course", "--core-only")
    assert zh.stdout.splitlines()[1] == "学习时长：约 22.5 小时（另有 1 项时长未知）"
    assert "   学习时长：约 15 小时\n" in _step(zh.stdout, "start")
    zh = run(*course, "--lang", "zh", "path", "start")
    assert "   学习时长：约 15 小时；含选看资源约 16.5 小时\n" in zh.stdout
    assert "课程 · 约 10 小时 · https://example.org/long-course" in zh.stdout
    brief = run(*course, "--lang", "en", "path", "course", "--brief")
    assert [line.split("\t")[-1] for line in brief.stdout.splitlines()] == [
        "≈ 15 h",
        "≈ 5 h (1 without a time)",
        "≈ 2.5 h",
    ]


def test_path_json_carries_the_hours(course: list[str], rm: llm_roadmap.Roadmap) -> None:
    steps = json.loads(run(*course, "path", "course", "--json").stdout)
    assert [s["study_time"] for s in steps] == [
        {
            "core": {"hours": t.core.hours, "unknown": t.core.unknown},
            "optional": {"hours": t.optional.hours, "unknown": t.optional.unknown},
        }
        for t in rm.study_time("course").topics
    ]
    start = steps[0]
    assert start["core"][0]["hours"] == 10
    assert start["core"][0]["hours_basis"] == {"zh": "估计：10 小时", "en": "Estimate: 10 h"}
    assert steps[1]["core"][1]["hours"] is None and steps[1]["core"][1]["hours_basis"] is None


def test_next_shows_the_hours_of_what_it_proposes(course: list[str]) -> None:
    rows = [line.split("\t") for line in run(*course, "next").stdout.splitlines()]
    # Columns: topic, status, resource, role, kind, title, link, hours.
    assert [(r[2], r[-1]) for r in rows] == [
        ("long-course", "10"),
        ("short-a", "2"),
        ("pick-1", "3"),
    ]
    assert run(*course, "mark", "done", "long-course", "short-a", "pick-1").exit_code == 0
    rows = [line.split("\t") for line in run(*course, "next").stdout.splitlines()]
    assert [(r[2], r[-1]) for r in rows] == [("short-b", "4"), ("mystery", ""), ("short-c", "1")]
    steps = json.loads(run(*course, "next", "--json").stdout)
    assert steps[0]["hours"] == {"hours": 5, "unknown": 1}
    assert [r["hours"] for r in steps[0]["resources"]] == [4, None, 1]


def test_progress_shows_hours_done_and_left(course: list[str]) -> None:
    assert run(*course, "mark", "done", "long-course").exit_code == 0
    rows = [line.split("\t") for line in run(*course, "progress").stdout.splitlines()]
    # Columns: track, topic, status, count, hours done, hours left ("+": some unknown).
    assert rows == [
        ["course", "", "learning", "0/3", "13", "12.5+"],
        ["course", "start", "learning", "1/3", "10", "5"],
        ["course", "middle", "pending", "0/3", "0", "5+"],
        ["course", "finish", "learning", "0/1", "3", "2.5"],
    ]
    track = json.loads(run(*course, "progress", "--json").stdout)["tracks"][0]
    assert track["hours"] == {
        "done": {"hours": 13, "unknown": 0},
        "left": {"hours": 12.5, "unknown": 1},
        "optional_left": {"hours": 1.5, "unknown": 0},
    }
    assert track["topics"][1]["hours"]["left"] == {"hours": 5, "unknown": 1}


def test_plan_marks_the_unknown_time_and_says_the_total_is_partial(course: list[str]) -> None:
    args = ("plan", "course", "--hours-per-week", "6", "--start", "2027-01-04")
    en = run(*course, "--lang", "en", *args).stdout.splitlines()
    assert en[1] == "5 weeks, ≈ 22.5 h (1 without a time), finished by 2027-02-07"
    assert en[2] == (
        "Note: resources without a study time: 1; the total and the finish are too early."
    )
    assert "  - Mystery (mystery) · middle · time unknown" in en
    assert "  - A long course (long-course) · start · ≈ 4 h, week 2 of 2" in en
    zh = run(*course, "--lang", "zh", *args).stdout.splitlines()
    assert zh[1] == "共 5 周，约 22.5 小时（另有 1 项时长未知），预计 2027-02-07 学完"
    assert zh[2] == "注意：有 1 项资源没有学习时长，总时长和完成日期会偏早。"
    assert "  - 未知时长 (mystery) · middle · 时长未知" in zh


# -- exports ----------------------------------------------------------------------------


def test_markdown_shows_each_items_time_and_each_topics_total(rm: llm_roadmap.Roadmap) -> None:
    en = rm.export("markdown", lang="en")
    item = next(line for line in en.splitlines() if "](https://example.org/long-course)" in line)
    assert item.endswith("course · ≈ 10 h \\")
    mystery = next(line for line in en.splitlines() if "](https://example.org/mystery)" in line)
    assert mystery.endswith("documentation · time unknown \\")
    assert "**Study time:** ≈ 15 h; ≈ 16.5 h with the optional resources" in en
    assert "**Study time:** ≈ 5 h (1 without a time)\n" in en
    zh = rm.export("markdown", lang="zh")
    assert "**学习时长：** 约 15 小时；含选看资源约 16.5 小时" in zh
    # The track's own line: every topic of it.
    assert "**学习时长：** 约 22.5 小时（另有 1 项时长未知）；含选看资源约 27 小时" in zh


def test_csv_has_the_hours_and_their_basis(rm: llm_roadmap.Roadmap) -> None:
    rows = list(csv.reader(io.StringIO(rm.export("csv", lang="zh"), newline="")))
    assert rows[0][-2:] == ["hours", "hours_basis"] == list(COLUMNS[-2:])
    records = [dict(zip(rows[0], row)) for row in rows[1:]]
    found = {(r["topic_id"], r["resource_id"]): (r["hours"], r["hours_basis"]) for r in records}
    assert found[("start", "long-course")] == ("10", "估计：10 小时")
    assert found[("finish", "short-a")] == ("2.5", "估计：2.5 小时")
    assert found[("middle", "mystery")] == ("", "")
    # Every placement's own time, as a number a spreadsheet reads.
    assert sorted(float(r["hours"]) for r in records if r["hours"]) == sorted(
        p.placement.hours for p in rm.placed_resources() if p.placement.hours is not None
    )


def test_sqlite_has_the_hours_of_each_placement(rm: llm_roadmap.Roadmap, tmp_path: Path) -> None:
    path = tmp_path / "course.db"
    rm.export("sqlite", path, lang="en")
    db = sqlite3.connect(path)
    rows = db.execute(
        "SELECT topic_id, sum(hours), count(*) - count(hours) FROM placements"
        " WHERE role <> 'optional' AND resource_id <> 'pick-2' GROUP BY topic_id ORDER BY rowid"
    ).fetchall()
    assert {topic: (hours, unknown) for topic, hours, unknown in rows} == {
        t.topic.id: (t.core.hours, t.core.unknown) for t in rm.study_time("course").topics
    }
    basis = db.execute(
        "SELECT hours, hours_basis_zh, hours_basis_en FROM placements"
        " WHERE topic_id = 'finish' AND resource_id = 'long-course'"
    ).fetchone()
    assert basis == (3.0, "估计：3 小时", "Estimate: 3 h")
    view = db.execute(
        "SELECT hours FROM resources_by_topic WHERE resource_id = 'mystery'"
    ).fetchone()
    assert view == (None,)
    db.close()
