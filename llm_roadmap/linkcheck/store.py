"""Remembered results: ok verdicts in SQLite next to the HTTP cache, each committed as it comes."""

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from .._stores import open_or_rebuild, require_table
from ..errors import NetworkError
from .results import LinkResult, LinkStatus, Redirect

__all__ = ["RESULTS_FILE", "ResultStore", "dump_result", "load_result"]

RESULTS_FILE = "linkcheck.sqlite"
"""The file, next to the HTTP cache, that remembers ok results."""


class ResultStore:
    """Ok results by URL in SQLite, each committed as it comes; safe across threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
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
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS results"
                " (url TEXT PRIMARY KEY, data TEXT NOT NULL, expires REAL NOT NULL)"
            )
            # A "results" table of some other layout makes the file as good as damaged.
            require_table(connection, "results", ("url", "data", "expires"))
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
        """Remember ``data`` (from `dump_result`) for ``url`` until ``expires`` (Unix time)."""
        with self._lock:
            self._connection.execute(
                "INSERT OR REPLACE INTO results (url, data, expires) VALUES (?, ?, ?)",
                (url, data, expires),
            )

    def forget(self, url: str) -> None:
        """Drop what is remembered for ``url`` (its check did not end ok)."""
        with self._lock:
            self._connection.execute("DELETE FROM results WHERE url = ?", (url,))

    def close(self) -> None:
        """Close the database; everything put is committed already."""
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._connection.close()


def dump_result(result: LinkResult) -> str:
    """Return an ok result as the JSON text the store keeps (without its URL and resources)."""
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


def load_result(url: str, data: str, resources: tuple[str, ...]) -> Optional[LinkResult]:
    """Rebuild a remembered ok result from `dump_result`'s text; ``None`` if it cannot be read."""
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
