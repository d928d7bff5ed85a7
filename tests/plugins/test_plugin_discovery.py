"""The plugin system in-process: discovery and provenance (``llm_roadmap.plugin.discovery``).

Installed plugins are real to importlib.metadata: each test writes modules and
``*.dist-info`` folders (METADATA and entry_points.txt) into a directory put
on ``sys.path``, which is exactly what an installed distribution is. The
venv-based counterparts, with pip-installed distributions, are in
test_plugins_installed.py.
"""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _plugin_fakes import (
    data_plugin,
    exporter_plugin,
    quiet_load,
    record,
    source_plugin,
    track_data,
)
from _sites import Site, make_site

import llm_roadmap
from llm_roadmap import PluginStatus
from llm_roadmap.plugin.discovery import BUILTIN_PLUGINS


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    yield from make_site(tmp_path, monkeypatch)


# -- discovery and provenance ------------------------------------------------------------------


def test_installed_plugin_is_discovered_with_provenance_everywhere(site: Site) -> None:
    site.add("rmfake-good", data_plugin(track_data("fake-track")), version="2.5.1")
    site.add("rmfake-exp", exporter_plugin("fake-format"), version="0.3")
    site.add("rmfake-src", source_plugin("fake-source"), version="1.1")
    rm, messages = quiet_load(plugins=["rmfake-good", "rmfake-exp", "rmfake-src"])
    assert messages == []
    track = rm.track("fake-track")
    for item in (track, track.topics[0], rm.resource("fake-track-res")):
        assert item.provenance is not None
        assert (item.provenance.plugin, item.provenance.distribution, item.provenance.version) == (
            "rmfake-good",
            "rmfake-good",
            "2.5.1",
        )
    exporter = rm.exporters["fake-format"]
    assert exporter.provenance is not None and exporter.provenance.distribution == "rmfake-exp"
    assert rm.export("fake-format") == "fake-track"
    source = rm.sources["fake-source"]
    assert source.provenance is not None and source.provenance.version == "1.1"
    good = record(rm, "rmfake-good")
    assert (good.status, good.builtin, good.hooks) == (
        PluginStatus.LOADED,
        False,
        ("register_tracks",),
    )
    assert good.contributed == {
        "tracks": 1,
        "topics": 1,
        "resources": 1,
        "extensions": 0,
        "exporters": 0,
        "sources": 0,
    }
    assert record(rm, "rmfake-exp").contributed["exporters"] == 1
    assert record(rm, "rmfake-src").contributed["sources"] == 1


def test_builtins_are_plugins_listed_first(site: Site) -> None:
    site.add("rmfake-good", data_plugin(track_data("fake-track")))
    rm, _ = quiet_load(plugins=["rmfake-good"], disable_plugins=[])
    builtins = [p for p in rm.plugins if p.builtin]
    assert [p.name for p in builtins] == list(BUILTIN_PLUGINS)
    assert all(
        p.distribution == "llm-roadmap" and p.version == llm_roadmap.__version__ for p in builtins
    )
    assert all(p.status is PluginStatus.LOADED and p.hooks for p in builtins)
    assert rm.plugins[: len(builtins)] == tuple(builtins)


def test_import_discovers_nothing_and_each_load_scans_afresh(site: Site) -> None:
    module = site.add("rmfake-lazy", data_plugin(track_data("lazy-track")))
    code = f"import sys, llm_roadmap; print({module!r} in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(site.path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"
    first, _ = quiet_load(plugins=["rmfake-lazy", "rmfake-later"])
    assert [t.id for t in first.tracks] == ["lazy-track"]
    # Installed after the first load: a fresh plugin manager per load sees it.
    site.add("rmfake-later", data_plugin(track_data("later-track")))
    second, _ = quiet_load(plugins=["rmfake-lazy", "rmfake-later"])
    assert sorted(t.id for t in second.tracks) == ["later-track", "lazy-track"]
    third, _ = quiet_load(plugins=["rmfake-lazy"])
    assert [t.id for t in third.tracks] == ["lazy-track"]
