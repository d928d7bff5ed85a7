"""The HTTP client against a real server on 127.0.0.1: plain answers, and what it imports."""

import sys
import threading
from pathlib import Path
from typing import Callable

import _http_helpers
import _servers
import pytest
from _http_helpers import hits
from _servers import Recorder
from pytest_httpserver import HTTPServer
from werkzeug import Response

from llm_roadmap.errors import NetworkError
from llm_roadmap.http import (
    USER_AGENT,
    HostPolicy,
    HttpClient,
)

threaded_server = _servers.threaded_server
httpserver = _servers.httpserver
make_client = _http_helpers.make_client


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


# -- packaging -------------------------------------------------------------------------


# What importing llm_roadmap.http and llm_roadmap.linkcheck imports is checked
# once, with the rest of the import hygiene, in tests/test_architecture.py.


def test_missing_requests_cache_raises_network_error_with_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "requests_cache", None)
    with pytest.raises(NetworkError, match=r"pip install 'llm-roadmap\[net\]'"):
        HttpClient(tmp_path, environ={})
