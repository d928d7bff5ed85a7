"""The HTTP layer against real servers on 127.0.0.1: retries, Retry-After, politeness, cache.

Every test uses a temporary cache directory and tiny timeouts and backoffs;
nothing here leaves the machine.
"""

import contextlib
import email.utils
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from llm_roadmap.errors import NetworkError
from llm_roadmap.http import (
    USER_AGENT,
    FetchError,
    HostPolicy,
    HttpClient,
    RetryPolicy,
    classify_exception,
)

FAST = RetryPolicy(retries=2, backoff=0.01, max_backoff=0.05, retry_after_cap=5)


# -- helpers shared with test_linkcheck ----------------------------------------------------


class RawServer:
    """A socket server on 127.0.0.1 for what HTTP servers will not do: hang, reset mid-body.

    ``behaviour(conn, index)`` gets each accepted connection (after its request
    head was read) and the 0-based number of the connection.
    """

    def __init__(
        self, behaviour: Callable[[socket.socket, int], None], host: str = "127.0.0.1"
    ) -> None:
        self.behaviour = behaviour
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.host, self.port = self.sock.getsockname()
        self.stop = threading.Event()
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            index = self.connections
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn, index), daemon=True).start()

    def _handle(self, conn: socket.socket, index: int) -> None:
        with contextlib.suppress(OSError):
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            self.behaviour(conn, index)
        with contextlib.suppress(OSError):
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        self.sock.close()


def hang(stop: threading.Event) -> Callable[[socket.socket, int], None]:
    """Accept the request and never answer (until the test ends)."""

    def behaviour(conn: socket.socket, index: int) -> None:
        stop.wait(30)

    return behaviour


def reset_mid_body(conn: socket.socket) -> None:
    """Promise 1000 bytes, send 10, then reset the connection (RST, not FIN)."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/plain\r\n\r\n0123456789"
    )
    time.sleep(0.05)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def answer(conn: socket.socket, body: bytes = b"complete", status: str = "200 OK") -> None:
    head = f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    conn.sendall(head.encode() + body)


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []
    stop = threading.Event()

    def make(behaviour: Any = "hang", host: str = "127.0.0.1") -> RawServer:
        server = RawServer(hang(stop) if behaviour == "hang" else behaviour, host=host)
        servers.append(server)
        return server

    yield make
    stop.set()
    for server in servers:
        server.close()


def free_port() -> int:
    """A port on 127.0.0.1 with nothing listening (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Recorder:
    """A werkzeug handler that records when each request arrived and how many ran at once."""

    def __init__(self, respond: Callable[[Request, int], Response], delay: float = 0.0) -> None:
        self.respond = respond
        self.delay = delay
        self.arrivals: list[float] = []
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        with self.lock:
            index = len(self.arrivals)
            self.arrivals.append(time.monotonic())
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            if self.delay:
                time.sleep(self.delay)
            return self.respond(request, index)
        finally:
            with self.lock:
                self.active -= 1


# -- fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def threaded_server() -> Iterator[HTTPServer]:
    """A threaded server on 127.0.0.1 (the plugin's own answers one request at a time)."""
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def httpserver(threaded_server: HTTPServer) -> Iterator[HTTPServer]:
    """The module's server, with no handlers and an empty log for each test."""
    threaded_server.clear()
    yield threaded_server
    threaded_server.clear()


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., HttpClient]]:
    clients: list[HttpClient] = []

    def make(**options: Any) -> HttpClient:
        options.setdefault("timeout", (1.0, 1.0))
        options.setdefault("retry", FAST)
        options.setdefault("environ", {})
        made = HttpClient(options.pop("cache_dir", tmp_path / "cache"), **options)
        clients.append(made)
        return made

    yield make
    for made in clients:
        made.close()


def hits(server: HTTPServer, path: str, method: Optional[str] = None) -> int:
    return sum(
        1
        for request, _ in server.log
        if request.path == path and (method is None or request.method == method)
    )


# -- plain answers, latency ----------------------------------------------------------------


def test_get_returns_body_and_user_agent(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/hello").respond_with_data("hi there")
    response = make_client().get(httpserver.url_for("/hello"))
    assert response.status_code == 200
    assert response.text == "hi there"
    assert response.from_cache is False
    agent = httpserver.log[0][0].headers["User-Agent"]
    assert agent == USER_AGENT
    assert agent.startswith("llm-roadmap/")


def test_latency_is_waited_for_and_requests_overlap(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    slow = Recorder(lambda request, i: Response("slow"), delay=0.3)
    httpserver.expect_request("/slow").respond_with_handler(slow)
    client = make_client(default_host_policy=HostPolicy(max_connections=4))
    statuses: list[int] = []
    threads = [
        threading.Thread(
            target=lambda: statuses.append(
                client.get(httpserver.url_for("/slow"), cache=False).status_code
            )
        )
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 4
    # The four slow answers were in progress at once, not one after another.
    assert slow.max_active == 4


def test_404_and_410_are_returned_without_retrying(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/gone").respond_with_data("gone", status=410)
    httpserver.expect_request("/missing").respond_with_data("missing", status=404)
    client = make_client()
    assert client.get(httpserver.url_for("/missing")).status_code == 404
    assert client.get(httpserver.url_for("/gone")).status_code == 410
    assert hits(httpserver, "/missing") == 1
    assert hits(httpserver, "/gone") == 1
    # Failures are not cached: asking again asks the server again.
    client.get(httpserver.url_for("/missing"))
    assert hits(httpserver, "/missing") == 2


# -- retries ---------------------------------------------------------------------------


def test_5xx_is_retried_until_200(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    flaky = Recorder(lambda request, i: Response("down", status=503 if i < 2 else 200))
    httpserver.expect_request("/flaky").respond_with_handler(flaky)
    response = make_client().get(httpserver.url_for("/flaky"))
    assert response.status_code == 200
    assert len(flaky.arrivals) == 3


@pytest.mark.parametrize("status", [408, 425, 500, 502, 503, 504])
def test_transient_statuses_are_retried(
    status: int, httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    flaky = Recorder(lambda request, i: Response("wait", status=status if i == 0 else 200))
    httpserver.expect_request("/flaky").respond_with_handler(flaky)
    assert make_client().get(httpserver.url_for("/flaky")).status_code == 200
    assert len(flaky.arrivals) == 2


def test_5xx_that_persists_returns_the_last_response(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/down").respond_with_data("down", status=502)
    response = make_client().get(httpserver.url_for("/down"))
    assert response.status_code == 502
    assert hits(httpserver, "/down") == FAST.retries + 1


def test_501_is_final(httpserver: HTTPServer, make_client: Callable[..., HttpClient]) -> None:
    httpserver.expect_request("/nope").respond_with_data("", status=501)
    assert make_client().get(httpserver.url_for("/nope")).status_code == 501
    assert hits(httpserver, "/nope") == 1


def test_429_retry_after_seconds_is_honoured(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    limited = Recorder(
        lambda request, i: (
            Response("slow down", status=429, headers={"Retry-After": "1"})
            if i == 0
            else Response("welcome")
        )
    )
    httpserver.expect_request("/limited").respond_with_handler(limited)
    response = make_client().get(httpserver.url_for("/limited"))
    assert response.status_code == 200
    gap = limited.arrivals[1] - limited.arrivals[0]
    assert gap >= 0.95  # the server's second, not FAST's 0.05 s backoff


def test_429_retry_after_http_date_is_honoured(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    def respond(request: Request, index: int) -> Response:
        if index == 0:
            when = email.utils.formatdate(time.time() + 2, usegmt=True)
            return Response("later", status=429, headers={"Retry-After": when})
        return Response("now")

    limited = Recorder(respond)
    httpserver.expect_request("/dated").respond_with_handler(limited)
    response = make_client().get(httpserver.url_for("/dated"))
    assert response.status_code == 200
    gap = limited.arrivals[1] - limited.arrivals[0]
    # An HTTP date has whole seconds: "2 s from now" is between 1 and 2 s away.
    assert gap >= 0.9


def test_retry_after_beyond_the_cap_is_not_waited_for(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/hour").respond_with_data(
        "", status=429, headers={"Retry-After": "3600"}
    )
    client = make_client()
    response = client.get(httpserver.url_for("/hour"))
    assert response.status_code == 429
    assert hits(httpserver, "/hour") == 1
    # Nor is the host held back for the hour: the next request goes out at once.
    httpserver.expect_request("/next").respond_with_data("next")
    started = time.monotonic()
    assert client.get(httpserver.url_for("/next")).status_code == 200
    assert time.monotonic() - started < 600  # far below 3600, whatever the machine's load


def test_429_that_never_ends_gives_up_after_the_retries(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/forever").respond_with_data("", status=429)
    response = make_client(retry=RetryPolicy(retries=3, backoff=0.01)).get(
        httpserver.url_for("/forever")
    )
    assert response.status_code == 429
    assert hits(httpserver, "/forever") == 4


def test_retry_after_holds_back_the_whole_host(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    limited = Recorder(
        lambda request, i: (
            Response("", status=429, headers={"Retry-After": "1"}) if i == 0 else Response("ok")
        )
    )
    other = Recorder(lambda request, i: Response("other"))
    httpserver.expect_request("/limited").respond_with_handler(limited)
    httpserver.expect_request("/other").respond_with_handler(other)
    client = make_client()
    first = threading.Thread(target=client.get, args=(httpserver.url_for("/limited"),))
    first.start()
    time.sleep(0.2)  # the 429 has arrived; the host is now blocked for a second
    client.get(httpserver.url_for("/other"))
    first.join()
    # The other request to the same host waited for the Retry-After too.
    assert other.arrivals[0] - limited.arrivals[0] >= 0.9


def test_hanging_connection_times_out_after_retries(
    raw_server: Callable[..., RawServer], make_client: Callable[..., HttpClient]
) -> None:
    server = raw_server("hang")
    client = make_client(timeout=(1.0, 0.2), retry=RetryPolicy(retries=1, backoff=0.01))
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        client.get(server.url("/never"))
    elapsed = time.monotonic() - started
    assert caught.value.reason == "timeout"
    assert caught.value.attempts == 2
    assert server.connections == 2
    assert elapsed >= 0.4  # two attempts of 0.2 s each, both waited out
    assert "timed out" in str(caught.value)


def test_timeouts_are_not_retried_when_the_policy_says_so(
    raw_server: Callable[..., RawServer], make_client: Callable[..., HttpClient]
) -> None:
    server = raw_server("hang")
    no_timeout_retries = RetryPolicy(retries=3, backoff=0.01, retry_timeouts=False)
    with pytest.raises(FetchError) as caught:
        make_client(timeout=(1.0, 0.2)).get(server.url("/never"), retry=no_timeout_retries)
    assert (caught.value.reason, caught.value.attempts, server.connections) == ("timeout", 1, 1)


def test_reset_mid_body_is_retried(
    raw_server: Callable[..., RawServer], make_client: Callable[..., HttpClient]
) -> None:
    def behaviour(conn: socket.socket, index: int) -> None:
        if index == 0:
            reset_mid_body(conn)
        else:
            answer(conn, b"complete")

    server = raw_server(behaviour)
    response = make_client().get(server.url("/body"))
    assert response.status_code == 200
    assert response.text == "complete"
    assert server.connections == 2


def test_reset_mid_body_every_time_fails_as_reset(
    raw_server: Callable[..., RawServer], make_client: Callable[..., HttpClient]
) -> None:
    server = raw_server(lambda conn, index: reset_mid_body(conn))
    with pytest.raises(FetchError) as caught:
        make_client().get(server.url("/body"))
    assert caught.value.reason == "reset"
    assert caught.value.attempts == FAST.retries + 1
    assert server.connections == FAST.retries + 1


def test_connection_refused_is_not_retried(make_client: Callable[..., HttpClient]) -> None:
    with pytest.raises(FetchError) as caught:
        make_client(retry=RetryPolicy(retries=3, backoff=1.0)).get(
            f"http://127.0.0.1:{free_port()}/"
        )
    assert caught.value.reason == "refused"
    assert caught.value.attempts == 1  # a dead port does not come back in a second
    assert isinstance(caught.value, NetworkError)


def test_unknown_host_is_a_dns_failure(
    monkeypatch: pytest.MonkeyPatch, make_client: Callable[..., HttpClient]
) -> None:
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        # The resolver is not asked at all: the test never leaves the machine.
        if host == "no-such-host.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(FetchError) as caught:
        make_client().get("http://no-such-host.invalid/page")
    assert caught.value.reason == "dns"


def test_tls_failure_is_reported_as_tls(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    # https:// to a server that speaks plain HTTP: the handshake fails.
    url = httpserver.url_for("/").replace("http://", "https://")
    with pytest.raises(FetchError) as caught:
        make_client().get(url)
    assert caught.value.reason == "tls"


def test_redirect_chain_is_followed(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=301, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/c"})
    httpserver.expect_request("/c").respond_with_data("end of the chain")
    response = make_client().get(httpserver.url_for("/a"))
    assert response.status_code == 200
    assert response.text == "end of the chain"
    assert response.url == httpserver.url_for("/c")
    assert [r.status_code for r in response.history] == [301, 302]


def test_redirect_loop_is_an_error(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/ping").respond_with_data(
        "", status=302, headers={"Location": "/pong"}
    )
    httpserver.expect_request("/pong").respond_with_data(
        "", status=302, headers={"Location": "/ping"}
    )
    with pytest.raises(FetchError) as caught:
        make_client().get(httpserver.url_for("/ping"), cache=False)
    assert caught.value.reason == "redirects"


def test_head_405_while_get_200(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/page", method="HEAD").respond_with_data("", status=405)
    httpserver.expect_request("/page", method="GET").respond_with_data("the page")
    client = make_client()
    assert client.head(httpserver.url_for("/page")).status_code == 405
    assert client.get(httpserver.url_for("/page")).status_code == 200
    # 405 is final for the HTTP layer (the link checker decides to try GET).
    assert hits(httpserver, "/page", "HEAD") == 1


def test_classify_exception_names_timeouts() -> None:
    import requests

    assert classify_exception(requests.exceptions.ReadTimeout("slow")) == "timeout"
    assert classify_exception(requests.exceptions.TooManyRedirects("loop")) == "redirects"
    assert classify_exception(requests.exceptions.ChunkedEncodingError("cut")) == "reset"


# -- the cache ---------------------------------------------------------------------------


def test_second_get_comes_from_the_cache(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/page").respond_with_data("cached body")
    client = make_client()
    first = client.get(httpserver.url_for("/page"))
    second = client.get(httpserver.url_for("/page"))
    assert (first.from_cache, second.from_cache) == (False, True)
    assert second.text == "cached body"
    assert hits(httpserver, "/page") == 1


def test_cache_survives_a_new_client_and_honours_the_cache_dir_variable(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/page").respond_with_data("kept")
    environ = {"LLM_ROADMAP_CACHE_DIR": str(tmp_path / "from-env")}
    with HttpClient(environ=environ, retry=FAST) as first:
        assert first.cache_path.parent == tmp_path / "from-env"
        first.get(httpserver.url_for("/page"))
    with HttpClient(environ=environ, retry=FAST) as second:
        assert second.get(httpserver.url_for("/page")).from_cache is True
    assert hits(httpserver, "/page") == 1


def test_expiry_per_url_pattern(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/short").respond_with_data("short-lived")
    httpserver.expect_request("/long").respond_with_data("long-lived")
    client = make_client(urls_expire_after={"*/short": 1})
    client.get(httpserver.url_for("/short"))
    client.get(httpserver.url_for("/long"))
    time.sleep(1.1)
    assert client.get(httpserver.url_for("/short")).from_cache is False
    assert client.get(httpserver.url_for("/long")).from_cache is True
    assert hits(httpserver, "/short") == 2
    assert hits(httpserver, "/long") == 1


def test_stale_response_is_served_when_the_refresh_fails(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    page = Recorder(
        lambda request, i: Response("good copy") if i == 0 else Response("broken", status=500)
    )
    httpserver.expect_request("/page").respond_with_handler(page)
    client = make_client(expire_after=1)
    client.get(httpserver.url_for("/page"))
    time.sleep(1.1)
    response = client.get(httpserver.url_for("/page"))
    assert response.from_cache is True
    assert response.text == "good copy"
    assert len(page.arrivals) == 1 + FAST.retries + 1  # it did try, with retries


def test_without_stale_if_error_the_failure_comes_through(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    page = Recorder(
        lambda request, i: Response("good copy") if i == 0 else Response("broken", status=500)
    )
    httpserver.expect_request("/page").respond_with_handler(page)
    client = make_client(expire_after=1, stale_if_error=False)
    client.get(httpserver.url_for("/page"))
    time.sleep(1.1)
    assert client.get(httpserver.url_for("/page")).status_code == 500


# -- offline mode --------------------------------------------------------------------------


def test_offline_answers_from_the_cache_and_never_the_network(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], tmp_path: Path
) -> None:
    httpserver.expect_request("/known").respond_with_data("known page")
    make_client(expire_after=1).get(httpserver.url_for("/known"))
    time.sleep(1.1)  # stale now: offline still answers with it
    before = len(httpserver.log)
    offline = make_client(offline=True)
    response = offline.get(httpserver.url_for("/known"))
    assert (response.from_cache, response.text) == (True, "known page")
    with pytest.raises(FetchError) as caught:
        offline.get(httpserver.url_for("/unknown"))
    assert caught.value.reason == "offline"
    assert "offline" in str(caught.value)
    assert len(httpserver.log) == before


def test_offline_variable_turns_offline_mode_on(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/x").respond_with_data("x")
    client = make_client(environ={"LLM_ROADMAP_OFFLINE": "1"})
    assert client.offline is True
    with pytest.raises(FetchError, match="offline"):
        client.get(httpserver.url_for("/x"))
    assert len(httpserver.log) == 0


# -- politeness ----------------------------------------------------------------------------


def test_min_interval_spaces_requests_and_cache_hits_do_not_wait(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    pages = Recorder(lambda request, i: Response(f"page {request.path}"))
    for n in range(4):
        httpserver.expect_request(f"/p{n}").respond_with_handler(pages)
    client = make_client(
        host_policies={"127.0.0.1": HostPolicy(min_interval=0.25, max_connections=1)}
    )
    urls = [httpserver.url_for(f"/p{n}") for n in range(4)]
    threads = [threading.Thread(target=client.get, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    gaps = [b - a for a, b in zip(pages.arrivals, pages.arrivals[1:])]
    assert len(gaps) == 3
    assert min(gaps) >= 0.23
    assert pages.max_active == 1
    assert all(client.get(url).from_cache for url in urls)
    assert len(pages.arrivals) == 4


def test_cache_hits_do_not_wait_for_the_host_interval(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/page").respond_with_data("page")
    # After one request the host may not be asked again for an hour.
    client = make_client(host_policies={"127.0.0.1": HostPolicy(min_interval=3600)})
    assert client.get(httpserver.url_for("/page")).from_cache is False
    started = time.monotonic()
    hit = client.get(httpserver.url_for("/page"))
    assert hit.from_cache is True
    assert time.monotonic() - started < 600  # the hit did not queue behind the hour


def test_host_policy_lookup(make_client: Callable[..., HttpClient]) -> None:
    client = make_client(host_policies={"example.org": HostPolicy(min_interval=1.0)})
    assert client.host_policy("https://export.arxiv.org/api/query") == HostPolicy(
        min_interval=3.0, max_connections=1
    )
    assert client.host_policy("docs.example.org").min_interval == 1.0
    assert client.host_policy("https://example.org:8443/x").min_interval == 1.0
    assert client.host_policy("notexample.org").min_interval == 0.0


# -- a broken cache ------------------------------------------------------------------------


def test_garbage_cache_file_is_moved_aside_and_rebuilt(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], tmp_path: Path
) -> None:
    httpserver.expect_request("/page").respond_with_data("fresh")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "http-cache.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.warns(RuntimeWarning, match="could not be read"):
        client = make_client()
    moved = list(cache.glob("http-cache.sqlite.corrupt-*"))
    assert len(moved) == 1
    assert moved[0].read_bytes().startswith(b"this is not a database")
    response = client.get(httpserver.url_for("/page"))
    assert response.text == "fresh"
    assert client.get(httpserver.url_for("/page")).from_cache is True


def test_database_requests_cache_cannot_read_is_moved_aside(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], tmp_path: Path
) -> None:
    httpserver.expect_request("/page").respond_with_data("fresh")
    cache = tmp_path / "cache"
    cache.mkdir()
    with contextlib.closing(sqlite3.connect(cache / "http-cache.sqlite")) as db:
        db.execute("CREATE TABLE responses (something_else TEXT)")
        db.commit()
    with pytest.warns(RuntimeWarning, match="could not be read"):
        client = make_client()
    assert len(list(cache.glob("http-cache.sqlite.corrupt-*"))) == 1
    assert client.get(httpserver.url_for("/page")).status_code == 200
    assert client.get(httpserver.url_for("/page")).from_cache is True


def test_cache_corrupted_while_in_use_is_rebuilt(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], tmp_path: Path
) -> None:
    httpserver.expect_request("/page").respond_with_data("fresh")
    client = make_client()
    client.get(httpserver.url_for("/page"))
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{client.cache_path}{suffix}")
        if path.exists():
            path.write_bytes(b"\x00garbage" * 4096)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = client.get(httpserver.url_for("/page"))
    assert response.status_code == 200
    assert any("could not be read" in str(w.message) for w in caught)
    assert client.get(httpserver.url_for("/page")).from_cache is True


def test_cache_path_that_cannot_be_opened_is_left_alone(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "http-cache.sqlite").mkdir(parents=True)  # a directory: SQLite cannot open it
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # the corruption warning
        with pytest.raises(NetworkError, match="cannot open the HTTP cache"):
            HttpClient(cache, environ={})
    assert (cache / "http-cache.sqlite").is_dir()
    assert list(cache.glob("*.corrupt-*")) == []


@pytest.mark.parametrize(
    ("error", "corrupt"),
    [
        (sqlite3.DatabaseError("file is not a database"), True),
        (sqlite3.DatabaseError("database disk image is malformed"), True),
        (sqlite3.DatabaseError("no more rows available"), False),
        (sqlite3.DatabaseError("another row available"), False),
        (sqlite3.DatabaseError("not an error"), False),
        (sqlite3.OperationalError("database is locked"), False),
        (sqlite3.OperationalError("unable to open database file"), False),
        (sqlite3.InterfaceError("bad parameter or other API misuse"), False),
        (sqlite3.ProgrammingError("Cannot operate on a closed database."), False),
    ],
)
def test_only_a_damaged_file_counts_as_corrupt(error: sqlite3.Error, corrupt: bool) -> None:
    from llm_roadmap.http import _is_corrupt

    assert _is_corrupt(error) is corrupt


def test_real_sqlite_errors_are_classified_by_their_code(tmp_path: Path) -> None:
    from llm_roadmap.http import _is_corrupt

    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not sqlite at all" * 100)
    bad = contextlib.closing(sqlite3.connect(garbage))
    with bad as db, pytest.raises(sqlite3.DatabaseError) as not_a_database:
        db.execute("SELECT * FROM sqlite_master").fetchall()
    assert _is_corrupt(not_a_database.value)
    fine = contextlib.closing(sqlite3.connect(tmp_path / "fine.sqlite"))
    with fine as db, pytest.raises(sqlite3.OperationalError) as no_table:
        db.execute("SELECT * FROM responses").fetchall()
    assert not _is_corrupt(no_table.value)


class FlakyConnection:
    """A real SQLite connection whose next ``failures`` statements fail as racing threads do."""

    def __init__(self, real: sqlite3.Connection, error: sqlite3.Error, failures: int) -> None:
        self.real = real
        self.error = error
        self.failures = failures

    def execute(self, *args: Any) -> Any:
        if self.failures > 0:
            self.failures -= 1
            raise self.error
        return self.real.execute(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.DatabaseError("no more rows available"),
        sqlite3.InterfaceError("bad parameter or other API misuse"),
        sqlite3.OperationalError("database is locked"),
    ],
)
def test_transient_cache_errors_are_retried_not_taken_for_corruption(
    httpserver: HTTPServer,
    make_client: Callable[..., HttpClient],
    error: sqlite3.Error,
) -> None:
    httpserver.expect_request("/page").respond_with_data("kept")
    client = make_client()
    client.get(httpserver.url_for("/page"))
    responses = client._session.cache.responses  # type: ignore[attr-defined]
    with responses.connection():  # opens the shared connection if it is not yet
        pass
    flaky = FlakyConnection(responses._connection, error, failures=2)
    responses._connection = flaky
    with warnings.catch_warnings():
        # A corruption warning (RuntimeWarning) would fail the test; other
        # libraries' deprecation warnings (idna on old Pythons) would not.
        warnings.simplefilter("error", RuntimeWarning)
        response = client.get(httpserver.url_for("/page"))
    assert flaky.failures == 0  # the errors did happen
    assert (response.from_cache, response.text) == (True, "kept")
    assert hits(httpserver, "/page") == 1
    assert list(client.cache_path.parent.glob("*.corrupt-*")) == []


def test_a_transient_error_that_persists_is_a_cache_miss(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/page").respond_with_data("fetched again")
    client = make_client()
    client.get(httpserver.url_for("/page"))
    responses = client._session.cache.responses  # type: ignore[attr-defined]
    with responses.connection():
        pass
    responses._connection = FlakyConnection(
        responses._connection, sqlite3.DatabaseError("not an error"), failures=1000
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # the corruption warning
        response = client.get(httpserver.url_for("/page"))
    # The read failed every time: a miss, answered by the server; nothing moved aside.
    assert (response.status_code, response.text, response.from_cache) == (
        200,
        "fetched again",
        False,
    )
    assert hits(httpserver, "/page") == 2
    assert list(client.cache_path.parent.glob("*.corrupt-*")) == []


# -- threads --------------------------------------------------------------------------


def test_many_threads_on_one_cache(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    pages = Recorder(lambda request, i: Response(f"body of {request.path}"))
    for n in range(20):
        httpserver.expect_request(f"/t{n}").respond_with_handler(pages)
    first = make_client(default_host_policy=HostPolicy(max_connections=16))
    # A second client on the same cache file, as a second process would be.
    second = make_client(default_host_policy=HostPolicy(max_connections=16))
    errors: list[BaseException] = []
    wrong: list[str] = []

    def work(worker: int) -> None:
        client = first if worker % 2 else second
        try:
            for round_ in range(30):
                n = (worker * 7 + round_) % 20
                response = client.get(httpserver.url_for(f"/t{n}"))
                if response.text != f"body of /t{n}":
                    wrong.append(response.text)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(16)]
    # The filters and the record are process-wide, so warnings from the workers land here too.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert wrong == []
    # A healthy cache under load is never taken for a corrupt one.
    assert [str(w.message) for w in caught if "could not be read" in str(w.message)] == []
    assert list(first.cache_path.parent.glob("*.corrupt-*")) == []
    # 480 requests, 20 URLs: nearly all were cache hits (only racing first misses fetch twice).
    assert 20 <= len(pages.arrivals) < 100
    assert all(first.get(httpserver.url_for(f"/t{n}")).from_cache for n in range(20))


# -- packaging -------------------------------------------------------------------------


def test_import_llm_roadmap_imports_no_network_library() -> None:
    code = (
        "import sys, llm_roadmap, llm_roadmap.http, llm_roadmap.linkcheck\n"
        "bad = [m for m in ('requests', 'requests_cache', 'urllib3') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_missing_requests_cache_raises_network_error_with_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "requests_cache", None)
    with pytest.raises(NetworkError, match=r"pip install 'llm-roadmap\[net\]'"):
        HttpClient(tmp_path, environ={})
