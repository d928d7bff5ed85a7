"""A dated study plan: what is left of a path, week by week; and the learner's own pace.

The rule (`make_plan`): what is left (`Progress.left`: each topic in
path order) goes into weeks in that order, each week filled up to the
budget; a resource that does not fit in what is left of a week starts the
next one, never split; only a resource longer than a whole week is split, and
then it takes what is left of the current week and goes on over the next ones.
A resource of unknown time is listed where it comes, with no hours, and the
plan is partial.

The calendar (`Plan.to_ics`) is written with the ``icalendar`` package, the
``calendar`` extra (``pip install "llm-roadmap[calendar]"``), imported when
a calendar is asked for. The pace (`Pace`) is read from the marks by `Progress.pace`.
"""

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Optional, Union

import attrs

from ..errors import RoadmapError
from ..model import Lang, Resource, Topic
from ..roadmap import PlacedResource, StudyTime

CALENDAR_HINT = 'writing a calendar needs the calendar extra: pip install "llm-roadmap[calendar]"'
"""What to say when ``icalendar`` is not installed."""

# Sums of hours are floats: a week "fits" within this much of the budget.
_SLACK = 1e-9


def _number(hours: float) -> Union[int, float]:
    """Hours as JSON writes them: 2 decimals at most, a whole number without ``.0``."""
    value = round(hours, 2)
    return int(value) if value == int(value) else value


@attrs.frozen(kw_only=True)
class PlanItem:
    """A resource, or a week's part of one, in a week of a `Plan`.

    Attributes:
        placed: The resource where it is placed: track, topic, placement.
        hours: The hours it takes this week (all of it, unless it is longer
            than a week); ``None`` when its time is unknown.
        part: Which of its weeks this is (1 for a resource that fits in one).
        parts: How many weeks it spans (1 for a resource that fits in one).
    """

    placed: PlacedResource
    hours: Optional[float]
    part: int = 1
    parts: int = 1

    @property
    def resource(self) -> Resource:
        """The resource."""
        return self.placed.resource

    @property
    def topic(self) -> Topic:
        """The topic it is studied for."""
        return self.placed.topic


@attrs.frozen(kw_only=True)
class PlanWeek:
    """One week of a `Plan`.

    Attributes:
        number: Its number, from 1.
        start: Its first day.
        items: What to study in it, in order.
    """

    number: int
    start: dt.date
    items: tuple[PlanItem, ...]

    @property
    def end(self) -> dt.date:
        """Its last day (six days after `start`)."""
        return self.start + dt.timedelta(days=6)

    @property
    def hours(self) -> float:
        """The hours of its items (those of unknown time count nothing)."""
        return sum(item.hours or 0.0 for item in self.items)


@attrs.frozen(kw_only=True)
class Plan:
    """A weekly study plan to a date (`Progress.plan`).

    ```python
    import datetime as dt
    from llm_roadmap import Progress

    plan = Progress().plan(rm, "llm-foundations", hours_per_week=6,
                           start=dt.date(2027, 1, 4))
    plan.total_hours, plan.finish, len(plan.weeks)
    for item in plan.weeks[0].items:
        print(item.resource.id, item.topic.id, item.hours)
    ```

    Attributes:
        target: The track or topic it leads to (``None``: the whole roadmap).
        start: The first day of its first week.
        hours_per_week: The budget of a week, in hours.
        optional: Whether it includes the optional resources.
        weeks: Its weeks, one after another from `start`.
    """

    target: Optional[str]
    start: dt.date
    hours_per_week: float
    optional: bool
    weeks: tuple[PlanWeek, ...]

    @property
    def total_hours(self) -> float:
        """The hours of every item (those of unknown time count nothing)."""
        return sum(week.hours for week in self.weeks)

    @property
    def unknown(self) -> int:
        """How many of its resources have no time (left out of the hours)."""
        return sum(item.hours is None for week in self.weeks for item in week.items)

    @property
    def partial(self) -> bool:
        """Whether some resource's time is unknown: the hours and the finish are then too early."""
        return self.unknown > 0

    @property
    def finish(self) -> dt.date:
        """The last day of its last week (`start` when nothing is left)."""
        return self.weeks[-1].end if self.weeks else self.start

    def to_json(self) -> dict[str, object]:
        """The plan as ``plan --json`` prints it.

        ``{"start", "hours_per_week", "total_hours", "finish", "weeks":
        [{"start", "hours", "items": [{"resource", "topic", "hours"}]}]}``:
        dates as ``YYYY-MM-DD``, hours with two decimals at most, ``null``
        for a resource of unknown time.
        """
        return {
            "start": self.start.isoformat(),
            "hours_per_week": _number(self.hours_per_week),
            "total_hours": _number(self.total_hours),
            "finish": self.finish.isoformat(),
            "weeks": [
                {
                    "start": week.start.isoformat(),
                    "hours": _number(week.hours),
                    "items": [
                        {
                            "resource": item.resource.id,
                            "topic": item.topic.id,
                            "hours": None if item.hours is None else _number(item.hours),
                        }
                        for item in week.items
                    ],
                }
                for week in self.weeks
            ],
        }

    def to_ics(self, lang: Union[Lang, str] = Lang.EN) -> bytes:
        """The plan as an iCalendar file (RFC 5545): one all-day event per week.

        Each event spans its week (``DTSTART`` its first day, ``DTEND`` the
        day after its last), is marked free time (``TRANSP:TRANSPARENT``),
        and lists the week's items with their hours and links in its
        description, in ``lang``. Event ids are stable for the same plan, so
        importing it again updates the events instead of doubling them.

        Raises:
            RoadmapError: The ``icalendar`` package (the ``calendar`` extra) is missing.
        """
        try:
            import icalendar
        except ImportError:
            raise RoadmapError(CALENDAR_HINT) from None
        lang = Lang.parse(lang)
        zh = lang is Lang.ZH
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//llm-roadmap//study plan//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        name = self.target or ("全部路线" if zh else "whole roadmap")
        calendar.add("x-wr-calname", f"llm-roadmap: {name}")
        stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        for week in self.weeks:
            event = icalendar.Event()
            event.add("uid", f"{self.target or 'all'}-{week.start:%Y%m%d}@llm-roadmap.plan")
            event.add("dtstamp", stamp)
            event.add("dtstart", week.start)
            event.add("dtend", week.start + dt.timedelta(days=7))
            hours = StudyTime(hours=week.hours).label(lang)
            event.add(
                "summary",
                f"学习计划第 {week.number} 周：{hours}"
                if zh
                else f"Study plan, week {week.number}: {hours}",
            )
            event.add("description", "\n".join(_item_line(item, lang) for item in week.items))
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
        return bytes(calendar.to_ical())


def _item_line(item: PlanItem, lang: Lang) -> str:
    # One item of a week as a line of plain text (the calendar's description).
    hours = StudyTime(hours=item.hours or 0.0, unknown=int(item.hours is None)).label(lang)
    if item.parts > 1:
        if lang is Lang.ZH:
            hours += f"（第 {item.part} 周，共 {item.parts} 周）"
        else:
            hours += f" (week {item.part} of {item.parts})"
    title, topic = item.resource.title.get(lang), item.topic.title.get(lang)
    return f"- {title} · {topic} · {hours} · {item.resource.main_url(lang)}"


def make_plan(
    items: Iterable[PlacedResource],
    *,
    hours_per_week: float,
    start: dt.date,
    target: Optional[str] = None,
    optional: bool = False,
) -> Plan:
    """Lay ``items`` out in weeks of ``hours_per_week`` from ``start`` (the module's rule)."""
    if not hours_per_week > 0:
        raise ValueError(f"hours_per_week must be more than 0, not {hours_per_week!r}")
    weeks: list[list[PlanItem]] = [[]]
    used = 0.0
    for item in items:
        hours = item.placement.hours
        if hours is None:
            # Listed where it comes, taking none of the budget.
            weeks[-1].append(PlanItem(placed=item, hours=None))
            continue
        if hours <= hours_per_week + _SLACK:
            if used + hours > hours_per_week + _SLACK:
                weeks.append([])
                used = 0.0
            weeks[-1].append(PlanItem(placed=item, hours=hours))
            used += hours
            continue
        # Longer than a week: it has to be split, so it fills what is left
        # of this week first and goes on over as many weeks as it needs.
        if hours_per_week - used <= _SLACK:
            weeks.append([])
            used = 0.0
        parts = _parts(hours, hours_per_week - used, hours_per_week)
        for number, part in enumerate(parts, 1):
            if number > 1:
                weeks.append([])
                used = 0.0
            weeks[-1].append(PlanItem(placed=item, hours=part, part=number, parts=len(parts)))
            used += part
    laid = [week for week in weeks if week]
    return Plan(
        target=target,
        start=start,
        hours_per_week=hours_per_week,
        optional=optional,
        weeks=tuple(
            PlanWeek(
                number=number,
                start=start + dt.timedelta(weeks=number - 1),
                items=tuple(week),
            )
            for number, week in enumerate(laid, 1)
        ),
    )


def _parts(hours: float, room: float, budget: float) -> Sequence[float]:
    """A long resource's hours week by week: ``room`` first, then whole weeks, then the rest."""
    parts = [room]
    left = hours - room
    while left > _SLACK:
        parts.append(min(budget, left))
        left -= budget
    return parts


MIN_MARKS = 2
"""Resources marked done after the starting batch that a pace needs (besides the first mark)."""

MIN_WEEKS = 2.0
"""Weeks from the first resource marked done to now that a pace needs."""

START_BATCH = dt.timedelta(days=1)
"""Marks this close to the first one are its batch: their study lies before the span."""


@attrs.frozen(kw_only=True)
class Pace:
    """The hours a week a learner studies, read from their marks, and where it leads.

    Attributes:
        now: The time the pace was measured at (timezone-aware).
        since: When the first resource was marked done (``None``: none was).
        marks: How many resources were marked done after the starting batch:
            the marks the pace is read from.
        hours: The study time of those marks.
        left: The study time left on the path (`TopicProgress.hours_left`,
            topic by topic; with the optional resources when asked).
    """

    now: dt.datetime
    since: Optional[dt.datetime]
    marks: int
    hours: float
    left: StudyTime

    @property
    def weeks(self) -> float:
        """Weeks from `since` to `now` (0.0 when nothing is marked done)."""
        if self.since is None:
            return 0.0
        return max(0.0, (self.now - self.since) / dt.timedelta(weeks=1))

    @property
    def enough(self) -> bool:
        """Whether the marks say anything: `MIN_MARKS` after the batch, over `MIN_WEEKS`."""
        return self.marks >= MIN_MARKS and self.weeks >= MIN_WEEKS and self.hours > 0

    @property
    def hours_per_week(self) -> Optional[float]:
        """The hours a week studied since the first mark (``None``: too little to tell)."""
        return self.hours / self.weeks if self.enough else None

    @property
    def finish(self) -> Optional[dt.date]:
        """The day the path is done at this pace (``None`` when there is too little to tell).

        `now`'s own day when nothing is left. A partial `left` gives too early a day.
        """
        rate = self.hours_per_week
        if rate is None:
            return None
        days = math.ceil(self.left.hours / rate * 7)
        return (self.now + dt.timedelta(days=days)).date()
