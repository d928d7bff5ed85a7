"""The link checker against real servers on 127.0.0.1: which group each answer lands in."""

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Callable

import _linkcheck_helpers
import _servers
from _linkcheck_helpers import FAST, by_url, hits, reset_at_once, resources_toml
from _servers import RawServer, Recorder, free_port
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import llm_roadmap
from llm_roadmap.http import HttpClient
from llm_roadmap.linkcheck import LinkStatus, check_links, collect_urls

# The fixtures: a threaded server per module, cleared per test; a client on the test's cache dir.
raw_server = _servers.raw_server
threaded_server = _servers.threaded_server
httpserver = _servers.httpserver
cache_dir = _linkcheck_helpers.cache_dir
make_client = _linkcheck_helpers.make_client


# -- the three groups --------------------------------------------------------------------


def test_each_kind_of_answer_lands_in_its_group(
    httpserver: HTTPServer,
    make_client: Callable[..., HttpClient],
    raw_server: Callable[..., RawServer],
) -> None:
    ok = httpserver.url_for
    httpserver.expect_request("/ok").respond_with_data("fine")
    httpserver.expect_request("/slow").respond_with_handler(
        Recorder(lambda r, i: Response("late"), delay=0.2)
    )
    httpserver.expect_request("/missing").respond_with_data("", status=404)
    httpserver.expect_request("/gone").respond_with_data("", status=410)
    httpserver.expect_request("/no-head", method="HEAD").respond_with_data("", status=405)
    httpserver.expect_request("/no-head", method="GET").respond_with_data("body")
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/older"}
    )
    httpserver.expect_request("/older").respond_with_data(
        "", status=302, headers={"Location": "/ok"}
    )
    httpserver.expect_request("/temp").respond_with_data(
        "", status=307, headers={"Location": "/ok"}
    )
    httpserver.expect_request("/ping").respond_with_data(
        "", status=302, headers={"Location": "/pong"}
    )
    httpserver.expect_request("/pong").respond_with_data(
        "", status=308, headers={"Location": "/ping"}
    )
    httpserver.expect_request("/busy").respond_with_data(
        "", status=429, headers={"Retry-After": "0"}
    )
    httpserver.expect_request("/down").respond_with_data("", status=503)
    flaky = Recorder(lambda r, i: Response("", status=503) if i == 0 else Response("back"))
    httpserver.expect_request("/flaky").respond_with_handler(flaky)
    httpserver.expect_request("/linkedin").respond_with_data("", status=999)
    httpserver.expect_request("/wall").respond_with_data(
        "", status=403, headers={"cf-mitigated": "challenge"}
    )
    hanging = raw_server("hang")
    resetting = raw_server(reset_at_once)
    tls = ok("/ok").replace("http://", "https://")
    refused = f"http://127.0.0.1:{free_port()}/"
    urls = [ok(p) for p in ("/ok", "/slow", "/no-head", "/old", "/temp", "/flaky")]
    broken = [ok(p) for p in ("/missing", "/gone", "/ping")] + [refused, tls]
    unknown = [ok(p) for p in ("/busy", "/down", "/linkedin", "/wall")]
    unknown += [hanging.url("/hang"), resetting.url("/reset")]

    report = check_links(urls + broken + unknown, client=make_client(), workers=8)

    results = by_url(report)
    assert {r.url for r in report.ok} == set(urls)
    assert {r.url for r in report.broken} == set(broken)
    assert {r.url for r in report.indeterminate} == set(unknown)
    assert [r.url for r in report.results] == urls + broken + unknown  # the order given
    assert results[ok("/missing")].reason == "HTTP 404"
    assert results[ok("/gone")].http_status == 410
    assert results[ok("/ping")].reason == "redirect loop"
    assert results[refused].reason == "connection refused"
    assert results[tls].reason == "TLS/SSL error"
    assert results[ok("/no-head")].method == "GET"
    assert results[ok("/ok")].method == "HEAD"
    assert "429" in results[ok("/busy")].reason
    assert results[ok("/linkedin")].reason == "bot wall (HTTP 999)"
    assert "cf-mitigated" in results[ok("/wall")].reason
    assert results[hanging.url("/hang")].reason == "timed out"
    assert hanging.connections == 1  # a timeout is not retried by the link checker
    assert results[ok("/down")].reason == "HTTP 503 after retries"
    # Permanent redirects are reported with where they lead; temporary ones are not "moved".
    assert [r.url for r in report.moved] == [ok("/old")]
    assert results[ok("/old")].final_url == ok("/ok")
    assert [h.status for h in results[ok("/old")].redirects] == [301, 302]
    assert results[ok("/temp")].moved is False
    assert results[ok("/temp")].final_url == ok("/ok")
    # 429 and 503 were retried; a 404 is not.
    assert hits(httpserver, "/busy", "HEAD") == FAST.retries + 1
    assert hits(httpserver, "/missing", "HEAD") == 1
    assert report.exit_code() == 1


def test_head_405_falls_back_to_a_get_that_does_not_read_the_body(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    def endless(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(50):  # 5 s of body if anyone read it all
                time.sleep(0.1)
                yield b"x" * 1024

        return Response(body(), status=200)

    httpserver.expect_request("/big", method="HEAD").respond_with_data("", status=405)
    httpserver.expect_request("/big", method="GET").respond_with_handler(endless)
    started = time.monotonic()
    report = check_links([httpserver.url_for("/big")], client=make_client())
    assert report.results[0].status is LinkStatus.OK
    assert report.results[0].method == "GET"
    assert time.monotonic() - started < 4.0  # reading the body would take 5 s


def test_each_url_is_checked_once(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/page").respond_with_data("page")
    url = httpserver.url_for("/page")
    report = check_links(
        {url: ["a"], url + "#part-2": ["b"], url + "#top": ["a", "c"]}, client=make_client()
    )
    assert len(report.results) == 1
    assert report.results[0].resources == ("a", "b", "c")
    assert hits(httpserver, "/page") == 1


def test_roadmap_resource_and_link_urls_are_all_checked(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], write_data: Callable[..., Path]
) -> None:
    httpserver.expect_request("/book").respond_with_data("book")
    httpserver.expect_request("/mirror").respond_with_data("", status=404)
    directory = write_data(resources=resources_toml(httpserver, [("book", "/book", "/mirror")]))
    roadmap = llm_roadmap.load([directory], plugins=[], disable_plugins=["llm_roadmap.bundled"])
    assert collect_urls(roadmap) == {
        httpserver.url_for("/book"): ("book",),
        httpserver.url_for("/mirror"): ("book",),
    }
    report = check_links(roadmap, client=make_client())
    assert [r.url for r in report.broken] == [httpserver.url_for("/mirror")]
    assert report.broken[0].resources == ("book",)
