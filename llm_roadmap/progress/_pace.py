"""The learner's pace: the hours a week they actually study, from the times of their marks.

Each resource marked done carries the time it was marked. The pace is read
from them (`measure_pace`):

- the span runs from the first resource marked done to now;
- what was marked done within a day of that first mark is the starting batch:
  its study lies before the span (the first thing finished, or things known
  already), so it does not count;
- the hours of every later mark (`Placement.hours` of each of the resource's
  placements in the roadmap) divided by the span in weeks is the pace.

With fewer than `MIN_MARKS` marks after the starting batch, or a span
shorter than `MIN_WEEKS`, there is too little to tell, and the pace says so
(`Pace.enough`) instead of guessing. Marks of topics, of resources the
roadmap does not have, and learning or skipped marks are not study finished,
and are left out.
"""

import datetime as dt
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Optional

import attrs

from ..model import Status
from ..roadmap import StudyTime
from ._entry import ProgressEntry

if TYPE_CHECKING:
    from ..roadmap import Roadmap

__all__ = ["MIN_MARKS", "MIN_WEEKS", "START_BATCH", "Pace", "measure_pace"]

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


def measure_pace(
    roadmap: "Roadmap",
    resources: Mapping[str, ProgressEntry],
    left: StudyTime,
    now: Optional[dt.datetime] = None,
) -> Pace:
    """Read the pace from the resources' marks (see the module for the rule).

    Args:
        roadmap: Gives each resource's study time.
        resources: The learner's entries by resource id.
        left: What is left to study, for the finish.
        now: The time to measure at (default: now); a naive time is taken as UTC.
    """
    if now is None:
        now = dt.datetime.now(dt.timezone.utc).astimezone()
    elif now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    # A resource's time: its placements' times together (what marking it done covers).
    hours: dict[str, float] = {}
    for placed in roadmap.placed_resources():
        if placed.placement.hours is not None:
            rid = placed.resource.id
            hours[rid] = hours.get(rid, 0.0) + placed.placement.hours
    done = sorted(
        (entry.time, rid)
        for rid, entry in resources.items()
        if entry.status is Status.DONE and rid in hours and entry.time <= now
    )
    if not done:
        return Pace(now=now, since=None, marks=0, hours=0.0, left=left)
    since = done[0][0]
    later = [rid for time, rid in done if time - since >= START_BATCH]
    return Pace(
        now=now,
        since=since,
        marks=len(later),
        hours=sum(hours[rid] for rid in later),
        left=left,
    )
