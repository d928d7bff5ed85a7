"""Checking one URL: HEAD (GET when HEAD is mishandled), redirects followed by hand, a verdict.

What a server sends is never trusted to be well formed: a ``Location`` goes
through the project's guarded URL parser (`llm_roadmap.util.urls`), so a port
99999 or an unclosed ``[`` is "a 3xx without a usable Location"
(indeterminate), never an exception. Each checked URL gets a cookie jar of its
own, as a browser tab would: a redirect that sets a cookie and sends the
client back is followed with the cookie, and only a return with the same
cookies counts as a loop. Each URL has a total budget (``budget`` seconds,
all its requests, retries and redirects together): past it, the verdict is
indeterminate.
"""

import contextlib
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional, Union
from urllib.parse import urldefrag, urljoin

import attrs

from ..http.errors import REASON_WORDS
from ..util.urls import HTTP_SCHEMES, UrlProblem, parse_url
from .results import LinkResult, LinkStatus, Redirect

if TYPE_CHECKING:
    import requests.cookies

    from ..http import HttpClient, RetryPolicy

__all__ = ["DNS_FAILURE", "UrlChecker", "resolve_location"]

_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Headers that bot-protection services put on their challenge pages.
_BOT_WALL_HEADERS = ("cf-mitigated", "x-amzn-waf-action", "x-datadome")
DNS_FAILURE = REASON_WORDS["dns"]
"""The reason of a link whose host name does not resolve."""

# FetchError reasons that mean the link is dead rather than unreachable now.
_BROKEN_REASONS = frozenset({"dns", "tls", "refused", "invalid-url", "redirects"})
# How the other reasons are shown (any reason not here: the FetchError's message).
_WORDS = {
    "timeout": REASON_WORDS["timeout"],
    "reset": REASON_WORDS["reset"],
    "offline": "offline",
    "too-large": "answer too large",
}


def resolve_location(base: str, location: str) -> str:
    """Return the absolute URL (without fragment) a ``Location`` header points to.

    The value is read as requests reads it (latin-1 bytes taken as UTF-8 when
    they are, spaces and other unsafe characters percent-quoted), then taken
    apart by the guarded parser.

    Raises:
        UrlProblem: The value is no usable URL (a port out of range, an
            unclosed ``[``, a bad host name...).
    """
    from requests.utils import requote_uri

    text = location.strip()
    with contextlib.suppress(UnicodeError):
        text = text.encode("latin-1").decode("utf-8")
    text = requote_uri(text)
    parse_url(text)  # before urljoin, which raises ValueError on "[" itself
    target = urldefrag(urljoin(base, text))[0]
    parse_url(target)
    return target


@attrs.frozen
class UrlChecker:
    """Checks one URL at a time (threads may share one) through an `HttpClient`.

    Attributes:
        client: The client the requests go through (uncached: a check asks the server).
        timeout: ``(connect, read)`` seconds per request; ``None`` uses the client's.
        retry: Retry policy for the requests; ``None`` uses the client's.
        max_redirects: Redirects followed before giving up on a URL.
        budget: Seconds one URL may take in all.
    """

    client: "HttpClient"
    timeout: Union[float, tuple[float, float], None] = attrs.field(kw_only=True)
    retry: Optional["RetryPolicy"] = attrs.field(kw_only=True)
    max_redirects: int = attrs.field(kw_only=True)
    budget: float = attrs.field(kw_only=True)

    def check(self, url: str, resources: tuple[str, ...]) -> LinkResult:
        """Return the verdict on ``url``, following its redirects by hand."""
        import requests.cookies

        from ..http import FetchError

        hops: list[Redirect] = []
        current = url
        method = ""
        jar = requests.cookies.RequestsCookieJar()
        seen = {(url, _cookie_state(jar))}
        end = time.monotonic() + self.budget

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

        try:
            parsed = parse_url(url)
        except UrlProblem as problem:
            scheme = url.partition(":")[0].lower() if isinstance(url, str) else ""
            if scheme not in HTTP_SCHEMES:
                return result(LinkStatus.INDETERMINATE, "not an http(s) URL")
            return result(LinkStatus.BROKEN, f"invalid URL: {problem.reason}")
        if parsed.scheme not in HTTP_SCHEMES:
            return result(LinkStatus.INDETERMINATE, "not an http(s) URL")
        if not parsed.host:
            return result(LinkStatus.BROKEN, "invalid URL: it has no host")
        for _ in range(self.max_redirects + 1):
            left = end - time.monotonic()
            if left <= 0:
                return result(LinkStatus.INDETERMINATE, f"no answer within {self.budget:g} s")
            try:
                method, status, headers = self._probe(current, jar, left)
            except FetchError as exc:
                if exc.reason in _BROKEN_REASONS:
                    return result(LinkStatus.BROKEN, REASON_WORDS[exc.reason])
                reason = _WORDS.get(exc.reason, str(exc))
                if exc.attempts > 1:
                    reason += f" after {exc.attempts} attempts"
                return result(LinkStatus.INDETERMINATE, reason)
            location = headers.get("Location")
            if status in _REDIRECTS and location:
                try:
                    target = resolve_location(current, location)
                except UrlProblem as problem:
                    return result(
                        LinkStatus.INDETERMINATE,
                        f"HTTP {status} without a usable Location (it {problem.reason})",
                        status,
                    )
                hops.append(Redirect(status=status, source=current, target=target))
                current = target
                if parse_url(target).scheme not in HTTP_SCHEMES:
                    # The documented rule: a URL that is not http(s) is
                    # indeterminate, whether cited or reached by a redirect.
                    return result(
                        LinkStatus.INDETERMINATE, "redirects to a URL that is not http(s)", status
                    )
                state = (target, _cookie_state(jar))
                if state in seen:
                    return result(LinkStatus.BROKEN, "redirect loop", status)
                seen.add(state)
                continue
            return result(*self._classify(status, headers))
        return result(LinkStatus.BROKEN, f"more than {self.max_redirects} redirects")

    def _probe(
        self, url: str, jar: "requests.cookies.RequestsCookieJar", left: float
    ) -> tuple[str, int, Mapping[str, str]]:
        from requests.cookies import extract_cookies_to_jar

        from ..http import FetchError

        options: dict[str, Any] = {
            "headers": {"Accept": _ACCEPT},
            "timeout": self.timeout,
            "retry": self.retry,
            "allow_redirects": False,
            "cache": False,
            "cookies": jar,
            "deadline": left,
        }

        began = time.monotonic()

        def keep_cookies(response: "requests.Response") -> None:
            if response.request is not None:
                extract_cookies_to_jar(jar, response.request, response.raw)  # type: ignore[no-untyped-call]

        try:
            response = self.client.head(url, **options)
            response.close()
            keep_cookies(response)
            status = response.status_code
            if not (400 <= status <= 499 and status != 429) and status not in (500, 501):
                return "HEAD", status, response.headers
        except FetchError as exc:
            # Some servers drop the connection on HEAD; anything else (a timeout,
            # an unknown host) would fail the same way with GET.
            if exc.reason not in ("reset", "error"):
                raise
        options["deadline"] = max(0.001, left - (time.monotonic() - began))
        # The body is not needed: stream, and close before reading it.
        response = self.client.get(url, stream=True, **options)
        response.close()
        keep_cookies(response)
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


def _cookie_state(jar: "requests.cookies.RequestsCookieJar") -> frozenset[tuple[str, ...]]:
    return frozenset((c.domain, c.path, c.name, c.value or "") for c in jar)
