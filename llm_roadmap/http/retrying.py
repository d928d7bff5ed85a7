"""The retry loop of one request: attempts, backoff, ``Retry-After``, and the call's deadline."""

import time
from typing import TYPE_CHECKING, Callable, Optional

from .errors import FetchError, classify_exception, describe
from .limits import ResponseTooLarge
from .policy import RetryPolicy, is_retryable_status, retry_after
from .politeness import HostState

if TYPE_CHECKING:
    import requests

__all__ = ["send_with_retries"]


def send_with_retries(
    send_once: Callable[[float], "requests.Response"],
    *,
    method: str,
    url: str,
    host: HostState,
    retry: RetryPolicy,
    per_attempt: float,
    deadline: Optional[float],
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
        deadline: Seconds the whole call may take (``None``: no limit); a
            retry whose wait would not fit is not made.
        stale: A stale cached response to answer with when the request fails.

    Raises:
        FetchError: The request failed for good and there is no stale answer.
    """
    import requests

    end = None if deadline is None else time.monotonic() + deadline
    attempt = 0

    def fits(wait: float) -> bool:
        return end is None or time.monotonic() + wait < end

    while True:
        try:
            with host.slot():
                left = per_attempt if end is None else min(per_attempt, end - time.monotonic())
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
