"""What the link-check tests share: fast retries, a client on the test's cache dir, lookups."""

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

import pytest
from pytest_httpserver import HTTPServer

from llm_roadmap.http import HttpClient, RetryPolicy
from llm_roadmap.linkcheck import LinkReport, LinkResult

FAST = RetryPolicy(retries=1, backoff=0.01, max_backoff=0.02, retry_after_cap=2)


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def make_client(cache_dir: Path) -> Iterator[Callable[..., HttpClient]]:
    clients: list[HttpClient] = []

    def make(**options: Any) -> HttpClient:
        options.setdefault("timeout", (1.0, 0.5))
        options.setdefault("retry", FAST)
        options.setdefault("environ", {})
        made = HttpClient(cache_dir, **options)
        clients.append(made)
        return made

    yield make
    for made in clients:
        made.close()


def hits(server: HTTPServer, path: str, method: str = "") -> int:
    return sum(
        1
        for request, _ in server.log
        if request.path == path and (not method or request.method == method)
    )


def by_url(report: LinkReport) -> dict[str, LinkResult]:
    return {result.url: result for result in report.results}


def reset_at_once(conn: socket.socket, index: int) -> None:
    """Read the request, answer nothing, reset the connection."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def resources_toml(server: HTTPServer, entries: list[tuple[str, ...]]) -> str:
    blocks = []
    for entry in entries:
        resource_id, path, *links = entry
        block = f"""
        [[resources]]
        id = "{resource_id}"
        title = "Resource {resource_id}"
        url = "{server.url_for(path)}"
        kind = "article"
        language = "en"
        description = {{ zh = "测试。", en = "A test." }}
        """
        for link in links:
            block += f"""
        [[resources.links]]
        url = "{server.url_for(link)}"
        label = {{ zh = "镜像", en = "Mirror" }}
        """
        blocks.append(block)
    return "".join(blocks)
