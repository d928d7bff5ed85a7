"""The plugin system in-process: which plugins a load uses (``plugin.manager.Selection``).

Installed plugins are real to importlib.metadata: each test writes modules and
``*.dist-info`` folders (METADATA and entry_points.txt) into a directory put
on ``sys.path``, which is exactly what an installed distribution is. The
venv-based counterparts, with pip-installed distributions, are in
test_plugins_installed.py.
"""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _plugin_fakes import (
    BROKEN,
    data_plugin,
    quiet_load,
    record,
    track_data,
)
from _sites import Site, make_site

import llm_roadmap
from llm_roadmap import PluginStatus
from llm_roadmap.plugin.discovery import BUILTIN_PLUGINS
from llm_roadmap.plugin.manager import Selection


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    yield from make_site(tmp_path, monkeypatch)


# -- selection -------------------------------------------------------------------------------


@pytest.fixture
def three(site: Site) -> Site:
    site.add("rmfake-one", data_plugin(track_data("one-track")))
    site.add("Rmfake_Two", data_plugin(track_data("two-track")), entry_point="two-ep")
    site.add("rmfake-three", data_plugin(track_data("three-track")))
    return site


def tracks_of(rm: llm_roadmap.Roadmap) -> set[str]:
    return {t.id for t in rm.tracks if t.id in {"one-track", "two-track", "three-track"}}


def test_everything_installed_loads_when_nothing_is_selected(three: Site) -> None:
    rm, _ = quiet_load()
    assert tracks_of(rm) == {"one-track", "two-track", "three-track"}


def test_allowlist_from_the_environment_and_empty_means_none(three: Site) -> None:
    rm, _ = quiet_load(environ={"LLM_ROADMAP_PLUGINS": "rmfake-one, rmfake-two"})
    assert tracks_of(rm) == {"one-track", "two-track"}  # names are normalised: Rmfake_Two
    assert record(rm, "rmfake-three").status is PluginStatus.DISABLED
    assert "rmfake_three" not in sys.modules  # a disabled plugin is never imported
    rm, _ = quiet_load(environ={"LLM_ROADMAP_PLUGINS": ""})
    assert tracks_of(rm) == set()
    # Disabled plugins are still listed.
    assert record(rm, "rmfake-one").status is PluginStatus.DISABLED


def test_arguments_win_over_the_environment(three: Site) -> None:
    env = {"LLM_ROADMAP_PLUGINS": "rmfake-one", "LLM_ROADMAP_DISABLE_PLUGINS": "rmfake-three"}
    rm, _ = quiet_load(
        plugins=["rmfake-three", "two-ep"], environ=env, disable_plugins=["llm-roadmap"]
    )
    assert tracks_of(rm) == {"two-track", "three-track"}  # by distribution or entry-point name
    rm, _ = quiet_load(plugins=[], environ=env)
    assert tracks_of(rm) == set()


def test_blocklist_wins_over_allowlist(three: Site) -> None:
    env = {
        "LLM_ROADMAP_PLUGINS": "rmfake-one,rmfake-three",
        "LLM_ROADMAP_DISABLE_PLUGINS": "RMFAKE.THREE",
    }
    rm, _ = quiet_load(environ=env, disable_plugins=None)
    assert tracks_of(rm) == {"one-track"}
    assert record(rm, "rmfake-three").status is PluginStatus.DISABLED
    rm, _ = quiet_load(plugins=["rmfake-one"], disable_plugins=["rmfake-one"])
    assert tracks_of(rm) == set()


def test_a_builtin_can_be_blocked_like_any_plugin() -> None:
    with_all = llm_roadmap.load(plugins=[], environ={})
    assert "markdown" in with_all.exporters
    without = llm_roadmap.load(
        plugins=[], environ={"LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.exporters.markdown"}
    )
    assert "markdown" not in without.exporters and "csv" in without.exporters
    statuses = {p.name: p.status for p in without.plugins}
    assert statuses["llm_roadmap.exporters.markdown"] is PluginStatus.DISABLED
    no_data = llm_roadmap.load(plugins=[], disable_plugins=["llm_roadmap.bundled"], environ={})
    assert no_data.resources == () and len(with_all.resources) > 0
    # The allowlist does not touch built-ins: allowing nothing keeps them.
    assert {p.name for p in with_all.plugins if p.status is PluginStatus.LOADED} >= set(
        BUILTIN_PLUGINS
    )


def test_selection_resolution() -> None:
    sel = Selection.resolve(None, None, None, {})
    assert (sel.allow, sel.block, sel.strict) == (None, frozenset(), False)
    sel = Selection.resolve(
        None,
        None,
        None,
        {
            "LLM_ROADMAP_PLUGINS": " A_b , c.d ,",
            "LLM_ROADMAP_DISABLE_PLUGINS": "E",
            "LLM_ROADMAP_STRICT_PLUGINS": "yes",
        },
    )
    assert (sel.allow, sel.block, sel.strict) == (frozenset({"a-b", "c-d"}), frozenset({"e"}), True)
    assert Selection.resolve(None, None, None, {"LLM_ROADMAP_STRICT_PLUGINS": "0"}).strict is False
    assert Selection.resolve(["x"], [], False, {"LLM_ROADMAP_PLUGINS": "y"}).allow == frozenset(
        {"x"}
    )
    with pytest.raises(TypeError, match="list of names"):
        Selection.resolve("abc", None, None, {})


def test_plugins_listing_is_never_strict_and_shows_disabled_ones(site: Site) -> None:
    site.add("rmfake-broken", BROKEN["raises"][0], version="9.9")
    site.add("rmfake-off", data_plugin(track_data("off-track")))
    listing = llm_roadmap.plugins(
        disable_plugins=["rmfake-off"],
        environ={
            "LLM_ROADMAP_STRICT_PLUGINS": "1",
            "LLM_ROADMAP_PLUGINS": "rmfake-broken,rmfake-off",
        },
    )
    by_dist = {p.distribution: p for p in listing}
    assert by_dist["rmfake-broken"].status is PluginStatus.FAILED
    assert by_dist["rmfake-broken"].error == "register_tracks raised RuntimeError: data server down"
    assert by_dist["rmfake-off"].status is PluginStatus.DISABLED
