"""Which URL each worker checks next: every host in turn, at most ``per_host`` of one at once."""

import threading
from collections import deque
from collections.abc import Iterable
from typing import Optional

from ..http.policy import host_key

__all__ = ["Scheduler"]


class Scheduler:
    """Hands URLs to worker threads, at most ``per_host`` at once for any host, hosts in turn."""

    def __init__(self, urls: Iterable[str], per_host: int) -> None:
        self._per_host = per_host
        self._queues: dict[str, deque[str]] = {}
        for url in urls:
            # The same key as the HTTP layer's politeness: host or host:port.
            self._queues.setdefault(host_key(url), deque()).append(url)
        self._active: dict[str, int] = dict.fromkeys(self._queues, 0)
        self._ready: deque[str] = deque(self._queues)
        self._in_ready = set(self._queues)
        self._pending = sum(len(q) for q in self._queues.values())
        self._stopped = False
        self._cond = threading.Condition()

    def next(self) -> Optional[tuple[str, str]]:
        """Wait for a URL a worker may check now: ``(host, url)``, or ``None`` when none is left."""
        with self._cond:
            while True:
                if self._stopped or self._pending == 0:
                    return None
                if self._ready:
                    host = self._ready.popleft()
                    self._in_ready.discard(host)
                    url = self._queues[host].popleft()
                    self._pending -= 1
                    self._active[host] += 1
                    self._requeue(host)
                    return host, url
                self._cond.wait()

    def done(self, host: str) -> None:
        """Say that a worker finished a URL of ``host`` (whatever the verdict)."""
        with self._cond:
            self._active[host] -= 1
            self._requeue(host)
            self._cond.notify_all()

    def stop(self) -> None:
        """Hand out no more URLs: every waiting and later `next` returns ``None``."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def _requeue(self, host: str) -> None:
        # Back of the line: hosts take turns instead of one host hogging the workers.
        if (
            self._queues[host]
            and self._active[host] < self._per_host
            and host not in self._in_ready
        ):
            self._ready.append(host)
            self._in_ready.add(host)
