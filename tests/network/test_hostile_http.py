"""Hostile servers (issue 13): limits, deadlines, hostile headers, cookies, escaping.

Every server is real, on 127.0.0.1: pytest-httpserver, or `RawServer` for
what an HTTP server library will not send (a header byte at a time, a
``Retry-After: ²``). Each test names what failed before the fix.
"""

import gzip
import socket
import threading
import zlib
from pathlib import Path
from typing import Callable

import _linkcheck_helpers
import _servers
import pytest
from _linkcheck_helpers import by_url
from _servers import RawServer
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from llm_roadmap.http import FetchError, HttpClient, RetryPolicy
from llm_roadmap.linkcheck import LinkStatus, check_links

raw_server = _servers.raw_server
threaded_server = _servers.threaded_server
httpserver = _servers.httpserver
cache_dir = _linkcheck_helpers.cache_dir
make_client = _linkcheck_helpers.make_client

NO_RETRY = RetryPolicy(retries=0)


def send(head: bytes, body: bytes = b"") -> Callable[[socket.socket, int], None]:
    """A raw answer: ``head`` (status line and headers, without the blank line), then ``body``."""

    length = b"" if b"content-length" in head.lower() else b"\r\nContent-Length: %d" % len(body)

    def behaviour(conn: socket.socket, index: int) -> None:
        conn.sendall(head + length + b"\r\nConnection: close\r\n\r\n" + body)

    return behaviour


# -- limits on what is read ----------------------------------------------------------------


def test_a_decompression_bomb_stops_at_max_body(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    # Before: the whole 64 MiB was inflated into memory and returned.
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 200_000
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/plain"}
    )
    client = make_client(max_body=1024 * 1024)
    with pytest.raises(FetchError, match="more than 1048576 bytes") as found:
        client.get(httpserver.url_for("/bomb"), cache=False)
    assert found.value.reason == "too-large"
    # Under the limit, the same layer reads and decodes as before.
    small = zlib.compress(b"fine" * 100)
    httpserver.expect_request("/small").respond_with_data(
        small, headers={"Content-Encoding": "deflate"}
    )
    assert client.get(httpserver.url_for("/small")).content == b"fine" * 100


def test_a_declared_length_over_the_limit_is_refused_before_reading(
    raw_server: Callable[..., RawServer], make_client: Callable[..., HttpClient]
) -> None:
    server = raw_server(send(b"HTTP/1.1 200 OK\r\nContent-Length: 999999999999", b"x" * 100))
    with pytest.raises(FetchError) as found:
        make_client(max_body=1000).get(server.url("/big"), cache=False)
    assert found.value.reason == "too-large"


def drip(payload: bytes, every: float) -> Callable[[socket.socket, int], None]:
    """Send ``payload`` one byte at a time: each byte well within any read timeout."""

    def behaviour(conn: socket.socket, index: int) -> None:
        for byte in payload:
            conn.sendall(bytes([byte]))
            if _stop.wait(every):
                return

    return behaviour


_stop = threading.Event()


@pytest.fixture(autouse=True)
def _stop_dripping() -> object:
    _stop.clear()
    yield None
    _stop.set()


def test_a_server_dripping_its_head_meets_the_deadline(
    raw_server: Callable[..., RawServer], make_client: Callable[..., HttpClient]
) -> None:
    # Before: every byte came within the read timeout, so the request took as
    # long as the server liked (here ~30 s) and returned its 200.
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Padding: " + b"p" * 150 + b"\r\n\r\nok"
    server = raw_server(drip(head, 0.2))
    client = make_client(timeout=(0.5, 0.5), retry=NO_RETRY)
    with pytest.raises(FetchError) as found:
        client.get(server.url("/slow"), cache=False)
    assert found.value.reason == "timeout"


def test_the_link_checker_calls_a_dripping_server_timed_out(
    raw_server: Callable[..., RawServer], make_client: Callable[..., HttpClient]
) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Padding: " + b"p" * 150 + b"\r\n\r\n"
    server = raw_server(drip(head, 0.2))
    report = check_links([server.url("/slow")], client=make_client(timeout=(0.5, 0.5)))
    (result,) = report.results
    assert result.status is LinkStatus.INDETERMINATE
    assert result.reason == "timed out"


# -- hostile headers never abort the run -------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        # "²" is str.isdigit(), and float() refuses it: ValueError before.
        (b"HTTP/1.1 503 Busy\r\nRetry-After: \xb2", "HTTP 503 after retries"),
        (b"HTTP/1.1 429 Slow down\r\nRetry-After: 99999999999999999999999", "rate limited"),
        (b"HTTP/1.1 429 Slow down\r\nRetry-After: Mon, 01 Jan 99999 00:00:00 GMT", "rate limited"),
        # urlsplit raised ValueError for both: before, the whole run ended.
        (b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:99999/x", "without a usable Location"),
        (b"HTTP/1.1 302 Found\r\nLocation: http://[::1/x", "without a usable Location"),
        (b"HTTP/1.1 301 Moved\r\nLocation: http://a..b/", "without a usable Location"),
    ],
    ids=["retry-after-superscript", "retry-after-huge", "retry-after-year", "port", "v6", "host"],
)
def test_one_hostile_header_never_aborts_the_run(
    raw_server: Callable[..., RawServer],
    httpserver: HTTPServer,
    make_client: Callable[..., HttpClient],
    head: bytes,
    reason: str,
) -> None:
    hostile = raw_server(send(head))
    httpserver.expect_request("/fine").respond_with_data("fine")
    urls = [hostile.url("/hostile"), httpserver.url_for("/fine")]
    report = check_links(urls, client=make_client())
    results = by_url(report)
    assert results[urls[1]].status is LinkStatus.OK
    assert results[urls[0]].status is LinkStatus.INDETERMINATE
    assert reason in results[urls[0]].reason


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:99999/x", "http://[::1/x", "http://exa mple.org/", "http://a..b/"]
)
def test_a_cited_url_that_cannot_be_parsed_is_broken_not_a_crash(
    url: str, make_client: Callable[..., HttpClient]
) -> None:
    # Before: the scheduler's urlsplit(...).port raised before anything was checked.
    (result,) = check_links([url], client=make_client()).results
    assert result.status is LinkStatus.BROKEN
    assert result.reason.startswith("invalid URL")


def test_a_redirect_that_sets_a_cookie_and_returns_is_ok(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    # Before: "redirect loop" (the cookie was never sent back); browsers and curl get 200.
    def page(request: Request) -> Response:
        if request.cookies.get("session") == "yes":
            return Response("welcome")
        return Response("", status=302, headers={"Location": "/login"})

    def login(request: Request) -> Response:
        response = Response("", status=302, headers={"Location": "/page"})
        response.set_cookie("session", "yes")
        return response

    httpserver.expect_request("/page").respond_with_handler(page)
    httpserver.expect_request("/login").respond_with_handler(login)
    httpserver.expect_request("/other").respond_with_handler(page)
    client = make_client()
    report = check_links([httpserver.url_for("/page"), httpserver.url_for("/other")], client=client)
    first, second = report.results
    assert (first.status, first.reason) == (LinkStatus.OK, "HTTP 200")
    assert [hop.target for hop in first.redirects] == [
        httpserver.url_for("/login"),
        httpserver.url_for("/page"),
    ]
    # One jar per checked URL: /other had to log in on its own.
    assert second.status is LinkStatus.OK
    assert second.redirects[0].target == httpserver.url_for("/login")


def test_a_redirect_that_never_ends_is_still_a_loop(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    (result,) = check_links([httpserver.url_for("/a")], client=make_client()).results
    assert (result.status, result.reason) == (LinkStatus.BROKEN, "redirect loop")


@pytest.mark.parametrize("target", ["ftp://example.org/file", "mailto:someone@example.org"])
def test_a_redirect_to_another_scheme_is_indeterminate_as_documented(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], target: str
) -> None:
    # Before: "broken: invalid URL"; docs/network.md says a non-http(s) URL is indeterminate.
    httpserver.expect_request("/away").respond_with_data(
        "", status=301, headers={"Location": target}
    )
    (result,) = check_links([httpserver.url_for("/away")], client=make_client()).results
    assert result.status is LinkStatus.INDETERMINATE
    assert result.reason == "redirects to a URL that is not http(s)"
    assert result.final_url == target


def test_the_markdown_report_escapes_what_servers_send(
    raw_server: Callable[..., RawServer], make_client: Callable[..., HttpClient]
) -> None:
    # Before: a server's words went into the page as they came: live HTML.
    def moved(conn: socket.socket, index: int) -> None:
        if index == 0:
            location = b"/x<img src=q onerror=alert(1)>|*[a](javascript:alert(2))*"
            send(b"HTTP/1.1 301 Moved\r\nLocation: " + location)(conn, index)
        else:
            send(b"HTTP/1.1 200 OK")(conn, index)

    def babble(conn: socket.socket, index: int) -> None:
        conn.sendall(b"HTTP/1.1 <script>alert(3)</script> | [x](javascript:y)\r\n\r\n")

    servers = [raw_server(moved), raw_server(babble)]
    report = check_links(
        [servers[0].url("/moved"), servers[1].url("/babble")],
        client=make_client(retry=NO_RETRY),
    )
    assert report.moved and report.indeterminate
    text = report.to_markdown()
    assert "<img" not in text and "<script" not in text
    assert "](javascript" not in text
    # Every table row still has its three cells.
    rows = [line for line in text.splitlines() if line.startswith("| http")]
    assert len(rows) == 2
    assert all(line.replace("\\|", "").count("|") == 4 for line in rows)


def test_remembered_failures_are_shown_as_such_and_refresh_checks_again(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    httpserver.expect_request("/ok").respond_with_data("ok")
    urls = [httpserver.url_for("/gone"), httpserver.url_for("/ok")]
    client = make_client()
    check_links(urls, client=client, fail_ttl=3600)
    asked = len(httpserver.log)
    again = check_links(urls, client=client, fail_ttl=3600)
    assert len(httpserver.log) == asked  # nothing asked again
    gone = by_url(again)[urls[0]]
    assert (gone.status, gone.from_cache) == (LinkStatus.BROKEN, True)
    assert "(remembered from " in gone.shown_reason
    assert "remembered from" in again.to_markdown()
    # Without fail_ttl (the default) a remembered failure does not count.
    default = check_links(urls, client=client)
    assert by_url(default)[urls[0]].from_cache is False
    refreshed = check_links(urls, client=client, fail_ttl=3600, refresh=True)
    assert not any(r.from_cache for r in refreshed.results)


def test_a_failure_never_leaves_an_ok_behind(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    state = {"up": True}
    httpserver.expect_request("/flip").respond_with_handler(
        lambda r: Response("ok") if state["up"] else Response("", status=404)
    )
    url = httpserver.url_for("/flip")
    client = make_client()
    assert check_links([url], client=client).results[0].status is LinkStatus.OK
    state["up"] = False
    assert check_links([url], client=client, refresh=True).results[0].status is LinkStatus.BROKEN
    # Offline, only what was learnt last counts: no stale ok.
    offline = check_links([url], client=make_client(offline=True))
    assert offline.results[0].status is LinkStatus.INDETERMINATE


def test_check_links_cli_writes_its_report_whatever_servers_send(
    raw_server: Callable[..., RawServer],
    httpserver: HTTPServer,
    write_data: Callable[..., Path],
    cache_dir: Path,
    tmp_path: Path,
) -> None:
    import os
    import subprocess
    import sys

    heads = [
        b"HTTP/1.1 503 Busy\r\nRetry-After: \xb2",
        b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:99999/x",
        b"HTTP/1.1 302 Found\r\nLocation: http://[::1/x",
        b"HTTP/1.1 301 Moved\r\nLocation: /<script>alert(1)</script>",
    ]
    servers = [raw_server(send(head)) for head in heads]
    lines = []
    for n, server in enumerate(servers):
        lines.append(
            f"""
        [[resources]]
        id = "hostile-{n}"
        title = "Hostile {n}"
        url = "{server.url(f"/h{n}")}"
        kind = "article"
        language = "en"
        description = {{ zh = "测试。", en = "A test." }}
        """
        )
    data = write_data(resources="".join(lines))
    # The test's own data directory (conftest) is kept: nothing may reach the real one.
    env = {
        k: v
        for k, v in os.environ.items()
        if k == "LLM_ROADMAP_DATA_DIR" or not k.startswith("LLM_ROADMAP_")
    }
    env.update(
        LLM_ROADMAP_CACHE_DIR=str(cache_dir),
        LLM_ROADMAP_PLUGINS="",
        LLM_ROADMAP_DISABLE_PLUGINS="llm_roadmap.bundled",
        LLM_ROADMAP_LANG="en",
    )
    report = tmp_path / "links.md"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "llm_roadmap", "--data", str(data), "check-links"),
            *("--timeout", "2", "--retries", "0", "-o", str(report)),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
    assert "4 links:" in done.stderr
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Link check") and "<script>" not in text


def test_a_line_separator_in_a_url_does_not_cut_a_report_row() -> None:
    # Found by tests/fuzz/test_fuzz_linkcheck.py: U+2028 ended the table row for splitlines().
    from llm_roadmap.linkcheck import LinkReport, LinkResult

    url = "http://127.0.0.1/a\u2028b\x85c"
    report = LinkReport(
        results=(LinkResult(url=url, status=LinkStatus.BROKEN, reason="invalid URL\u2029!"),)
    )
    rows = [line for line in report.to_markdown().splitlines() if line.startswith("| http")]
    assert rows == ["| http://127.0.0.1/a b c | invalid URL \\! |  |"]
