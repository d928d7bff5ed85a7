"""``llm-roadmap plan``, run for real on the bundled roadmap: the issue's checks of the schedule.

The bundled data has a study time on every placement, so these are the
numbers a learner sees: weeks within the budget, items in learning-path
order, a total that is the sum of the items and what ``path`` reports, and a
plan that shrinks by exactly the hours of what is marked done.
"""

import datetime as dt
import json
from typing import Optional

import pytest
from _cli_runner import cli_runner
from click.testing import Result

import llm_roadmap
from llm_roadmap.cli import main
from llm_roadmap.roadmap import counted_placements

START = "2027-01-04"
BUDGET = 6
TARGET = "llm-foundations"


def run(*args: str, env: Optional[dict[str, str]] = None) -> Result:
    return cli_runner().invoke(main, list(args), env={"LANG": "en_US.UTF-8", **(env or {})})


def plan_json(*more: str) -> dict:
    result = run("plan", TARGET, "--hours-per-week", str(BUDGET), "--start", START, "--json", *more)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def rm() -> llm_roadmap.Roadmap:
    return llm_roadmap.load()


def test_the_json_has_exactly_the_issues_shape() -> None:
    data = plan_json()
    assert list(data) == ["start", "hours_per_week", "total_hours", "finish", "weeks"]
    assert data["start"] == START and data["hours_per_week"] == BUDGET
    for week in data["weeks"]:
        assert list(week) == ["start", "hours", "items"]
        for item in week["items"]:
            assert list(item) == ["resource", "topic", "hours"]
    # Weeks follow each other from the start; the finish is the last week's Sunday.
    starts = [dt.date.fromisoformat(w["start"]) for w in data["weeks"]]
    first = dt.date.fromisoformat(START)
    assert starts == [first + dt.timedelta(weeks=i) for i in range(len(starts))]
    assert dt.date.fromisoformat(data["finish"]) == starts[-1] + dt.timedelta(days=6)


def test_weeks_keep_to_the_budget_and_only_a_long_resource_is_split(
    rm: llm_roadmap.Roadmap,
) -> None:
    data = plan_json()
    placed = {(p.resource.id, p.topic.id): p.placement.hours for p in rm.placed_resources()}
    parts: dict[tuple[str, str], list[float]] = {}
    for week in data["weeks"]:
        assert week["hours"] <= BUDGET
        assert week["hours"] == pytest.approx(sum(i["hours"] for i in week["items"]))
        for item in week["items"]:
            parts.setdefault((item["resource"], item["topic"]), []).append(item["hours"])
    split = {key for key, hours in parts.items() if len(hours) > 1}
    # The bundled path has courses longer than a week: they are the split ones.
    assert split
    for key, hours in parts.items():
        assert sum(hours) == pytest.approx(placed[key])
        if len(hours) > 1:
            assert placed[key] > BUDGET, key
    # A week is never closed early while the next item would have fitted in it.
    items = [(w, i) for w, week in enumerate(data["weeks"]) for i in week["items"]]
    for (week, _), (next_week, following) in zip(items, items[1:]):
        if next_week > week and parts[(following["resource"], following["topic"])] == [
            following["hours"]
        ]:
            assert data["weeks"][week]["hours"] + following["hours"] > BUDGET


def test_items_follow_the_learning_path(rm: llm_roadmap.Roadmap) -> None:
    data = plan_json()
    order = [(i["resource"], i["topic"]) for w in data["weeks"] for i in w["items"]]
    topics = [topic for _, topic in order]
    last = {topic: position for position, topic in enumerate(topics)}
    first = {topic: topics.index(topic) for topic in set(topics)}
    for topic in first:
        for prerequisite in rm.topic(topic).prerequisites:
            if prerequisite in last:
                assert last[prerequisite] < first[topic], (prerequisite, topic)
    # Topic by topic in the order `path` gives, and every step of it is there.
    path = [t.id for t in rm.path(TARGET)]
    assert sorted(first, key=first.get) == path  # type: ignore[arg-type]


def test_total_is_the_sum_of_the_items_and_what_path_reports() -> None:
    for extra, key in (((), ("core",)), (("--include", "optional"), ("core", "optional"))):
        data = plan_json(*extra)
        items = sum(i["hours"] for w in data["weeks"] for i in w["items"])
        assert data["total_hours"] == pytest.approx(items)
        path = run("path", TARGET, "--json")
        steps = json.loads(path.stdout)
        reported = sum(s["study_time"][k]["hours"] for s in steps for k in key)
        assert data["total_hours"] == pytest.approx(reported)
    # And the total path prints is the same number.
    core = plan_json()["total_hours"]
    assert f"Study time: ≈ {core:g} h;" in run("--lang", "en", "path", TARGET).stdout


def test_marking_resources_done_shortens_the_plan_by_their_hours(rm: llm_roadmap.Roadmap) -> None:
    before = plan_json()
    done = ["3b1b-essence-of-linear-algebra", "cs229-probability-review"]
    planned = {(i["resource"], i["topic"]): i["hours"] for w in before["weeks"] for i in w["items"]}
    # Their hours in every topic of the path that plans them.
    hours = sum(
        p.placement.hours or 0
        for p in rm.placed_resources()
        if p.resource.id in done and (p.resource.id, p.topic.id) in planned
    )
    assert hours > 0
    assert run("mark", "done", *done).exit_code == 0
    after = plan_json()
    assert after["total_hours"] == pytest.approx(before["total_hours"] - hours)
    left = {i["resource"] for w in after["weeks"] for i in w["items"]}
    assert not left & set(done)
    # A topic marked skipped takes all its hours away.
    topic = rm.topic("information-theory")
    skipped = sum(hours for (resource, topic_id), hours in planned.items() if topic_id == topic.id)
    assert run("mark", "skipped", "topic:information-theory").exit_code == 0
    assert plan_json()["total_hours"] == pytest.approx(after["total_hours"] - skipped)


def test_the_text_lists_weeks_with_dates_items_and_the_finish() -> None:
    data = plan_json()
    en = run("--lang", "en", "plan", TARGET, "--hours-per-week", "6", "--start", START)
    assert en.exit_code == 0, en.stderr
    lines = en.stdout.splitlines()
    assert lines[0] == (
        f"Study plan: {TARGET}, 6 h a week from {START} (without the optional resources)"
    )
    weeks = len(data["weeks"])
    assert lines[1] == (f"{weeks} weeks, ≈ {data['total_hours']:g} h, finished by {data['finish']}")
    assert "Week 1 · 2027-01-04 to 2027-01-10 · ≈ 6 h" in lines
    first = data["weeks"][0]["items"][0]
    assert any(f"({first['resource']}) · {first['topic']}" in line for line in lines)
    zh = run("--lang", "zh", "plan", TARGET, "--hours-per-week", "6", "--start", START)
    assert zh.stdout.splitlines()[1] == (
        f"共 {weeks} 周，约 {data['total_hours']:g} 小时，预计 {data['finish']} 学完"
    )
    assert "第 1 周 · 2027-01-04 至 2027-01-10 · 约 6 小时" in zh.stdout


def test_without_a_target_the_plan_covers_every_topic(rm: llm_roadmap.Roadmap) -> None:
    result = run("plan", "--hours-per-week", "10", "--start", START, "--json")
    data = json.loads(result.stdout)
    topics = {i["topic"] for w in data["weeks"] for i in w["items"]}
    assert topics == {t.id for t in rm.topics if counted_placements(t)}
    assert data["hours_per_week"] == 10
    assert all(w["hours"] <= 10 for w in data["weeks"])


def test_nothing_left_says_so(rm: llm_roadmap.Roadmap) -> None:
    ids = [f"topic:{t.id}" for t in rm.path("attention-mechanism")]
    assert run("mark", "skipped", *ids).exit_code == 0
    result = run("--lang", "en", "plan", "attention-mechanism", "--hours-per-week", "6")
    assert "Nothing left: every resource on this path is done or skipped." in result.stdout
    data = json.loads(run("plan", "attention-mechanism", "--hours-per-week", "6", "--json").stdout)
    assert data["weeks"] == [] and data["total_hours"] == 0
    assert data["finish"] == data["start"] == dt.date.today().isoformat()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--hours-per-week", "0"], 2, "--hours-per-week"),
        (["--hours-per-week", "-3"], 2, "--hours-per-week"),
        (["--hours-per-week", "six"], 2, "--hours-per-week"),
        (["--hours-per-week", "6", "--start", "2027-13-01"], 2, "--start"),
        (["--hours-per-week", "6", "--include", "everything"], 2, "--include"),
        ([], 2, "--hours-per-week"),
    ],
)
def test_bad_options_are_one_clear_message(args: list[str], code: int, message: str) -> None:
    result = run("plan", TARGET, *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_an_unknown_target_suggests_near_ids() -> None:
    result = run("plan", "llm-fondations", "--hours-per-week", "6")
    assert result.exit_code == 1
    assert "llm-foundations" in result.stderr
    assert result.stdout == ""
