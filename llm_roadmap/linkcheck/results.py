"""What a link check finds: the verdict on each URL and the report over all of them."""

import enum
import re
import time
from collections.abc import Sequence
from typing import Optional

import attrs

__all__ = ["LinkReport", "LinkResult", "LinkStatus", "Redirect"]

_PERMANENT = frozenset({301, 308})


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

    @property
    def shown_reason(self) -> str:
        """The reason as reports show it: a remembered failure says when it was found."""
        if self.from_cache and self.status is not LinkStatus.OK and self.checked_at:
            return f"{self.reason} (remembered from {_iso(self.checked_at)})"
        return self.reason

    def to_json(self) -> dict[str, object]:
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
        looks_offline: Whether no host name resolved at all in the run: the
            machine looks offline, and the links it checked are indeterminate.
        elapsed: Wall time of the check, in seconds.
    """

    results: tuple[LinkResult, ...]
    offline: bool = False
    looks_offline: bool = False
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

    def summary(self) -> dict[str, object]:
        """Counts of each group, plus cache use and timing."""
        return {
            "total": len(self.results),
            "ok": len(self.ok),
            "broken": len(self.broken),
            "indeterminate": len(self.indeterminate),
            "moved": len(self.moved),
            "from_cache": sum(1 for r in self.results if r.from_cache),
            "offline": self.offline,
            "looks_offline": self.looks_offline,
            "elapsed": round(self.elapsed, 3),
        }

    def to_json(self) -> dict[str, object]:
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
            + (" (no host name resolved: this machine looks offline)" if self.looks_offline else "")
            + ".",
        ]
        sections: list[tuple[str, Sequence[LinkResult], str]] = [
            ("Broken", self.broken, "Reason"),
            ("Indeterminate", self.indeterminate, "Reason"),
            ("Moved permanently", self.moved, "Now at"),
        ]
        for title, results, column in sections:
            if not results:
                continue
            lines += ["", f"## {title} ({len(results)})", ""]
            lines += [f"| URL | {column} | Resources |", "| --- | --- | --- |"]
            for r in results:
                middle = r.shown_reason if column == "Reason" else r.final_url or ""
                lines.append(f"| {_md(r.url)} | {_md(middle)} | {_md(', '.join(r.resources))} |")
        return "\n".join(lines) + "\n"


# Markdown's own punctuation (CommonMark lets a backslash escape any of it) and
# HTML's: a value from a server (a Location, a reason) is text, never markup.
_MD_ESCAPES = {
    **{c: "\\" + c for c in "\\`*_[]()!#~|{}"},
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
}
_MD_TABLE = str.maketrans(_MD_ESCAPES)


# Anything that ends a line somewhere (controls, NEL, U+2028/9) would cut the table row.
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _md(value: str) -> str:
    """A value for one cell of a Markdown table: inline text whatever it holds."""
    return _BREAKS.sub(" ", value).translate(_MD_TABLE)
