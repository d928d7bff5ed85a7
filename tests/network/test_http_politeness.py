"""Per-host politeness of the HTTP client: intervals, and which policy applies to a host."""

import threading
import time
from typing import Callable

import _http_helpers
import _servers
from _servers import Recorder
from pytest_httpserver import HTTPServer
from werkzeug import Response

from llm_roadmap.http import (
    HostPolicy,
    HttpClient,
)

threaded_server = _servers.threaded_server
httpserver = _servers.httpserver
make_client = _http_helpers.make_client


# -- politeness ----------------------------------------------------------------------------


def test_min_interval_spaces_requests_and_cache_hits_do_not_wait(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    pages = Recorder(lambda request, i: Response(f"page {request.path}"))
    for n in range(4):
        httpserver.expect_request(f"/p{n}").respond_with_handler(pages)
    # Each call's budget (2 s by default here) includes its wait for the host: on a
    # loaded machine the last of four queued calls could run out of it. The test is
    # of the spacing, not of the budget.
    client = make_client(
        host_policies={"127.0.0.1": HostPolicy(min_interval=0.25, max_connections=1)},
        deadline=30,
    )
    urls = [httpserver.url_for(f"/p{n}") for n in range(4)]
    threads = [threading.Thread(target=client.get, args=(url,)) for url in urls]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(pages.arrivals) == 4
    # Spaced by the interval: the fourth request starts three intervals after the
    # first, which starts after `began`. Measured from `began`, not from the first
    # arrival: a busy server may log the first request late, which shortens the
    # span between arrivals though the client kept its spacing. Unspaced, all four
    # arrive within milliseconds of `began`.
    assert pages.arrivals[-1] - began >= 3 * 0.25
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
