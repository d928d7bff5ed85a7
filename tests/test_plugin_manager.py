"""The plugin system in-process: discovery, selection, isolation, collisions, strict mode.

Installed plugins are real to importlib.metadata: each test writes modules and
``*.dist-info`` folders (METADATA and entry_points.txt) into a directory put
on ``sys.path``, which is exactly what an installed distribution is. The
venv-based counterparts, with pip-installed distributions, are in
test_plugins_installed.py.
"""

import ast
import re
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest
from _sites import Site, make_site

import llm_roadmap
from llm_roadmap import PluginError, PluginWarning, hookspecs
from llm_roadmap._plugin_manager import (
    BUILTIN_PLUGINS,
    HOOK_NAMES,
    PluginInfo,
    PluginStatus,
    Selection,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    yield from make_site(tmp_path, monkeypatch)


def data_plugin(data: dict[str, Any]) -> str:
    """Source of a plugin module that registers ``data`` (a TOML-shaped mapping)."""
    return f"""
        from llm_roadmap import hookimpl

        @hookimpl
        def register_tracks(register):
            register({data!r})
    """


def resource(rid: str) -> dict[str, Any]:
    return {
        "id": rid,
        "title": f"Resource {rid}",
        "url": f"https://example.org/{rid}",
        "kind": "article",
        "language": "en",
        "description": {"zh": "一份资料。", "en": "A resource."},
    }


def topic(tid: str, rid: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": tid,
        "title": {"zh": "主题", "en": f"Topic {tid}"},
        "summary": {"zh": "简介。", "en": "Summary."},
        "resources": [{"resource": rid}],
        **extra,
    }


def track_data(
    track: str, *, topic_id: Optional[str] = None, rid: Optional[str] = None
) -> dict[str, Any]:
    rid = rid or f"{track}-res"
    return {
        "resources": [resource(rid)],
        "tracks": [
            {
                "id": track,
                "title": {"zh": "路线", "en": f"Track {track}"},
                "summary": {"zh": "简介。", "en": "Summary."},
                "topics": [topic(topic_id or f"{track}-topic", rid)],
            }
        ],
    }


def exporter_plugin(exporter_id: str) -> str:
    return f"""
        from llm_roadmap import Exporter, Text, hookimpl

        def write(roadmap, out, options):
            out.write(",".join(t.id for t in roadmap.tracks))

        @hookimpl
        def register_exporters(register):
            register(Exporter(id={exporter_id!r}, title=Text(zh="测试", en="Test"), suffix=".txt",
                              media_type="text/plain", write=write))
    """


def source_plugin(source_id: str) -> str:
    return f"""
        from llm_roadmap import Source, Text, hookimpl
        from llm_roadmap.source import ImportResult

        @hookimpl
        def register_sources(register):
            register(Source(id={source_id!r}, title=Text(zh="来源", en="Source"),
                            description=Text(zh="说明。", en="About."),
                            import_document=lambda text, **kw: ImportResult(data={{}})))
    """


BROKEN = {
    "import": (
        "raise ImportError('needs the frobnicator')",
        "import failed: ImportError: needs the frobnicator",
    ),
    "raises": (
        """
        from llm_roadmap import hookimpl

        @hookimpl
        def register_tracks(register):
            raise RuntimeError("data server down")
        """,
        "register_tracks raised RuntimeError: data server down",
    ),
    "wrong-type": (
        """
        from llm_roadmap import hookimpl

        @hookimpl
        def register_exporters(register):
            register({"id": "nope"})
        """,
        "register_exporters: expected an llm_roadmap.Exporter, got dict",
    ),
    "invalid-data": (
        data_plugin({"resources": [{**resource("bad-res"), "colour": "blue"}]}),
        "resource 'bad-res': colour: unknown field",
    ),
    "misspelt": (
        """
        from llm_roadmap import hookimpl

        @hookimpl
        def register_track(register):
            pass
        """,
        "unknown hook(s) register_track: check the spelling",
    ),
}


def quiet_load(**kwargs: Any) -> tuple[llm_roadmap.Roadmap, list[str]]:
    """Load without builtins or the environment, returning the PluginWarning messages."""
    kwargs.setdefault("environ", {})
    kwargs.setdefault("disable_plugins", ["llm-roadmap"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rm = llm_roadmap.load(**kwargs)
    messages = [str(w.message) for w in caught if issubclass(w.category, PluginWarning)]
    return rm, messages


def record(rm: llm_roadmap.Roadmap, distribution: str) -> PluginInfo:
    found = [p for p in rm.plugins if p.distribution == distribution]
    assert len(found) == 1, [p.distribution for p in rm.plugins]
    return found[0]


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


# -- isolation -------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", sorted(BROKEN))
def test_a_broken_plugin_is_left_out_and_the_rest_loads(site: Site, mode: str) -> None:
    source, expected = BROKEN[mode]
    site.add("rmfake-good", data_plugin(track_data("good-track")), version="1.0")
    site.add("rmfake-broken", source, version="6.6.6")
    rm, messages = quiet_load(plugins=["rmfake-good", "rmfake-broken"])
    assert rm.track("good-track").provenance is not None
    broken = record(rm, "rmfake-broken")
    assert broken.status is PluginStatus.FAILED
    assert broken.error is not None and expected in broken.error
    assert set(broken.contributed.values()) == {0}
    assert record(rm, "rmfake-good").status is PluginStatus.LOADED
    assert len(messages) == 1
    assert "'rmfake-broken' (rmfake-broken 6.6.6)" in messages[0] and expected in messages[0]


@pytest.mark.parametrize("mode", sorted(BROKEN))
def test_strict_mode_turns_each_failure_into_an_error(site: Site, mode: str) -> None:
    source, expected = BROKEN[mode]
    site.add("rmfake-broken", source, version="6.6.6")
    with pytest.raises(PluginError) as caught:
        quiet_load(plugins=["rmfake-broken"], strict=True)
    message = str(caught.value)
    assert "'rmfake-broken' (rmfake-broken 6.6.6)" in message and expected in message
    # The environment variable does the same; the argument wins over it.
    with pytest.raises(PluginError):
        quiet_load(plugins=["rmfake-broken"], environ={"LLM_ROADMAP_STRICT_PLUGINS": "1"})
    rm, _ = quiet_load(
        plugins=["rmfake-broken"], strict=False, environ={"LLM_ROADMAP_STRICT_PLUGINS": "1"}
    )
    assert record(rm, "rmfake-broken").status is PluginStatus.FAILED


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "@hookimpl\ndef register_tracks(register):\n    register(42)",
            "register_tracks: expected a path, an importlib.resources traversable or a mapping,"
            " got int",
        ),
        (
            "@hookimpl\ndef register_sources(register):\n    register('arxiv')",
            "register_sources: expected an llm_roadmap.Source, got str",
        ),
        (
            "@hookimpl\ndef register_exporters(register):\n"
            "    register(Exporter(id='Bad_Id', title=Text.same('x'), suffix='.x',\n"
            "             media_type='text/plain', write=print))",
            "exporter id 'Bad_Id' is not a kebab-case id",
        ),
        (
            # Swallowing the exception does not make the registration valid.
            "@hookimpl\ndef register_tracks(register):\n    try:\n        register(object())\n"
            "    except Exception:\n        pass",
            "got object",
        ),
        (
            "def register_tracks(register):\n    pass",
            "register_tracks not marked with @llm_roadmap.hookimpl",
        ),
        ("VALUE = 1", "implements no hooks"),
        (
            "@hookimpl\ndef register_tracks(register, roadmap):\n    pass",
            "registration failed",
        ),
        (
            "@hookimpl(wrapper=True)\ndef register_tracks(register):\n    return (yield)",
            "hook wrappers are not supported",
        ),
        (
            "SAVED = []\n@hookimpl\ndef register_tracks(register):\n    SAVED.append(register)\n"
            "@hookimpl\ndef register_exporters(register):\n    SAVED[0]({'resources': []})",
            "register() was called after the hook returned",
        ),
        ("import sys\nsys.exit(3)", "import failed: SystemExit: 3"),
    ],
)
def test_other_plugin_mistakes_are_failures_with_a_reason(
    site: Site, body: str, expected: str
) -> None:
    header = "from llm_roadmap import Exporter, Text, hookimpl\n"
    site.add("rmfake-odd", header + body, version="0.1")
    rm, messages = quiet_load(plugins=["rmfake-odd"])
    odd = record(rm, "rmfake-odd")
    assert odd.status is PluginStatus.FAILED
    assert odd.error is not None and expected in odd.error, odd.error
    assert messages and expected in messages[0]


def test_optional_unknown_hook_is_allowed(site: Site) -> None:
    source = """
        from llm_roadmap import hookimpl

        @hookimpl(optionalhook=True)
        def register_glossary(register):
            raise AssertionError("never called: no such hook in this version")

        @hookimpl
        def register_tracks(register):
            register({"resources": [{"id": "opt-res", "title": "T", "url": "https://example.org/o",
                                     "kind": "book", "language": "en",
                                     "description": {"zh": "书。", "en": "A book."}}]})
    """
    site.add("rmfake-future", source)
    rm, messages = quiet_load(plugins=["rmfake-future"])
    assert messages == []
    assert rm.resource("opt-res").provenance is not None
    assert record(rm, "rmfake-future").status is PluginStatus.LOADED


def test_a_builtin_that_fails_to_import_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import llm_roadmap._plugin_manager as manager

    monkeypatch.setattr(manager, "BUILTIN_PLUGINS", ("llm_roadmap.no_such_builtin",))
    with pytest.raises(ModuleNotFoundError):
        llm_roadmap.load(plugins=[], environ={})


def test_a_builtin_that_breaks_is_an_error_even_when_not_strict(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    import llm_roadmap._plugin_manager as manager

    (site.path / "rmfake_builtin.py").write_text(
        textwrap.dedent(BROKEN["raises"][0]), encoding="utf-8"
    )
    site.modules.append("rmfake_builtin")
    monkeypatch.setattr(manager, "BUILTIN_PLUGINS", ("rmfake_builtin",))
    with pytest.raises(PluginError, match=r"built-in plugin 'rmfake_builtin'.*data server down"):
        llm_roadmap.load(plugins=[], environ={}, strict=False)
    (site.path / "rmfake_builtin.py").write_text(
        textwrap.dedent(BROKEN["misspelt"][0]), encoding="utf-8"
    )
    sys.modules.pop("rmfake_builtin", None)
    with pytest.raises(PluginError, match=r"built-in plugin 'rmfake_builtin'.*unknown hook"):
        llm_roadmap.load(plugins=[], environ={}, strict=False)


# -- collisions ------------------------------------------------------------------------------


def test_duplicate_track_resource_and_topic_ids_fail_the_later_plugin_naming_both(
    site: Site,
) -> None:
    site.add(
        "rmfake-a-first",
        data_plugin(track_data("shared-track", topic_id="shared-topic")),
        version="1.0",
    )
    site.add(
        "rmfake-b-track",
        data_plugin(track_data("shared-track", rid="b-res", topic_id="b-topic")),
        version="2.0",
    )
    site.add(
        "rmfake-c-resource",
        data_plugin({"resources": [resource("shared-track-res")]}),
        version="3.0",
    )
    site.add(
        "rmfake-d-topic",
        data_plugin(track_data("d-track", topic_id="shared-topic", rid="d-res")),
        version="4.0",
    )
    names = ["rmfake-a-first", "rmfake-b-track", "rmfake-c-resource", "rmfake-d-topic"]
    rm, messages = quiet_load(plugins=names)
    assert record(rm, "rmfake-a-first").status is PluginStatus.LOADED
    assert rm.track("shared-track").provenance.distribution == "rmfake-a-first"  # type: ignore[union-attr]
    for dist, kind in (
        ("rmfake-b-track", "track"),
        ("rmfake-c-resource", "resource"),
        ("rmfake-d-topic", "topic"),
    ):
        info = record(rm, dist)
        assert info.status is PluginStatus.FAILED
        assert info.error is not None
        assert f"duplicate {kind} id" in info.error
        assert "'rmfake-a-first' (rmfake-a-first 1.0)" in info.error
        warning = next(m for m in messages if f"'{dist}'" in m)
        assert "rmfake-a-first" in warning and info.version in warning
    # Nothing of a failed plugin is kept, not even its ids that did not collide.
    with pytest.raises(LookupError):
        rm.resource("b-res")
    with pytest.raises(LookupError):
        rm.track("d-track")


def test_duplicate_exporter_and_source_ids_fail_the_later_plugin(site: Site) -> None:
    site.add("rmfake-a-exp", exporter_plugin("same-format"), version="1.0")
    site.add("rmfake-b-exp", exporter_plugin("same-format"), version="2.0")
    site.add("rmfake-a-src", source_plugin("same-source"), version="1.0")
    site.add("rmfake-b-src", source_plugin("same-source"), version="2.0")
    rm, _ = quiet_load(plugins=["rmfake-a-exp", "rmfake-b-exp", "rmfake-a-src", "rmfake-b-src"])
    assert rm.exporters["same-format"].provenance.distribution == "rmfake-a-exp"  # type: ignore[union-attr]
    assert rm.sources["same-source"].provenance.distribution == "rmfake-a-src"  # type: ignore[union-attr]
    exp = record(rm, "rmfake-b-exp")
    assert exp.status is PluginStatus.FAILED
    assert exp.error == (
        "duplicate exporter id 'same-format': already registered by plugin "
        "'rmfake-a-exp' (rmfake-a-exp 1.0); the first registration keeps it"
    )
    src = record(rm, "rmfake-b-src")
    assert src.error is not None and "duplicate source id 'same-source'" in src.error
    assert "'rmfake-a-src' (rmfake-a-src 1.0)" in src.error


def test_collisions_with_builtins_fail_the_plugin(site: Site) -> None:
    site.add("rmfake-md", exporter_plugin("markdown"), version="1.0")
    rm, _ = quiet_load(plugins=["rmfake-md"], disable_plugins=[])
    info = record(rm, "rmfake-md")
    assert info.status is PluginStatus.FAILED
    assert info.error is not None and "'llm_roadmap.exporters.markdown'" in info.error
    assert rm.exporters["markdown"].provenance.distribution == "llm-roadmap"  # type: ignore[union-attr]
    bundled_id = next(iter(llm_roadmap.load(plugins=[], environ={}).resources)).id
    site.add("rmfake-res", data_plugin({"resources": [resource(bundled_id)]}), version="1.0")
    rm, _ = quiet_load(plugins=["rmfake-res"], disable_plugins=[])
    info = record(rm, "rmfake-res")
    assert info.status is PluginStatus.FAILED
    assert info.error is not None and "'llm_roadmap.bundled' (llm-roadmap" in info.error


def test_same_plugin_registering_an_exporter_twice_fails(site: Site) -> None:
    source = exporter_plugin("twice").replace(
        "register(Exporter(", "for _ in range(2):\n                register(Exporter("
    )
    site.add("rmfake-twice", textwrap.dedent(source))
    rm, _ = quiet_load(plugins=["rmfake-twice"])
    assert record(rm, "rmfake-twice").error == "registers the exporter id 'twice' twice"
    assert "twice" not in rm.exporters


def test_extensions_are_the_explicit_way_to_add_to_another_plugins_track(site: Site) -> None:
    site.add("rmfake-a-base", data_plugin(track_data("base-track", topic_id="base-topic")))
    extension = {
        "resources": [resource("ext-res")],
        "extensions": [
            {
                "track": "base-track",
                "topics": [topic("ext-topic", "ext-res", prerequisites=["base-topic"])],
            },
            {"topic": "base-topic", "resources": [{"resource": "ext-res", "role": "optional"}]},
        ],
    }
    site.add("rmfake-b-ext", data_plugin(extension), version="0.2")
    rm, messages = quiet_load(plugins=["rmfake-a-base", "rmfake-b-ext"])
    assert messages == []
    track = rm.track("base-track")
    assert [t.id for t in track.topics] == ["base-topic", "ext-topic"]
    assert track.provenance.distribution == "rmfake-a-base"  # type: ignore[union-attr]
    assert track.topics[1].provenance.distribution == "rmfake-b-ext"  # type: ignore[union-attr]
    assert [p.resource for p in track.topics[0].resources] == ["base-track-res", "ext-res"]
    assert record(rm, "rmfake-b-ext").contributed["extensions"] == 2
    # Without the track it extends, the extension fails too, naming what is missing.
    rm, messages = quiet_load(plugins=["rmfake-b-ext"])
    info = record(rm, "rmfake-b-ext")
    assert info.status is PluginStatus.FAILED and "unknown track 'base-track'" in (info.error or "")


def test_two_entry_points_with_one_name_fail_the_second(site: Site) -> None:
    site.add("rmfake-a", data_plugin(track_data("a-track")), entry_point="same", version="1.0")
    site.add("rmfake-b", data_plugin(track_data("b-track")), entry_point="same", version="2.0")
    rm, _ = quiet_load(plugins=["rmfake-a", "rmfake-b"])
    info = record(rm, "rmfake-b")
    assert info.status is PluginStatus.FAILED
    assert "already named 'same'" in (info.error or "") and "rmfake-a 1.0" in (info.error or "")
    assert [t.id for t in rm.tracks] == ["a-track"]


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


# -- documentation ---------------------------------------------------------------------------


def test_every_hookspec_is_typed_documented_and_has_a_section_in_docs() -> None:
    specs = sorted(
        name
        for name in dir(hookspecs)
        if getattr(getattr(hookspecs, name), "llm_roadmap_spec", None) is not None
    )
    assert specs == sorted(HOOK_NAMES)
    docs = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (\w+)\s*$", docs, flags=re.MULTILINE)
    assert sorted(sections) == specs
    for name in specs:
        function = getattr(hookspecs, name)
        assert function.__doc__ and "Args:" in function.__doc__, name
        assert function.__annotations__.get("register") is not None, name
        body = docs.split(f"## {name}", 1)[1].split("\n## ", 1)[0]
        assert "```python" in body and "@hookimpl" in body, (
            f"docs/hooks.md: {name} needs an example"
        )
        example = body.split("```python", 1)[1].split("```", 1)[0]
        ast.parse(example)  # the example is valid Python
