"""The check: which URLs; remembered results first, then the rest at once, each kept as it comes."""

import queue
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Callable, Optional, Union
from urllib.parse import urldefrag

import attrs

from ..http.policy import host_key, timeout_pair
from .probe import DNS_FAILURE, UrlChecker
from .results import LinkReport, LinkResult, LinkStatus
from .store import RESULTS_FILE, ResultStore

if TYPE_CHECKING:
    from ..http import HttpClient, RetryPolicy
    from ..roadmap import Roadmap

__all__ = ["NO_HOST_RESOLVED", "WEEK", "check_links", "collect_urls", "normalise_target"]

WEEK = 7 * 24 * 3600.0
"""Seconds in a week: how long an ok result is remembered by default."""


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
    fail_ttl: float = 0.0,
    max_redirects: int = 10,
    budget: Optional[float] = None,
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
        refresh: Check every URL again, whatever is remembered.
        ok_ttl: Seconds an ok result is remembered.
        fail_ttl: Seconds a broken or indeterminate result is remembered (0,
            the default: never); a remembered failure is shown as such
            (``from_cache``), and a failure never leaves an ok result behind.
        max_redirects: Redirects followed before giving up on a URL.
        budget: Seconds one URL may take in all (its requests, retries,
            waits and redirects); ``None``: three times the connect plus the
            read timeout. A ``Retry-After`` that would not fit gets no retry.
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
    from ..http import client as shared_client

    started = time.monotonic()
    urls = normalise_target(target)
    http = client or shared_client()
    offline = http.offline if offline is None else offline
    store = ResultStore(http.cache_path.parent / RESULTS_FILE)
    results: dict[str, LinkResult] = {}

    def record(result: LinkResult) -> None:
        results[result.url] = result
        if on_result is not None:
            on_result(result)

    now = time.time()
    looks_offline = False
    try:
        if not refresh or offline:
            for loaded in store.remembered(urls, include_expired=offline):
                if loaded.status is not LinkStatus.OK and (
                    # Offline nothing is proven broken; and this run's own
                    # fail_ttl says how old a failure may be to count.
                    offline or loaded.checked_at + fail_ttl <= now
                ):
                    continue
                record(loaded)
        todo = [url for url in urls if url not in results]
        if offline:
            for url in todo:
                record(_from_http_cache(http, url, urls[url]))
        elif todo:
            if retry is None:
                retry = attrs.evolve(http.retry, retry_timeouts=False)
            if budget is None:
                connect, read = timeout_pair(timeout) if timeout is not None else http.timeout
                budget = 3 * (connect + read)
            checker = UrlChecker(
                http, timeout=timeout, retry=retry, max_redirects=max_redirects, budget=budget
            )
            ttls = (ok_ttl, fail_ttl)
            for result in _run(
                checker, todo, urls, store, workers=workers, per_host=per_host, ttls=ttls
            ):
                record(result)
            looks_offline = _no_host_resolved([results[url] for url in todo if url in results])
            if looks_offline:
                for url in todo:
                    results[url] = attrs.evolve(
                        results[url], status=LinkStatus.INDETERMINATE, reason=NO_HOST_RESOLVED
                    )
                    store.forget(url)  # nothing was learnt about these links
    finally:
        store.close()
    return LinkReport(
        results=tuple(results[url] for url in urls if url in results),
        offline=offline,
        looks_offline=looks_offline,
        elapsed=time.monotonic() - started,
    )


NO_HOST_RESOLVED = "no host name resolved: this machine looks offline"
"""The reason given to every link checked when not one host name resolved."""


def _no_host_resolved(checked: Sequence[LinkResult]) -> bool:
    """Whether a run reached no host at all: every URL failed on its host name, of 2 hosts or more.

    One host that does not resolve is a dead link; every one of several
    failing alike says more about the machine (no network, no DNS) than
    about the links.
    """
    from urllib.parse import urlsplit

    if not checked or any(r.reason != DNS_FAILURE for r in checked):
        return False
    return len({urlsplit(r.url).hostname for r in checked}) >= 2


# Which URL each worker checks next: every host in turn, at most ``per_host`` of one at once.
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


def _run(
    checker: UrlChecker,
    todo: Sequence[str],
    urls: Mapping[str, tuple[str, ...]],
    store: ResultStore,
    *,
    workers: int,
    per_host: int,
    ttls: tuple[float, float],
) -> Iterator[LinkResult]:
    scheduler = Scheduler(todo, max(1, per_host))
    done: queue.Queue[Union[LinkResult, BaseException]] = queue.Queue()

    def work() -> None:
        while True:
            item = scheduler.next()
            if item is None:
                return
            host, url = item
            try:
                try:
                    result = checker.check(url, urls[url])
                except Exception as exc:  # one URL never ends the run
                    # Whatever a server sent that got past every guard: this URL
                    # has no verdict, the others still get theirs.
                    result = LinkResult(
                        url=url,
                        status=LinkStatus.INDETERMINATE,
                        reason=f"the check failed ({type(exc).__name__}: {exc})"[:300],
                        checked_at=time.time(),
                        resources=urls[url],
                    )
                # Committed before anyone hears of it: an interruption loses nothing known.
                store.keep(result, ttls[0] if result.status is LinkStatus.OK else ttls[1])
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
        resources=resources,
    )


def collect_urls(roadmap: "Roadmap") -> dict[str, tuple[str, ...]]:
    """Return every URL of the roadmap's resources (``url`` and ``links``) with the ids citing it.

    URLs are keyed without their fragment, in the order the resources come.
    """
    cited = [
        (url, (resource.id,))
        for resource in roadmap.resources
        for url in (resource.url, *(link.url for link in resource.links))
    ]
    return _by_url(cited)


def normalise_target(
    target: Union["Roadmap", Mapping[str, Iterable[str]], Iterable[str]],
) -> dict[str, tuple[str, ...]]:
    """Return URL -> citing ids (no fragments, order kept) for any target `check_links` takes."""
    from ..roadmap import Roadmap

    if isinstance(target, Roadmap):
        return collect_urls(target)
    if isinstance(target, Mapping):
        return _by_url(target.items())
    return _by_url((url, ()) for url in target)


def _by_url(cited: Iterable[tuple[str, Iterable[str]]]) -> dict[str, tuple[str, ...]]:
    urls: dict[str, list[str]] = {}
    for url, ids in cited:
        known = urls.setdefault(without_fragment(url), [])
        known.extend(i for i in ids if i not in known)
    return {url: tuple(ids) for url, ids in urls.items()}


def without_fragment(url: str) -> str:
    """``url`` without its ``#fragment``, for any text (a fragment is never sent to a server)."""
    # urldefrag parses the whole URL and raises on text such as "http://[bad/#";
    # such a URL is still checked (and reported broken as invalid), so keep it.
    try:
        return urldefrag(url)[0]
    except ValueError:
        return url.partition("#")[0]
