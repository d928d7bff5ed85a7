"""Many threads and two clients on one HTTP cache file."""

import threading
import warnings
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
