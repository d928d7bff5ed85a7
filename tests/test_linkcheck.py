"""The link checker and ``llm-roadmap check-links`` against real servers on 127.0.0.1."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

import pytest
import test_http
from pytest_httpserver import HTTPServer
from test_http import RawServer, Recorder, free_port
from werkzeug import Request, Response

import llm_roadmap
from llm_roadmap.http import HttpClient, RetryPolicy
from llm_roadmap.linkcheck import LinkReport, LinkResult, LinkStatus, check_links, collect_urls

# The fixtures, shared with test_http: a threaded server per module, cleared per test.
raw_server = test_http.raw_server
threaded_server = test_http.threaded_server
httpserver = test_http.httpserver

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


# -- the three groups --------------------------------------------------------------------


def test_each_kind_of_answer_lands_in_its_group(
    httpserver: HTTPServer,
    make_client: Callable[..., HttpClient],
    raw_server: Callable[..., RawServer],
) -> None:
    ok = httpserver.url_for
    httpserver.expect_request("/ok").respond_with_data("fine")
    httpserver.expect_request("/slow").respond_with_handler(
        Recorder(lambda r, i: Response("late"), delay=0.2)
    )
    httpserver.expect_request("/missing").respond_with_data("", status=404)
    httpserver.expect_request("/gone").respond_with_data("", status=410)
    httpserver.expect_request("/no-head", method="HEAD").respond_with_data("", status=405)
    httpserver.expect_request("/no-head", method="GET").respond_with_data("body")
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/older"}
    )
    httpserver.expect_request("/older").respond_with_data(
        "", status=302, headers={"Location": "/ok"}
    )
    httpserver.expect_request("/temp").respond_with_data(
        "", status=307, headers={"Location": "/ok"}
    )
    httpserver.expect_request("/ping").respond_with_data(
        "", status=302, headers={"Location": "/pong"}
    )
    httpserver.expect_request("/pong").respond_with_data(
        "", status=308, headers={"Location": "/ping"}
    )
    httpserver.expect_request("/busy").respond_with_data(
        "", status=429, headers={"Retry-After": "0"}
    )
    httpserver.expect_request("/down").respond_with_data("", status=503)
    flaky = Recorder(lambda r, i: Response("", status=503) if i == 0 else Response("back"))
    httpserver.expect_request("/flaky").respond_with_handler(flaky)
    httpserver.expect_request("/linkedin").respond_with_data("", status=999)
    httpserver.expect_request("/wall").respond_with_data(
        "", status=403, headers={"cf-mitigated": "challenge"}
    )
    hanging = raw_server("hang")
    resetting = raw_server(reset_at_once)
    tls = ok("/ok").replace("http://", "https://")
    refused = f"http://127.0.0.1:{free_port()}/"
    urls = [ok(p) for p in ("/ok", "/slow", "/no-head", "/old", "/temp", "/flaky")]
    broken = [ok(p) for p in ("/missing", "/gone", "/ping")] + [refused, tls]
    unknown = [ok(p) for p in ("/busy", "/down", "/linkedin", "/wall")]
    unknown += [hanging.url("/hang"), resetting.url("/reset")]

    report = check_links(urls + broken + unknown, client=make_client(), workers=8)

    results = by_url(report)
    assert {r.url for r in report.ok} == set(urls)
    assert {r.url for r in report.broken} == set(broken)
    assert {r.url for r in report.indeterminate} == set(unknown)
    assert [r.url for r in report.results] == urls + broken + unknown  # the order given
    assert results[ok("/missing")].reason == "HTTP 404"
    assert results[ok("/gone")].http_status == 410
    assert results[ok("/ping")].reason == "redirect loop"
    assert results[refused].reason == "connection refused"
    assert results[tls].reason == "TLS/SSL error"
    assert results[ok("/no-head")].method == "GET"
    assert results[ok("/ok")].method == "HEAD"
    assert "429" in results[ok("/busy")].reason
    assert results[ok("/linkedin")].reason == "bot wall (HTTP 999)"
    assert "cf-mitigated" in results[ok("/wall")].reason
    assert results[hanging.url("/hang")].reason == "timed out"
    assert hanging.connections == 1  # a timeout is not retried by the link checker
    assert results[ok("/down")].reason == "HTTP 503 after retries"
    # Permanent redirects are reported with where they lead; temporary ones are not "moved".
    assert [r.url for r in report.moved] == [ok("/old")]
    assert results[ok("/old")].final_url == ok("/ok")
    assert [h.status for h in results[ok("/old")].redirects] == [301, 302]
    assert results[ok("/temp")].moved is False
    assert results[ok("/temp")].final_url == ok("/ok")
    # 429 and 503 were retried; a 404 is not.
    assert hits(httpserver, "/busy", "HEAD") == FAST.retries + 1
    assert hits(httpserver, "/missing", "HEAD") == 1
    assert report.exit_code() == 1


def test_head_405_falls_back_to_a_get_that_does_not_read_the_body(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    def endless(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(50):  # 5 s of body if anyone read it all
                time.sleep(0.1)
                yield b"x" * 1024

        return Response(body(), status=200)

    httpserver.expect_request("/big", method="HEAD").respond_with_data("", status=405)
    httpserver.expect_request("/big", method="GET").respond_with_handler(endless)
    started = time.monotonic()
    report = check_links([httpserver.url_for("/big")], client=make_client())
    assert report.results[0].status is LinkStatus.OK
    assert report.results[0].method == "GET"
    assert time.monotonic() - started < 2.0


def test_each_url_is_checked_once(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient]
) -> None:
    httpserver.expect_request("/page").respond_with_data("page")
    url = httpserver.url_for("/page")
    report = check_links(
        {url: ["a"], url + "#part-2": ["b"], url + "#top": ["a", "c"]}, client=make_client()
    )
    assert len(report.results) == 1
    assert report.results[0].resources == ("a", "b", "c")
    assert hits(httpserver, "/page") == 1


def test_roadmap_resource_and_link_urls_are_all_checked(
    httpserver: HTTPServer, make_client: Callable[..., HttpClient], write_data: Callable[..., Path]
) -> None:
    httpserver.expect_request("/book").respond_with_data("book")
    httpserver.expect_request("/mirror").respond_with_data("", status=404)
    directory = write_data(resources=resources_toml(httpserver, [("book", "/book", "/mirror")]))
    roadmap = llm_roadmap.load([directory], plugins=[], disable_plugins=["llm_roadmap.bundled"])
    assert collect_urls(roadmap) == {
        httpserver.url_for("/book"): ("book",),
        httpserver.url_for("/mirror"): ("book",),
    }
    report = check_links(roadmap, client=make_client())
    assert [r.url for r in report.broken] == [httpserver.url_for("/mirror")]
    assert report.broken[0].resources == ("book",)


# -- concurrency limits ------------------------------------------------------------------


def test_per_host_limit(httpserver: HTTPServer, make_client: Callable[..., HttpClient]) -> None:
    slow = Recorder(lambda r, i: Response("ok"), delay=0.15)
    for n in range(10):
        httpserver.expect_request(f"/s{n}").respond_with_handler(slow)
    urls = [httpserver.url_for(f"/s{n}") for n in range(10)]
    report = check_links(urls, client=make_client(), workers=8, per_host=2)
    assert len(report.ok) == 10
    assert slow.max_active == 2


def test_global_limit_across_hosts(make_client: Callable[..., HttpClient]) -> None:
    slow = Recorder(lambda r, i: Response("ok"), delay=0.15)
    servers = [HTTPServer(host=host, threaded=True) for host in ("127.0.0.1", "127.0.0.2")]
    try:
        urls = []
        for server in servers:
            server.start()
            for n in range(6):
                server.expect_request(f"/g{n}").respond_with_handler(slow)
                urls.append(server.url_for(f"/g{n}"))
        report = check_links(urls, client=make_client(), workers=3, per_host=3)
    finally:
        for server in servers:
            server.stop()
    assert len(report.ok) == 12
    assert slow.max_active == 3


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


# -- the report ----------------------------------------------------------------------------


def test_report_json_markdown_and_exit_codes() -> None:
    results = (
        LinkResult(url="https://a.example/", status=LinkStatus.OK, reason="HTTP 200"),
        LinkResult(
            url="https://b.example/", status=LinkStatus.BROKEN, reason="HTTP 404", resources=("x",)
        ),
        LinkResult(url="https://c.example/|", status=LinkStatus.INDETERMINATE, reason="timed out"),
    )
    report = LinkReport(results=results)
    data = report.to_json()
    assert data["summary"]["total"] == 3
    assert data["summary"]["broken"] == 1
    assert data["results"][1] == {
        "url": "https://b.example/",
        "status": "broken",
        "reason": "HTTP 404",
        "http_status": None,
        "final_url": None,
        "moved": False,
        "redirects": [],
        "method": "",
        "from_cache": False,
        "checked_at": None,
        "resources": ["x"],
    }
    markdown = report.to_markdown()
    assert "## Broken (1)" in markdown
    assert "| https://b.example/ | HTTP 404 | x |" in markdown
    assert "https://c.example/\\|" in markdown  # a pipe in a URL does not break the table
    assert "## Moved" not in markdown
    assert report.exit_code() == 1
    only_unknown = LinkReport(results=(results[0], results[2]))
    assert only_unknown.exit_code() == 0
    assert only_unknown.exit_code(strict=True) == 1


# -- the command -----------------------------------------------------------------------------


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


@pytest.fixture
def cli_env(cache_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLM_ROADMAP_")}
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
