"""`Roadmap.study_time` and `Progress.plan` on a small course whose layout is worked out by hand.

See ``_plan_data`` for the course and the five weeks it makes at 6 hours a
week; here the library's answer is compared with that, and with the rules
it follows when resources are marked, a group member is begun, the optional
ones are included, or the budget is not a whole number.
"""

import datetime as dt
from pathlib import Path

import pytest
from _plan_data import load

import llm_roadmap
from llm_roadmap import Progress, StudyTime

START = dt.date(2027, 1, 4)


@pytest.fixture
def rm(tmp_path: Path) -> llm_roadmap.Roadmap:
    return load(tmp_path / "course")


def _weeks(plan: llm_roadmap.Plan) -> list[list[tuple[str, object]]]:
    return [[(i.resource.id, i.hours) for i in week.items] for week in plan.weeks]


def test_study_time_counts_one_member_of_a_group_and_says_when_it_is_partial(
    rm: llm_roadmap.Roadmap,
) -> None:
    time = rm.study_time("course")
    assert [t.topic.id for t in time.topics] == ["start", "middle", "finish"]
    start, middle, finish = time.topics
    # 10 + 2 + 3 (pick-1, the group's first member; pick-2 is not added).
    assert start.core == StudyTime(hours=15)
    assert start.optional == StudyTime(hours=1.5)
    assert middle.core == StudyTime(hours=5, unknown=1) and middle.core.partial
    assert finish.total == StudyTime(hours=5.5)
    assert time.core == StudyTime(hours=22.5, unknown=1)
    assert time.total == StudyTime(hours=27, unknown=1)
    # One topic's path holds its prerequisites.
    assert rm.study_time("middle").core == StudyTime(hours=20, unknown=1)
    with pytest.raises(llm_roadmap.NotFoundError):
        rm.study_time("no-such-topic")


def test_labels_in_both_languages() -> None:
    assert StudyTime(hours=3).label("en") == "≈ 3 h"
    assert StudyTime(hours=1.5).label("zh") == "约 1.5 小时"
    assert StudyTime(hours=22.5, unknown=1).label("en") == "≈ 22.5 h (1 without a time)"
    assert StudyTime(hours=22.5, unknown=2).label("zh") == "约 22.5 小时（另有 2 项时长未知）"
    assert StudyTime(unknown=1).label("en") == "time unknown"
    assert StudyTime(unknown=3).label("zh") == "时长未知"


def test_the_plan_is_the_one_worked_out_by_hand(rm: llm_roadmap.Roadmap) -> None:
    plan = Progress().plan(rm, "course", hours_per_week=6, start=START)
    assert _weeks(plan) == [
        [("long-course", 6)],
        [("long-course", 4), ("short-a", 2)],
        [("pick-1", 3)],
        [("short-b", 4), ("mystery", None), ("short-c", 1)],
        [("short-a", 2.5)],
    ]
    first, second = plan.weeks[0].items[0], plan.weeks[1].items[0]
    assert (first.part, first.parts, second.part, second.parts) == (1, 2, 2, 2)
    assert [w.start for w in plan.weeks] == [START + dt.timedelta(weeks=i) for i in range(5)]
    assert plan.weeks[-1].end == plan.finish == dt.date(2027, 2, 7)
    assert plan.total_hours == rm.study_time("course").core.hours == 22.5
    assert plan.partial and plan.unknown == 1
    assert plan.to_json()["weeks"][3]["items"][1] == {
        "resource": "mystery",
        "topic": "middle",
        "hours": None,
    }


def test_a_long_resource_starts_in_what_is_left_of_a_week(rm: llm_roadmap.Roadmap) -> None:
    p = Progress()
    p.mark("long-course", "done")
    # Then short-a (2 h) leaves 2 h of a 4-hour week: the 3 h of pick-1 wait for week 2.
    plan = p.plan(rm, "course", hours_per_week=4, start=START)
    assert _weeks(plan)[:2] == [[("short-a", 2)], [("pick-1", 3)]]
    # At 2.5 h a week the 10-hour course takes 4 weeks; short-a's 2 h start week 5, and
    # pick-1, longer than a week, takes the half hour left of it and goes on in week 6.
    plan = Progress().plan(rm, "start", hours_per_week=2.5, start=START)
    assert _weeks(plan) == [
        [("long-course", 2.5)],
        [("long-course", 2.5)],
        [("long-course", 2.5)],
        [("long-course", 2.5)],
        [("short-a", 2), ("pick-1", 0.5)],
        [("pick-1", 2.5)],
    ]
    assert [(i.part, i.parts) for w in plan.weeks[-2:] for i in w.items] == [
        (1, 1),
        (1, 2),
        (2, 2),
    ]
    assert plan.to_json()["hours_per_week"] == 2.5


def test_marks_change_what_is_planned(rm: llm_roadmap.Roadmap) -> None:
    p = Progress()
    p.mark("pick-2", "learning")  # the member begun is the one planned
    p.mark("short-a", "done")  # done in both topics that place it
    p.mark("short-b", "skipped")
    plan = p.plan(rm, "course", hours_per_week=6, start=START)
    planned = [(i.resource.id, i.topic.id) for w in plan.weeks for i in w.items]
    assert planned == [
        ("long-course", "start"),
        ("long-course", "start"),
        ("pick-2", "start"),
        ("mystery", "middle"),
        ("short-c", "middle"),
    ]
    assert plan.total_hours == 10 + 1 + 1
    p.mark("pick-2", "done")
    p.mark("middle", "skipped", topic=True)
    assert [i.resource.id for w in p.plan(rm, hours_per_week=6).weeks for i in w.items] == [
        "long-course",
        "long-course",
    ]


def test_optional_resources_come_after_each_topics_own(rm: llm_roadmap.Roadmap) -> None:
    plan = Progress().plan(rm, "course", hours_per_week=6, start=START, optional=True)
    planned = [(i.resource.id, i.topic.id) for w in plan.weeks for i in w.items]
    assert planned.index(("extra-read", "start")) < planned.index(("short-b", "middle"))
    assert planned[-1] == ("long-course", "finish")
    assert plan.total_hours == rm.study_time("course").total.hours == 27
    # Every week within the budget.
    assert max(w.hours for w in plan.weeks) <= 6


def test_a_budget_must_be_positive(rm: llm_roadmap.Roadmap) -> None:
    with pytest.raises(ValueError, match="more than 0"):
        Progress().plan(rm, hours_per_week=0)


def test_left_and_the_hours_of_topics_and_tracks(rm: llm_roadmap.Roadmap) -> None:
    p = Progress()
    p.mark("long-course", "done")
    p.mark("pick-1", "done")
    left = p.left(rm, "middle")
    assert [(x.resource.id, x.topic.id) for x in left] == [
        ("short-a", "start"),
        ("short-b", "middle"),
        ("mystery", "middle"),
        ("short-c", "middle"),
    ]
    start = p.report(rm).topic("start")
    # Done: long-course here (10 h) and pick-1 (3 h); left: short-a (2 h).
    assert start.hours_done == StudyTime(hours=13)
    assert start.hours_left == StudyTime(hours=2)
    assert start.optional_hours_left == StudyTime(hours=1.5)
    track = p.report(rm).track("course")
    # The optional part of long-course in finish is done too.
    assert track.hours_done == StudyTime(hours=16)
    assert track.hours_left == StudyTime(hours=9.5, unknown=1)
    assert track.optional_hours_left == StudyTime(hours=1.5)
    step = p.next(rm)[0]
    assert step.topic.id == "start" and step.hours == StudyTime(hours=2)
