"""The HTTP cache: requests-cache sessions over one SQLite file, and its repair.

requests-cache shares one SQLite connection between the threads of a session
and locks only its writes; reads running on it beside other statements get
each other's result codes ("no more rows available", "not an error", "bad
parameter or other API misuse") and can crash the interpreter (requests-cache
issues 820 and 1008). So no session is ever shared: a `SessionPool` lends each
operation a ``CachedSession`` of its own, with its own connections, for as
long as the operation runs, and takes it back after. SQLite itself (WAL, a busy
timeout) keeps the connections of all the sessions, threads and processes on
one file from stepping on each other. Only requests-cache's public API is
used: its custom-backend classes (`BaseCache`, `SQLiteDict`) and the session.

A file found damaged goes through the project's one repair path
(`llm_roadmap.util.stores`): moved aside with a warning, rebuilt empty.
"""

import contextlib
import sqlite3
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar, cast

from ..errors import NetworkError
from ..util.stores import check_sqlite, is_damaged, move_aside, open_or_rebuild

if TYPE_CHECKING:
    import requests
    import requests_cache

__all__ = ["CACHE_TABLES", "TRIES", "SessionPool", "patiently"]

T = TypeVar("T")

CACHE_TABLES: Mapping[str, tuple[str, ...]] = {
    "responses": ("key", "value", "expires"),
    "redirects": ("key", "value", "expires"),
}
"""requests-cache's tables and the columns it reads: a cache file without them is unusable."""

TRIES = 5
"""How often a cache operation that met a transient SQLite error is tried in all."""

# Milliseconds a connection waits for another one's lock before it gives up.
_BUSY_TIMEOUT = 30_000


def patiently(operation: Callable[[], T], give_up: Optional[BaseException]) -> Any:
    """Run a cache-table operation, retrying transient SQLite errors.

    When they persist, raise ``give_up`` (or return ``None`` if it is ``None``);
    an error that says the file is damaged is raised at once.
    """
    for attempt in range(TRIES):
        try:
            return operation()
        except sqlite3.Error as exc:
            if is_damaged(exc):
                raise
            if attempt == TRIES - 1:
                if give_up is None:
                    return None
                raise give_up from exc
            time.sleep(0.005 * 2**attempt)
    return None  # pragma: no cover - the loop returns or raises


def _backend_class() -> type:
    """Return the cache backend class, built here so that requests-cache is imported only now.

    It is requests-cache's own SQLite storage, table for table as its
    ``SQLiteCache`` lays it out (existing cache files stay readable), with one
    change made through the mapping protocol: a transient error on a read is a
    miss, on a write a response left uncached, so the request itself still
    succeeds. Damage is raised, for the pool to repair the file.
    """
    from requests_cache.backends.base import BaseCache
    from requests_cache.backends.sqlite import SQLiteDict

    class PatientTable(SQLiteDict):
        def __getitem__(self, key: str) -> Any:
            parent = cast(Any, super())
            return patiently(lambda: parent.__getitem__(key), KeyError(key))

        def __setitem__(self, key: str, value: Any) -> None:
            parent = cast(Any, super())
            patiently(lambda: parent.__setitem__(key, value), None)

        def __delitem__(self, key: str) -> None:
            parent = cast(Any, super())
            patiently(lambda: parent.__delitem__(key), KeyError(key))

    class PatientSQLiteCache(BaseCache):
        def __init__(self, db_path: Path) -> None:
            super().__init__(cache_name=str(db_path))
            options: dict[str, Any] = {"wal": True, "busy_timeout": _BUSY_TIMEOUT}
            self.responses: PatientTable = PatientTable(db_path, table_name="responses", **options)
            self.redirects: PatientTable = PatientTable(
                db_path, table_name="redirects", serializer=None, **options
            )

        @property
        def db_path(self) -> Path:
            return Path(self.responses.db_path)

    return PatientSQLiteCache


class SessionPool:
    """The cached sessions of one client over one cache file, each lent to one thread at a time.

    Args:
        path: The SQLite file of the cache.
        expire_after: Seconds a response stays fresh unless a pattern matches.
        urls_expire_after: Freshness per URL pattern (requests-cache syntax).
        prepare: Called with each new session (to mount adapters, set headers).

    Raises:
        NetworkError: The cache file cannot be opened and is not damaged
            (locked, unwritable...): it is left as it is.
    """

    def __init__(
        self,
        path: Path,
        *,
        expire_after: float,
        urls_expire_after: Mapping[str, float],
        prepare: Callable[["requests.Session"], object],
    ) -> None:
        import requests.cookies

        self.path = path
        self._expire_after = expire_after
        self._urls_expire_after = dict(urls_expire_after)
        self._prepare = prepare
        # One cookie jar for all the sessions, as if they were one (it has its own lock).
        self._cookies = requests.cookies.RequestsCookieJar()
        self._lock = threading.RLock()
        self._idle: list[requests_cache.CachedSession] = []
        self._generation = 0
        self._closed = False
        self._idle.append(self._open_checked())

    def run(self, operation: Callable[["requests_cache.CachedSession"], T]) -> T:
        """Run ``operation`` with a session of its own, rebuilding the cache if it proves damaged.

        Transient errors are mostly absorbed by the tables; one that gets here
        is retried a few times and then raised as a `NetworkError`. Only a file
        that a fresh connection also finds damaged is moved aside.
        """
        for attempt in range(TRIES):
            generation = self._generation
            session: Optional[requests_cache.CachedSession] = None
            try:
                session = self._borrow()
                return operation(session)
            except (sqlite3.Error, UnicodeDecodeError) as exc:
                # UnicodeDecodeError: SQLite handed back bytes of the file (a row,
                # a schema record quoted in its error message) that are no text.
                if self._generation != generation:
                    # Another thread rebuilt the cache meanwhile: try on the new one.
                    continue
                if is_damaged(exc):
                    self._repair(generation, exc)
                    continue
                if attempt == TRIES - 1:
                    raise NetworkError(f"the HTTP cache {self.path} failed: {exc}") from exc
                time.sleep(0.005 * 2**attempt)
            finally:
                if session is not None:
                    self._give_back(session, generation)
        raise NetworkError(f"the HTTP cache {self.path} could not be repaired")

    def close(self) -> None:
        """Close every session's cache connections (a session still lent is closed when back)."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for session in idle:
            _close(session)

    # -- lending -----------------------------------------------------------------------

    def _borrow(self) -> "requests_cache.CachedSession":
        with self._lock:
            if self._idle:
                return self._idle.pop()
            # A session after close() is still served: the cache reopens, as
            # requests-cache's own connections do; close() closes it again.
        return self._open()

    def _give_back(self, session: "requests_cache.CachedSession", generation: int) -> None:
        with self._lock:
            if generation == self._generation and not self._closed:
                self._idle.append(session)
                return
        # Opened on a file that has been replaced since, or after close().
        _close(session)

    # -- opening and repair --------------------------------------------------------------

    def _open(self) -> "requests_cache.CachedSession":
        import requests_cache

        session = requests_cache.CachedSession(
            backend=_backend_class()(self.path),
            expire_after=self._expire_after,
            urls_expire_after=cast(Any, self._urls_expire_after),
            allowable_codes=(200, 203, 300, 301, 308),
            allowable_methods=("GET", "HEAD"),
            # stale-if-error is applied by the client, after its retries;
            # requests-cache would answer with the stale response on the first failure.
            stale_if_error=False,
        )
        session.cookies = self._cookies
        self._prepare(session)
        return session

    def _open_checked(self) -> "requests_cache.CachedSession":
        """Open a session, finding a damaged file, or tables requests-cache cannot use, now."""

        def opener() -> "requests_cache.CachedSession":
            session = self._open()
            try:
                check_sqlite(self.path, tables=CACHE_TABLES)
            except BaseException:
                _close(session)
                raise
            return session

        return open_or_rebuild(self.path, opener, what="HTTP cache", error=NetworkError)

    def _repair(self, generation: int, exc: BaseException) -> None:
        """Start a new generation of sessions; move the file aside first if it is really damaged."""
        with self._lock:
            if self._generation != generation:
                return  # another thread repaired it already
            idle, self._idle = self._idle, []
            for session in idle:
                _close(session)
            try:
                check_sqlite(self.path)
                if isinstance(exc, UnicodeDecodeError):
                    # The check reads no rows; the text that did not decode is in one.
                    raise exc
            except (sqlite3.Error, UnicodeDecodeError) as found:
                if is_damaged(found):
                    move_aside(self.path, exc, what="HTTP cache")
            self._idle.append(self._open_checked())
            self._generation += 1


def _close(session: "requests_cache.CachedSession") -> None:
    # The cache only: the session's adapters are the client's, shared with its other sessions.
    with contextlib.suppress(Exception):
        cast(Any, session.cache).close()
