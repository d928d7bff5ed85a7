"""What one request may cost: the size of its body (decompressed) and its time, in all.

The size. A body is read in chunks as it is decoded (gzip, deflate...), and
reading stops as soon as it passes the client's ``max_body``: a 2 MB gzip
that unpacks to 2 GiB costs at most ``max_body`` of memory, then fails with
`ResponseTooLarge` (`FetchError` reason ``"too-large"``). A streamed response
(``stream=True``) is left to its caller, who reads what it wants.

The time. The connect and read timeouts bound each wait for a byte, not the
request: a server that sends one byte a second never trips them. So each
attempt also runs under a `Deadline`: when it passes, a timer thread shuts
the attempt's sockets down (the blocked read returns at once), and whatever the
attempt produced by then, even a response whose head looks complete, counts as
a timeout. The sockets are known because every connection of the client's
pools registers its socket with the deadline of the thread that uses it. An
attempt's deadline is what is left of the whole fetch's
(`llm_roadmap.http.client.send_with_retries`): a server dripping bytes uses the
fetch's time up once, and no retry is made that would not fit.
"""

import contextlib
import socket
import threading
from typing import TYPE_CHECKING, Any, Callable, Optional

if TYPE_CHECKING:
    import requests
    import requests.adapters

__all__ = [
    "Deadline",
    "ResponseTooLarge",
    "limited_adapter",
    "read_limited",
    "within_deadline",
]

_CHUNK = 64 * 1024
_local = threading.local()


class ResponseTooLarge(Exception):
    """A response body passed the client's ``max_body`` (counted decompressed)."""


class Deadline:
    """The moment one attempt must be over by; past it, the attempt's sockets are shut down.

    Args:
        seconds: How long the attempt may take from now.
    """

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self.done = False
        """Whether the attempt is over (the timer then leaves its sockets alone)."""
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: Optional[socket.socket]) -> None:
        """Shut ``sock`` down when the deadline passes (at once if it has)."""
        if sock is None:
            return
        with self._lock:
            if not self.expired:
                self._sockets.append(sock)
                return
        _shut(sock)

    def expire(self) -> None:
        """Mark the deadline passed and shut every socket it watches down (unless it is over)."""
        with self._lock:
            # Under the lock: once `finish` returns, no socket of the attempt
            # (back in the pool, maybe lent to another request) is touched.
            if self.done:
                return
            self.expired = True
            sockets, self._sockets = self._sockets, []
            for sock in sockets:
                _shut(sock)

    def finish(self) -> None:
        """Say the attempt is over: the timer leaves its sockets alone from now on."""
        self._timer.cancel()
        with self._lock:
            self.done = True
            self._sockets = []


def _shut(sock: socket.socket) -> None:
    # shutdown, not close: the thread blocked in recv() on it wakes at once,
    # and the connection pool still owns (and later closes) the descriptor.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def within_deadline(
    attempt: Callable[[], "requests.Response"], seconds: float
) -> "requests.Response":
    """Run one attempt under a deadline of ``seconds``; past it, raise `requests.ReadTimeout`."""
    import requests

    deadline = Deadline(max(0.0, seconds))
    previous = getattr(_local, "deadline", None)
    _local.deadline = deadline
    try:
        response = attempt()
    except requests.RequestException:
        if deadline.expired:
            # The reset or the cut-short read was the deadline's doing.
            raise requests.exceptions.ReadTimeout(
                f"no complete answer within {seconds:g} s"
            ) from None
        raise
    finally:
        deadline.finish()
        _local.deadline = previous
    if deadline.expired:
        # Whatever came before the sockets were shut (a head cut short can
        # look complete) is not an answer.
        response.close()
        raise requests.exceptions.ReadTimeout(f"no complete answer within {seconds:g} s")
    return response


def limited_adapter(pool_size: int) -> "requests.adapters.HTTPAdapter":
    """An `HTTPAdapter` whose connections register their sockets with the running deadline."""
    import requests.adapters
    import urllib3.connection
    import urllib3.connectionpool

    class WatchedHTTPConnection(urllib3.connection.HTTPConnection):
        # Registers its socket with the running deadline, when it connects and
        # when it is used again: a kept-alive connection is not connected again.
        def connect(self) -> None:
            super().connect()
            self.watch_socket()

        def request(self, *args: Any, **kwargs: Any) -> None:
            self.watch_socket()
            super().request(*args, **kwargs)

        def watch_socket(self) -> None:
            deadline: Optional[Deadline] = getattr(_local, "deadline", None)
            if deadline is not None and self.sock is not None:
                deadline.watch(self.sock)

    class WatchedHTTPSConnection(WatchedHTTPConnection, urllib3.connection.HTTPSConnection):
        pass

    class WatchedHTTPPool(urllib3.connectionpool.HTTPConnectionPool):
        ConnectionCls = WatchedHTTPConnection

    class WatchedHTTPSPool(urllib3.connectionpool.HTTPSConnectionPool):
        ConnectionCls = WatchedHTTPSConnection

    class WatchedAdapter(requests.adapters.HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {
                "http": WatchedHTTPPool,
                "https": WatchedHTTPSPool,
            }

    return WatchedAdapter(
        pool_connections=max(10, pool_size), pool_maxsize=pool_size, max_retries=0
    )


def read_limited(response: "requests.Response", limit: int) -> None:
    """Read a response's body into it, decoded, failing once it passes ``limit`` bytes.

    Raises:
        ResponseTooLarge: The body (or its declared ``Content-Length``) is over ``limit``.
        requests.RequestException: The body could not be read (reset, bad encoding...).
    """
    declared = response.headers.get("Content-Length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        response.close()
        raise ResponseTooLarge(f"the body is {int(declared)} bytes, more than {limit}")
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_content(_CHUNK):
        total += len(chunk)
        if total > limit:
            response.close()
            raise ResponseTooLarge(f"the body (decompressed) is more than {limit} bytes")
        chunks.append(chunk)
    response._content = b"".join(chunks)
    response._content_consumed = True  # type: ignore[attr-defined]
