"""Plugins seen from the CLI: fake installed distributions, plugins, --strict, --available.

Plugin tests install fake distributions by putting a ``*.dist-info``
directory on ``PYTHONPATH``, which importlib.metadata discovers like any
installed package.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from _venvs import OWN_DIRECTORIES

import llm_roadmap

# -- plugins -------------------------------------------------------------------

GOOD_PLUGIN = """
from llm_roadmap import hookimpl

DATA = {
    "resources": [{
        "id": "plugged-resource", "title": "Plugged", "url": "https://example.org/plugged",
        "kind": "article", "language": "en",
        "description": {"zh": "插件资源", "en": "From a plugin"},
    }],
    "tracks": [{
        "id": "plugged-track", "order": 50,
        "title": {"zh": "插件路线", "en": "Plugged track"},
        "summary": {"zh": "来自插件。", "en": "From a plugin."},
        "topics": [{
            "id": "plugged-topic", "title": {"zh": "插件主题", "en": "Plugged topic"},
            "summary": {"zh": "主题。", "en": "A topic."},
            "resources": [{"resource": "plugged-resource"}],
        }],
    }],
}


@hookimpl
def register_tracks(register):
    register(DATA)
"""


def _fake_distribution(site: Path, dist: str, version: str, module: str, source: str) -> None:
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    metadata = f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n"
    (info / "METADATA").write_text(metadata, encoding="utf-8")
    (info / "entry_points.txt").write_text(
        f"[llm_roadmap]\n{module} = {module}\n", encoding="utf-8"
    )


@pytest.fixture
def plugin_env(tmp_path: Path) -> dict[str, str]:
    """An environment in which a working and a broken plugin distribution are installed."""
    site = tmp_path / "site"
    site.mkdir()
    _fake_distribution(site, "good-plugin", "1.2.3", "good_plugin", GOOD_PLUGIN)
    _fake_distribution(
        site,
        "broken-plugin",
        "0.1",
        "broken_plugin",
        "raise ImportError('no module named nowhere')\n",
    )
    # The test's own data and cache directories stay (tests/conftest.py); other settings go.
    env = {
        k: v
        for k, v in os.environ.items()
        if k in OWN_DIRECTORIES or not k.startswith("LLM_ROADMAP_")
    }
    env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["LANG"] = "en_US.UTF-8"
    env["LC_ALL"] = ""
    # Only these two, whatever else is installed.
    env["LLM_ROADMAP_PLUGINS"] = "good-plugin,broken-plugin"
    return env


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *args], capture_output=True, text=True, env=env
    )


def test_plugin_track_listed_with_origin_and_failure_warned(plugin_env: dict[str, str]) -> None:
    proc = _cli(plugin_env, "tracks")
    assert proc.returncode == 0, proc.stderr
    row = next(line for line in proc.stdout.splitlines() if "\tplugged-track\t" in line)
    assert row.split("\t")[2:] == ["Plugged track", "1", "standard", "good-plugin 1.2.3"]
    warnings_lines = [line for line in proc.stderr.splitlines() if line]
    assert len(warnings_lines) == 1
    assert warnings_lines[0].startswith(
        "Warning: plugin 'broken_plugin' (broken-plugin 0.1) failed"
    )
    assert "no module named nowhere" in warnings_lines[0]


def test_strict_makes_a_failing_plugin_an_error(plugin_env: dict[str, str]) -> None:
    for proc in (
        _cli(plugin_env, "--strict", "tracks"),
        _cli({**plugin_env, "LLM_ROADMAP_STRICT_PLUGINS": "1"}, "tracks"),
    ):
        assert proc.returncode == 1
        assert proc.stdout == ""
        assert proc.stderr.startswith("Error: plugin 'broken_plugin' (broken-plugin 0.1) failed")
        assert "Traceback" not in proc.stderr


def test_plugins_listing(plugin_env: dict[str, str]) -> None:
    proc = _cli(plugin_env, "plugins")
    assert proc.returncode == 0
    assert proc.stderr == ""  # failures are rows here, not warnings
    rows = {line.split("\t")[0]: line.split("\t") for line in proc.stdout.splitlines()}
    assert next(iter(rows)) == "llm_roadmap.bundled"
    assert rows["llm_roadmap.bundled"][1:5] == [
        "llm-roadmap",
        llm_roadmap.__version__,
        "builtin",
        "loaded",
    ]
    good = rows["good_plugin"]
    assert good[1:7] == [
        "good-plugin",
        "1.2.3",
        "installed",
        "loaded",
        "register_tracks",
        "1 track, 1 topic, 1 resource",
    ]
    broken = rows["broken_plugin"]
    assert broken[4] == "failed"
    assert "no module named nowhere" in broken[7]


def test_plugins_json_and_all(plugin_env: dict[str, str]) -> None:
    env = {**plugin_env, "LLM_ROADMAP_DISABLE_PLUGINS": "broken-plugin"}
    shown = json.loads(_cli(env, "plugins", "--json").stdout)
    assert shown[0]["name"] == "llm_roadmap.bundled"
    assert all(p["builtin"] for p in shown[:-1])
    good = shown[-1]
    assert good == {
        "name": "good_plugin",
        "distribution": "good-plugin",
        "version": "1.2.3",
        "builtin": False,
        "hooks": ["register_tracks"],
        "status": "loaded",
        "error": None,
        "contributed": {
            "tracks": 1,
            "topics": 1,
            "resources": 1,
            "extensions": 0,
            "exporters": 0,
            "sources": 0,
        },
    }
    everything = json.loads(_cli(env, "--json", "plugins", "--all").stdout)
    broken = next(p for p in everything if p["name"] == "broken_plugin")
    assert broken["status"] == "disabled"
    assert _cli(env, "tracks").stderr == ""  # disabled: not even tried


def test_validate_without_paths_counts_failed_plugins(plugin_env: dict[str, str]) -> None:
    proc = _cli(plugin_env, "validate")
    assert proc.returncode == 1
    assert proc.stdout.startswith(
        "plugin broken_plugin: import failed: ImportError: no module named nowhere"
    )
    fixed = _cli({**plugin_env, "LLM_ROADMAP_DISABLE_PLUGINS": "broken-plugin"}, "validate")
    assert fixed.returncode == 0, fixed.stdout


def test_plugins_available_lists_the_directory_with_install_state(
    plugin_env: dict[str, str], tmp_path: Path
) -> None:
    from llm_roadmap.plugin.directory import load_directory

    known = [entry.name for entry in load_directory()]
    proc = _cli(plugin_env, "--json", "plugins", "--available")
    assert proc.returncode == 0, proc.stderr
    listed = json.loads(proc.stdout)
    assert [item["name"] for item in listed] == known
    assert all(item["installed_version"] is None for item in listed)
    assert all(item["package"] and item["description"]["zh"] for item in listed)
    # Install one of them (a real dist-info on the path): it shows as installed and loaded.
    site = tmp_path / "site2"
    site.mkdir()
    module = known[0].replace("-", "_") + "_fake"
    hook = (
        "from llm_roadmap import hookimpl\n\n@hookimpl\ndef register_sources(register):\n    pass\n"
    )
    _fake_distribution(site, known[0], "9.9", module, hook)
    env = {**plugin_env, "LLM_ROADMAP_PLUGINS": known[0]}
    env["PYTHONPATH"] = os.pathsep.join([str(site), plugin_env["PYTHONPATH"]])
    listed = json.loads(_cli(env, "--json", "plugins", "--available").stdout)
    first = next(item for item in listed if item["name"] == known[0])
    assert first["installed_version"] == "9.9"
    assert first["status"] == "loaded"
    piped = _cli(plugin_env, "plugins", "--available").stdout.splitlines()
    assert [line.split("\t")[0] for line in piped] == known
    assert piped[0].split("\t")[1] == f"llm-roadmap install {known[0]}"
    assert first["install"] == f"llm-roadmap install {known[0]}"
