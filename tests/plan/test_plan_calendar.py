"""``plan --ics FILE``: the plan as an iCalendar file, read back by two independent parsers.

icalendar (the library that writes it) and vobject (another implementation
of RFC 5545) must both find one all-day event per week, on the week's dates,
with the week's items in its description; a calendar application imports
what they read.
"""

import datetime as dt
import json
import sys
from pathlib import Path

import icalendar
import pytest
import vobject
from _plan_data import run

START = dt.date(2027, 1, 4)


def _plan(course: list[str], ics: Path, *more: str) -> dict:
    result = run(
        *course,
        *more,
        "plan",
        "course",
        "--hours-per-week",
        "6",
        "--start",
        START.isoformat(),
        "--ics",
        str(ics),
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    assert f"Calendar written to {ics}" in result.stderr or "日历已写入" in result.stderr
    return json.loads(result.stdout)


def test_icalendar_reads_one_event_per_week_on_the_right_dates(
    course: list[str], tmp_path: Path
) -> None:
    ics = tmp_path / "plan.ics"
    data = _plan(course, ics)
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == len(data["weeks"]) == 5
    for number, (event, week) in enumerate(zip(events, data["weeks"]), 1):
        start = event.decoded("dtstart")
        # All-day events (DATE, not DATE-TIME) spanning the week.
        assert type(start) is dt.date
        assert start.isoformat() == week["start"]
        assert event.decoded("dtend") == start + dt.timedelta(days=7)
        assert str(event["summary"]) == f"Study plan, week {number}: ≈ {week['hours']:g} h"
        assert str(event["transp"]) == "TRANSPARENT"
    assert len({str(e["uid"]) for e in events}) == len(events)
    # Week 4 holds three items, the one of unknown time marked so.
    description = str(events[3]["description"]).splitlines()
    assert description == [
        "- Short read B · Middle · ≈ 4 h · https://example.org/short-b",
        "- Mystery · Middle · time unknown · https://example.org/mystery",
        "- Short read C · Middle · ≈ 1 h · https://example.org/short-c",
    ]
    assert "(week 1 of 2)" in str(events[0]["description"])


def test_vobject_reads_the_same_events(course: list[str], tmp_path: Path) -> None:
    ics = tmp_path / "plan.ics"
    data = _plan(course, ics, "--lang", "zh")
    calendar = vobject.readOne(ics.read_text(encoding="utf-8"))
    events = calendar.vevent_list
    assert [e.dtstart.value.isoformat() for e in events] == [w["start"] for w in data["weeks"]]
    assert [e.dtend.value for e in events] == [
        dt.date.fromisoformat(w["start"]) + dt.timedelta(days=7) for w in data["weeks"]
    ]
    assert events[0].summary.value == "学习计划第 1 周：约 6 小时"
    # The Chinese description, unfolded intact (folding splits lines by bytes).
    assert events[1].description.value.splitlines() == [
        "- 长课程 · 开始 · 约 4 小时（第 2 周，共 2 周） · https://example.org/long-course",
        "- 短文甲 · 开始 · 约 2 小时 · https://example.org/short-a",
    ]


def test_writing_again_replaces_the_file_atomically(course: list[str], tmp_path: Path) -> None:
    ics = tmp_path / "plan.ics"
    _plan(course, ics)
    assert run(*course, "mark", "done", "long-course").exit_code == 0
    data = _plan(course, ics)
    events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert len(events) == len(data["weeks"]) == 3
    # No temporary file is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course", "plan.ics"]


def test_without_the_calendar_extra_the_message_says_what_to_install(
    course: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # None in sys.modules makes `import icalendar` fail as if it were not installed.
    monkeypatch.setitem(sys.modules, "icalendar", None)
    ics = tmp_path / "plan.ics"
    result = run(*course, "plan", "course", "--hours-per-week", "6", "--ics", str(ics))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        'Error: writing a calendar needs the calendar extra: pip install "llm-roadmap[calendar]"'
    )
    assert result.stdout == ""
    assert not ics.exists()


def test_an_unwritable_path_is_one_clear_error(course: list[str], tmp_path: Path) -> None:
    # Its "directory" is a file: no directory can be made there.
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    target = tmp_path / "a-file" / "plan.ics"
    result = run(*course, "plan", "course", "--hours-per-week", "6", "--ics", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot write {target}")
    assert "Traceback" not in result.stderr
