"""One recorded status, and the times it carries (RFC 3339, UTC, with a ``Z``).

Times are compared by `time_key`, a string that sorts as the times do, so that
merging a million entries parses no date; `is_time` checks one without
building a `datetime.datetime`.
"""

import calendar
import datetime as dt
import re
from typing import Optional

import attrs

from ..model import Status

__all__ = ["ProgressEntry", "is_time", "now", "now_key", "parse_time", "time_key"]

# ASCII digits only, as the schema's pattern says (\d would take "٢٠٢٦" too).
_TIME_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z", re.ASCII)
_STRICT_TIME_RE = re.compile(
    r"(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?Z"
)


def is_time(value: str) -> bool:
    """Whether ``value`` is a UTC time `parse_time` reads (a real date, a ``Z``, any fraction)."""
    # The pattern bounds every field; only days 29 to 31 need the calendar.
    match = _STRICT_TIME_RE.fullmatch(value)
    if match is None:
        return False
    if value[8:10] <= "28":
        return True
    year, month = int(value[:4]), int(value[5:7])
    return year >= 1 and int(value[8:10]) <= calendar.monthrange(year, month)[1]


def time_key(value: str) -> str:
    """A key that sorts as the times do: the fraction of a second padded to nine digits.

    The times themselves do not sort as text: ``...:00.5Z`` comes before
    ``...:00Z`` although it is later. ``value`` must be a time (`is_time`).
    """
    if value[19] == ".":
        return value[:19] + value[20:-1].ljust(9, "0")[:9]
    return value[:19] + "000000000"


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


def now_key() -> str:
    """`time_key` of the current time: an entry whose key is greater was set in the future."""
    return time_key(now())


def _check_at(instance: "ProgressEntry", attribute: "attrs.Attribute[str]", value: str) -> None:
    if not isinstance(value, str) or not is_time(value):
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
        return time_key(self.at) > time_key(other.at)

    def in_future(self, now: Optional[str] = None) -> bool:
        """Whether this entry's time is later than now (a clock that was wrong, or a made-up file).

        Args:
            now: `now_key` of the moment to compare with (default: the current time).
        """
        return time_key(self.at) > (now_key() if now is None else now)
