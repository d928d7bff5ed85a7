"""Per-host politeness at run time: a connection limit and the next moment a request may start."""

import contextlib
import threading
import time
from collections.abc import Iterator, Mapping

from .._urls import UrlProblem, parse_url
from .policy import HostPolicy

__all__ = ["HostState", "find_policy", "host_key"]


def host_key(url: str) -> str:
    """Return the host a URL's politeness is kept for: ``host`` or ``host:port``, lower case.

    A URL that cannot be taken apart (an unclosed ``[``, port 99999) has the
    key ``""``: its request fails as an invalid URL, politely or not.
    """
    try:
        parsed = parse_url(url)
    except UrlProblem:
        return ""
    host = f"[{parsed.host}]" if ":" in parsed.host else parsed.host
    return f"{host}:{parsed.port}" if parsed.port else host


def find_policy(
    policies: Mapping[str, HostPolicy], default: HostPolicy, url_or_host: str
) -> HostPolicy:
    """Return the policy for a URL or host: ``host:port``, then the host, then its parent domains.

    Args:
        policies: Policies by host name (or ``host:port``).
        default: The policy of a host none of them names.
        url_or_host: A URL, a host name or ``host:port``.
    """
    key = host_key(url_or_host) if "://" in url_or_host else url_or_host.lower()
    host = key.partition("]")[0] + "]" if key.startswith("[") else key.split(":")[0]
    for candidate in (key, host):
        if candidate in policies:
            return policies[candidate]
    labels = host.split(".")
    for start in range(1, len(labels)):
        parent = ".".join(labels[start:])
        if parent in policies:
            return policies[parent]
    return default


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
