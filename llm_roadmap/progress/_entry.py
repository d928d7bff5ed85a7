"""One recorded status, and the times it carries (RFC 3339, UTC, with a ``Z``)."""

import datetime as dt
import re
from typing import Optional

import attrs

from ..model import Status

__all__ = ["ProgressEntry", "now", "parse_time"]

_TIME_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z")


def parse_time(value: str) -> Optional[dt.datetime]:
    """Return the UTC time ``value`` names (``2026-12-01T20:45:00Z``, fractions allowed), or None.

    Written by hand rather than with `datetime.fromisoformat`, which accepts
    neither ``Z`` nor every fraction length before Python 3.11.
    """
    match = _TIME_RE.fullmatch(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        return dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            micro,
            tzinfo=dt.timezone.utc,
        )
    except ValueError:
        return None


def now() -> str:
    """The current time as the progress file writes it: UTC, milliseconds, ``Z``.

    Milliseconds match what a browser's ``Date.toISOString`` writes, so the
    HTML page and the CLI stamp times alike.
    """
    stamp = dt.datetime.now(dt.timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def _check_at(instance: "ProgressEntry", attribute: "attrs.Attribute[str]", value: str) -> None:
    if parse_time(value) is None:
        raise ValueError(f"{value!r} is not a UTC time such as '2026-12-01T20:45:00Z'")


@attrs.frozen(kw_only=True)
class ProgressEntry:
    """The status a learner gave one resource or topic, and when.

    Attributes:
        status: The status; `Status.PENDING` is an un-marking (kept, with its
            time, so that a merge carries it to other machines).
        at: When it was set: RFC 3339 in UTC with a ``Z``
            (``"2026-12-01T20:45:00Z"``, fractions of a second allowed).
    """

    status: Status = attrs.field(converter=Status)
    at: str = attrs.field(validator=_check_at)

    @property
    def time(self) -> dt.datetime:
        """`at` as an aware `datetime.datetime` (for comparing entries)."""
        parsed = parse_time(self.at)
        assert parsed is not None  # checked when the entry was made
        return parsed

    def newer_than(self, other: "ProgressEntry") -> bool:
        """Whether this entry was set strictly later than ``other`` (a tie is not newer)."""
        return self.time > other.time
