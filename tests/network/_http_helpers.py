"""What the HTTP client tests share: fast retries, a client on a temporary cache, hit counts."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
from pytest_httpserver import HTTPServer

from llm_roadmap.http import HttpClient, RetryPolicy

FAST = RetryPolicy(retries=2, backoff=0.01, max_backoff=0.05, retry_after_cap=5)


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., HttpClient]]:
    clients: list[HttpClient] = []

    def make(**options: Any) -> HttpClient:
        options.setdefault("timeout", (1.0, 1.0))
        options.setdefault("retry", FAST)
        options.setdefault("environ", {})
        made = HttpClient(options.pop("cache_dir", tmp_path / "cache"), **options)
        clients.append(made)
        return made

    yield make
    for made in clients:
        made.close()


def hits(server: HTTPServer, path: str, method: Optional[str] = None) -> int:
    return sum(
        1
        for request, _ in server.log
        if request.path == path and (method is None or request.method == method)
    )
