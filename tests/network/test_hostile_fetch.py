"""Hostile servers, second round (issue 25): one deadline for a whole fetch; HTTP/0.9 named.

Real servers on 127.0.0.1 (`RawServer`): one drips a byte every 50 ms, for a
bounded number of bytes and until the test ends, whichever comes first;
another answers without a status line. Before: the drip was fetched once per
retry (four deadlines in all), and the garbage was "connection reset",
retried three times.
"""

import socket
import threading
from collections.abc import Iterator
from typing import Callable

import _linkcheck_helpers
import _servers
import pytest
from _servers import RawServer

from llm_roadmap.errors import NetworkError
from llm_roadmap.http import FetchError, HttpClient, RetryPolicy
from llm_roadmap.linkcheck import LinkStatus, check_links
from llm_roadmap.sources.importing import read_document

raw_server = _servers.raw_server
cache_dir = _linkcheck_helpers.cache_dir
make_client = _linkcheck_helpers.make_client

RETRY_EVERYTHING = RetryPolicy(retries=3, backoff=0.01, max_backoff=0.02, retry_timeouts=True)
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/markdown\r\nContent-Length: 2\r\nX-Pad: "


@pytest.fixture
def stop() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()


def dripping(stop: threading.Event, every: float = 0.05, count: int = 600) -> Callable[..., None]:
    """A byte every ``every`` seconds, ``count`` bytes at most (30 s): never a whole answer."""

    def behaviour(conn: socket.socket, index: int) -> None:
        payload = HEAD + b"p" * count
        for byte in payload[:count]:
            conn.sendall(bytes([byte]))
            if stop.wait(every):
                return

    return behaviour


def test_one_deadline_covers_the_whole_fetch_retries_included(
    raw_server: Callable[..., RawServer],
    make_client: Callable[..., HttpClient],
    stop: threading.Event,
) -> None:
    server = raw_server(dripping(stop))
    client = make_client(timeout=(0.5, 0.5), retry=RETRY_EVERYTHING)
    with pytest.raises(FetchError) as found:
        client.get(server.url("/list.md"), cache=False)
    assert found.value.reason == "timeout"
    # The deadline was used up once: no retry could fit in what was left.
    assert found.value.attempts == 1
    assert server.connections == 1


def test_an_import_from_a_dripping_server_fails_once(
    raw_server: Callable[..., RawServer],
    make_client: Callable[..., HttpClient],
    stop: threading.Event,
) -> None:
    server = raw_server(dripping(stop))
    client = make_client(timeout=(0.5, 0.5), retry=RETRY_EVERYTHING)
    with pytest.raises(NetworkError, match="timed out"):
        read_document(server.url("/list.md"), client=client)
    assert server.connections == 1


def test_a_retry_still_fits_after_a_quick_failure(
    raw_server: Callable[..., RawServer], make_client: Callable[..., HttpClient]
) -> None:
    # The budget is for the whole fetch, not a reason to stop retrying: a
    # connection reset at once leaves time for the next attempt.
    def reset_then_answer(conn: socket.socket, index: int) -> None:
        if index == 0:
            conn.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            return
        _servers.answer(conn, b"## A\n")

    server = raw_server(reset_then_answer)
    client = make_client(timeout=(2.0, 2.0), retry=RETRY_EVERYTHING)
    assert client.get(server.url("/list.md"), cache=False).text == "## A\n"
    assert server.connections == 2


def garbage(conn: socket.socket, index: int) -> None:
    conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\r\n")


def test_an_answer_without_a_status_line_is_named_not_http(
    raw_server: Callable[..., RawServer], make_client: Callable[..., HttpClient]
) -> None:
    server = raw_server(garbage)
    client = make_client(retry=RETRY_EVERYTHING)
    with pytest.raises(FetchError) as found:
        client.get(server.url("/"), cache=False)
    assert found.value.reason == "not-http"
    assert "not HTTP (no status line: HTTP/0.9 or another protocol)" in str(found.value)
    assert "reset" not in str(found.value)
    assert found.value.attempts == 1 and server.connections == 1  # the same garbage again is no use
    report = check_links([server.url("/")], client=client)
    (result,) = report.results
    assert result.status is LinkStatus.INDETERMINATE
    assert "not HTTP" in result.reason
