"""What went wrong in a request: `FetchError` and the names of its reasons."""

import ssl
from collections.abc import Iterator
from typing import Optional

from ..errors import NetworkError

__all__ = ["REASON_WORDS", "FetchError", "classify_exception", "describe"]


class FetchError(NetworkError):
    """A request failed for good (after any retries), or needed the network in offline mode.

    Attributes:
        url: The URL asked for.
        reason: ``"offline"``, ``"timeout"``, ``"reset"``, ``"dns"``, ``"tls"``,
            ``"refused"``, ``"redirects"`` (too many), ``"invalid-url"``,
            ``"not-http"`` (the answer has no HTTP status line: HTTP/0.9 or
            another protocol) or ``"error"``.
        attempts: How many requests were sent (0 in offline mode).
    """

    def __init__(self, url: str, reason: str, message: str, *, attempts: int = 0) -> None:
        self.url = url
        self.reason = reason
        self.attempts = attempts
        super().__init__(message)


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
        ``"redirects"``, ``"invalid-url"``, ``"not-http"`` or ``"error"``.
    """
    import http.client

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
        # No status line: an HTTP/0.9 answer, or another protocol on the port
        # (RemoteDisconnected is a BadStatusLine too, but means a closed connection).
        if isinstance(item, http.client.BadStatusLine) and not isinstance(
            item, http.client.RemoteDisconnected
        ):
            return "not-http"
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


REASON_WORDS = {
    "timeout": "timed out",
    "reset": "connection reset",
    "dns": "host name not found",
    "tls": "TLS/SSL error",
    "refused": "connection refused",
    "redirects": "too many redirects",
    "invalid-url": "invalid URL",
    "not-http": "the answer is not HTTP (no status line: HTTP/0.9 or another protocol)",
}
"""A failure's reason in a few words, for messages."""


def describe(reason: str, exc: BaseException) -> str:
    """Say a failure's reason in a few words, for the `FetchError` message."""
    return REASON_WORDS.get(reason, f"{type(exc).__name__}: {exc}")
