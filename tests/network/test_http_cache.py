"""The HTTP cache against a real server: hits, expiry, stale-if-error, offline mode."""

import time
from pathlib import Path
from typing import Callable

import _http_helpers
import _servers
import pytest
from _http_helpers import FAST, hits
from _servers import Recorder
from pytest_httpserver import HTTPServer
from werkzeug import Response

from llm_roadmap.http import (
    FetchError,
    HttpClient,
)

threaded_server = _servers.threaded_server
httpserver = _servers.httpserver
make_client = _http_helpers.make_client


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
