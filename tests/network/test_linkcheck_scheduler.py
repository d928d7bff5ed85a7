"""The link checker's concurrency limits: per host and across hosts."""

from typing import Callable

import _linkcheck_helpers
import _servers
from _servers import Recorder
from pytest_httpserver import HTTPServer
from werkzeug import Response

from llm_roadmap.http import HttpClient
from llm_roadmap.linkcheck import check_links

# The fixtures: a threaded server per module, cleared per test; a client on the test's cache dir.
threaded_server = _servers.threaded_server
httpserver = _servers.httpserver
cache_dir = _linkcheck_helpers.cache_dir
make_client = _linkcheck_helpers.make_client


# -- concurrency limits ------------------------------------------------------------------


def test_per_host_limit(httpserver: HTTPServer, make_client: Callable[..., HttpClient]) -> None:
    slow = Recorder(lambda r, i: Response("ok"), delay=0.15)
    for n in range(10):
        httpserver.expect_request(f"/s{n}").respond_with_handler(slow)
    urls = [httpserver.url_for(f"/s{n}") for n in range(10)]
    report = check_links(urls, client=make_client(), workers=8, per_host=2)
    assert len(report.ok) == 10
    assert slow.max_active == 2


def test_global_limit_across_hosts(make_client: Callable[..., HttpClient]) -> None:
    slow = Recorder(lambda r, i: Response("ok"), delay=0.15)
    servers = [HTTPServer(host=host, threaded=True) for host in ("127.0.0.1", "127.0.0.2")]
    try:
        urls = []
        for server in servers:
            server.start()
            for n in range(6):
                server.expect_request(f"/g{n}").respond_with_handler(slow)
                urls.append(server.url_for(f"/g{n}"))
        report = check_links(urls, client=make_client(), workers=3, per_host=3)
    finally:
        for server in servers:
            server.stop()
    assert len(report.ok) == 12
    assert slow.max_active == 3
