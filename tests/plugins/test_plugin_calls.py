"""The plugin system in-process: isolation, strict mode, collisions (``_plugins.calls``).

Installed plugins are real to importlib.metadata: each test writes modules and
``*.dist-info`` folders (METADATA and entry_points.txt) into a directory put
on ``sys.path``, which is exactly what an installed distribution is. The
venv-based counterparts, with pip-installed distributions, are in
test_plugins_installed.py.
"""

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from _plugin_fakes import (
    BROKEN,
    data_plugin,
    exporter_plugin,
    quiet_load,
    record,
    resource,
    source_plugin,
    topic,
    track_data,
)
from _sites import Site, make_site

import llm_roadmap
from llm_roadmap import PluginError, PluginStatus


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    yield from make_site(tmp_path, monkeypatch)


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
    import llm_roadmap.plugin.discovery as manager

    monkeypatch.setattr(manager, "BUILTIN_PLUGINS", ("llm_roadmap.no_such_builtin",))
    with pytest.raises(ModuleNotFoundError):
        llm_roadmap.load(plugins=[], environ={})


def test_a_builtin_that_breaks_is_an_error_even_when_not_strict(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    import llm_roadmap.plugin.discovery as manager

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
