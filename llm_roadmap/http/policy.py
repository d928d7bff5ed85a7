"""What the client may do: how politely to treat each host, when to retry, how long to cache."""

import datetime as dt
import email.utils
import random
from collections.abc import Mapping
from typing import Optional, Union

import attrs

__all__ = [
    "DAY",
    "DEFAULT_HOST_POLICIES",
    "DEFAULT_URLS_EXPIRE_AFTER",
    "HostPolicy",
    "RetryPolicy",
    "is_retryable_status",
    "retry_after",
    "timeout_pair",
]

DAY = 24 * 3600
"""Seconds in a day: the default freshness of a cached response."""

DEFAULT_URLS_EXPIRE_AFTER: Mapping[str, int] = {
    # arXiv metadata changes only when a new version appears, which is rare.
    "export.arxiv.org/api/*": 7 * DAY,
    # Stars and pushes move daily; ETag revalidation keeps refreshes cheap.
    "api.github.com/*": DAY,
}
"""Seconds each URL pattern stays fresh; other URLs use the client's ``expire_after``."""

# Statuses worth asking again: the server says "later" or failed transiently.
# 501 (not implemented) and 505 (version not supported) never get better.
_RETRY_STATUSES = frozenset({408, 425, 429})
_FINAL_5XX = frozenset({501, 505})


@attrs.frozen(kw_only=True)
class HostPolicy:
    """How politely to treat one host.

    Attributes:
        min_interval: Seconds between the starts of two requests to the host.
        max_connections: Requests to the host in flight at once.
    """

    min_interval: float = attrs.field(default=0.0, validator=attrs.validators.ge(0.0))
    max_connections: int = attrs.field(default=8, validator=attrs.validators.ge(1))


DEFAULT_HOST_POLICIES: Mapping[str, HostPolicy] = {
    # arXiv asks API clients for one request every 3 seconds, one connection at a time.
    "export.arxiv.org": HostPolicy(min_interval=3.0, max_connections=1),
}
"""Host policies every client starts with; ``host_policies`` adds to and overrides them."""


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """When and how long to wait before asking again.

    Attributes:
        retries: Further attempts after the first (0 turns retrying off).
        backoff: Base of the exponential backoff, in seconds: attempt ``n``
            waits between ``backoff * 2**n / 2`` and ``backoff * 2**n`` (jitter).
        max_backoff: The longest backoff wait, in seconds.
        retry_after_cap: The longest ``Retry-After`` honoured, in seconds; a
            server asking for more gets no retry.
        retry_timeouts: Retry a request that timed out (connection resets
            and statuses are retried regardless).
    """

    retries: int = attrs.field(default=3, validator=attrs.validators.ge(0))
    backoff: float = attrs.field(default=0.5, validator=attrs.validators.ge(0.0))
    max_backoff: float = attrs.field(default=30.0, validator=attrs.validators.ge(0.0))
    retry_after_cap: float = attrs.field(default=60.0, validator=attrs.validators.ge(0.0))
    retry_timeouts: bool = True

    def delay(self, attempt: int) -> float:
        """Return the backoff before retry number ``attempt`` (0 for the first retry)."""
        ceiling = min(self.max_backoff, self.backoff * (2**attempt))
        # "Equal jitter": never less than half the ceiling, so the backoff
        # still grows, but spread so that many clients do not retry in step.
        return float(ceiling / 2 + random.uniform(0, ceiling / 2))


def is_retryable_status(status: int) -> bool:
    """Whether a response with this status is worth asking for again (408, 425, 429, 5xx)."""
    return status in _RETRY_STATUSES or (500 <= status <= 599 and status not in _FINAL_5XX)


def retry_after(value: Optional[str]) -> Optional[float]:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date), if it says.

    Anything else a server may send (``²``, ``٣``, a date in the year 99999,
    a number with more digits than a float holds) says nothing: ``None``.
    """
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    # str.isdigit() is true for "²" and "٣" too; HTTP's delta-seconds are ASCII digits.
    if value.isascii() and value.isdigit():
        return float(value) if len(value) < 300 else float("inf")
    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())
    except (TypeError, ValueError, IndexError, OverflowError, AttributeError):
        return None


def timeout_pair(timeout: Union[float, tuple[float, float]]) -> tuple[float, float]:
    """``(connect, read)`` seconds from one number for both, or from a pair."""
    if isinstance(timeout, (int, float)):
        return float(timeout), float(timeout)
    return float(timeout[0]), float(timeout[1])
