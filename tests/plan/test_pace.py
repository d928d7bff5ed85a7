"""`Progress.pace` and the pace line of ``progress``, from marks set at known times.

The course (``_plan_data``): long-course 10 h (plus an optional 3 h part in
``finish``, so marking it done covers 13 h), short-a 2 + 2.5 h, pick-1 3 h,
short-b 4 h, short-c 1 h.
"""

import datetime as dt
import json
from pathlib import Path

import pytest
from _plan_data import load, run, write

import llm_roadmap
from llm_roadmap import Progress, StudyTime

UTC = dt.timezone.utc
DAY0 = dt.datetime(2026, 10, 5, 19, 30, tzinfo=UTC)


def at(days: float) -> str:
    """The time ``days`` after DAY0, as the progress file writes it."""
    return (DAY0 + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def rm(tmp_path: Path) -> llm_roadmap.Roadmap:
    return load(tmp_path / "course")


def test_the_pace_from_marks_at_known_times(rm: llm_roadmap.Roadmap) -> None:
    p = Progress()
    # The starting batch: marked within a day of the first mark, not counted.
    p.mark("short-c", "done", at=at(0))
    p.mark("pick-1", "done", at=at(0.5))
    # Then, over the weeks: short-b (4 h), and short-a (2 + 2.5 h in its two topics).
    p.mark("short-b", "done", at=at(7))
    p.mark("short-a", "done", at=at(14))
    now = DAY0 + dt.timedelta(weeks=3)
    pace = p.pace(rm, now=now)
    assert pace.since == DAY0
    assert (pace.marks, pace.hours, pace.weeks) == (2, 8.5, 3.0)
    assert pace.enough
    assert pace.hours_per_week == pytest.approx(8.5 / 3)
    # Left: long-course's 10 h and mystery's unknown time.
    assert pace.left == StudyTime(hours=10, unknown=1)
    # 10 h at 8.5/3 h a week: 24.7 days, so the 25th day from now.
    assert pace.finish == (now + dt.timedelta(days=25)).date() == dt.date(2026, 11, 20)
    # What is left is what the plan of the same path holds.
    assert pace.left.hours == p.plan(rm, hours_per_week=5).total_hours
    # A week later without studying, the pace is lower: it is what was studied, not a guess.
    later = p.pace(rm, now=now + dt.timedelta(weeks=1))
    assert later.hours_per_week == pytest.approx(8.5 / 4)


def test_the_optional_ones_and_a_target_change_what_is_left(rm: llm_roadmap.Roadmap) -> None:
    p = Progress()
    now = DAY0 + dt.timedelta(weeks=3)
    assert p.pace(rm, "start", now=now).left == StudyTime(hours=15)
    assert p.pace(rm, now=now, optional=True).left == rm.study_time("course").total


@pytest.mark.parametrize(
    ("marks", "weeks", "why"),
    [
        ([], 3, "no mark at all"),
        ([0, 0.2, 0.9], 3, "every mark in the starting batch"),
        ([0, 7], 3, "one mark after the batch"),
        ([0, 3, 6], 1.5, "a span under two weeks"),
    ],
)
def test_too_few_marks_give_no_pace(
    rm: llm_roadmap.Roadmap, marks: list[float], weeks: float, why: str
) -> None:
    p = Progress()
    for resource, day in zip(["short-c", "short-b", "pick-1"], marks):
        p.mark(resource, "done", at=at(day))
    pace = p.pace(rm, now=DAY0 + dt.timedelta(weeks=weeks))
    assert not pace.enough, why
    assert pace.hours_per_week is None and pace.finish is None


def test_only_resources_marked_done_count(rm: llm_roadmap.Roadmap) -> None:
    p = Progress()
    p.mark("short-c", "done", at=at(0))
    p.mark("short-b", "done", at=at(7))
    p.mark("pick-1", "done", at=at(10))
    p.mark("pick-2", "skipped", at=at(11))  # not study
    p.mark("long-course", "learning", at=at(12))  # not finished
    p.mark("start", "done", topic=True, at=at(13))  # a topic: no hours of its own
    p.mark("gone-resource", "done", at=at(13))  # not in this roadmap
    pace = p.pace(rm, now=DAY0 + dt.timedelta(weeks=2))
    assert (pace.marks, pace.hours) == (2, 7)
    assert pace.hours_per_week == pytest.approx(3.5)


# -- the progress command -------------------------------------------------------------


def test_progress_tells_the_pace_and_the_finish(tmp_path: Path) -> None:
    course = ["--data", str(write(tmp_path / "course"))]
    # Marks at known times before now: 12 h over the three weeks since the first.
    now = dt.datetime.now(UTC)
    with Progress.editing() as p:
        first = now - dt.timedelta(weeks=3)
        p.mark("short-c", "done", at=first.strftime("%Y-%m-%dT%H:%M:%SZ"))
        for resource, weeks in (("long-course", 2), ("pick-1", 1)):
            stamp = (now - dt.timedelta(weeks=weeks)).strftime("%Y-%m-%dT%H:%M:%SZ")
            p.mark(resource, "done", at=stamp)
    # 13 h (long-course in both its topics) + 3 h over 3 weeks: 5.3 h a week.
    en = run(*course, "--lang", "en", "progress")
    assert en.exit_code == 0, en.stderr
    since = first.astimezone().date()
    # Piped, stdout keeps its columns: the pace line is on stderr.
    assert "Pace" not in en.stdout
    line = next(x for x in en.stderr.splitlines() if x.startswith("Pace: "))
    assert line.startswith(f"Pace: ≈ 5.3 h a week since {since} (≈ 16 h finished in 3.0 weeks);")
    assert "at this pace the ≈ 8.5 h (1 without a time) left are done by 20" in line
    zh = run(*course, "--lang", "zh", "progress")
    assert f"学习速度：自 {since} 起平均每周约 5.3 小时（3.0 周学完约 16 小时的内容）" in zh.stderr
    # With a track, what is left on the path to it, said so.
    middle = run(*course, "--lang", "en", "progress", "--track", "course").stderr
    assert "the ≈ 8.5 h (1 without a time) left on the path to course are done by" in middle
    data = json.loads(run(*course, "progress", "--json").stdout)["pace"]
    assert (data["marks"], data["hours"], data["left"]) == (2, 16, {"hours": 8.5, "unknown": 1})
    assert data["hours_per_week"] == pytest.approx(16 / 3, rel=1e-3)
    finish = dt.date.fromisoformat(data["finish"])
    # 8.5 h at 16/3 h a week: 11.2 days, so 12 days on (13 across a midnight).
    assert dt.timedelta(days=12) <= finish - dt.date.today() <= dt.timedelta(days=13)


def test_progress_with_too_few_marks_says_so(tmp_path: Path) -> None:
    course = ["--data", str(write(tmp_path / "course"))]
    empty = run(*course, "--lang", "en", "progress")
    assert "Pace: mark each resource done when you finish it" in empty.stderr
    assert run(*course, "mark", "done", "short-b", "short-c").exit_code == 0
    en = run(*course, "--lang", "en", "progress")
    assert "Pace: too early to tell. It needs 2 resources marked done after your first day" in (
        en.stderr
    )
    zh = run(*course, "--lang", "zh", "progress")
    assert "学习速度：现在还算不出。" in zh.stderr
    data = json.loads(run(*course, "progress", "--json").stdout)["pace"]
    assert data["hours_per_week"] is None and data["finish"] is None
