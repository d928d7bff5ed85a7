"""arXiv metadata against a real HTTP server on 127.0.0.1 serving hand-written Atom feeds."""

import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from werkzeug import Request, Response

from llm_roadmap import Identifiers, Kind, Resource, Text
from llm_roadmap.http import HttpClient, RetryPolicy
from llm_roadmap.sources import arxiv
from llm_roadmap.sources.arxiv import FeedError, arxiv_id, fetch, parse_feed, year_of

FEED_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?id_list=x" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: id_list=x</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2024-05-01T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{n}</opensearch:totalResults>
"""

ENTRIES = {
    "1706.03762": """
  <entry>
    <id>http://arxiv.org/abs/1706.03762v7</id>
    <updated>2023-08-02T00:41:18Z</updated>
    <published>2017-06-12T17:57:34Z</published>
    <title>Attention Is All
  You Need</title>
    <summary>  The dominant sequence transduction models are based on complex recurrent or
convolutional neural networks.
    </summary>
    <author><name>Ashish Vaswani</name></author>
    <author><name>Noam Shazeer</name></author>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">15 pages, 5 figures</arxiv:comment>
    <link href="http://arxiv.org/abs/1706.03762v7" rel="alternate" type="text/html"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL"/>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>""",
    "1810.04805": """
  <entry>
    <id>http://arxiv.org/abs/1810.04805v2</id>
    <updated>2019-05-24T20:37:26Z</updated>
    <published>2018-10-11T00:50:01Z</published>
    <title>BERT: Pre-training of Deep Bidirectional Transformers for Language
  Understanding</title>
    <summary>We introduce a new language representation model called BERT.</summary>
    <author><name>Jacob Devlin</name></author>
    <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.18653/v1/N19-1423</arxiv:doi>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
  </entry>""",
    "hep-th/9901001": """
  <entry>
    <id>http://arxiv.org/abs/hep-th/9901001v3</id>
    <updated>1999-03-01T00:00:00Z</updated>
    <published>1999-01-01T00:00:00Z</published>
    <title>An Old-Style Identifier</title>
    <summary>Physics.</summary>
    <author><name>A. Physicist</name></author>
  </entry>""",
}

ERROR_ENTRY = """
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_{id}</id>
    <title>Error</title>
    <summary>incorrect id format for {id}</summary>
    <updated>2024-05-01T00:00:00-04:00</updated>
    <author><name>arXiv api core</name></author>
  </entry>"""


def feed(ids: list[str]) -> str:
    body = "".join(ENTRIES.get(i, ERROR_ENTRY.format(id=i)) for i in ids)
    return FEED_HEAD.format(n=len(ids)) + body + "\n</feed>\n"


def paper(resource_id: str, arxiv_value: str) -> Resource:
    return Resource(
        id=resource_id,
        title=Text.same(resource_id),
        url=f"https://arxiv.org/abs/{arxiv_value}",
        kind=Kind.PAPER,
        language="en",
        description=Text.same("d"),
        identifiers=Identifiers(arxiv=arxiv_value),
    )


class FeedServer:
    """Answers the export API like arXiv, recording each request's ids, times and overlap."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.max_results: list[str] = []
        self.starts: list[float] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self.starts.append(time.monotonic())
        try:
            query = parse_qs(request.query_string.decode())
            ids = query["id_list"][0].split(",")
            self.calls.append(ids)
            self.max_results.append(query["max_results"][0])
            time.sleep(0.05)
            return Response(feed(ids), content_type="application/atom+xml; charset=utf-8")
        finally:
            with self.lock:
                self.in_flight -= 1


@pytest.fixture
def client(tmp_path: Path) -> Any:
    with HttpClient(tmp_path / "cache", retry=RetryPolicy(retries=0)) as made:
        yield made


@pytest.fixture
def server(httpserver: Any) -> FeedServer:
    handler = FeedServer()
    httpserver.expect_request("/api/query").respond_with_handler(handler)
    return handler


# -- parsing -------------------------------------------------------------------


def test_parse_feed_reads_every_field_and_skips_error_entries() -> None:
    parsed = parse_feed(feed(["1706.03762", "1810.04805", "9999.99999"]))
    assert set(parsed) == {"1706.03762", "1810.04805"}
    attention = parsed["1706.03762"]
    assert attention == {
        "title": "Attention Is All You Need",
        "authors": ["Ashish Vaswani", "Noam Shazeer"],
        "year": 2017,
        "published": "2017-06-12",
        "updated": "2023-08-02",
        "abstract": "The dominant sequence transduction models are based on complex recurrent "
        "or convolutional neural networks.",
        "version": 7,
        "url": "https://arxiv.org/abs/1706.03762",
        "categories": ["cs.CL", "cs.LG"],
    }
    assert parsed["1810.04805"]["doi"] == "10.18653/v1/N19-1423"
    assert parsed["1810.04805"]["version"] == 2


def test_parse_feed_reads_old_style_ids() -> None:
    parsed = parse_feed(feed(["hep-th/9901001"]))
    assert parsed["hep-th/9901001"]["version"] == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [("not xml at all <", "not XML"), ("<html><body>busy</body></html>", "not an Atom feed")],
)
def test_parse_feed_rejects_what_is_not_a_feed(text: str, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(text)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://arxiv.org/abs/1706.03762", ("1706.03762", None)),
        ("https://arxiv.org/abs/1706.03762v5", ("1706.03762", 5)),
        ("https://arxiv.org/pdf/2407.11046", ("2407.11046", None)),
        ("http://arxiv.org/pdf/2407.11046v1.pdf", ("2407.11046", 1)),
        ("https://www.arxiv.org/html/2503.01840v2", ("2503.01840", 2)),
        ("https://arxiv.org/abs/hep-th/9901001", ("hep-th/9901001", None)),
        ("https://arxiv.org/list/cs.CL/recent", None),
        ("https://example.org/abs/1706.03762", None),
    ],
)
def test_arxiv_id_from_urls(url: str, expected: Any) -> None:
    assert arxiv_id(url) == expected


def test_year_of_ids() -> None:
    assert year_of("1706.03762") == 2017
    assert year_of("0704.0001") == 2007
    assert year_of("hep-th/9901001") == 1999
    assert year_of("2503.01840") == 2025


# -- fetching -------------------------------------------------------------------


def test_fetch_in_batches_with_missing_ids(
    client: Any, server: FeedServer, httpserver: Any
) -> None:
    resources = [
        paper("attention", "1706.03762"),
        paper("bert", "1810.04805"),
        paper("attention-again", "1706.03762"),  # one id, two resources: asked once
        paper("ghost", "2999.00001"),
    ]
    arrived: list[str] = []
    result = fetch(
        resources,
        client=client,
        base_url=httpserver.url_for("/api/query"),
        batch_size=2,
        min_interval=0,
        on_fields=lambda rid, f: arrived.append(rid),
    )
    assert arrived == ["attention", "attention-again", "bert"]
    assert server.calls == [["1706.03762", "1810.04805"], ["2999.00001"]]
    assert server.max_results == ["2", "1"]
    assert set(result.fields) == {"attention", "bert", "attention-again"}
    assert result.fields["attention"]["title"] == "Attention Is All You Need"
    assert result.fields["attention-again"] == result.fields["attention"]
    assert result.missing == ("ghost",)
    assert result.complete
    assert any("ghost" in m for m in result.messages)


def test_requests_are_paced_one_at_a_time_and_cache_hits_do_not_wait(
    client: Any, server: FeedServer, httpserver: Any
) -> None:
    resources = [paper(f"p{i}", i) for i in ("1706.03762", "1810.04805", "hep-th/9901001")]
    url = httpserver.url_for("/api/query")
    started = time.monotonic()
    first = fetch(resources, client=client, base_url=url, batch_size=1, min_interval=0.4)
    assert len(first.fields) == 3
    assert len(server.starts) == 3
    gaps = [b - a for a, b in zip(server.starts, server.starts[1:])]
    assert min(gaps) >= 0.4
    assert server.max_in_flight == 1
    assert time.monotonic() - started >= 0.8
    # The same run again: every answer is fresh in the cache, so nothing is sent
    # and nothing waits.
    started = time.monotonic()
    again = fetch(resources, client=client, base_url=url, batch_size=1, min_interval=0.4)
    # Paced, the three would take at least 0.8 s (two gaps of 0.4 s).
    assert time.monotonic() - started < 0.8
    assert len(server.starts) == 3
    assert again.fields == first.fields


def test_default_pace_is_three_seconds(client: Any, server: FeedServer, httpserver: Any) -> None:
    # A fake clock and sleep: the test checks the waits asked for without waiting.
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    resources = [paper("a", "1706.03762"), paper("b", "1810.04805")]
    fetch(
        resources,
        client=client,
        base_url=httpserver.url_for("/api/query"),
        batch_size=1,
        clock=lambda: now[0],
        sleep=sleep,
    )
    assert arxiv.MIN_INTERVAL == 3.0
    assert waits == [3.0]
    assert client.host_policy("http://export.arxiv.org/api/query").min_interval >= 3.0
    assert client.host_policy("http://export.arxiv.org/api/query").max_connections == 1


def test_endpoint_from_the_environment(client: Any, server: FeedServer, httpserver: Any) -> None:
    result = fetch(
        [paper("a", "1706.03762")],
        client=client,
        environ={arxiv.API_ENV: httpserver.url_for("/api/query")},
        min_interval=0,
    )
    assert result.fields["a"]["version"] == 7
    assert server.calls == [["1706.03762"]]


def test_a_failing_batch_stops_the_run_and_keeps_what_came_before(
    client: Any, httpserver: Any
) -> None:
    calls = []

    def handler(request: Request) -> Response:
        ids = parse_qs(request.query_string.decode())["id_list"][0].split(",")
        calls.append(ids)
        if len(calls) == 1:
            return Response(feed(ids), content_type="application/atom+xml")
        return Response("overloaded", status=503)

    httpserver.expect_request("/api/query").respond_with_handler(handler)
    resources = [paper(f"p{i}", i) for i in ("1706.03762", "1810.04805", "hep-th/9901001")]
    result = fetch(
        resources,
        client=client,
        base_url=httpserver.url_for("/api/query"),
        batch_size=1,
        min_interval=0,
    )
    assert not result.complete
    assert list(result.fields) == ["p1706.03762"]
    assert len(calls) == 2  # stopped: the third batch was never asked for
    assert "HTTP 503" in result.messages[-1]


def test_an_answer_that_is_not_a_feed_stops_the_run(client: Any, httpserver: Any) -> None:
    httpserver.expect_request("/api/query").respond_with_data("<html>maintenance</html>")
    result = fetch(
        [paper("a", "1706.03762")], client=client, base_url=httpserver.url_for("/api/query")
    )
    assert not result.complete and not result.fields
    assert "not an Atom feed" in result.messages[-1]


def test_offline_answers_from_the_cache_only(
    tmp_path: Path, server: FeedServer, httpserver: Any
) -> None:
    url = httpserver.url_for("/api/query")
    resources = [paper("a", "1706.03762"), paper("b", "1810.04805")]
    with HttpClient(tmp_path / "cache", offline=True) as offline:
        nothing = fetch(resources, client=offline, base_url=url, batch_size=1)
    assert not nothing.fields and nothing.complete
    assert "2 id(s) are not in the cache" in nothing.messages[-1]
    assert server.calls == []
    with HttpClient(tmp_path / "cache") as online:
        fetch(resources[:1], client=online, base_url=url, batch_size=1, min_interval=0)
    with HttpClient(tmp_path / "cache", offline=True) as offline:
        some = fetch(resources, client=offline, base_url=url, batch_size=1)
    assert list(some.fields) == ["a"]
    assert server.calls == [["1706.03762"]]


def test_resources_without_an_arxiv_id_are_not_asked_about(client: Any, httpserver: Any) -> None:
    other = Resource(
        id="book",
        title=Text.same("Book"),
        url="https://example.org/book",
        kind=Kind.BOOK,
        language="en",
        description=Text.same("d"),
    )
    result = fetch([other], client=client, base_url=httpserver.url_for("/api/query"))
    assert result.fields == {} and result.complete
    assert not arxiv.handles(other)
    assert len(httpserver.log) == 0
