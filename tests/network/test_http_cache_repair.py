"""A broken HTTP cache: damage is moved aside and rebuilt, transient errors are retried."""

import contextlib
import sqlite3
import warnings
from pathlib import Path
from typing import Any, Callable

import _http_helpers
import _servers
import pytest
from _http_helpers import hits
from pytest_httpserver import HTTPServer

from llm_roadmap.errors import NetworkError
from llm_roadmap.http import HttpClient

threaded_server = _servers.threaded_server
httpserver = _servers.httpserver
make_client = _http_helpers.make_client


# -- a broken cache ------------------------------------------------------------------------


def test_garbage_cache_file_is_moved_aside_and_rebuilt(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], tmp_path: Path
) -> None:
    httpserver.expect_request("/page").respond_with_data("fresh")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "http-cache.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.warns(RuntimeWarning, match="could not be read"):
        client = make_client()
    moved = list(cache.glob("http-cache.sqlite.corrupt-*"))
    assert len(moved) == 1
    assert moved[0].read_bytes().startswith(b"this is not a database")
    response = client.get(httpserver.url_for("/page"))
    assert response.text == "fresh"
    assert client.get(httpserver.url_for("/page")).from_cache is True


def test_database_requests_cache_cannot_read_is_moved_aside(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], tmp_path: Path
) -> None:
    httpserver.expect_request("/page").respond_with_data("fresh")
    cache = tmp_path / "cache"
    cache.mkdir()
    with contextlib.closing(sqlite3.connect(cache / "http-cache.sqlite")) as db:
        db.execute("CREATE TABLE responses (something_else TEXT)")
        db.commit()
    with pytest.warns(RuntimeWarning, match="could not be read"):
        client = make_client()
    assert len(list(cache.glob("http-cache.sqlite.corrupt-*"))) == 1
    assert client.get(httpserver.url_for("/page")).status_code == 200
    assert client.get(httpserver.url_for("/page")).from_cache is True


def test_cache_corrupted_while_in_use_is_rebuilt(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], tmp_path: Path
) -> None:
    httpserver.expect_request("/page").respond_with_data("fresh")
    client = make_client()
    client.get(httpserver.url_for("/page"))
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{client.cache_path}{suffix}")
        if path.exists():
            path.write_bytes(b"\x00garbage" * 4096)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = client.get(httpserver.url_for("/page"))
    assert response.status_code == 200
    assert any("could not be read" in str(w.message) for w in caught)
    assert client.get(httpserver.url_for("/page")).from_cache is True


def test_cache_path_that_cannot_be_opened_is_left_alone(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "http-cache.sqlite").mkdir(parents=True)  # a directory: SQLite cannot open it
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # the corruption warning
        with pytest.raises(NetworkError, match="cannot open the HTTP cache"):
            HttpClient(cache, environ={})
    assert (cache / "http-cache.sqlite").is_dir()
    assert list(cache.glob("*.corrupt-*")) == []


class FlakyConnection:
    """A real SQLite connection whose statements fail, while the plan says, as racing ones do."""

    def __init__(self, real: sqlite3.Connection, plan: "Failures") -> None:
        self.real = real
        self.plan = plan

    def execute(self, *args: Any) -> Any:
        if self.plan.failures > 0:
            self.plan.failures -= 1
            raise self.plan.error
        return self.real.execute(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


class Failures:
    """How many statements on the cache's connections fail from now on, and with what."""

    def __init__(self) -> None:
        self.error: sqlite3.Error = sqlite3.DatabaseError("not armed")
        self.failures = 0

    def arm(self, error: sqlite3.Error, failures: int) -> "Failures":
        self.error, self.failures = error, failures
        return self


@pytest.fixture
def flaky(monkeypatch: pytest.MonkeyPatch) -> Failures:
    """Every SQLite connection opened to an HTTP cache from now on fails as the plan says.

    Only the public ``sqlite3.connect`` is replaced: the cache opens its
    connections through it, so no private attribute of requests-cache is
    touched. A cache that opened its connections some other way would not
    see the failures, and the assertions that they happened would fail.
    """
    plan = Failures()
    connect = sqlite3.connect

    def flaky_connect(database: Any, *args: Any, **kwargs: Any) -> Any:
        real = connect(database, *args, **kwargs)
        if str(database).endswith("http-cache.sqlite"):
            return FlakyConnection(real, plan)
        return real

    monkeypatch.setattr(sqlite3, "connect", flaky_connect)
    return plan


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.DatabaseError("no more rows available"),
        sqlite3.InterfaceError("bad parameter or other API misuse"),
        sqlite3.OperationalError("database is locked"),
    ],
)
def test_transient_cache_errors_are_retried_not_taken_for_corruption(
    httpserver: HTTPServer,
    make_client: Callable[..., HttpClient],
    flaky: Failures,
    error: sqlite3.Error,
) -> None:
    httpserver.expect_request("/page").respond_with_data("kept")
    client = make_client()
    client.get(httpserver.url_for("/page"))
    flaky.arm(error, failures=2)
    with warnings.catch_warnings():
        # A corruption warning (RuntimeWarning) would fail the test; other
        # libraries' deprecation warnings (idna on old Pythons) would not.
        warnings.simplefilter("error", RuntimeWarning)
        response = client.get(httpserver.url_for("/page"))
    assert flaky.failures == 0  # the errors did happen
    assert (response.from_cache, response.text) == (True, "kept")
    assert hits(httpserver, "/page") == 1
    assert list(client.cache_path.parent.glob("*.corrupt-*")) == []


def test_a_transient_error_that_persists_is_a_cache_miss(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], flaky: Failures
) -> None:
    httpserver.expect_request("/page").respond_with_data("fetched again")
    client = make_client()
    client.get(httpserver.url_for("/page"))
    flaky.arm(sqlite3.DatabaseError("not an error"), failures=1000)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # the corruption warning
        response = client.get(httpserver.url_for("/page"))
    # The read failed every time: a miss, answered by the server; nothing moved aside.
    assert (response.status_code, response.text, response.from_cache) == (
        200,
        "fetched again",
        False,
    )
    assert hits(httpserver, "/page") == 2
    assert 0 < flaky.failures < 1000  # the errors did happen, and were not retried forever
    assert list(client.cache_path.parent.glob("*.corrupt-*")) == []
