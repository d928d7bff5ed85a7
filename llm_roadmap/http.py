"""The one module that talks to the network: a cached, polite, retrying HTTP client.

Sources, the link checker and plugins all go through an `HttpClient`, usually
the shared one from `client`::

    from llm_roadmap.http import client

    response = client().get("https://export.arxiv.org/api/query", params={"id_list": "1706.03762"})
    response.status_code, response.from_cache

What it does for every caller:

* **Cache.** A requests-cache ``CachedSession`` (never ``install_cache``) on
  SQLite, in ``platformdirs.user_cache_dir("llm-roadmap")`` unless the
  ``cache_dir`` argument or ``LLM_ROADMAP_CACHE_DIR`` says otherwise. Expiry is
  set per URL pattern (`DEFAULT_URLS_EXPIRE_AFTER`); a stale entry is served
  when refreshing it fails (stale-if-error). A cache file SQLite finds
  damaged ("not a database", "malformed"), or without requests-cache's
  tables, is renamed aside with a timestamp and rebuilt, with a warning; a
  busy cache, or any other SQLite error, is retried and never moved.
* **Offline mode** (``offline=True`` or ``LLM_ROADMAP_OFFLINE=1``): answers
  come from the cache only, stale entries included; a miss raises
  `FetchError` with ``reason == "offline"``. The network is never touched.
* **Retries** with exponential backoff and jitter, for timeouts, connection
  resets and the statuses 408, 425, 429 and 5xx (not 501/505). ``Retry-After``
  (seconds or an HTTP date) is honoured for the whole host, up to a cap; a
  server asking for a longer wait than the cap gets no retry, and the caller
  sees its response.
* **Politeness** per host: a minimum interval between requests and a maximum
  number of connections at once (`HostPolicy`; arXiv's API gets 3 seconds and
  one connection by default). A cache hit never waits for either.
* **Threads.** One client is safe to share between threads (its cache
  connection is used by one thread at a time), and processes can share a
  cache directory.

requests and requests-cache come with the ``net`` extra
(``pip install 'llm-roadmap[net]'``); they are imported when a client is
built, never by ``import llm_roadmap``, and their absence is a `NetworkError`
that says how to install them.
"""

import contextlib
import datetime as dt
import email.utils
import os
import random
import sqlite3
import ssl
import threading
import time
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar, Union, cast
from urllib.parse import urlsplit

import attrs

from ._version import __version__
from .errors import NetworkError

if TYPE_CHECKING:
    import requests
    import requests_cache

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_FILE",
    "DEFAULT_HOST_POLICIES",
    "DEFAULT_URLS_EXPIRE_AFTER",
    "OFFLINE_ENV",
    "USER_AGENT",
    "FetchError",
    "HostPolicy",
    "HttpClient",
    "RetryPolicy",
    "classify_exception",
    "client",
    "default_cache_dir",
    "is_offline",
    "set_client",
]

CACHE_DIR_ENV = "LLM_ROADMAP_CACHE_DIR"
"""Environment variable naming the cache directory (default: the user cache dir)."""

OFFLINE_ENV = "LLM_ROADMAP_OFFLINE"
"""Environment variable that turns on offline mode when set to ``1``/``true``/``yes``/``on``."""

CACHE_FILE = "http-cache.sqlite"
"""The name of the HTTP cache database inside the cache directory."""

USER_AGENT = f"llm-roadmap/{__version__} (+https://pypi.org/project/llm-roadmap/)"
"""The User-Agent sent with every request unless the client is given another."""

T = TypeVar("T")

INSTALL_HINT = "install the network extra: pip install 'llm-roadmap[net]'"

DAY = 24 * 3600

DEFAULT_URLS_EXPIRE_AFTER: Mapping[str, int] = {
    # arXiv metadata changes only when a new version appears, which is rare.
    "export.arxiv.org/api/*": 7 * DAY,
    # Stars and pushes move daily; ETag revalidation keeps refreshes cheap.
    "api.github.com/*": DAY,
}
"""Seconds each URL pattern stays fresh; other URLs use the client's ``expire_after``."""

_TRUE = {"1", "true", "yes", "on"}
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


class FetchError(NetworkError):
    """A request failed for good (after any retries), or needed the network in offline mode.

    Attributes:
        url: The URL asked for.
        reason: ``"offline"``, ``"timeout"``, ``"reset"``, ``"dns"``, ``"tls"``,
            ``"refused"``, ``"redirects"`` (too many), ``"invalid-url"`` or ``"error"``.
        attempts: How many requests were sent (0 in offline mode).
    """

    def __init__(self, url: str, reason: str, message: str, *, attempts: int = 0) -> None:
        self.url = url
        self.reason = reason
        self.attempts = attempts
        super().__init__(message)


def is_offline(environ: Optional[Mapping[str, str]] = None) -> bool:
    """Whether ``LLM_ROADMAP_OFFLINE`` asks for offline mode."""
    env = os.environ if environ is None else environ
    return env.get(OFFLINE_ENV, "").strip().lower() in _TRUE


def default_cache_dir(environ: Optional[Mapping[str, str]] = None) -> Path:
    """Return the cache directory: ``LLM_ROADMAP_CACHE_DIR``, else the user cache dir."""
    env = os.environ if environ is None else environ
    explicit = env.get(CACHE_DIR_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("llm-roadmap"))


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


class _Host:
    """Politeness state of one host: a connection semaphore and the next allowed start."""

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


def _retry_after(value: Optional[str]) -> Optional[float]:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: Optional[BaseException] = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        for arg in getattr(current, "args", ()):
            if isinstance(arg, BaseException) and id(arg) not in seen:
                yield from _chain(arg)
        # urllib3's MaxRetryError keeps the real cause in .reason.
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException) and id(reason) not in seen:
            yield from _chain(reason)
        current = current.__cause__ or current.__context__


def classify_exception(exc: BaseException) -> str:
    """Name what went wrong in a failed request (the `FetchError.reason` values).

    Args:
        exc: An exception raised by requests (or anything it wraps).

    Returns:
        ``"timeout"``, ``"reset"``, ``"dns"``, ``"tls"``, ``"refused"``,
        ``"redirects"``, ``"invalid-url"`` or ``"error"``.
    """
    import requests
    import urllib3.exceptions as u3

    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return "redirects"
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema)):
        return "invalid-url"
    if isinstance(exc, requests.exceptions.InvalidSchema):
        return "invalid-url"
    chain = list(_chain(exc))
    name_resolution = getattr(u3, "NameResolutionError", ())
    for item in chain:
        if isinstance(item, (requests.exceptions.SSLError, ssl.SSLError, u3.SSLError)):
            return "tls"
    for item in chain:
        if isinstance(item, ConnectionRefusedError):
            return "refused"
        if isinstance(item, OSError) and item.__class__.__name__ == "gaierror":
            return "dns"
        if name_resolution and isinstance(item, name_resolution):
            return "dns"
    for item in chain:
        if isinstance(item, (requests.exceptions.Timeout, TimeoutError, u3.TimeoutError)):
            return "timeout"
    for item in chain:
        if isinstance(
            item,
            (
                ConnectionResetError,
                ConnectionAbortedError,
                BrokenPipeError,
                requests.exceptions.ChunkedEncodingError,
                u3.ProtocolError,
            ),
        ):
            return "reset"
        if item.__class__.__name__ in {"RemoteDisconnected", "IncompleteRead"}:
            return "reset"
    return "error"


def _describe(reason: str, exc: BaseException) -> str:
    words = {
        "timeout": "timed out",
        "reset": "connection reset",
        "dns": "host name not found",
        "tls": "TLS/SSL error",
        "refused": "connection refused",
        "redirects": "too many redirects",
        "invalid-url": "invalid URL",
    }
    return words.get(reason, f"{type(exc).__name__}: {exc}")


# SQLite's primary result codes for a damaged file (an extended code keeps them in its low byte).
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_CORRUPT_WORDS = (
    "file is not a database",
    "database disk image is malformed",
    "malformed database schema",
)
# How often a cache operation that met a transient SQLite error is tried in all.
_CACHE_TRIES = 5


class _Unusable(sqlite3.DatabaseError):
    """The cache file reads as SQLite but fails its check, or lacks requests-cache's tables."""


def _is_corrupt(exc: BaseException) -> bool:
    """Whether a SQLite error says the file itself is damaged.

    Only "not a database", "malformed" (SQLITE_NOTADB, SQLITE_CORRUPT) and our
    own check count. Everything else (locked or busy, a closed connection,
    "no more rows available", "not an error", InterfaceError) is what threads
    or processes sharing a healthy file run into, and is retried instead.
    """
    if isinstance(exc, _Unusable):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    # Python 3.11+ gives the code; earlier versions only the message.
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    text = str(exc).lower()
    return any(words in text for words in _CORRUPT_WORDS)


def _check_cache_file(path: Path, *, tables: bool) -> None:
    """Read the cache file on a connection of its own; raise the error that shows it damaged.

    Args:
        path: The SQLite file.
        tables: Also require requests-cache's tables and columns (a missing one
            raises `_Unusable`); only right just after requests-cache created them.
    """
    connection = sqlite3.connect(path, timeout=30)
    try:
        check = connection.execute("PRAGMA quick_check(1)").fetchone()
        if not check or check[0] != "ok":
            raise _Unusable(f"integrity check failed: {check}")
        for table in ("responses", "redirects"):
            try:
                connection.execute(f"SELECT key, value, expires FROM {table} LIMIT 1").fetchall()
            except sqlite3.OperationalError as exc:
                text = str(exc).lower()
                if tables and ("no such table" in text or "no such column" in text):
                    raise _Unusable(f"not a requests-cache database ({exc})") from exc
                raise
    finally:
        connection.close()


def _serial_sqlite_cache() -> type:
    """Return requests-cache's SQLite backend with every use of its connection under its lock.

    requests-cache shares one connection between threads and locks only the
    writes. Reads running on it at the same time as other statements get each
    other's result codes ("no more rows available", "not an error", "bad
    parameter or other API misuse"), and can crash the interpreter
    (requests-cache issues 820 and 1008). A read is one primary-key lookup, so
    taking the table's lock for it costs little. Built on first use, so that
    requests-cache is imported only when a client is.
    """
    global _SerialCache
    if _SerialCache is not None:
        return _SerialCache
    from requests_cache.backends.base import BaseCache
    from requests_cache.backends.sqlite import SQLiteCache, SQLiteDict

    class SerialSQLiteDict(SQLiteDict):
        @contextlib.contextmanager
        def connection(self, commit: bool = False) -> Iterator[sqlite3.Connection]:
            with self._lock, super().connection(commit) as connection:
                yield connection

        # A transient error on a read is a miss, on a write a response left
        # uncached: the request itself still succeeds. Damage is raised, for
        # the client to move the file aside.
        def __getitem__(self, key: str) -> Any:
            parent = cast(Any, super())
            return _patiently(lambda: parent.__getitem__(key), KeyError(key))

        def __delitem__(self, key: str) -> None:
            parent = cast(Any, super())
            _patiently(lambda: parent.__delitem__(key), KeyError(key))

        def _write(self, key: str, value: Any) -> None:
            parent = cast(Any, super())
            _patiently(lambda: parent._write(key, value), None)

    class SerialSQLiteCache(SQLiteCache):
        def __init__(self, db_path: Path, **kwargs: Any) -> None:
            # As SQLiteCache.__init__, with the serialised tables.
            BaseCache.__init__(self, cache_name=str(db_path), **kwargs)
            self.responses = SerialSQLiteDict(db_path, table_name="responses", **kwargs)
            self.redirects = SerialSQLiteDict(
                db_path,
                table_name="redirects",
                lock=self.responses._lock,
                serializer=None,
                **kwargs,
            )

    _SerialCache = SerialSQLiteCache
    return _SerialCache


_SerialCache: Optional[type] = None


def _patiently(operation: Callable[[], T], give_up: Optional[BaseException]) -> Any:
    """Run a cache-table operation, retrying transient SQLite errors.

    When they persist, raise ``give_up`` (or return ``None`` if it is ``None``);
    an error that says the file is damaged is raised at once.
    """
    for attempt in range(_CACHE_TRIES):
        try:
            return operation()
        except sqlite3.Error as exc:
            if _is_corrupt(exc):
                raise
            if attempt == _CACHE_TRIES - 1:
                if give_up is None:
                    return None
                raise give_up from exc
            time.sleep(0.005 * 2**attempt)
    return None  # pragma: no cover - the loop returns or raises


def _move_aside(path: Path, exc: BaseException, *, what: str) -> Path:
    """Rename an unreadable SQLite file aside (with a timestamp) and warn; return the new name."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    with contextlib.suppress(FileNotFoundError):
        path.replace(target)
    # The journal files belong to the old database; left behind, SQLite
    # would try to replay them into the new one.
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
    warnings.warn(
        f"the {what} {path} could not be read ({exc}); "
        f"moved it to {target.name} and started an empty one",
        RuntimeWarning,
        stacklevel=3,
    )
    return target


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
        retry: RetryPolicy = RetryPolicy(),
        host_policies: Optional[Mapping[str, HostPolicy]] = None,
        default_host_policy: HostPolicy = HostPolicy(),
        expire_after: float = DAY,
        urls_expire_after: Optional[Mapping[str, float]] = None,
        stale_if_error: bool = True,
        user_agent: Optional[str] = None,
        pool_size: int = 32,
        environ: Optional[Mapping[str, str]] = None,
    ) -> None:
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
        self.timeout: tuple[float, float] = (
            (float(timeout), float(timeout)) if isinstance(timeout, (int, float)) else timeout
        )
        """``(connect, read)`` timeouts in seconds."""
        self.retry = retry
        """The retry policy."""
        self.stale_if_error = stale_if_error
        """Whether a stale cached response answers a failed refresh."""
        self._policies = {**DEFAULT_HOST_POLICIES, **(host_policies or {})}
        self._default_policy = default_host_policy
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._expire_after = expire_after
        self._urls_expire_after = {**DEFAULT_URLS_EXPIRE_AFTER, **(urls_expire_after or {})}
        self._headers = {"User-Agent": user_agent or USER_AGENT}
        # One adapter (one connection pool) shared by the cached and the plain
        # session; retries are ours, so urllib3's own are off.
        self._adapter = requests.adapters.HTTPAdapter(
            pool_connections=max(10, pool_size), pool_maxsize=pool_size, max_retries=0
        )
        self._plain = self._new_session(requests.Session())
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise NetworkError(f"cannot create the cache directory {directory}: {exc}") from exc
        self.cache_path: Path = directory / CACHE_FILE
        """The SQLite file of the HTTP cache."""
        self._cache_lock = threading.RLock()
        self._generation = 0
        self._session = self._open_cache()
        self._closed = False

    # -- public API --------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        params: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, str]] = None,
        timeout: Union[float, tuple[float, float], None] = None,
        allow_redirects: bool = True,
        stream: bool = False,
        cache: bool = True,
        refresh: bool = False,
        retry: Optional[RetryPolicy] = None,
    ) -> "requests.Response":
        """Send a GET request (see `request`)."""
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
        )

    def head(
        self,
        url: str,
        *,
        params: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, str]] = None,
        timeout: Union[float, tuple[float, float], None] = None,
        allow_redirects: bool = False,
        cache: bool = True,
        refresh: bool = False,
        retry: Optional[RetryPolicy] = None,
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
        )

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, str]] = None,
        timeout: Union[float, tuple[float, float], None] = None,
        allow_redirects: bool = True,
        stream: bool = False,
        cache: bool = True,
        refresh: bool = False,
        retry: Optional[RetryPolicy] = None,
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

        Raises:
            FetchError: The request failed after its retries (``reason`` says
                why), or it missed the cache in offline mode.
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
        host = self._host(url)
        attempt = 0
        while True:
            try:
                with host.slot():
                    response = self._send(
                        method,
                        url,
                        params=params,
                        headers=headers,
                        timeout=timeout or self.timeout,
                        allow_redirects=allow_redirects,
                        stream=stream,
                        use_cache=use_cache,
                        refresh=refresh,
                    )
            except requests.RequestException as exc:
                reason = classify_exception(exc)
                retryable = reason == "reset" or (reason == "timeout" and retry.retry_timeouts)
                if retryable and attempt < retry.retries:
                    time.sleep(retry.delay(attempt))
                    attempt += 1
                    continue
                if stale is not None and self.stale_if_error:
                    return stale
                raise FetchError(
                    url,
                    reason,
                    f"{method} {url}: {_describe(reason, exc)}"
                    + (f" after {attempt + 1} attempts" if attempt else ""),
                    attempts=attempt + 1,
                ) from exc
            status = response.status_code
            if not self._retryable(status):
                return response
            if attempt < retry.retries:
                wait = _retry_after(response.headers.get("Retry-After"))
                if wait is None:
                    response.close()
                    time.sleep(retry.delay(attempt))
                    attempt += 1
                    continue
                if wait <= retry.retry_after_cap:
                    response.close()
                    # The whole host waits, not only this thread: the next
                    # slot() of any request to it sleeps until then.
                    host.block(wait)
                    attempt += 1
                    continue
            if stale is not None and self.stale_if_error:
                response.close()
                return stale
            return response

    def lookup(
        self,
        url: str,
        *,
        method: str = "GET",
        params: Optional[Mapping[str, Any]] = None,
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

        return self._with_cache(find)

    def host_policy(self, url_or_host: str) -> HostPolicy:
        """Return the politeness policy that applies to a URL or a host name."""
        key = _host_key(url_or_host) if "://" in url_or_host else url_or_host.lower()
        host = key.split(":")[0]
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
        with contextlib.suppress(Exception):
            cast(Any, self._session).close()
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
        session.mount("http://", self._adapter)
        session.mount("https://", self._adapter)
        session.headers.update(self._headers)
        return session

    def _host(self, url: str) -> _Host:
        key = _host_key(url)
        with self._hosts_lock:
            state = self._hosts.get(key)
            if state is None:
                state = self._hosts[key] = _Host(self.host_policy(key))
            return state

    @staticmethod
    def _retryable(status: int) -> bool:
        return status in _RETRY_STATUSES or (500 <= status <= 599 and status not in _FINAL_5XX)

    def _send(
        self,
        method: str,
        url: str,
        *,
        params: Optional[Mapping[str, Any]],
        headers: Optional[Mapping[str, str]],
        timeout: Union[float, tuple[float, float]],
        allow_redirects: bool,
        stream: bool,
        use_cache: bool,
        refresh: bool,
    ) -> "requests.Response":
        kwargs: dict[str, Any] = {
            "params": dict(params) if params else None,
            "headers": dict(headers) if headers else None,
            "timeout": timeout,
            "allow_redirects": allow_redirects,
            "stream": stream,
        }
        if not use_cache:
            # A plain session: requests-cache would put its private control
            # headers on the wire to skip the cache.
            response = self._plain.request(method, url, **kwargs)
            response.from_cache = False  # type: ignore[attr-defined]
            return response

        def send(session: "requests_cache.CachedSession") -> "requests.Response":
            result: requests.Response = session.request(method, url, refresh=refresh, **kwargs)
            return result

        return self._with_cache(send)

    # -- the cache database ------------------------------------------------------------

    def _open_cache(self) -> "requests_cache.CachedSession":
        try:
            return self._build_session()
        except sqlite3.Error as exc:
            if not _is_corrupt(exc):
                # Locked for longer than the busy timeout, unreadable permissions,
                # a full disk: the file may be fine, so it is left alone.
                raise NetworkError(f"cannot open the HTTP cache {self.cache_path}: {exc}") from exc
            _move_aside(self.cache_path, exc, what="HTTP cache")
            return self._build_session()

    def _build_session(self) -> "requests_cache.CachedSession":
        import requests_cache

        backend = _serial_sqlite_cache()(self.cache_path, wal=True, busy_timeout=30_000)
        session = requests_cache.CachedSession(
            backend=backend,
            expire_after=self._expire_after,
            urls_expire_after=cast(Any, dict(self._urls_expire_after)),
            allowable_codes=(200, 203, 300, 301, 308),
            allowable_methods=("GET", "HEAD"),
            # stale-if-error is applied here, after our retries; requests-cache
            # would answer with the stale response on the first failure.
            stale_if_error=False,
        )
        try:
            # Finds a malformed file, or tables requests-cache cannot use,
            # now rather than in the middle of a run.
            _check_cache_file(self.cache_path, tables=True)
        except BaseException:
            cast(Any, session).close()
            raise
        return self._new_session(session)  # type: ignore[return-value]

    def _with_cache(self, operation: Callable[["requests_cache.CachedSession"], T]) -> T:
        """Run ``operation(session)``, rebuilding the cache if it proves damaged.

        Transient errors are mostly absorbed by the tables (see
        `_serial_sqlite_cache`); one that gets here is retried a few times and
        then raised as a `NetworkError`. Only a file that a fresh connection
        also finds damaged is moved aside.
        """
        for attempt in range(_CACHE_TRIES):
            generation = self._generation
            session = self._session
            try:
                return operation(session)
            except sqlite3.Error as exc:
                if self._generation != generation:
                    # Another thread rebuilt the cache (and closed this session) meanwhile.
                    continue
                if _is_corrupt(exc):
                    self._repair(generation, exc)
                    continue
                if attempt == _CACHE_TRIES - 1:
                    raise NetworkError(f"the HTTP cache {self.cache_path} failed: {exc}") from exc
                time.sleep(0.005 * 2**attempt)
        raise NetworkError(f"the HTTP cache {self.cache_path} could not be repaired")

    def _repair(self, generation: int, exc: sqlite3.Error) -> None:
        """Replace the session; move the file aside first if it is really damaged."""
        with self._cache_lock:
            if self._generation != generation:
                return  # another thread repaired it already
            with contextlib.suppress(Exception):
                cast(Any, self._session).close()
            try:
                _check_cache_file(self.cache_path, tables=False)
            except sqlite3.Error as found:
                if _is_corrupt(found):
                    _move_aside(self.cache_path, exc, what="HTTP cache")
            self._session = self._open_cache()
            self._generation += 1


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
