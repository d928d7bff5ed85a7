"""The store of fetched fields, how load() attaches it, and ``llm-roadmap sources``."""

import json
import os
import re
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import attrs
import pytest
from werkzeug import Request, Response

import llm_roadmap
from llm_roadmap import FetchResult, Identifiers, Kind, Resource, Text
from llm_roadmap.metadata import DATA_DIR_ENV, MetadataStore, attach_fetched, store_path

RESOURCES = """
[[resources]]
id = "meta-paper"
title = "Attention Is All You Need"
url = "https://arxiv.org/abs/1706.03762"
kind = "paper"
language = "en"
identifiers = { arxiv = "1706.03762" }
description = { zh = "论文。", en = "A paper." }

[[resources]]
id = "meta-repo"
title = "nanoGPT"
url = "https://github.com/karpathy/nanoGPT"
kind = "repo"
language = "en"
identifiers = { github = "karpathy/nanoGPT" }
description = { zh = "仓库。", en = "A repository." }

[[resources]]
id = "meta-gone"
title = "Gone"
url = "https://github.com/someone/deleted"
kind = "repo"
language = "en"
identifiers = { github = "someone/deleted" }
description = { zh = "没了。", en = "Deleted." }
"""

TRACK = """
[[tracks]]
id = "meta-track"
title = { zh = "元数据", en = "Metadata" }
summary = { zh = "测试。", en = "For tests." }

[[tracks.topics]]
id = "meta-topic"
title = { zh = "主题", en = "Topic" }
summary = { zh = "主题。", en = "A topic." }
resources = [{ resource = "meta-paper" }, { resource = "meta-repo" }, { resource = "meta-gone" }]
"""


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "user-data"
    monkeypatch.setenv(DATA_DIR_ENV, str(directory))
    return directory


@pytest.fixture
def meta_data(write_data: Any) -> Path:
    return write_data(resources=RESOURCES, track=TRACK)  # type: ignore[no-any-return]


def load(paths: list[Path]) -> llm_roadmap.Roadmap:
    return llm_roadmap.load(paths, plugins=[], disable_plugins=["llm_roadmap.bundled"])


def paper(arxiv: str = "1706.03762", doi: Any = None) -> Resource:
    return Resource(
        id="meta-paper",
        title=Text.same("t"),
        url=f"https://arxiv.org/abs/{arxiv}",
        kind=Kind.PAPER,
        language="en",
        description=Text.same("d"),
        identifiers=Identifiers(arxiv=arxiv, doi=doi),
    )


# -- the store -------------------------------------------------------------------


def test_store_round_trip_and_identifier_check(data_dir: Path) -> None:
    store = MetadataStore.open()
    assert store.path == data_dir / "metadata.json" == store_path()
    result = FetchResult(fields={"meta-paper": {"title": "Attention", "version": 7}})
    assert (
        store.update("arxiv", {"meta-paper": paper()}, result, fetched_at="2024-05-01T00:00:00Z")
        == 1
    )
    store.save()
    saved = json.loads((data_dir / "metadata.json").read_text(encoding="utf-8"))
    assert saved == {
        "version": 1,
        "resources": {
            "meta-paper": {
                "arxiv": {
                    "fetched_at": "2024-05-01T00:00:00Z",
                    "identifiers": {"arxiv": "1706.03762"},
                    "fields": {"title": "Attention", "version": 7},
                }
            }
        },
    }
    again = MetadataStore.open()
    expected = {"arxiv": {"title": "Attention", "version": 7, "fetched_at": "2024-05-01T00:00:00Z"}}
    assert again.fields(paper()) == expected
    # A DOI added later does not invalidate what was fetched for the arXiv id...
    assert again.fields(paper(doi="10.1/x")) == expected
    # ...but a corrected arXiv id does.
    assert again.fields(paper(arxiv="1810.04805")) == {}


def test_missing_resources_lose_their_entry_and_unanswered_ones_keep_it(data_dir: Path) -> None:
    store = MetadataStore.open()
    resources = {"meta-paper": paper()}
    store.update("arxiv", resources, FetchResult(fields={"meta-paper": {"version": 1}}))
    # A run that stopped early says nothing about meta-paper: it keeps its fields.
    store.update("arxiv", resources, FetchResult(complete=False))
    assert store.count("arxiv") == 1
    # arXiv no longer knows the id: the old fields go.
    store.update("arxiv", resources, FetchResult(missing=("meta-paper",)))
    assert store.count("arxiv") == 0
    assert store.entries == {}


# -- load() attaches the store -------------------------------------------------------


def test_load_attaches_fetched_fields(data_dir: Path, meta_data: Path) -> None:
    plain = load([meta_data])
    assert plain.resource("meta-paper").fetched == {}
    assert not (data_dir / "metadata.json").exists()  # loading never creates the store
    store = MetadataStore.open()
    store.update(
        "github",
        {r.id: r for r in plain.resources},
        FetchResult(fields={"meta-repo": {"stars": 33000, "archived": False}}),
        fetched_at="2024-05-01T00:00:00Z",
    )
    store.save()
    rm = load([meta_data])
    repo = rm.resource("meta-repo")
    assert repo.fetched == {
        "github": {"stars": 33000, "archived": False, "fetched_at": "2024-05-01T00:00:00Z"}
    }
    assert rm.resource("meta-paper").fetched == {}
    # Fetched fields are not curated data: equality ignores them.
    assert repo == plain.resource("meta-repo")


def _fill_store(environ: dict[str, str], roadmap: llm_roadmap.Roadmap) -> None:
    store = MetadataStore.open(environ=environ)
    store.update(
        "github",
        {r.id: r for r in roadmap.resources},
        FetchResult(fields={"meta-repo": {"stars": 33000}}),
        fetched_at="2024-05-01T00:00:00Z",
    )
    store.save()


def test_load_reads_the_store_of_the_environment_it_is_given(
    data_dir: Path, tmp_path: Path, meta_data: Path
) -> None:
    # A filled store in the process's data directory...
    plain = load([meta_data])
    _fill_store(dict(os.environ), plain)
    assert load([meta_data]).resource("meta-repo").fetched["github"]["stars"] == 33000
    # ...is not seen by a load given another one (issue 9: load() read os.environ).
    other = {DATA_DIR_ENV: str(tmp_path / "other-data")}
    isolated = llm_roadmap.load(
        [meta_data], plugins=[], disable_plugins=["llm_roadmap.bundled"], environ=other
    )
    assert isolated.resource("meta-repo").fetched == {}
    # And a store filled there is seen through that environment only.
    _fill_store(other, plain)
    assert (tmp_path / "other-data" / "metadata.json").is_file()
    (data_dir / "metadata.json").unlink()
    again = llm_roadmap.load(
        [meta_data], plugins=[], disable_plugins=["llm_roadmap.bundled"], environ=other
    )
    assert again.resource("meta-repo").fetched["github"]["stars"] == 33000
    assert load([meta_data]).resource("meta-repo").fetched == {}


def test_roadmap_with_does_not_see_the_process_store(data_dir: Path, meta_data: Path) -> None:
    from llm_roadmap.testing import roadmap_with

    _fill_store(dict(os.environ), load([meta_data]))
    rm = roadmap_with(paths=[meta_data], builtins=False, installed=False)
    assert rm.resource("meta-repo").fetched == {}


def test_every_test_has_its_own_data_and_cache_directories(
    own_directories: dict[str, Path],
) -> None:
    # The autouse fixture of conftest.py: nothing a test does reaches the
    # developer's real store, cache or progress.
    import platformdirs

    from llm_roadmap.metadata import data_dir as data_directory

    assert data_directory() == own_directories["data"]
    assert os.environ["LLM_ROADMAP_CACHE_DIR"] == str(own_directories["cache"])
    # Without the variables, the platform defaults are this test's too.
    assert data_directory({}) == own_directories["default-data"]
    assert platformdirs.user_cache_dir("llm-roadmap") == str(own_directories["default-cache"])
    assert len(set(own_directories.values())) == 4


def test_a_broken_store_is_ignored_with_a_warning(data_dir: Path, meta_data: Path) -> None:
    data_dir.mkdir()
    (data_dir / "metadata.json").write_text("{not json", encoding="utf-8")
    with pytest.warns(RuntimeWarning, match="not JSON"):
        rm = load([meta_data])
    assert rm.resource("meta-repo").fetched == {}
    (data_dir / "metadata.json").write_text(
        json.dumps({"version": 1, "resources": {"meta-repo": {"github": "oops"}, "x": []}}),
        encoding="utf-8",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rm = load([meta_data])
    assert rm.resource("meta-repo").fetched == {}


def test_attach_without_a_store_returns_the_same_resources(data_dir: Path) -> None:
    resources = {"meta-paper": paper()}
    attached = attach_fetched(resources)
    assert attached["meta-paper"] is resources["meta-paper"]


# What a load imports is checked once, with the rest of the import hygiene, in
# tests/test_architecture.py.


# -- llm-roadmap sources -------------------------------------------------------------

ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry>
    <id>http://arxiv.org/abs/1706.03762v7</id>
    <updated>2023-08-02T00:41:18Z</updated>
    <published>2017-06-12T17:57:34Z</published>
    <title>Attention Is All You Need</title>
    <summary>Transformers.</summary>
    <author><name>Ashish Vaswani</name></author>
  </entry>
</feed>
"""

REPO = {
    "full_name": "karpathy/nanoGPT",
    "description": "GPTs.",
    "stargazers_count": 33000,
    "forks_count": 5100,
    "pushed_at": "2024-04-27T17:42:04Z",
    "archived": False,
    "license": {"spdx_id": "MIT", "name": "MIT License"},
    "default_branch": "master",
    "html_url": "https://github.com/karpathy/nanoGPT",
}


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )


@pytest.fixture
def network_env(tmp_path: Path, httpserver: Any) -> dict[str, str]:
    return {
        "LLM_ROADMAP_DATA_DIR": str(tmp_path / "user-data"),
        "LLM_ROADMAP_CACHE_DIR": str(tmp_path / "cache"),
        "LLM_ROADMAP_ARXIV_API": httpserver.url_for("/api/query"),
        "LLM_ROADMAP_GITHUB_API": httpserver.url_for("/"),
        "LLM_ROADMAP_PLUGINS": "",
        "LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled",
        "LLM_ROADMAP_OFFLINE": "",
        "GITHUB_TOKEN": "",
        "LANG": "en_US.UTF-8",
        "LLM_ROADMAP_LANG": "en",
    }


def test_cli_refresh_stores_fields_that_resources_then_show(
    httpserver: Any, meta_data: Path, network_env: dict[str, str]
) -> None:
    asked: list[str] = []

    def arxiv_api(request: Request) -> Response:
        asked.append(parse_qs(request.query_string.decode())["id_list"][0])
        return Response(ATOM, content_type="application/atom+xml")

    def github_api(request: Request) -> Response:
        asked.append(request.path)
        if request.path == "/repos/karpathy/nanoGPT":
            return Response(json.dumps(REPO), content_type="application/json")
        return Response('{"message": "Not Found"}', status=404, content_type="application/json")

    httpserver.expect_request("/api/query").respond_with_handler(arxiv_api)
    httpserver.expect_request(re.compile("^/repos/")).respond_with_handler(github_api)
    data = ["--data", str(meta_data)]

    proc = cli(*data, "--json", "sources", "refresh", env=network_env)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    by_id = {s["id"]: s for s in report["sources"]}
    assert by_id["arxiv"] == {
        "id": "arxiv",
        "resources": 1,
        "fetched": 1,
        "missing": [],
        "complete": True,
        "messages": [],
    }
    assert by_id["github"]["fetched"] == 1 and by_id["github"]["missing"] == ["meta-gone"]
    assert sorted(asked) == ["/repos/karpathy/nanoGPT", "/repos/someone/deleted", "1706.03762"]

    shown = cli(*data, "--json", "resources", env=network_env)
    resources = {r["id"]: r for r in json.loads(shown.stdout)}
    assert resources["meta-repo"]["fetched"]["github"]["stars"] == 33000
    assert resources["meta-paper"]["fetched"]["arxiv"]["version"] == 7
    assert resources["meta-gone"]["fetched"] == {}

    listing = json.loads(cli(*data, "--json", "sources", "list", env=network_env).stdout)
    rows = {row["id"]: row for row in listing["sources"]}
    assert rows["github"]["covers"] == 2 and rows["github"]["stored"] == 1
    assert rows["markdown-list"]["does"] == ["import"] and rows["markdown-list"]["stored"] is None

    # Offline: the same answers from the cache, and nothing sent.
    before = len(httpserver.log)
    offline = cli(*data, "sources", "refresh", "--offline", "--source", "github", env=network_env)
    assert offline.returncode == 0, offline.stderr
    assert len(httpserver.log) == before
    # The 404 was not cached (only successes are), so offline it is unknown, not missing.
    assert offline.stdout.splitlines()[0].split("\t")[:4] == ["github", "2", "1", "0"]
    assert "1 repository is not in the cache: someone/deleted" in offline.stderr


def test_cli_refresh_exits_1_when_a_source_stops_early(
    httpserver: Any, meta_data: Path, network_env: dict[str, str]
) -> None:
    httpserver.expect_request(re.compile("^/repos/")).respond_with_json(
        {"message": "API rate limit exceeded"},
        status=403,
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1"},
    )
    proc = cli(
        "--data", str(meta_data), "sources", "refresh", "--source", "github", env=network_env
    )
    assert proc.returncode == 1
    assert "GitHub: stopped after 0 resource(s): the API rate limit is used up" in proc.stderr
    assert len(httpserver.log) == 1


def test_cli_refresh_rejects_an_unknown_source(
    meta_data: Path, network_env: dict[str, str]
) -> None:
    proc = cli("sources", "refresh", "--source", "nope", env=network_env)
    assert proc.returncode == 1
    assert "unknown source 'nope'; sources that fetch: arxiv, github" in proc.stderr


def test_fetched_is_never_written_to_data_files(write_data: Any) -> None:
    bad = textwrap.dedent(RESOURCES).replace(
        'identifiers = { arxiv = "1706.03762" }',
        'identifiers = { arxiv = "1706.03762" }\nfetched = { arxiv = { version = 1 } }',
    )
    directory = write_data(resources=bad, track=TRACK)
    problems = llm_roadmap.validate_paths([directory], with_roadmap=False)
    assert [(p.entry, p.field, p.message) for p in problems] == [
        ("meta-paper", "fetched", "unknown field")
    ]
    assert attrs.fields_dict(Resource)["fetched"].eq is False


def test_an_interrupted_refresh_keeps_what_arrived(
    data_dir: Path, meta_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from llm_roadmap import Source, hookimpl
    from llm_roadmap.cli import main
    from llm_roadmap.cli import sources as sources_cli

    def fetch(resources: Any, *, client: Any, on_fields: Any, **_: Any) -> FetchResult:
        on_fields("meta-repo", {"stars": 1})
        raise KeyboardInterrupt

    class Plugin:
        @staticmethod
        @hookimpl
        def register_sources(register: Any) -> None:
            register(
                Source(id="slow", title=Text.same("s"), description=Text.same("s"), fetch=fetch)
            )

    rm = llm_roadmap.load(
        [meta_data],
        plugins=[],
        disable_plugins=["llm_roadmap.bundled"],
        extra_plugins=[("slow-plugin", Plugin())],
    )
    monkeypatch.setattr(sources_cli, "load_roadmap", lambda: rm)
    monkeypatch.setenv("LLM_ROADMAP_CACHE_DIR", str(data_dir.parent / "cache"))
    result = CliRunner().invoke(main, ["sources", "refresh", "--source", "slow"])
    assert result.exit_code == 130
    assert "slow: interrupted; kept the fields of 1 resource(s)" in result.output
    assert load([meta_data]).resource("meta-repo").fetched["slow"]["stars"] == 1
