"""A plugin's behaviour stays its own: its prints leave stdout alone, and --debug names it.

Each plugin is a real installed distribution (a ``*.dist-info`` folder on the
path, `_sites`), and each command runs in a subprocess, as a user runs it.
"""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Optional

import pytest
from _hostile_data import write_tiny
from _sites import Site

TRACK_PLUGIN = """
from llm_roadmap import hookimpl

print("{at_import}")

@hookimpl
def register_tracks(register):
    print("{in_hook}")
    register({{"tracks": [{{
        "id": "chatty",
        "title": {{"zh": "话多", "en": "Chatty"}},
        "summary": {{"zh": "会打印的插件。", "en": "A plugin that prints."}},
        "topics": [{{"id": "chatty-topic", "title": {{"zh": "主题", "en": "Topic"}},
                     "summary": {{"zh": "一个主题。", "en": "A topic."}},
                     "resources": [{{"resource": "tiny-a"}}]}}],
    }}]}})
"""


@pytest.fixture
def site(tmp_path: Path) -> Site:
    path = tmp_path / "site"
    path.mkdir()
    return Site(path)


def cli(
    site: Site, *args: str, env: Optional[dict[str, str]] = None
) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *args],
        capture_output=True,
        text=True,
        env=_env(site, env),
        timeout=120,  # a hang guard, not a measurement
        check=False,
    )


def _env(site: Site, more: Optional[dict[str, str]] = None) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site.path), *sys.path[1:]]),
        "LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled",
        "LANG": "en_US.UTF-8",
        **(more or {}),
    }


def test_what_a_plugin_prints_never_reaches_stdout(site: Site, tmp_path: Path) -> None:
    site.add("chatty-plugin", TRACK_PLUGIN.format(at_import="IMPORTED!", in_hook="HOOKED!"))
    data = ["--data", str(write_tiny(tmp_path / "tiny"))]
    listing = cli(site, *data, "--json", "tracks")
    assert listing.returncode == 0, listing.stderr
    assert "chatty" in {t["id"] for t in json.loads(listing.stdout)}
    assert "IMPORTED!" in listing.stderr and "HOOKED!" in listing.stderr
    export = cli(site, *data, "export", "-f", "json")
    assert export.returncode == 0, export.stderr
    assert json.loads(export.stdout)["tracks"]
    assert "IMPORTED!" not in export.stdout and "HOOKED!" not in export.stdout


EXITS = """
import os
os._exit(7)
"""

HANGS = """
import sys, time
sys.stderr.write("hanging now\\n")
sys.stderr.flush()
while True:
    time.sleep(1)
"""


def test_debug_names_the_plugin_that_ends_the_process(site: Site) -> None:
    site.add("quitter-plugin", EXITS)
    done = cli(site, "--debug", "tracks")
    assert done.returncode == 7
    assert done.stderr.splitlines()[-1] == (
        "llm-roadmap: importing plugin 'quitter-plugin' (quitter-plugin 1.0)"
    )
    # Without --debug nothing says which plugin it was; the documented way out works.
    assert cli(site, "tracks").stderr == ""
    spared = cli(site, "tracks", env={"LLM_ROADMAP_DISABLE_PLUGINS": "quitter-plugin"})
    assert spared.returncode == 0, spared.stderr


@pytest.fixture
def hanging(site: Site) -> Iterator["subprocess.Popen[str]"]:
    site.add("stuck-plugin", HANGS)
    process = subprocess.Popen(
        [sys.executable, "-m", "llm_roadmap", "--debug", "tracks"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(site),
    )
    try:
        yield process
    finally:
        process.kill()
        process.wait(30)
        assert process.stderr is not None
        process.stderr.close()


def test_debug_names_the_plugin_that_hangs(hanging: "subprocess.Popen[str]") -> None:
    assert hanging.stderr is not None
    seen = []
    for line in hanging.stderr:  # the plugin never returns: read until it says so
        seen.append(line.rstrip("\n"))
        if line.startswith("hanging now"):
            break
    assert seen[-2] == "llm-roadmap: importing plugin 'stuck-plugin' (stuck-plugin 1.0)"
    assert hanging.poll() is None  # still hanging: the name came before, not after
