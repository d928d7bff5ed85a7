"""``llm-roadmap check-links`` against real servers on 127.0.0.1."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import _linkcheck_helpers
import _servers
import pytest
from _linkcheck_helpers import hits, resources_toml
from _servers import RawServer, Recorder
from pytest_httpserver import HTTPServer
from werkzeug import Response

# The fixtures: a threaded server per module, cleared per test; a client on the test's cache dir.
raw_server = _servers.raw_server
threaded_server = _servers.threaded_server
httpserver = _servers.httpserver
cache_dir = _linkcheck_helpers.cache_dir


# -- the command -----------------------------------------------------------------------------


@pytest.fixture
def cli_env(cache_dir: Path) -> dict[str, str]:
    # The test's own data directory (conftest) is kept: nothing may reach the real one.
    env = {
        k: v
        for k, v in os.environ.items()
        if k == "LLM_ROADMAP_DATA_DIR" or not k.startswith("LLM_ROADMAP_")
    }
    env.update(
        LLM_ROADMAP_CACHE_DIR=str(cache_dir),
        # Only the test's data: neither the bundled roadmap nor any installed
        # plugin may add URLs out on the internet.
        LLM_ROADMAP_PLUGINS="",
        LLM_ROADMAP_DISABLE_PLUGINS="llm_roadmap.bundled",
        LLM_ROADMAP_LANG="en",
    )
    return env


def command(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "llm_roadmap", "--data", str(data), "check-links", *args]


@pytest.fixture
def cli(cli_env: dict[str, str]) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command(data, *args), env=cli_env, capture_output=True, text=True, timeout=60
        )

    return run


@pytest.fixture
def site(httpserver: HTTPServer, write_data: Callable[..., Path]) -> Path:
    httpserver.expect_request("/good").respond_with_data("good")
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/good"}
    )
    httpserver.expect_request("/dead").respond_with_data("", status=404)
    return write_data(
        resources=resources_toml(
            httpserver, [("good", "/good"), ("old", "/old"), ("dead", "/dead")]
        )
    )


def test_cli_exit_1_and_plain_lines_when_broken(
    cli: Callable[..., subprocess.CompletedProcess[str]], site: Path, httpserver: HTTPServer
) -> None:
    done = cli("--timeout", "2", data=site)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert f"broken\t{httpserver.url_for('/dead')}\tHTTP 404\tdead" in lines
    assert f"moved\t{httpserver.url_for('/old')}\t{httpserver.url_for('/good')}\told" in lines
    assert "3 links: 2 ok, 1 broken, 0 indeterminate, 1 moved permanently" in done.stderr
    assert "\x1b[" not in done.stdout + done.stderr  # piped: no progress bar, no colours


def test_cli_json_markdown_rerun_and_offline(
    cli: Callable[..., subprocess.CompletedProcess[str]],
    site: Path,
    httpserver: HTTPServer,
    tmp_path: Path,
) -> None:
    done = cli("--json", data=site)
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["summary"]["ok"] == 2
    assert data["summary"]["from_cache"] == 0
    statuses = {r["url"]: r["status"] for r in data["results"]}
    assert statuses[httpserver.url_for("/dead")] == "broken"

    report = tmp_path / "links.md"
    done = cli("-o", str(report), data=site)
    assert done.returncode == 1
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Link check")
    assert f"| {httpserver.url_for('/dead')} | HTTP 404 | dead |" in text
    assert "from the cache" in done.stderr
    assert "2 from the cache" in done.stderr  # the rerun asked only about the broken link

    requests_before = len(httpserver.log)
    done = cli("--offline", "--json", data=site)
    assert len(httpserver.log) == requests_before  # never the network
    data = json.loads(done.stdout)
    assert data["summary"]["offline"] is True
    assert data["summary"]["ok"] == 2
    assert statuses.keys() == {r["url"] for r in data["results"]}
    # Offline, an unremembered failure is indeterminate: nothing "broken" is proven.
    assert done.returncode == 0
    assert cli("--offline", "--strict", data=site).returncode == 1


def test_cli_strict_fails_on_indeterminate_only_when_asked(
    cli: Callable[..., subprocess.CompletedProcess[str]],
    httpserver: HTTPServer,
    write_data: Callable[..., Path],
) -> None:
    httpserver.expect_request("/fine").respond_with_data("fine")
    httpserver.expect_request("/wall").respond_with_data(
        "", status=403, headers={"cf-mitigated": "challenge"}
    )
    data = write_data(resources=resources_toml(httpserver, [("fine", "/fine"), ("wall", "/wall")]))
    relaxed = cli(data=data)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "indeterminate\t" in relaxed.stdout
    assert cli("--strict", data=data).returncode == 1


def test_cli_rejects_an_output_without_a_format(
    cli: Callable[..., subprocess.CompletedProcess[str]], site: Path, tmp_path: Path
) -> None:
    done = cli("-o", str(tmp_path / "report.txt"), data=site)
    assert done.returncode == 2
    assert "--json or --markdown" in done.stderr


def test_cli_ctrl_c_keeps_what_it_learnt(
    cli: Callable[..., subprocess.CompletedProcess[str]],
    cli_env: dict[str, str],
    httpserver: HTTPServer,
    write_data: Callable[..., Path],
) -> None:
    slow = Recorder(lambda r, i: Response("ok"), delay=0.2)
    for n in range(40):
        httpserver.expect_request(f"/c{n}").respond_with_handler(slow)
    data = write_data(
        resources=resources_toml(httpserver, [(f"r{n}", f"/c{n}") for n in range(40)])
    )
    process = subprocess.Popen(
        command(data, "--workers", "2"),
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while len(slow.arrivals) < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 130, stderr
    assert "Interrupted" in stderr
    assert len(slow.arrivals) < 40
    offline = cli("--offline", "--json", data=data)
    learnt = json.loads(offline.stdout)["summary"]["ok"]
    assert 4 <= learnt < 40


def test_check_links_is_listed_in_help(
    cli: Callable[..., subprocess.CompletedProcess[str]], site: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "llm_roadmap", "check-links", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert re.search(r"--offline\s", done.stdout)
    assert "--strict" in done.stdout


def test_cli_ctrl_c_does_not_wait_for_a_hanging_request(
    cli: Callable[..., subprocess.CompletedProcess[str]],
    cli_env: dict[str, str],
    httpserver: HTTPServer,
    raw_server: Callable[..., RawServer],
    write_data: Callable[..., Path],
) -> None:
    httpserver.expect_request("/good").respond_with_data("good")
    silent = raw_server("hang")
    hanging = f"""
        [[resources]]
        id = "hanging"
        title = "Resource hanging"
        url = "{silent.url("/never")}"
        kind = "article"
        language = "en"
        description = {{ zh = "测试。", en = "A test." }}
        """
    data = write_data(resources=resources_toml(httpserver, [("good", "/good")]) + hanging)
    process = subprocess.Popen(
        command(data, "--workers", "2", "--timeout", "120"),
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while (hits(httpserver, "/good") == 0 or silent.connections == 0) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.05)
    time.sleep(0.3)  # the good URL's result is committed
    process.send_signal(signal.SIGINT)
    # The request in flight would hold the exit for its 120 s timeout.
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Interrupted" in stderr
    offline = json.loads(cli("--offline", "--json", data=data).stdout)
    statuses = {r["url"]: r["status"] for r in offline["results"]}
    assert statuses[httpserver.url_for("/good")] == "ok"
    assert statuses[silent.url("/never")] == "indeterminate"
