"""Remembered link-check results: reruns, expiry, offline answers, interruptions, a bad file."""

import time
from pathlib import Path
from typing import Callable

import _linkcheck_helpers
import _servers
import pytest
from _linkcheck_helpers import by_url, hits
from _servers import Recorder
from pytest_httpserver import HTTPServer
from werkzeug import Response

from llm_roadmap.http import HttpClient
from llm_roadmap.linkcheck import LinkResult, LinkStatus, check_links

# The fixtures: a threaded server per module, cleared per test; a client on the test's cache dir.
threaded_server = _servers.threaded_server
httpserver = _servers.httpserver
cache_dir = _linkcheck_helpers.cache_dir
make_client = _linkcheck_helpers.make_client


# -- remembering results -----------------------------------------------------------------


def test_rerun_answers_ok_from_the_cache_and_rechecks_failures(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/ok").respond_with_data("ok")
    httpserver.expect_request("/moved").respond_with_data(
        "", status=301, headers={"Location": "/ok"}
    )
    httpserver.expect_request("/missing").respond_with_data("", status=404)
    urls = [httpserver.url_for(p) for p in ("/ok", "/moved", "/missing")]
    client = make_client()
    first = check_links(urls, client=client)
    before = {p: hits(httpserver, p) for p in ("/ok", "/moved", "/missing")}
    second = check_links(urls, client=client)
    assert [r.from_cache for r in second.results] == [True, True, False]
    assert hits(httpserver, "/ok") == before["/ok"]
    assert hits(httpserver, "/moved") == before["/moved"]
    assert hits(httpserver, "/missing") > before["/missing"]  # failures are never cached
    # What was learnt is kept whole: the redirect and where it leads.
    assert by_url(second)[urls[1]].final_url == by_url(first)[urls[1]].final_url == urls[0]
    assert by_url(second)[urls[1]].moved
    third = check_links(urls, client=client, refresh=True)
    assert not any(r.from_cache for r in third.results)
    assert hits(httpserver, "/ok") > before["/ok"]


def test_ok_results_expire(httpserver: HTTPServer, make_client: Callable[..., HttpClient]) -> None:
    httpserver.expect_request("/ok").respond_with_data("ok")
    client = make_client()
    check_links([httpserver.url_for("/ok")], client=client, ok_ttl=0.3)
    time.sleep(0.4)
    again = check_links([httpserver.url_for("/ok")], client=client, ok_ttl=0.3)
    assert again.results[0].from_cache is False
    assert hits(httpserver, "/ok") == 2


def test_offline_answers_only_from_the_cache(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/ok").respond_with_data("ok")
    httpserver.expect_request("/fetched").respond_with_data("a page a source fetched")
    httpserver.expect_request("/missing").respond_with_data("", status=404)
    httpserver.expect_request("/never").respond_with_data("never asked")
    client = make_client()
    check_links([httpserver.url_for("/ok"), httpserver.url_for("/missing")], client=client)
    client.get(httpserver.url_for("/fetched"))  # in the HTTP cache, not in the link results
    before = len(httpserver.log)
    urls = [httpserver.url_for(p) for p in ("/ok", "/fetched", "/missing", "/never")]
    report = check_links(urls, client=make_client(offline=True))
    assert len(httpserver.log) == before
    assert report.offline is True
    assert [r.status for r in report.results] == [
        LinkStatus.OK,
        LinkStatus.OK,
        LinkStatus.INDETERMINATE,
        LinkStatus.INDETERMINATE,
    ]
    # An answer the cache did not have is not "from the cache".
    assert [r.from_cache for r in report.results] == [True, True, False, False]
    assert report.summary()["from_cache"] == 2
    assert report.results[3].reason == "offline: not in the cache"
    # offline=True wins even over an online client.
    again = check_links(urls, client=client, offline=True)
    assert len(httpserver.log) == before
    assert again.summary()["ok"] == 2


def test_interrupted_run_keeps_what_it_learnt(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    slow = Recorder(lambda r, i: Response("ok"), delay=0.05)
    for n in range(20):
        httpserver.expect_request(f"/i{n}").respond_with_handler(slow)
    urls = [httpserver.url_for(f"/i{n}") for n in range(20)]
    seen: list[LinkResult] = []

    def stop_after_three(result: LinkResult) -> None:
        seen.append(result)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check_links(urls, client=make_client(), workers=2, per_host=2, on_result=stop_after_three)
    time.sleep(0.3)  # let the in-flight checks finish
    learnt = check_links(urls, client=make_client(offline=True))
    remembered = [r for r in learnt.results if r.status is LinkStatus.OK]
    assert 3 <= len(remembered) < 20


def test_unreadable_results_file_is_moved_aside(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], cache_dir: Path
) -> None:
    httpserver.expect_request("/ok").respond_with_data("ok")
    cache_dir.mkdir(parents=True)
    (cache_dir / "linkcheck.sqlite").write_bytes(b"not sqlite at all" * 64)
    with pytest.warns(RuntimeWarning, match="link-check results"):
        report = check_links([httpserver.url_for("/ok")], client=make_client())
    assert report.results[0].status is LinkStatus.OK
    assert list(cache_dir.glob("linkcheck.sqlite.corrupt-*"))


def test_a_results_file_that_cannot_be_opened_is_an_error_and_left_alone(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], cache_dir: Path
) -> None:
    from llm_roadmap import NetworkError

    httpserver.expect_request("/ok").respond_with_data("ok")
    blocker = cache_dir / "linkcheck.sqlite"
    blocker.mkdir(parents=True)  # a directory where the file should be: not damage
    (blocker / "keep.txt").write_text("mine")
    with pytest.raises(NetworkError, match="cannot open the link-check results"):
        check_links([httpserver.url_for("/ok")], client=make_client())
    assert (blocker / "keep.txt").read_text() == "mine"
    assert not list(cache_dir.glob("linkcheck.sqlite.corrupt-*"))
