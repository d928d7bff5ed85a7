"""Remembered results: verdicts in SQLite next to the HTTP cache, each committed as it comes.

Ok verdicts are kept for ``ok_ttl``; failures only when a check asks for it
(``fail_ttl``), never under an ok row. The file goes through the project's one
repair path (`llm_roadmap.util.stores`): damaged, or with a ``results`` table of
another layout, it is moved aside and rebuilt; read-only, it is an error at
open that says so. Rows are read defensively (text that is not UTF-8, a
``data`` that is not our JSON, an ``expires`` that is not a number count as no
row), and a write that fails during a run is a warning, not the end of the run.
"""

import contextlib
import json
import sqlite3
import threading
import time
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Optional

from ..errors import NetworkError
from ..util.stores import DamagedStore, open_or_rebuild
from .results import LinkResult, LinkStatus, Redirect

__all__ = ["RESULTS_FILE", "ResultStore"]

RESULTS_FILE = "linkcheck.sqlite"
"""The file, next to the HTTP cache, that remembers results."""

_COLUMNS = ("url", "data", "expires")


def _text(raw: bytes) -> str:
    # A row that is not UTF-8 (another program's file, a bad disk) reads as
    # replacement characters, which no JSON of ours holds: the row is skipped.
    return raw.decode("utf-8", "replace")


class ResultStore:
    """Results by URL in SQLite, each committed as it comes; safe across threads.

    Raises:
        NetworkError: The file cannot be opened and is not damaged (a directory
            in its place, locked), or cannot be written (read-only).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._write_failed = False
        self._closed = False
        # Only a damaged file is moved aside and rebuilt; a locked or
        # unopenable one is left as it is, with an error that names it.
        self._connection = open_or_rebuild(
            path, self._open, what="link-check results", error=NetworkError
        )

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit: every put is its own transaction, durable when it returns.
        connection = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30
        )
        connection.text_factory = _text
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS results"
                " (url TEXT PRIMARY KEY, data TEXT NOT NULL, expires REAL NOT NULL)"
            )
            # A "results" table of some other layout makes the file as good as damaged.
            kind = connection.execute(
                "SELECT type FROM sqlite_master WHERE name = 'results'"
            ).fetchone()
            columns = [row[1] for row in connection.execute("PRAGMA table_info(results)")]
            if kind != ("table",) or sorted(columns) != sorted(_COLUMNS):
                raise DamagedStore(f"not a link-check results file (columns {columns})")
            # Read-only: say so now, before a run has checked anything it could not
            # keep (taking a write lock fails; open_or_rebuild names the file).
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        except BaseException:
            connection.close()
            raise
        return connection

    def remembered(
        self, urls: Mapping[str, tuple[str, ...]], *, include_expired: bool
    ) -> list[LinkResult]:
        """Return the results remembered for those URLs (fresh ones unless asked) that can be read.

        Args:
            urls: The URLs, each with the ids of the resources citing it.
            include_expired: Return expired results too.
        """
        found: list[LinkResult] = []
        keys = list(urls)
        now = time.time()
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._connection.execute(
                    f"SELECT url, data, expires FROM results WHERE url IN ({marks})",
                    chunk,
                ).fetchall()
                for url, data, expires in rows:
                    if not isinstance(data, str) or not _is_number(expires):
                        continue
                    if include_expired or expires > now:
                        loaded = _load_result(url, data, urls[url])
                        if loaded is not None:
                            found.append(loaded)
        return found

    def keep(self, result: LinkResult, ttl: float) -> None:
        """Remember ``result`` for ``ttl`` seconds from its check (0: forget its URL)."""
        if ttl <= 0:
            self.forget(result.url)
            return
        self._write(
            "INSERT OR REPLACE INTO results (url, data, expires) VALUES (?, ?, ?)",
            (result.url, _dump_result(result), result.checked_at + ttl),
        )

    def forget(self, url: str) -> None:
        """Drop what is remembered for ``url`` (its check did not end ok)."""
        self._write("DELETE FROM results WHERE url = ?", (url,))

    def _write(self, statement: str, values: tuple[object, ...]) -> None:
        with self._lock:
            if self._closed:
                return  # a check still running after an interruption: the run is over
            try:
                self._connection.execute(statement, values)
            except sqlite3.Error as exc:
                # The run goes on, and its report is whole; only the memory of it is short.
                if not self._write_failed:
                    self._write_failed = True
                    warnings.warn(
                        f"cannot write the link-check results {self.path} ({exc});"
                        " this run's results may not be remembered",
                        RuntimeWarning,
                        stacklevel=4,
                    )

    def close(self) -> None:
        """Close the database; everything put is committed already."""
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._closed = True
            self._connection.close()


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _dump_result(result: LinkResult) -> str:
    # The JSON text the store keeps: the result without its URL and resources.
    return json.dumps(
        {
            "status": result.status.value,
            "reason": result.reason,
            "http_status": result.http_status,
            "final_url": result.final_url,
            "redirects": [[h.status, h.source, h.target] for h in result.redirects],
            "method": result.method,
            "checked_at": result.checked_at,
        }
    )


def _load_result(url: str, data: str, resources: tuple[str, ...]) -> Optional[LinkResult]:
    # The result from `_dump_result`'s text; None if it cannot be read. A row
    # without a "status" is an ok one (the only kind older versions kept).
    try:
        raw = json.loads(data)
        http_status = raw.get("http_status")
        final_url = raw.get("final_url")
        if not (http_status is None or _is_number(http_status)) or not (
            final_url is None or isinstance(final_url, str)
        ):
            return None
        return LinkResult(
            url=url,
            status=LinkStatus(raw.get("status", "ok")),
            reason=str(raw["reason"]),
            http_status=http_status,
            final_url=final_url,
            redirects=tuple(
                Redirect(status=int(s), source=str(a), target=str(b))
                for s, a, b in raw["redirects"]
            ),
            method=str(raw.get("method", "")),
            from_cache=True,
            checked_at=float(raw.get("checked_at", 0.0)),
            resources=resources,
        )
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        # A row this version cannot read is as good as no row: check again.
        return None
