"""Checking one URL: HEAD (GET when HEAD is mishandled), redirects followed by hand, a verdict."""

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional, Union
from urllib.parse import urldefrag, urljoin, urlsplit

from .results import LinkResult, LinkStatus, Redirect

if TYPE_CHECKING:
    from ..http import HttpClient, RetryPolicy

__all__ = ["UrlChecker"]

_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
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


class UrlChecker:
    """Checks one URL at a time (threads may share one) through an `HttpClient`.

    Args:
        client: The client the requests go through (uncached: a check asks the server).
        timeout: ``(connect, read)`` seconds per request; ``None`` uses the client's.
        retry: Retry policy for the requests; ``None`` uses the client's.
        max_redirects: Redirects followed before giving up on a URL.
    """

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
        """Return the verdict on ``url``, following its redirects by hand."""
        from ..http import FetchError

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
        from ..http import FetchError

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
