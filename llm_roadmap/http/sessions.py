"""How the client's sessions are set up, and how one attempt runs under its deadline.

Every session (the plain one and each cached one) shares the client's
adapter (its connection pools, whose sockets the deadline watchdog can shut),
reads each body within ``max_body`` in a response hook, and ignores a
``Location`` the guarded URL parser refuses (requests would raise
`ValueError` while merely looking at it).
"""

from typing import TYPE_CHECKING, Any, Callable, Optional

from .limits import read_limited, within

if TYPE_CHECKING:
    import http.cookiejar
    from collections.abc import Mapping

    import requests
    import requests.adapters

__all__ = ["no_cookies", "prepare", "within_deadline"]


def prepare(
    session: "requests.Session",
    *,
    adapter: "requests.adapters.HTTPAdapter",
    headers: "Mapping[str, str]",
    max_body: int,
) -> "requests.Session":
    """Mount the client's adapter on ``session``, set its headers and guards; return it."""
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update(headers)

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


def within_deadline(
    attempt: Callable[[], "requests.Response"], seconds: float
) -> "requests.Response":
    """Run one attempt under a deadline of ``seconds``; past it, raise `requests.ReadTimeout`."""
    import requests

    with within(seconds) as deadline:
        try:
            response = attempt()
        except requests.RequestException:
            if deadline is not None and deadline.expired:
                # The reset or the cut-short read was the watchdog's doing.
                raise requests.exceptions.ReadTimeout(
                    f"no complete answer within {seconds:g} s"
                ) from None
            raise
        if deadline is not None and deadline.expired:
            # Whatever came before the sockets were shut (a head cut short can
            # look complete) is not an answer.
            response.close()
            raise requests.exceptions.ReadTimeout(f"no complete answer within {seconds:g} s")
    return response


def no_cookies() -> "http.cookiejar.CookiePolicy":
    """A cookie policy that keeps no cookie (for the session of uncached requests)."""
    import http.cookiejar

    class NoCookies(http.cookiejar.DefaultCookiePolicy):
        def set_ok(self, cookie: "http.cookiejar.Cookie", request: Any) -> bool:
            return False

    return NoCookies()


def _usable_location(target: str) -> bool:
    from requests.utils import requote_uri

    from .._urls import safe_split

    try:
        return safe_split(requote_uri(target)) is not None
    except ValueError:
        return False
