"""The client: `HttpClient`, a cached, retrying, polite HTTP client that threads can share.

Every session (the plain one and each cached one) shares the client's adapter
(its connection pools, whose sockets the deadline timer can shut), reads
each body within ``max_body`` in a response hook, and ignores a ``Location``
the guarded URL parser refuses (requests would raise `ValueError` while merely
looking at it). One request is a loop of attempts with backoff and
``Retry-After``, under the call's deadline. `client` is the process-wide
client that sources, the link checker and plugins share.
"""

import contextlib
import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from ..errors import NetworkError
from .cache import SessionPool
from .errors import FetchError, classify_exception, describe
from .limits import ResponseTooLarge, limited_adapter, read_limited, within_deadline
from .policy import (
    CACHE_FILE,
    DAY,
    DEFAULT_HOST_POLICIES,
    DEFAULT_URLS_EXPIRE_AFTER,
    INSTALL_HINT,
    OFFLINE_ENV,
    USER_AGENT,
    HostPolicy,
    HostState,
    RetryPolicy,
    default_cache_dir,
    host_key,
    is_offline,
    is_retryable_status,
    retry_after,
    timeout_pair,
)

if TYPE_CHECKING:
    import http.cookiejar
    from collections.abc import Mapping

    import requests
    import requests.adapters
    import requests_cache

__all__ = ["HttpClient", "client", "set_client"]


class HttpClient:
    """A cached, retrying, polite HTTP client; safe to share between threads.

    Args:
        cache_dir: Directory of the cache database; default ``LLM_ROADMAP_CACHE_DIR``,
            else ``platformdirs.user_cache_dir("llm-roadmap")``.
        offline: Answer from the cache only; ``None`` reads ``LLM_ROADMAP_OFFLINE``.
        timeout: Seconds to connect and to wait for data, as ``(connect, read)``
            or one number for both.
        retry: When and how long to wait before retrying.
        host_policies: Politeness per host name (``"arxiv.org"`` also covers
            its subdomains; ``"host:port"`` names one port), on top of
            `DEFAULT_HOST_POLICIES`.
        default_host_policy: Politeness for every other host.
        expire_after: Seconds a cached response stays fresh, unless a pattern
            of ``urls_expire_after`` matches its URL.
        urls_expire_after: Freshness per URL pattern (requests-cache syntax),
            on top of `DEFAULT_URLS_EXPIRE_AFTER`.
        stale_if_error: Serve a stale cached response when refreshing it fails.
        user_agent: The User-Agent header; default `USER_AGENT`.
        pool_size: Connections kept open per host by the connection pool.
        environ: Environment to read the variables from (default ``os.environ``).
        max_body: The largest body read, in bytes, counted after decompression;
            a larger one is a `FetchError` with reason ``"too-large"``.
        deadline: Seconds one request may take in all: connecting, the head,
            the body, however the bytes trickle in, and its retries and their
            waits; default: the connect timeout plus the read timeout. A retry
            that would not fit is not made.

    Raises:
        NetworkError: requests or requests-cache is not installed, or the
            cache directory cannot be created.
    """

    def __init__(
        self,
        cache_dir: Union[str, "os.PathLike[str]", None] = None,
        *,
        offline: Optional[bool] = None,
        timeout: Union[float, tuple[float, float]] = (5.0, 20.0),
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - frozen: one shared default is safe
        host_policies: Optional[Mapping[str, HostPolicy]] = None,
        default_host_policy: HostPolicy = HostPolicy(),  # noqa: B008 - frozen, as above
        expire_after: float = DAY,
        urls_expire_after: Optional[Mapping[str, float]] = None,
        stale_if_error: bool = True,
        user_agent: Optional[str] = None,
        pool_size: int = 32,
        environ: Optional[Mapping[str, str]] = None,
        max_body: int = 32 * 1024 * 1024,
        deadline: Optional[float] = None,
    ) -> None:
        import http.cookiejar

        try:
            import requests
            import requests.adapters
            import requests_cache  # noqa: F401 - fail here, with the hint, not later
        except ImportError as exc:
            raise NetworkError(
                f"the network needs requests and requests-cache; {INSTALL_HINT}"
            ) from exc
        env = os.environ if environ is None else environ
        directory = Path(cache_dir) if cache_dir is not None else default_cache_dir(env)
        self.offline: bool = is_offline(env) if offline is None else offline
        """Whether answers come from the cache only."""
        self.timeout: tuple[float, float] = timeout_pair(timeout)
        """``(connect, read)`` timeouts in seconds."""
        self.max_body = max_body
        """The largest body read, in bytes (decompressed)."""
        self.deadline: Optional[float] = deadline
        """Seconds one request may take in all, retries included (``None``: connect plus read)."""
        self.retry = retry
        """The retry policy."""
        self.stale_if_error = stale_if_error
        """Whether a stale cached response answers a failed refresh."""
        self._policies = {**DEFAULT_HOST_POLICIES, **(host_policies or {})}
        self._default_policy = default_host_policy
        self._hosts: dict[str, HostState] = {}
        self._hosts_lock = threading.Lock()
        self._headers = {"User-Agent": user_agent or USER_AGENT}
        # One adapter (one connection pool) shared by the cached sessions and
        # the plain one; retries are ours, so urllib3's own are off.
        self._adapter = limited_adapter(pool_size)
        self._plain = self._new_session(requests.Session())
        # Uncached requests keep no cookies between them (a link check gives each URL
        # its own jar): a policy that allows no domain keeps none.
        self._plain.cookies = requests.cookies.RequestsCookieJar(
            policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[])
        )
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise NetworkError(f"cannot create the cache directory {directory}: {exc}") from exc
        self.cache_path: Path = directory / CACHE_FILE
        """The SQLite file of the HTTP cache."""
        self._cache = SessionPool(
            self.cache_path,
            expire_after=expire_after,
            urls_expire_after={**DEFAULT_URLS_EXPIRE_AFTER, **(urls_expire_after or {})},
            prepare=self._new_session,
        )
        self._closed = False

    # -- public API --------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        params: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, str]] = None,
        timeout: Union[float, tuple[float, float], None] = None,
        allow_redirects: bool = True,
        stream: bool = False,
        cache: bool = True,
        refresh: bool = False,
        retry: Optional[RetryPolicy] = None,
        **more: Any,
    ) -> "requests.Response":
        """Send a GET request (see `request`; ``more``: its other keyword arguments)."""
        return self.request(
            "GET",
            url,
            params=params,
            headers=headers,
            timeout=timeout,
            allow_redirects=allow_redirects,
            stream=stream,
            cache=cache,
            refresh=refresh,
            retry=retry,
            **more,
        )

    def head(
        self,
        url: str,
        *,
        params: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, str]] = None,
        timeout: Union[float, tuple[float, float], None] = None,
        allow_redirects: bool = False,
        cache: bool = True,
        refresh: bool = False,
        retry: Optional[RetryPolicy] = None,
        **more: Any,
    ) -> "requests.Response":
        """Send a HEAD request (see `request`); redirects are not followed unless asked."""
        return self.request(
            "HEAD",
            url,
            params=params,
            headers=headers,
            timeout=timeout,
            allow_redirects=allow_redirects,
            cache=cache,
            refresh=refresh,
            retry=retry,
            **more,
        )

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, str]] = None,
        timeout: Union[float, tuple[float, float], None] = None,
        allow_redirects: bool = True,
        stream: bool = False,
        cache: bool = True,
        refresh: bool = False,
        retry: Optional[RetryPolicy] = None,
        cookies: Optional["http.cookiejar.CookieJar"] = None,
        deadline: Optional[float] = None,
    ) -> "requests.Response":
        """Send a request: from the cache when it is fresh there, else politely to the host.

        The response is returned whatever its status (check ``status_code``);
        a retryable status is retried first, and the last response is returned
        when the retries run out. Every response has ``from_cache``.

        Args:
            method: ``"GET"``, ``"HEAD"``... (only GET and HEAD are cached).
            url: The URL.
            params: Query parameters.
            headers: Extra request headers.
            timeout: Overrides the client's ``(connect, read)`` timeouts.
            allow_redirects: Follow redirects.
            stream: Do not read the body before returning; such a response is
                never cached (its body was not read), and the caller closes it.
            cache: Use the cache (read and write) for this request.
            refresh: Revalidate a cached response with the server even if fresh.
            retry: Overrides the client's retry policy.
            cookies: Cookies to send; the caller keeps its jar up to date.
            deadline: Seconds the whole call may take, retries and their waits
                included (default: the client's `deadline`); a retry that would
                not fit is not made.

        Raises:
            FetchError: The request failed after its retries (``reason`` says
                why: ``"too-large"`` for a body over ``max_body``), or it
                missed the cache in offline mode.
        """
        import requests

        method = method.upper()
        retry = retry or self.retry
        use_cache = cache and not stream and method in ("GET", "HEAD")
        stale: Optional[requests.Response] = None
        if use_cache and (not refresh or self.offline):
            found = self.lookup(url, method=method, params=params, headers=headers)
            if found is not None and (self.offline or not getattr(found, "is_expired", False)):
                # A fresh hit (or any hit offline) returns before any politeness wait.
                return found
            stale = found
        if self.offline:
            raise FetchError(
                url,
                "offline",
                f"offline mode: {url} is not in the cache"
                f" (unset {OFFLINE_ENV} or drop --offline to fetch it)",
            )
        timeouts = timeout_pair(timeout or self.timeout)
        kwargs: dict[str, Any] = {
            "params": dict(params) if params else None,
            "headers": dict(headers) if headers else None,
            "timeout": timeouts,
            "allow_redirects": allow_redirects,
            "stream": stream,
        }
        if cookies is not None:
            kwargs["cookies"] = cookies

        def send(session: "requests_cache.CachedSession") -> "requests.Response":
            result: requests.Response = session.request(method, url, refresh=refresh, **kwargs)
            return result

        def attempt() -> "requests.Response":
            if use_cache:
                return self._cache.run(send)
            # A plain session: requests-cache would put its private control
            # headers on the wire to skip the cache.
            response = self._plain.request(method, url, **kwargs)
            response.from_cache = False  # type: ignore[attr-defined]
            return response

        # One budget for the whole fetch: a server that drips a byte at a time
        # uses it up once, not once per retry.
        budget = self.deadline if self.deadline is not None else sum(timeouts)
        return send_with_retries(
            lambda seconds: within_deadline(attempt, seconds),
            method=method,
            url=url,
            host=self._host(url),
            retry=retry,
            per_attempt=budget,
            deadline=budget if deadline is None else deadline,
            stale=stale if self.stale_if_error else None,
        )

    def lookup(
        self,
        url: str,
        *,
        method: str = "GET",
        params: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> Optional["requests.Response"]:
        """Return the cached response for a request, fresh or stale, without any network.

        Returns:
            The cached response (``from_cache`` is true; ``is_expired`` says
            whether it is stale), or ``None``.
        """
        import requests

        def find(session: "requests_cache.CachedSession") -> Optional["requests.Response"]:
            prepared = session.prepare_request(
                requests.Request(
                    method.upper(), url, params=dict(params or {}), headers=dict(headers or {})
                )
            )
            response: Optional[requests.Response] = session.cache.get_response(
                session.cache.create_key(prepared)
            )
            return response

        return self._cache.run(find)

    def host_policy(self, url_or_host: str) -> HostPolicy:
        """Return the politeness policy that applies to a URL or a host name.

        The first found of ``host:port``, the host, then its parent domains.
        """
        key = host_key(url_or_host) if "://" in url_or_host else url_or_host.lower()
        host = key.partition("]")[0] + "]" if key.startswith("[") else key.split(":")[0]
        for candidate in (key, host):
            if candidate in self._policies:
                return self._policies[candidate]
        labels = host.split(".")
        for start in range(1, len(labels)):
            parent = ".".join(labels[start:])
            if parent in self._policies:
                return self._policies[parent]
        return self._default_policy

    @property
    def closed(self) -> bool:
        """Whether `close` has been called."""
        return self._closed

    def close(self) -> None:
        """Close connections and the cache database."""
        self._closed = True
        self._cache.close()
        with contextlib.suppress(Exception):
            self._plain.close()

    def __enter__(self) -> "HttpClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "offline" if self.offline else "online"
        return f"<HttpClient {mode} cache={str(self.cache_path)!r}>"

    # -- internals -----------------------------------------------------------------

    def _new_session(self, session: "requests.Session") -> "requests.Session":
        # Mount the client's adapter, set its headers and guards.
        session.mount("http://", self._adapter)
        session.mount("https://", self._adapter)
        session.headers.update(self._headers)
        max_body = self.max_body

        def read_body(response: "requests.Response", *args: Any, **kwargs: Any) -> Any:
            # A response hook runs before requests (or requests-cache) reads the
            # body: read it here, within max_body. Streamed ones are the caller's.
            if not kwargs.get("stream") and not getattr(response, "_content_consumed", True):
                read_limited(response, max_body)
            return response

        session.hooks["response"].append(read_body)
        original = session.get_redirect_target

        def redirect_target(response: "requests.Response") -> Optional[str]:
            # requests takes a Location apart with urlsplit even when it does not
            # follow it, and raises ValueError for "[" or a port of 99999: an
            # unusable Location is no redirect, and the 3xx is the answer.
            target = original(response)
            return target if target is None or _usable_location(target) else None

        session.get_redirect_target = redirect_target  # type: ignore[method-assign,assignment]
        return session

    def _host(self, url: str) -> HostState:
        key = host_key(url)
        with self._hosts_lock:
            state = self._hosts.get(key)
            if state is None:
                state = self._hosts[key] = HostState(self.host_policy(key))
            return state


def _usable_location(target: str) -> bool:
    from requests.utils import requote_uri

    from ..util.urls import safe_split

    try:
        return safe_split(requote_uri(target)) is not None
    except ValueError:
        return False


def send_with_retries(
    send_once: Callable[[float], "requests.Response"],
    *,
    method: str,
    url: str,
    host: HostState,
    retry: RetryPolicy,
    per_attempt: float,
    deadline: float,
    stale: Optional["requests.Response"],
) -> "requests.Response":
    """Send a request until it succeeds, fails for good, or the retries or the deadline run out.

    Args:
        send_once: Sends one attempt, given the seconds it may take in all.
        method: The method, for messages.
        url: The URL, for messages.
        host: The host's politeness state (each attempt takes one of its slots).
        retry: When and how long to wait before retrying.
        per_attempt: Seconds one attempt may take.
        deadline: Seconds the whole call may take; a retry whose wait would
            not fit is not made.
        stale: A stale cached response to answer with when the request fails.

    Raises:
        FetchError: The request failed for good and there is no stale answer.
    """
    import requests

    end = time.monotonic() + deadline
    attempt = 0

    def fits(wait: float) -> bool:
        return time.monotonic() + wait < end

    while True:
        try:
            with host.slot():
                left = min(per_attempt, end - time.monotonic())
                if left <= 0:
                    raise requests.exceptions.Timeout(f"no time left of {deadline:g} s")
                response = send_once(left)
        except ResponseTooLarge as exc:
            raise FetchError(
                url, "too-large", f"{method} {url}: {exc}", attempts=attempt + 1
            ) from exc
        except requests.RequestException as exc:
            reason = classify_exception(exc)
            retryable = reason == "reset" or (reason == "timeout" and retry.retry_timeouts)
            backoff = retry.delay(attempt)
            if retryable and attempt < retry.retries and fits(backoff):
                time.sleep(backoff)
                attempt += 1
                continue
            if stale is not None:
                return stale
            raise FetchError(
                url,
                reason,
                f"{method} {url}: {describe(reason, exc)}"
                + (f" after {attempt + 1} attempts" if attempt else ""),
                attempts=attempt + 1,
            ) from exc
        status = response.status_code
        if not is_retryable_status(status):
            return response
        if attempt < retry.retries:
            wait = retry_after(response.headers.get("Retry-After"))
            backoff = retry.delay(attempt)
            if not fits(backoff if wait is None else wait):
                wait = float("inf")  # would not fit in the deadline: no retry
            if wait is None:
                response.close()
                time.sleep(backoff)
                attempt += 1
                continue
            if wait <= retry.retry_after_cap:
                response.close()
                # The whole host waits, not only this thread: the next
                # slot() of any request to it sleeps until then.
                host.block(wait)
                attempt += 1
                continue
        if stale is not None:
            response.close()
            return stale
        return response


_shared: Optional[HttpClient] = None

_shared_lock = threading.Lock()


def client() -> HttpClient:
    """Return the process-wide client (built on first use from the environment).

    Sources and plugins should use this (or the client they are handed)
    rather than build their own, so that the cache and the politeness limits
    are shared.

    Raises:
        NetworkError: requests or requests-cache is not installed.
    """
    global _shared
    with _shared_lock:
        if _shared is None or _shared.closed:
            _shared = HttpClient()
        return _shared


def set_client(new: Optional[HttpClient]) -> Optional[HttpClient]:
    """Replace the process-wide client (``None`` builds a fresh one on next use).

    Returns:
        The client it replaced, if any (not closed: the caller decides).
    """
    global _shared
    with _shared_lock:
        old, _shared = _shared, new
        return old
