"""Retries, Retry-After, timeouts, resets and failures of the HTTP client, against real servers."""

import email.utils
import socket
import threading
import time
from typing import Any, Callable

import _http_helpers
import _servers
import pytest
from _http_helpers import FAST, hits
from _servers import RawServer, Recorder, answer, free_port, reset_mid_body
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from llm_roadmap.errors import NetworkError
from llm_roadmap.http import (
    FetchError,
    HttpClient,
    RetryPolicy,
    classify_exception,
)

raw_server = _servers.raw_server
threaded_server = _servers.threaded_server
httpserver = _servers.httpserver
make_client = _http_helpers.make_client


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
    # The default budget of this client (2 s, its two timeouts) would leave the
    # wait no room on a loaded machine; the wait is what is under test here.
    response = make_client(deadline=30).get(httpserver.url_for("/limited"))
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
    # A wait of up to 2 s does not fit the default 2 s budget once the first
    # request has taken any time at all; give the call room to wait.
    response = make_client(deadline=30).get(httpserver.url_for("/dated"))
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
    client = make_client(deadline=30)  # room for the second's wait, however slow the machine
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
