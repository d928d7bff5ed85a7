"""Fuzz: hostile HTTP answers from a loopback server, through the link checker.

Each case is one raw answer (any status line, headers with any bytes, a
``Location`` made of hostile URL text, ``Retry-After`` of any kind, a body
that is short, long, cut or gzip that does not inflate), served by a socket
server on 127.0.0.1 for every request of the case. The properties: the check
returns one verdict per URL, in one of the three groups, never an exception;
a verdict of ok needs a 2xx; the Markdown and JSON reports are well formed
and hold no markup a server sent; and it finishes (the hypothesis deadline
fails a case that hangs).

Profile: ``LLM_ROADMAP_FUZZ=long`` (``nox -s fuzz``) for thousands of cases;
bounded by default (see ``tests/fuzz/_fuzz_common.py``).
"""

import contextlib
import gzip
import json
import socket
import tempfile
import threading
from collections.abc import Iterator

import pytest
from _fuzz_common import FUZZ, HOSTILE_URL
from hypothesis import given
from hypothesis import strategies as st

from llm_roadmap.http import HttpClient, RetryPolicy
from llm_roadmap.linkcheck import LinkStatus, check_links

STATUS_LINES = st.one_of(
    st.sampled_from(
        [
            b"HTTP/1.1 200 OK",
            b"HTTP/1.1 204 No Content",
            b"HTTP/1.1 301 Moved Permanently",
            b"HTTP/1.1 302 Found",
            b"HTTP/1.1 307 Temporary Redirect",
            b"HTTP/1.1 308 Permanent Redirect",
            b"HTTP/1.1 404 Not Found",
            b"HTTP/1.1 405 Method Not Allowed",
            b"HTTP/1.1 429 Too Many Requests",
            b"HTTP/1.1 503 Service Unavailable",
            b"HTTP/1.1 999 Request denied",
            b"HTTP/1.0 200 OK",
            b"HTTP/1.1 0 Zero",
            b"HTTP/1.1 2000 Big",
            b"HTTP/1.1 <b>x</b>",
            b"HTTP/9.9 200 Future",
            b"ICY 200 OK",
            b"",
        ]
    ),
    st.binary(max_size=40),
)

HEADER_NAMES = st.sampled_from(
    [
        b"Location",
        b"Retry-After",
        b"Content-Length",
        b"Content-Encoding",
        b"Transfer-Encoding",
        b"Set-Cookie",
        b"cf-mitigated",
        b"Content-Type",
        b"X-Junk",
    ]
)

RETRY_AFTER = st.sampled_from(
    [
        b"0",
        b"1",
        b"\xb2",
        "\u0663".encode(),
        b"-5",
        b"1e9",
        b"99999999999999999999999999",
        b"Wed, 21 Oct 2015 07:28:00 GMT",
        b"Mon, 01 Jan 99999 00:00:00 GMT",
        b"soon",
    ]
)

HEADER_VALUES = st.one_of(
    HOSTILE_URL.map(lambda url: url.encode("utf-8", "replace")),
    RETRY_AFTER,
    st.sampled_from([b"gzip", b"deflate", b"br", b"chunked", b"-1", b"10, 20", b"\xd9\xa3"]),
    st.binary(max_size=60).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b"")),
)

BODIES = st.one_of(
    st.just(b""),
    st.binary(max_size=300),
    st.just(gzip.compress(b"<html>" + b"a" * 5000)),
    st.just(gzip.compress(b"\0" * 3_000_000)),  # more than the client's max_body below
)


@st.composite
def answers(draw: st.DrawFn) -> bytes:
    """One raw HTTP answer, hostile in any part."""
    head = draw(STATUS_LINES)
    headers = draw(st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=6))
    body = draw(BODIES)
    lines = [head, *(name + b": " + value for name, value in headers)]
    if draw(st.booleans()):
        lines.append(b"Content-Length: %d" % len(body))
    cut = draw(st.sampled_from([None, None, None, 5, 40]))
    data = b"\r\n".join(lines) + b"\r\nConnection: close\r\n\r\n" + body
    return data if cut is None else data[:cut]


class OneAnswer:
    """A socket server on 127.0.0.1 that reads a request head and sends ``answer``, each time."""

    def __init__(self) -> None:
        self.answer = b""
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            conn.settimeout(2)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            conn.sendall(self.answer)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture(scope="module")
def server() -> Iterator[OneAnswer]:
    found = OneAnswer()
    yield found
    found.close()


@pytest.fixture(scope="module")
def client() -> Iterator[HttpClient]:
    with (
        tempfile.TemporaryDirectory() as cache,
        HttpClient(
            cache,
            timeout=(1.0, 1.0),
            retry=RetryPolicy(retries=1, backoff=0.01, max_backoff=0.02, retry_after_cap=0.5),
            max_body=1_000_000,
            environ={},
        ) as made,
    ):
        yield made


def check_report(report_urls: list[str], report: object) -> None:
    from llm_roadmap.linkcheck import LinkReport

    assert isinstance(report, LinkReport)
    assert [r.url for r in report.results] == report_urls
    for result in report.results:
        assert result.status in set(LinkStatus)
        assert result.reason and "\n" not in result.reason
        assert "Traceback" not in result.reason
        if result.status is LinkStatus.OK:
            assert result.http_status is not None and 200 <= result.http_status <= 299
    text = report.to_markdown()
    assert "<" not in text.replace("&lt;", "")
    for line in text.splitlines():
        if line.startswith("| http"):
            assert line.replace("\\|", "").count("|") == 4, line
    json.loads(json.dumps(report.to_json()))


@FUZZ
@given(answer=answers())
def test_any_answer_gets_a_verdict_and_a_clean_report(
    server: OneAnswer, client: HttpClient, answer: bytes
) -> None:
    server.answer = answer
    urls = [server.url("/a"), server.url("/b?x=<i>")]
    report = check_links(urls, client=client, refresh=True, workers=2, per_host=2)
    check_report(urls, report)


# Every real host name the URL strategy uses: replaced by the loopback address,
# so that no case leaves the machine (ports and brackets stay as hostile as drawn).
_REAL_HOSTS = ("example.org", "arxiv.org", "github.com", "例子.测试", "a-b.example")


@FUZZ
@given(url=HOSTILE_URL)
def test_any_cited_url_gets_a_verdict(client: HttpClient, url: str) -> None:
    from llm_roadmap.linkcheck.check import without_fragment

    for host in _REAL_HOSTS:
        url = url.replace(host, "127.0.0.1")
    report = check_links([url], client=client, refresh=True)
    check_report([without_fragment(url)], report)


def test_a_cited_url_with_an_unclosed_bracket_and_a_fragment_gets_a_verdict(
    client: HttpClient,
) -> None:
    # Found by the long fuzz run: urldefrag raised ValueError before any check.
    report = check_links(["http://[bad/#frag"], client=client, refresh=True)
    check_report(["http://[bad/"], report)
