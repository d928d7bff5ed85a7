"""``llm-roadmap install llm-roadmap-anki`` from a real package index on 127.0.0.1 (slow).

The first-party plugins and the core are built into wheels from copies of this
checkout; their third-party dependencies are fetched once as wheels (pip
download, through whatever index this machine's pip uses). All of them are put
in a PEP 503 "simple" tree served by ``http.server`` on 127.0.0.1. A fresh venv
then installs llm-roadmap and, by name, the Anki plugin with that server as
its only index (``PIP_INDEX_URL``; ``PIP_CONFIG_FILE`` set to the null device
so no pip.conf adds another index or find-links).
"""

import functools
import hashlib
import html
import http.server
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from _venvs import ROOT, Venv, clean_env, copy_source, core_source, run_ok

pytestmark = pytest.mark.slow

PLUGINS = sorted(p.parent for p in (ROOT / "plugins").glob("*/pyproject.toml"))


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _project_of(wheel: Path) -> str:
    return _canonical(wheel.name.split("-")[0])


def _build_wheel(source: Path, out: Path) -> None:
    uv = shutil.which("uv")
    if uv:
        run_ok([uv, "build", "--wheel", "--quiet", "--out-dir", str(out), str(source)])
    else:
        run_ok([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(source)])


def write_simple_index(wheels: list[Path], root: Path) -> Path:
    """Lay out a PEP 503 index: simple/index.html, simple/<project>/index.html, files/."""
    files = root / "files"
    files.mkdir(parents=True)
    by_project: dict[str, list[Path]] = {}
    for wheel in wheels:
        target = files / wheel.name
        shutil.copy2(wheel, target)
        by_project.setdefault(_project_of(wheel), []).append(target)
    simple = root / "simple"
    simple.mkdir()
    links = "".join(f'<a href="{p}/">{p}</a>\n' for p in sorted(by_project))
    (simple / "index.html").write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>")
    for project, paths in by_project.items():
        (simple / project).mkdir()
        anchors = "".join(
            f'<a href="../../files/{html.escape(p.name)}#sha256='
            f'{hashlib.sha256(p.read_bytes()).hexdigest()}">{html.escape(p.name)}</a>\n'
            for p in sorted(paths)
        )
        (simple / project / "index.html").write_text(
            f"<!DOCTYPE html><html><body>\n{anchors}</body></html>"
        )
    return simple


class _Recording(http.server.SimpleHTTPRequestHandler):
    requested: list[str]

    def do_GET(self) -> None:
        self.requested.append(self.path)
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str], list[Path]]]:
    tmp = tmp_path_factory.mktemp("index")
    ours = tmp / "ours"
    _build_wheel(core_source(tmp), ours)
    for plugin in PLUGINS:
        _build_wheel(copy_source(plugin, tmp), ours)
    built = sorted(ours.glob("*.whl"))
    assert {_project_of(w) for w in built} == {"llm-roadmap", *(p.name for p in PLUGINS)}
    # The dependencies, as wheels, from the index this machine's pip is set up for.
    downloader = Venv.create(tmp / "downloader", with_pip=True)
    deps = tmp / "deps"
    run_ok(
        [
            str(downloader.python),
            "-m",
            "pip",
            "download",
            "--quiet",
            "--only-binary=:all:",
            "--dest",
            str(deps),
            *(str(w) for w in built),
        ],
    )
    third_party = [w for w in sorted(deps.glob("*.whl")) if w.name not in {b.name for b in built}]
    assert any(_project_of(w) == "genanki" for w in third_party)
    simple = write_simple_index([*built, *third_party], tmp / "www")
    requested: list[str] = []
    handler = functools.partial(
        type("Handler", (_Recording,), {"requested": requested}), directory=str(simple.parent)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/simple/", requested, built
    finally:
        server.shutdown()
        server.server_close()


def test_install_by_name_from_a_local_index(
    index: tuple[str, list[str], list[Path]], tmp_path: Path
) -> None:
    url, requested, _ = index
    # Only our index: no pip.conf (extra-index-url, find-links), no cache to install from.
    env = clean_env(PIP_INDEX_URL=url, PIP_CONFIG_FILE=os.devnull, PIP_NO_CACHE_DIR="1")
    venv = Venv.create(tmp_path / "venv", with_pip=True)
    run_ok([str(venv.python), "-m", "pip", "install", "--quiet", "llm-roadmap"], env=env)
    assert "/simple/llm-roadmap/" in requested

    listed = json.loads(venv.cli("--json", "plugins", "--available", env=env).stdout)
    anki = next(item for item in listed if item["name"] == "llm-roadmap-anki")
    assert anki["install"] == "llm-roadmap install llm-roadmap-anki"
    assert anki["installed_version"] is None

    result = venv.cli("install", "llm-roadmap-anki", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "/simple/llm-roadmap-anki/" in requested
    assert "/simple/genanki/" in requested

    plugins = json.loads(venv.cli("--json", "plugins", env=env).stdout)
    record = next(p for p in plugins if p["distribution"] == "llm-roadmap-anki")
    assert record["status"] == "loaded", record["error"]
    assert record["version"] == "0.1.0"
    assert record["contributed"]["exporters"] == 2
    listed = json.loads(venv.cli("--json", "plugins", "--available", env=env).stdout)
    anki = next(item for item in listed if item["name"] == "llm-roadmap-anki")
    assert (anki["installed_version"], anki["status"]) == ("0.1.0", "loaded")

    # Its exporter works: a real .apkg (a zip holding Anki's SQLite collection) with notes.
    deck = tmp_path / "roadmap.apkg"
    exported = venv.cli("--lang", "en", "export", "--format", "anki", "-o", str(deck), env=env)
    assert exported.returncode == 0, exported.stderr
    with zipfile.ZipFile(deck) as archive:
        archive.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        (notes,) = db.execute("select count(*) from notes").fetchone()
        (fields,) = db.execute(
            "select flds from notes where flds like '%Attention Is All You Need%'"
        ).fetchone()
    assert notes > 50
    assert "arxiv.org/abs/1706.03762" in fields

    removed = venv.cli("uninstall", "-y", "llm-roadmap-anki", env=env)
    assert removed.returncode == 0, removed.stderr
    plugins = json.loads(venv.cli("--json", "plugins", env=env).stdout)
    assert all(p["distribution"] != "llm-roadmap-anki" for p in plugins)


def test_a_name_the_index_lacks_fails_with_pips_error(
    index: tuple[str, list[str], list[Path]], tmp_path: Path
) -> None:
    url, requested, _ = index
    env = clean_env(PIP_INDEX_URL=url, PIP_CONFIG_FILE=os.devnull, PIP_NO_CACHE_DIR="1")
    venv = Venv.create(tmp_path / "venv", with_pip=True)
    run_ok([str(venv.python), "-m", "pip", "install", "--quiet", "llm-roadmap"], env=env)
    result = venv.cli("install", "llm-roadmap-not-a-plugin", env=env)
    assert result.returncode == 1
    assert "No matching distribution found for llm-roadmap-not-a-plugin" in result.stderr
    assert "pip failed (exit status 1)" in result.stderr
    assert "/simple/llm-roadmap-not-a-plugin/" in requested


def test_a_plugin_the_index_lacks_gets_the_two_ways_that_work(
    index: tuple[str, list[str], list[Path]], tmp_path: Path
) -> None:
    # pip's index has the core but not the plugins (as PyPI today): one message
    # naming the checkout path and --index-url, and both of them work.
    url, _, built = index
    # Everything the served index holds but the plugins, and setuptools to
    # build a plugin from its source (an index such as PyPI has it).
    served = built[0].parent.parent / "www" / "files"
    plugins = {p.name for p in PLUGINS}
    wheels = [w for w in sorted(served.glob("*.whl")) if _project_of(w) not in plugins]
    downloader = Venv.create(tmp_path / "downloader", with_pip=True)
    tools = tmp_path / "tools"
    download = [str(downloader.python), "-m", "pip", "download", "--quiet", "--only-binary=:all:"]
    run_ok([*download, "--dest", str(tools), "setuptools>=77", "wheel"])
    public = write_simple_index([*wheels, *sorted(tools.glob("*.whl"))], tmp_path / "public")
    env = clean_env(
        PIP_INDEX_URL=public.as_uri(),
        PIP_EXTRA_INDEX_URL="",
        PIP_FIND_LINKS="",
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_CACHE_DIR="1",
    )
    venv = Venv.create(tmp_path / "venv", with_pip=True)
    run_ok(
        [str(venv.python), "-m", "pip", "install", "--quiet", "--index-url", url, "llm-roadmap"],
        env=env,
    )

    result = venv.cli("install", "llm-roadmap-llm-apps", env=env)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith(("Error", "ERROR"))]
    assert errors == [
        "Error: llm-roadmap-llm-apps is not on the package index pip uses. It installs from a "
        "checkout of the llm-roadmap repository: "
        "llm-roadmap install ./plugins/llm-roadmap-llm-apps, "
        "or from an index that has it: llm-roadmap install --index-url URL llm-roadmap-llm-apps "
        "(pip install --index-url URL llm-roadmap-llm-apps)"
    ]
    assert "Traceback" not in result.stderr

    # From a checkout: the path the message names, relative to the checkout's root.
    checkout = tmp_path / "checkout"
    (checkout / "plugins").mkdir(parents=True)
    copy_source(ROOT / "plugins" / "llm-roadmap-llm-apps", checkout / "plugins")
    local = venv.cli("install", "./plugins/llm-roadmap-llm-apps", env=env, cwd=checkout)
    assert local.returncode == 0, local.stdout + local.stderr
    # From an index that has it.
    other = venv.cli("install", "--index-url", url, "llm-roadmap-anki", env=env)
    assert other.returncode == 0, other.stdout + other.stderr
    plugins = json.loads(venv.cli("--json", "plugins", env=env).stdout)
    loaded = {p["distribution"] for p in plugins if p["status"] == "loaded"}
    assert {"llm-roadmap-llm-apps", "llm-roadmap-anki"} <= loaded

    # uninstall reads no answer from a pipe: it says to add --yes, and does nothing.
    refused = subprocess.run(
        [str(venv.bin / "llm-roadmap"), "uninstall", "llm-roadmap-anki"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "add --yes" in refused.stderr
    assert venv.py("import llm_roadmap_anki").returncode == 0
    removed = venv.cli("uninstall", "--yes", "llm-roadmap-anki", env=env)
    assert removed.returncode == 0, removed.stderr
    assert venv.py("import llm_roadmap_anki").returncode != 0
