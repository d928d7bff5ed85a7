"""Damaged, foreign and read-only stores (issue 13): repaired, or a clear error, never a traceback.

Each test names the class of failure it guards against; each failed on the
code before the fix (a traceback, an unusable command, or a file never moved).
"""

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Callable

import _linkcheck_helpers
import _servers
import pytest
from pytest_httpserver import HTTPServer

from llm_roadmap import NetworkError
from llm_roadmap.http import HttpClient
from llm_roadmap.linkcheck import LinkStatus, check_links

threaded_server = _servers.threaded_server
httpserver = _servers.httpserver
cache_dir = _linkcheck_helpers.cache_dir
make_client = _linkcheck_helpers.make_client

REPO = Path(__file__).resolve().parents[2]


def _schema_with_undecodable_name(path: Path) -> None:
    """A SQLite file whose schema record holds bytes that are not UTF-8 (SQLite quotes them)."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE responses (key TEXT PRIMARY KEY, value BLOB, expires INTEGER)")
        db.execute("CREATE TABLE redirects (key TEXT PRIMARY KEY, value BLOB, expires INTEGER)")
        db.execute("CREATE TABLE tx (a TEXT)")
        db.commit()
        db.execute("PRAGMA writable_schema=ON")
        sql = b"CREATE TABLE t\xff (a TEXT 4e4f54"
        db.execute(
            "UPDATE sqlite_master SET name = CAST(? AS TEXT), tbl_name = CAST(? AS TEXT),"
            " sql = CAST(? AS TEXT) WHERE name = 'tx'",
            (b"t\xff", b"t\xff", sql),
        )
        db.commit()


def test_http_cache_with_undecodable_schema_is_moved_aside(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    # Before: UnicodeDecodeError out of requests-cache's first PRAGMA, on every networked command.
    httpserver.expect_request("/page").respond_with_data("fresh")
    cache = tmp_path / "cache"
    cache.mkdir()
    _schema_with_undecodable_name(cache / "http-cache.sqlite")
    with pytest.warns(RuntimeWarning, match="HTTP cache .* could not be read"):
        client = HttpClient(cache, environ={}, timeout=(1, 1))
    with client:
        assert client.get(httpserver.url_for("/page")).text == "fresh"
        assert client.get(httpserver.url_for("/page")).from_cache is True
    assert len(list(cache.glob("http-cache.sqlite.corrupt-*"))) == 1


def test_linkcheck_results_with_undecodable_schema_are_moved_aside(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], cache_dir: Path
) -> None:
    httpserver.expect_request("/ok").respond_with_data("ok")
    cache_dir.mkdir(parents=True)
    _schema_with_undecodable_name(cache_dir / "linkcheck.sqlite")
    with pytest.warns(RuntimeWarning, match="link-check results"):
        report = check_links([httpserver.url_for("/ok")], client=make_client())
    assert report.results[0].status is LinkStatus.OK
    assert list(cache_dir.glob("linkcheck.sqlite.corrupt-*"))


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` unwritable for this process: chmod, or (as root) the immutable flag."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot make a file read-only as root here (no chattr)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_read_only_linkcheck_results_are_a_clear_error_and_left_alone(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], cache_dir: Path
) -> None:
    # Before: sqlite3.OperationalError ("attempt to write a readonly database") as a traceback.
    httpserver.expect_request("/ok").respond_with_data("ok")
    client = make_client()
    check_links([httpserver.url_for("/ok")], client=client)
    results = cache_dir / "linkcheck.sqlite"
    with contextlib.closing(sqlite3.connect(results)) as db:
        db.execute("PRAGMA journal_mode=DELETE")  # no -wal/-shm beside it to write
    before = results.read_bytes()
    with read_only(results), warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # nothing is moved aside
        with pytest.raises(NetworkError, match=r"cannot write the link-check results .*"):
            check_links([httpserver.url_for("/ok")], client=client, refresh=True)
    assert results.read_bytes() == before
    assert not list(cache_dir.glob("linkcheck.sqlite.corrupt-*"))


@pytest.mark.parametrize(
    "statements",
    [
        pytest.param(
            [
                "CREATE TABLE results (url TEXT PRIMARY KEY, data TEXT, expires REAL,"
                " owner TEXT NOT NULL)"
            ],
            id="extra-required-column",
        ),
        pytest.param(
            ["CREATE VIEW results AS SELECT 'u' AS url, 'd' AS data, 1.0 AS expires"],
            id="a-view",
        ),
    ],
)
def test_foreign_linkcheck_results_are_moved_aside(
    httpserver: HTTPServer,
    make_client: Callable[..., HttpClient],
    cache_dir: Path,
    statements: list[str],
) -> None:
    # Before: IntegrityError / "cannot modify results" from the first write, ending the run.
    httpserver.expect_request("/ok").respond_with_data("ok")
    cache_dir.mkdir(parents=True)
    with contextlib.closing(sqlite3.connect(cache_dir / "linkcheck.sqlite")) as db:
        for statement in statements:
            db.execute(statement)
        db.commit()
    client = make_client()
    with pytest.warns(RuntimeWarning, match="link-check results"):
        report = check_links([httpserver.url_for("/ok")], client=client)
    assert report.results[0].status is LinkStatus.OK
    assert list(cache_dir.glob("linkcheck.sqlite.corrupt-*"))
    again = check_links([httpserver.url_for("/ok")], client=client)
    assert again.results[0].from_cache is True  # the rebuilt store works


def test_rows_another_program_wrote_count_as_no_rows(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], cache_dir: Path
) -> None:
    # Before: TypeError ('<' between str and float) or a decode error from the first read.
    httpserver.expect_request("/a").respond_with_data("ok")
    httpserver.expect_request("/b").respond_with_data("ok")
    httpserver.expect_request("/c").respond_with_data("ok")
    urls = [httpserver.url_for(p) for p in ("/a", "/b", "/c")]
    cache_dir.mkdir(parents=True)
    with contextlib.closing(sqlite3.connect(cache_dir / "linkcheck.sqlite")) as db:
        db.execute("CREATE TABLE results (url TEXT PRIMARY KEY, data TEXT, expires TEXT)")
        db.execute("INSERT INTO results VALUES (?, ?, ?)", (urls[0], "{}", "tomorrow"))
        db.execute(
            "INSERT INTO results VALUES (?, CAST(? AS TEXT), ?)", (urls[1], b"\xff\xfe", 9e18)
        )
        db.execute("INSERT INTO results VALUES (?, ?, ?)", (urls[2], '{"status": "ok"}', 9e18))
        db.commit()
    report = check_links(urls, client=make_client())
    assert [r.status for r in report.results] == [LinkStatus.OK] * 3
    assert not any(r.from_cache for r in report.results)  # every row was unusable: checked


# -- JSON stores --------------------------------------------------------------------------


def deep_json(depth: int = 100_000) -> str:
    return '{"version": 1, "resources": ' + "[" * depth + "]" * depth + "}"


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLM_ROADMAP_")}
    env.update(
        LLM_ROADMAP_DATA_DIR=str(tmp_path / "data-dir"),
        LLM_ROADMAP_CACHE_DIR=str(tmp_path / "cache"),
        LLM_ROADMAP_PLUGINS="",
        LLM_ROADMAP_LANG="en",
    )
    return env


def test_deeply_nested_metadata_store_does_not_stop_tracks(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    # Before: RecursionError from json.loads in every load(): every command failed.
    store = tmp_path / "data-dir" / "metadata.json"
    store.parent.mkdir()
    store.write_text(deep_json(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "llm_roadmap", "tracks"],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "metadata store" in done.stderr and "nested too deep" in done.stderr
    (aside,) = store.parent.glob("metadata.json.corrupt-*")
    assert aside.read_text(encoding="utf-8") == deep_json()  # nothing lost
    assert not store.exists()


def test_deeply_nested_progress_file_is_moved_aside(tmp_path: Path) -> None:
    # Before: RecursionError out of Progress.load (only ValueError was caught).
    from llm_roadmap import Progress, ProgressWarning

    path = tmp_path / "progress.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.warns(ProgressWarning, match="nested too deep"):
        progress = Progress.load(path)
    assert not progress.resources
    assert list(tmp_path.glob("progress.json.damaged-*"))


def test_metadata_store_of_another_layout_is_kept_aside_not_overwritten(tmp_path: Path) -> None:
    from llm_roadmap.metadata import MetadataStore

    path = tmp_path / "metadata.json"
    path.write_text(json.dumps({"version": 99, "resources": {"x": {}}}), encoding="utf-8")
    with pytest.warns(RuntimeWarning, match="not a version 1 store"):
        store = MetadataStore.open(path)
    store.save()
    (aside,) = tmp_path.glob("metadata.json.corrupt-*")
    assert json.loads(aside.read_text(encoding="utf-8"))["version"] == 99
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1


def test_metadata_store_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    from llm_roadmap import RoadmapError
    from llm_roadmap.metadata import MetadataStore

    blocker = tmp_path / "metadata.json"
    blocker.mkdir()  # a directory where the file goes
    with pytest.warns(RuntimeWarning, match="cannot read"):
        store = MetadataStore.open(blocker)
    with pytest.raises(RoadmapError, match="cannot write the metadata store"):
        store.save()
    assert blocker.is_dir()
