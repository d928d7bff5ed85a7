"""What the client may do, and where it finds its settings.

How politely to treat each host (`HostPolicy`, and at run time `HostState`: a
connection limit and the next moment a request may start), when to retry
(`RetryPolicy`), how long to cache, and the environment variables, file names
and User-Agent of the HTTP layer.
"""

import contextlib
import datetime as dt
import email.utils
import os
import random
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Optional, Union

import attrs

from .._version import __version__
from ..util.env import is_truthy
from ..util.urls import UrlProblem, parse_url

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_FILE",
    "DAY",
    "DEFAULT_HOST_POLICIES",
    "DEFAULT_URLS_EXPIRE_AFTER",
    "INSTALL_HINT",
    "OFFLINE_ENV",
    "USER_AGENT",
    "HostPolicy",
    "HostState",
    "RetryPolicy",
    "default_cache_dir",
    "host_key",
    "is_offline",
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


def host_key(url: str) -> str:
    """Return the host a URL's politeness is kept for: ``host`` or ``host:port``, lower case.

    A URL that cannot be taken apart (an unclosed ``[``, port 99999) has the
    key ``""``: its request fails as an invalid URL, politely or not.
    """
    try:
        return parse_url(url).authority
    except UrlProblem:
        return ""


class HostState:
    """Politeness state of one host: a connection semaphore and the next allowed start.

    Args:
        policy: The host's policy.
    """

    def __init__(self, policy: HostPolicy) -> None:
        self.policy = policy
        self.semaphore = threading.BoundedSemaphore(policy.max_connections)
        self.lock = threading.Lock()
        self.next_start = 0.0
        self.blocked_until = 0.0

    def block(self, seconds: float) -> None:
        """Hold back every request to the host for ``seconds`` (a ``Retry-After``)."""
        with self.lock:
            self.blocked_until = max(self.blocked_until, time.monotonic() + seconds)

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """Wait for a connection and for the host's next start time; hold them for the block."""
        self.semaphore.acquire()
        try:
            with self.lock:
                now = time.monotonic()
                start = max(now, self.next_start, self.blocked_until)
                # Reserve the start time now so that waiting threads queue up
                # one interval apart instead of all waking at once.
                self.next_start = start + self.policy.min_interval
            while True:
                wait = start - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                with self.lock:
                    # A Retry-After may have arrived while this thread slept.
                    if self.blocked_until <= start:
                        break
                    start = self.blocked_until
                    self.next_start = max(self.next_start, start + self.policy.min_interval)
            yield
        finally:
            self.semaphore.release()


CACHE_DIR_ENV = "LLM_ROADMAP_CACHE_DIR"
"""Environment variable naming the cache directory (default: the user cache dir)."""

OFFLINE_ENV = "LLM_ROADMAP_OFFLINE"
"""Environment variable that turns on offline mode when set to ``1``/``true``/``yes``/``on``."""

CACHE_FILE = "http-cache.sqlite"
"""The name of the HTTP cache database inside the cache directory."""

USER_AGENT = f"llm-roadmap/{__version__} (+https://pypi.org/project/llm-roadmap/)"
"""The User-Agent sent with every request unless the client is given another."""

INSTALL_HINT = "install the network extra: pip install 'llm-roadmap[net]'"
"""How to get requests and requests-cache, for the error that says they are missing."""


def is_offline(environ: Optional[Mapping[str, str]] = None) -> bool:
    """Whether ``LLM_ROADMAP_OFFLINE`` asks for offline mode."""
    env = os.environ if environ is None else environ
    return is_truthy(env.get(OFFLINE_ENV))


def default_cache_dir(environ: Optional[Mapping[str, str]] = None) -> Path:
    """Return the cache directory: ``LLM_ROADMAP_CACHE_DIR``, else the user cache dir."""
    env = os.environ if environ is None else environ
    explicit = env.get(CACHE_DIR_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("llm-roadmap"))
