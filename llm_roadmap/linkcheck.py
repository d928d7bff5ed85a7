"""Check every URL of a roadmap and sort them into ok, broken and indeterminate.

```python
import llm_roadmap
from llm_roadmap.linkcheck import check_links

report = check_links(llm_roadmap.load())
[r.url for r in report.broken]        # 404, 410, DNS or TLS failure, refused, redirect loop
[r.url for r in report.indeterminate] # 429 or 5xx after retries, timeouts, bot walls
[(r.url, r.final_url) for r in report.moved]   # permanent redirects (301, 308)
```

How a URL is checked: HEAD first, without following redirects; GET (streamed,
closed before the body is read) when the server mishandles HEAD (a 4xx other
than 429, 500, 501, or a dropped connection). Each redirect is followed by
hand, so loops are caught and permanent ones reported. Every URL is checked
once (fragments dropped), concurrently, under a global limit (``workers``) and
a per-host one (``per_host``); requests go through `llm_roadmap.http`, so its
retries, ``Retry-After`` handling and host politeness apply.

Results are remembered in ``linkcheck.sqlite`` next to the HTTP cache: an ok
result for ``ok_ttl`` (a week by default), a failure never, so a rerun checks
only what was not ok. Each result is committed as soon as it is known, so an
interrupted run keeps what it learnt. Offline, answers come from those results
(expired ones included) and from cached GET responses, never the network.
"""

import contextlib
import enum
import queue
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, Union
from urllib.parse import urldefrag, urljoin, urlsplit

import attrs

from .errors import NetworkError

if TYPE_CHECKING:
    from .http import HttpClient, RetryPolicy
    from .roadmap import Roadmap

__all__ = [
    "RESULTS_FILE",
    "LinkReport",
    "LinkResult",
    "LinkStatus",
    "Redirect",
    "check_links",
    "collect_urls",
]

RESULTS_FILE = "linkcheck.sqlite"
"""The file, next to the HTTP cache, that remembers ok results."""

WEEK = 7 * 24 * 3600.0

_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
# Headers that bot-protection services put on their challenge pages.
_BOT_WALL_HEADERS = ("cf-mitigated", "x-amzn-waf-action", "x-datadome")
# FetchError reasons that mean the link is dead rather than unreachable now.
_BROKEN_REASONS = {
    "dns": "host name not found",
    "tls": "TLS/SSL error",
    "refused": "connection refused",
    "invalid-url": "invalid URL",
    "redirects": "too many redirects",
}


class LinkStatus(str, enum.Enum):
    """The three groups a checked URL falls into."""

    OK = "ok"
    """The URL answered 2xx, after any redirects."""
    BROKEN = "broken"
    """Dead: 404, 410, unknown host, TLS failure, connection refused, redirect loop."""
    INDETERMINATE = "indeterminate"
    """Not known now: rate limited, timed out, server errors, a bot wall, offline."""


@attrs.frozen(kw_only=True)
class Redirect:
    """One redirect followed while checking a URL.

    Attributes:
        status: The redirect status (301, 302, 303, 307, 308).
        source: The URL that redirected.
        target: Where it pointed (made absolute).
    """

    status: int
    source: str
    target: str

    @property
    def permanent(self) -> bool:
        """Whether it is a permanent redirect (301 or 308)."""
        return self.status in _PERMANENT


@attrs.frozen(kw_only=True)
class LinkResult:
    """The verdict on one URL.

    Attributes:
        url: The URL checked (without its fragment).
        status: ok, broken or indeterminate.
        reason: Why, in a few words (``"HTTP 404"``, ``"timed out"``...).
        http_status: The last HTTP status seen, if a response came.
        final_url: Where the redirects ended, if there were any.
        redirects: The redirects followed, in order.
        method: The method of the last request (``"HEAD"`` or ``"GET"``).
        from_cache: Whether the verdict came from an earlier run's result or the HTTP cache.
        checked_at: When the verdict was reached (Unix time).
        resources: Ids of the resources that cite the URL.
    """

    url: str
    status: LinkStatus
    reason: str
    http_status: Optional[int] = None
    final_url: Optional[str] = None
    redirects: tuple[Redirect, ...] = ()
    method: str = ""
    from_cache: bool = False
    checked_at: float = 0.0
    resources: tuple[str, ...] = ()

    @property
    def moved(self) -> bool:
        """Whether a permanent redirect was followed (the citation should be updated)."""
        return any(hop.permanent for hop in self.redirects)

    def to_json(self) -> dict[str, Any]:
        """Return the result as plain JSON data."""
        return {
            "url": self.url,
            "status": self.status.value,
            "reason": self.reason,
            "http_status": self.http_status,
            "final_url": self.final_url,
            "moved": self.moved,
            "redirects": [
                {"status": hop.status, "from": hop.source, "to": hop.target}
                for hop in self.redirects
            ],
            "method": self.method,
            "from_cache": self.from_cache,
            "checked_at": _iso(self.checked_at) if self.checked_at else None,
            "resources": list(self.resources),
        }


def _iso(timestamp: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))


@attrs.frozen(kw_only=True)
class LinkReport:
    """The results of a link check, in the order the URLs were given.

    Attributes:
        results: One result per distinct URL.
        offline: Whether the check ran offline (cache only).
        elapsed: Wall time of the check, in seconds.
    """

    results: tuple[LinkResult, ...]
    offline: bool = False
    elapsed: float = 0.0

    @property
    def ok(self) -> tuple[LinkResult, ...]:
        """The URLs that work."""
        return self._having(LinkStatus.OK)

    @property
    def broken(self) -> tuple[LinkResult, ...]:
        """The URLs that are dead."""
        return self._having(LinkStatus.BROKEN)

    @property
    def indeterminate(self) -> tuple[LinkResult, ...]:
        """The URLs whose state could not be known now."""
        return self._having(LinkStatus.INDETERMINATE)

    @property
    def moved(self) -> tuple[LinkResult, ...]:
        """The working URLs reached through a permanent redirect."""
        return tuple(r for r in self.ok if r.moved)

    def _having(self, status: LinkStatus) -> tuple[LinkResult, ...]:
        return tuple(r for r in self.results if r.status is status)

    def exit_code(self, *, strict: bool = False) -> int:
        """Return 1 when something is broken (or, with ``strict``, indeterminate), else 0."""
        failed = bool(self.broken) or (strict and bool(self.indeterminate))
        return 1 if failed else 0

    def summary(self) -> dict[str, Any]:
        """Counts of each group, plus cache use and timing."""
        return {
            "total": len(self.results),
            "ok": len(self.ok),
            "broken": len(self.broken),
            "indeterminate": len(self.indeterminate),
            "moved": len(self.moved),
            "from_cache": sum(1 for r in self.results if r.from_cache),
            "offline": self.offline,
            "elapsed": round(self.elapsed, 3),
        }

    def to_json(self) -> dict[str, Any]:
        """Return the report as plain JSON data: ``{"summary": {...}, "results": [...]}``."""
        return {"summary": self.summary(), "results": [r.to_json() for r in self.results]}

    def to_markdown(self) -> str:
        """Return the report as a Markdown document: broken, indeterminate and moved URLs."""
        counts = self.summary()
        lines = [
            "# Link check",
            "",
            f"{counts['total']} URLs: {counts['ok']} ok, {counts['broken']} broken, "
            f"{counts['indeterminate']} indeterminate, {counts['moved']} moved permanently"
            + (" (offline: from the cache only)" if self.offline else "")
            + ".",
        ]
        sections: list[tuple[str, Sequence[LinkResult], bool]] = [
            ("Broken", self.broken, False),
            ("Indeterminate", self.indeterminate, False),
            ("Moved permanently", self.moved, True),
        ]
        for title, results, moved in sections:
            if not results:
                continue
            lines += ["", f"## {title} ({len(results)})", ""]
            if moved:
                lines += ["| URL | Now at | Resources |", "| --- | --- | --- |"]
                for r in results:
                    cited = ", ".join(r.resources)
                    lines.append(f"| {_md(r.url)} | {_md(r.final_url or '')} | {_md(cited)} |")
            else:
                lines += ["| URL | Reason | Resources |", "| --- | --- | --- |"]
                for r in results:
                    lines.append(
                        f"| {_md(r.url)} | {_md(r.reason)} | {_md(', '.join(r.resources))} |"
                    )
        return "\n".join(lines) + "\n"


def _md(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


# -- which URLs ------------------------------------------------------------------------


def collect_urls(roadmap: "Roadmap") -> dict[str, tuple[str, ...]]:
    """Return every URL of the roadmap's resources (``url`` and ``links``) with the ids citing it.

    URLs are keyed without their fragment, in the order the resources come.
    """
    found: dict[str, list[str]] = {}
    for resource in roadmap.resources:
        for url in (resource.url, *(link.url for link in resource.links)):
            cited = found.setdefault(urldefrag(url)[0], [])
            if resource.id not in cited:
                cited.append(resource.id)
    return {url: tuple(ids) for url, ids in found.items()}


def _normalise_target(
    target: Union["Roadmap", Mapping[str, Iterable[str]], Iterable[str]],
) -> dict[str, tuple[str, ...]]:
    from .roadmap import Roadmap

    if isinstance(target, Roadmap):
        return collect_urls(target)
    urls: dict[str, list[str]] = {}
    if isinstance(target, Mapping):
        for url, ids in target.items():
            cited = urls.setdefault(urldefrag(url)[0], [])
            cited.extend(i for i in ids if i not in cited)
    else:
        for url in target:
            urls.setdefault(urldefrag(url)[0], [])
    return {url: tuple(ids) for url, ids in urls.items()}


# -- remembered results --------------------------------------------------------------


class _ResultStore:
    """Ok results by URL in SQLite, each committed as it comes; safe across threads."""

    def __init__(self, path: Path) -> None:
        from .http import _is_corrupt, _move_aside

        self.path = path
        self._lock = threading.Lock()
        try:
            self._connection = self._open()
        except sqlite3.Error as exc:
            # Only a damaged file is moved aside and rebuilt; a locked or
            # unopenable one is left as it is, with an error that names it.
            if not _is_corrupt(exc):
                raise NetworkError(f"cannot open the link-check results {path}: {exc}") from exc
            _move_aside(path, exc, what="link-check results")
            self._connection = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit: every put is its own transaction, durable when it returns.
        connection = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS results"
                " (url TEXT PRIMARY KEY, data TEXT NOT NULL, expires REAL NOT NULL)"
            )
            connection.execute("SELECT url, data, expires FROM results LIMIT 1").fetchall()
        except BaseException:
            connection.close()
            raise
        return connection

    def get_many(self, urls: Sequence[str], *, include_expired: bool = False) -> dict[str, str]:
        """Return the stored data of those URLs that have a result (fresh unless asked)."""
        found: dict[str, str] = {}
        now = time.time()
        with self._lock:
            for start in range(0, len(urls), 500):
                chunk = list(urls[start : start + 500])
                marks = ",".join("?" * len(chunk))
                rows = self._connection.execute(
                    f"SELECT url, data, expires FROM results WHERE url IN ({marks})",
                    chunk,
                ).fetchall()
                for url, data, expires in rows:
                    if include_expired or expires > now:
                        found[url] = data
        return found

    def put(self, url: str, data: str, expires: float) -> None:
        with self._lock:
            self._connection.execute(
                "INSERT OR REPLACE INTO results (url, data, expires) VALUES (?, ?, ?)",
                (url, data, expires),
            )

    def forget(self, url: str) -> None:
        with self._lock:
            self._connection.execute("DELETE FROM results WHERE url = ?", (url,))

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._connection.close()


def _dump(result: LinkResult) -> str:
    import json

    return json.dumps(
        {
            "reason": result.reason,
            "http_status": result.http_status,
            "final_url": result.final_url,
            "redirects": [[h.status, h.source, h.target] for h in result.redirects],
            "method": result.method,
            "checked_at": result.checked_at,
        }
    )


def _load(url: str, data: str, resources: tuple[str, ...]) -> Optional[LinkResult]:
    import json

    try:
        raw = json.loads(data)
        return LinkResult(
            url=url,
            status=LinkStatus.OK,
            reason=str(raw["reason"]),
            http_status=raw.get("http_status"),
            final_url=raw.get("final_url"),
            redirects=tuple(
                Redirect(status=int(s), source=str(a), target=str(b))
                for s, a, b in raw["redirects"]
            ),
            method=str(raw.get("method", "")),
            from_cache=True,
            checked_at=float(raw.get("checked_at", 0.0)),
            resources=resources,
        )
    except (ValueError, KeyError, TypeError):
        # A row this version cannot read is as good as no row: check again.
        return None


# -- scheduling ------------------------------------------------------------------------


class _Scheduler:
    """Hands URLs to worker threads, at most ``per_host`` at once for any host, hosts in turn."""

    def __init__(self, urls: Iterable[str], per_host: int) -> None:
        self._per_host = per_host
        self._queues: dict[str, deque[str]] = {}
        for url in urls:
            self._queues.setdefault(_host(url), deque()).append(url)
        self._active: dict[str, int] = dict.fromkeys(self._queues, 0)
        self._ready: deque[str] = deque(self._queues)
        self._in_ready = set(self._queues)
        self._pending = sum(len(q) for q in self._queues.values())
        self._stopped = False
        self._cond = threading.Condition()

    def next(self) -> Optional[tuple[str, str]]:
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
        with self._cond:
            self._active[host] -= 1
            self._requeue(host)
            self._cond.notify_all()

    def stop(self) -> None:
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


def _host(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "").lower() + (f":{parts.port}" if parts.port else "")


# -- checking one URL ------------------------------------------------------------------


class _Checker:
    def __init__(
        self,
        client: "HttpClient",
        *,
        timeout: Union[float, tuple[float, float], None],
        retry: Optional["RetryPolicy"],
        max_redirects: int,
    ) -> None:
        self.client = client
        self.timeout = timeout
        self.retry = retry
        self.max_redirects = max_redirects

    def check(self, url: str, resources: tuple[str, ...]) -> LinkResult:
        from .http import FetchError

        hops: list[Redirect] = []
        current = url
        seen = {url}
        method = ""

        def result(
            status: LinkStatus, reason: str, http_status: Optional[int] = None
        ) -> LinkResult:
            return LinkResult(
                url=url,
                status=status,
                reason=reason,
                http_status=http_status,
                final_url=current if hops else None,
                redirects=tuple(hops),
                method=method,
                checked_at=time.time(),
                resources=resources,
            )

        if urlsplit(url).scheme not in ("http", "https"):
            return result(LinkStatus.INDETERMINATE, "not an http(s) URL")
        for _ in range(self.max_redirects + 1):
            try:
                method, status, headers = self._probe(current)
            except FetchError as exc:
                if exc.reason in _BROKEN_REASONS:
                    return result(LinkStatus.BROKEN, _BROKEN_REASONS[exc.reason])
                words = {"timeout": "timed out", "reset": "connection reset", "offline": "offline"}
                reason = words.get(exc.reason, str(exc))
                if exc.attempts > 1:
                    reason += f" after {exc.attempts} attempts"
                return result(LinkStatus.INDETERMINATE, reason)
            location = headers.get("Location")
            if status in _REDIRECTS and location:
                target = urldefrag(urljoin(current, location.strip()))[0]
                hops.append(Redirect(status=status, source=current, target=target))
                if target in seen:
                    current = target
                    return result(LinkStatus.BROKEN, "redirect loop", status)
                seen.add(target)
                current = target
                continue
            return result(*self._classify(status, headers))
        return result(LinkStatus.BROKEN, f"more than {self.max_redirects} redirects")

    def _probe(self, url: str) -> tuple[str, int, Mapping[str, str]]:
        from .http import FetchError

        options: dict[str, Any] = {
            "headers": {"Accept": _ACCEPT},
            "timeout": self.timeout,
            "retry": self.retry,
            "allow_redirects": False,
            "cache": False,
        }
        try:
            response = self.client.head(url, **options)
            response.close()
            status = response.status_code
            if not (400 <= status <= 499 and status != 429) and status not in (500, 501):
                return "HEAD", status, response.headers
        except FetchError as exc:
            # Some servers drop the connection on HEAD; anything else (a timeout,
            # an unknown host) would fail the same way with GET.
            if exc.reason not in ("reset", "error"):
                raise
        # The body is not needed: stream, and close before reading it.
        response = self.client.get(url, stream=True, **options)
        response.close()
        return "GET", response.status_code, response.headers

    @staticmethod
    def _classify(status: int, headers: Mapping[str, str]) -> tuple[LinkStatus, str, int]:
        if 200 <= status <= 299:
            return LinkStatus.OK, f"HTTP {status}", status
        if status in (404, 410):
            return LinkStatus.BROKEN, f"HTTP {status}", status
        if status == 429:
            return LinkStatus.INDETERMINATE, "rate limited (HTTP 429) after retries", status
        if status == 999:
            return LinkStatus.INDETERMINATE, "bot wall (HTTP 999)", status
        wall = next((name for name in _BOT_WALL_HEADERS if name in headers), None)
        if wall is not None:
            return LinkStatus.INDETERMINATE, f"bot wall (HTTP {status}, {wall})", status
        if 300 <= status <= 399:
            return LinkStatus.INDETERMINATE, f"HTTP {status} without a usable Location", status
        if status >= 500:
            return LinkStatus.INDETERMINATE, f"HTTP {status} after retries", status
        return LinkStatus.INDETERMINATE, f"HTTP {status}", status


# -- the check -------------------------------------------------------------------------


def check_links(
    target: Union["Roadmap", Mapping[str, Iterable[str]], Iterable[str]],
    *,
    client: Optional["HttpClient"] = None,
    offline: Optional[bool] = None,
    workers: int = 16,
    per_host: int = 4,
    timeout: Union[float, tuple[float, float], None] = None,
    retry: Optional["RetryPolicy"] = None,
    refresh: bool = False,
    ok_ttl: float = WEEK,
    max_redirects: int = 10,
    on_result: Optional[Callable[[LinkResult], None]] = None,
) -> LinkReport:
    """Check URLs concurrently and sort them into ok, broken and indeterminate.

    Args:
        target: A roadmap (every resource URL and link URL), a mapping of URL
            to the resource ids citing it, or URLs.
        client: The HTTP client; default `llm_roadmap.http.client`.
        offline: Answer from remembered results and the HTTP cache only,
            never the network; ``None`` follows the client (and so
            ``LLM_ROADMAP_OFFLINE``).
        workers: URLs checked at once, in all.
        per_host: URLs of one host checked at once.
        timeout: ``(connect, read)`` seconds per request; ``None`` uses the client's.
        retry: Retry policy for the requests; ``None`` uses the client's, less
            its retries of timeouts: a timeout is indeterminate either way, and
            as failures are never remembered, every rerun would pay twice.
        refresh: Check again even the URLs remembered as ok.
        ok_ttl: Seconds an ok result is remembered.
        max_redirects: Redirects followed before giving up on a URL.
        on_result: Called with each result as it is known (from the calling
            thread), for progress display.

    Returns:
        The report, one result per distinct URL, in the order given.

    Raises:
        NetworkError: requests or requests-cache is missing (online), or the
            results file cannot be opened.
        KeyboardInterrupt: The check was interrupted; every result known by
            then has been remembered.
    """
    from .http import client as shared_client

    started = time.monotonic()
    urls = _normalise_target(target)
    http = client or shared_client()
    offline = http.offline if offline is None else offline
    store = _ResultStore(http.cache_path.parent / RESULTS_FILE)
    results: dict[str, LinkResult] = {}

    def record(result: LinkResult) -> None:
        results[result.url] = result
        if on_result is not None:
            on_result(result)

    try:
        if not refresh or offline:
            remembered = store.get_many(list(urls), include_expired=offline)
            for url, data in remembered.items():
                loaded = _load(url, data, urls[url])
                if loaded is not None:
                    record(loaded)
        todo = [url for url in urls if url not in results]
        if offline:
            for url in todo:
                record(_from_http_cache(http, url, urls[url]))
        elif todo:
            if retry is None:
                retry = attrs.evolve(http.retry, retry_timeouts=False)
            checker = _Checker(http, timeout=timeout, retry=retry, max_redirects=max_redirects)
            for result in _run(
                checker, todo, urls, store, workers=workers, per_host=per_host, ok_ttl=ok_ttl
            ):
                record(result)
    finally:
        store.close()
    return LinkReport(
        results=tuple(results[url] for url in urls if url in results),
        offline=offline,
        elapsed=time.monotonic() - started,
    )


def _run(
    checker: _Checker,
    todo: Sequence[str],
    urls: Mapping[str, tuple[str, ...]],
    store: _ResultStore,
    *,
    workers: int,
    per_host: int,
    ok_ttl: float,
) -> Iterator[LinkResult]:
    scheduler = _Scheduler(todo, max(1, per_host))
    done: queue.Queue[Union[LinkResult, BaseException]] = queue.Queue()

    def work() -> None:
        while True:
            item = scheduler.next()
            if item is None:
                return
            host, url = item
            try:
                result = checker.check(url, urls[url])
                # Committed before anyone hears of it: an interruption loses nothing known.
                if result.status is LinkStatus.OK:
                    store.put(url, _dump(result), result.checked_at + ok_ttl)
                else:
                    store.forget(url)
                done.put(result)
            except BaseException as exc:
                done.put(exc)
                scheduler.stop()
                return
            finally:
                scheduler.done(host)

    # Daemon threads, not an executor: a Ctrl-C must not wait at exit for a
    # request hanging on a silent server (up to the timeout); what they
    # learnt is committed already.
    threads = [
        threading.Thread(target=work, name=f"linkcheck-{n}", daemon=True)
        for n in range(max(1, min(workers, len(todo))))
    ]
    for thread in threads:
        thread.start()
    try:
        for _ in range(len(todo)):
            # A timeout keeps the main thread able to take a Ctrl-C.
            while True:
                try:
                    item = done.get(timeout=0.2)
                    break
                except queue.Empty:
                    continue
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        scheduler.stop()


def _from_http_cache(http: "HttpClient", url: str, resources: tuple[str, ...]) -> LinkResult:
    """Offline verdict from a cached GET (a source may have fetched the page), never the network."""
    found = http.lookup(url)
    if found is not None and 200 <= found.status_code <= 299:
        final = found.url if found.url and found.url != url else None
        return LinkResult(
            url=url,
            status=LinkStatus.OK,
            reason=f"HTTP {found.status_code} (cached response)",
            http_status=found.status_code,
            final_url=final,
            method="GET",
            from_cache=True,
            resources=resources,
        )
    return LinkResult(
        url=url,
        status=LinkStatus.INDETERMINATE,
        reason="offline: not in the cache",
        from_cache=False,
        resources=resources,
    )
