"""llm_roadmap.testing: roadmap_with() and check_plugin(), the plugin author's test kit."""

import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _sites import Site, make_site

import llm_roadmap
from llm_roadmap import PluginError, PluginStatus, PluginWarning, hookimpl
from llm_roadmap.plugin.discovery import BUILTIN_PLUGINS
from llm_roadmap.testing import PluginCheckError, PluginReport, check_plugin, roadmap_with

DATA = {
    "resources": [
        {
            "id": "kit-res",
            "title": "Kit Resource",
            "url": "https://example.org/kit",
            "kind": "article",
            "language": "en",
            "description": {"zh": "资料。", "en": "A resource."},
        }
    ],
    "tracks": [
        {
            "id": "kit-track",
            "title": {"zh": "路线", "en": "Kit track"},
            "summary": {"zh": "简介。", "en": "Summary."},
            "topics": [
                {
                    "id": "kit-topic",
                    "title": {"zh": "主题", "en": "Topic"},
                    "summary": {"zh": "简介。", "en": "Summary."},
                    "resources": [{"resource": "kit-res"}],
                }
            ],
        }
    ],
}

GOOD = f"""
from llm_roadmap import Exporter, Source, Text, hookimpl
from llm_roadmap.sources import FetchResult

def write(roadmap, out, options):
    out.write(" ".join(t.title.get(options.lang) for t in roadmap.tracks))

@hookimpl
def register_tracks(register):
    register({DATA!r})

@hookimpl
def register_exporters(register):
    register(Exporter(id="kit-format", title=Text(zh="格式", en="Format"), suffix=".txt",
                      media_type="text/plain", write=write))

@hookimpl
def register_sources(register):
    register(Source(id="kit-source", title=Text(zh="来源", en="Source"),
                    description=Text(zh="说明。", en="About."),
                    fetch=lambda resources, **kw: FetchResult()))
"""


HEADER = "from llm_roadmap import hookimpl\n@hookimpl\ndef register_tracks(register):\n"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    yield from make_site(tmp_path, monkeypatch)


class TrackPlugin:
    """A plugin as a class: pluggy registers its @hookimpl methods."""

    @staticmethod
    @hookimpl
    def register_tracks(register: Any) -> None:
        register(DATA)


def module_plugin(name: str, **hooks: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    for key, value in hooks.items():
        setattr(module, key, value)
    return module


# -- roadmap_with ------------------------------------------------------------------------------


def test_roadmap_with_registers_a_plugin_object_through_the_hooks() -> None:
    rm = roadmap_with(TrackPlugin)
    track = rm.track("kit-track")
    assert track.provenance is not None and track.provenance.plugin == "TrackPlugin"
    info = next(p for p in rm.plugins if p.name == "TrackPlugin")
    assert info.status is PluginStatus.LOADED and info.contributed["tracks"] == 1
    # The bundled data is there too, so a plugin may refer to it.
    assert len(rm.resources) > 1
    named = roadmap_with(TrackPlugin, name="my-track")
    assert named.track("kit-track").provenance.plugin == "my-track"  # type: ignore[union-attr]


def test_roadmap_with_takes_modules_and_name_pairs() -> None:
    @hookimpl
    def register_tracks(register: Any) -> None:
        register({"resources": [dict(DATA["resources"][0], id="other-res")]})

    module = module_plugin("kit_module", register_tracks=register_tracks)
    rm = roadmap_with(module, ("pair", TrackPlugin), builtins=False)
    assert rm.resource("other-res").provenance.plugin == "kit_module"  # type: ignore[union-attr]
    assert rm.track("kit-track").provenance.plugin == "pair"  # type: ignore[union-attr]
    assert rm.resources[0].id == "kit-res"
    assert {r.id for r in rm.resources} == {"kit-res", "other-res"}  # no bundled data
    assert all(p.status is PluginStatus.DISABLED for p in rm.plugins if p.name in BUILTIN_PLUGINS)
    with pytest.raises(ValueError, match="exactly one plugin"):
        roadmap_with(module, TrackPlugin, name="x")
    with pytest.raises(ValueError, match="share a name"):
        roadmap_with(("same", module), ("same", TrackPlugin))


def test_roadmap_with_is_strict_unless_told_otherwise() -> None:
    @hookimpl
    def register_tracks(register: Any) -> None:
        raise KeyError("oops")

    broken = module_plugin("broken_kit", register_tracks=register_tracks)
    with pytest.raises(PluginError, match=r"'broken_kit'.*register_tracks raised KeyError"):
        roadmap_with(broken)
    with pytest.warns(PluginWarning, match="broken_kit"):
        rm = roadmap_with(broken, TrackPlugin, strict=False)
    assert rm.track("kit-track")
    assert next(p for p in rm.plugins if p.name == "broken_kit").status is PluginStatus.FAILED


def test_roadmap_with_ignores_installed_plugins_and_the_environment(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.add("rmkit-installed", GOOD)
    monkeypatch.setenv("LLM_ROADMAP_DISABLE_PLUGINS", "TrackPlugin,llm-roadmap")
    rm = roadmap_with(TrackPlugin)
    assert "kit-format" not in rm.exporters  # installed plugins are left out by default
    assert rm.track("kit-track") and "markdown" in rm.exporters  # the variable was not read
    with pytest.raises(PluginError, match="duplicate track id"):
        roadmap_with(TrackPlugin, installed=True)  # now the installed one has the track first
    assert "kit-format" in roadmap_with(installed=["rmkit-installed"]).exporters


# -- check_plugin ------------------------------------------------------------------------------


def test_check_plugin_reports_what_a_good_plugin_registered(site: Site) -> None:
    site.add("rmkit-good", GOOD, version="3.1.4")
    site.add("rmkit-broken", "raise ImportError('unrelated')")  # not loaded: the check is alone
    report = check_plugin("RMKIT_good")
    assert report.ok
    assert (report.distribution, report.version) == ("RMKIT_good", "3.1.4")
    assert (report.tracks, report.topics, report.resources) == (
        ("kit-track",),
        ("kit-topic",),
        ("kit-res",),
    )
    assert (report.exporters, report.sources) == (("kit-format",), ("kit-source",))
    assert [p.distribution for p in report.plugins] == ["rmkit-good"]
    assert str(report).splitlines()[0] == "RMKIT_good 3.1.4: ok"
    assert "  exporters: kit-format" in str(report)


def test_check_plugin_loads_the_plugins_it_requires(site: Site) -> None:
    site.add("rmkit-base", GOOD, version="1.0")
    extension = {
        "resources": [dict(DATA["resources"][0], id="kit-extra")],
        "extensions": [{"topic": "kit-topic", "resources": [{"resource": "kit-extra"}]}],
    }
    site.add("rmkit-extends", f"{HEADER}    register({extension!r})\n", requires=("rmkit-base>=1",))
    site.add("rmkit-loose", f"{HEADER}    register({extension!r})\n")
    report = check_plugin("rmkit-extends")
    assert report.resources == ("kit-extra",) and report.tracks == ()
    assert [p.distribution for p in report.plugins] == ["rmkit-extends"]
    loose = check_plugin("rmkit-loose", raise_on_error=False)
    assert any("unknown topic 'kit-topic'" in p for p in loose.problems), loose.problems
    assert check_plugin("rmkit-loose", also=["rmkit-base"]).ok


def test_check_plugin_may_extend_bundled_data(site: Site) -> None:
    bundled = llm_roadmap.load(plugins=[], environ={})
    topic_id = bundled.topics[0].id
    extension = {
        "resources": [DATA["resources"][0]],
        "extensions": [
            {"topic": topic_id, "resources": [{"resource": "kit-res", "role": "optional"}]}
        ],
    }
    site.add(
        "rmkit-ext",
        f"{HEADER}    register({extension!r})\n",
    )
    report = check_plugin("rmkit-ext")
    assert report.ok, str(report)
    assert report.resources == ("kit-res",) and report.tracks == ()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("raise ImportError('needs numpy')", "import failed: ImportError: needs numpy"),
        (
            GOOD.replace("'zh': '资料。'", "'zh': ''"),
            "description.zh: missing translation",
        ),
        (
            GOOD.replace('out.write(" ".join', 'out.write(1 / 0 or " ".join'),
            "exporter 'kit-format' failed in zh: ExportError",
        ),
        (
            GOOD.replace("fetch=lambda resources, **kw: FetchResult()", "fetch=None"),
            "source 'kit-source': has neither import_document nor fetch",
        ),
        (
            GOOD.replace('title=Text(zh="格式", en="Format")', 'title=Text(zh="", en="Format")'),
            "exporter 'kit-format': title.zh is empty",
        ),
        (
            f"{HEADER}    pass\n",
            "registered nothing",
        ),
    ],
    ids=["import", "data", "exporter-fails", "source-idle", "exporter-text", "nothing"],
)
def test_check_plugin_finds_problems(site: Site, source: str, expected: str) -> None:
    site.add("rmkit-bad", source, version="0.0.1")
    report = check_plugin("rmkit-bad", raise_on_error=False)
    assert not report.ok
    assert any(expected in p for p in report.problems), report.problems
    with pytest.raises(PluginCheckError) as caught:
        check_plugin("rmkit-bad")
    assert isinstance(caught.value, AssertionError) and isinstance(caught.value, PluginError)
    assert caught.value.report == report
    assert "rmkit-bad 0.0.1: FAILED" in str(caught.value) and expected in str(caught.value)


def test_check_plugin_when_not_a_plugin(site: Site) -> None:
    report = check_plugin("rmkit-not-installed-anywhere", raise_on_error=False)
    assert report.problems == (
        "'rmkit-not-installed-anywhere' is not installed in this environment",
    )
    site.add("rmkit-other-group", GOOD, group="console_scripts")
    report = check_plugin("rmkit-other-group", raise_on_error=False)
    assert (
        len(report.problems) == 1
        and "declares no entry point in the 'llm_roadmap' group" in report.problems[0]
    )


def test_report_summary_lists_each_problem() -> None:
    report = PluginReport(distribution="x", problems=("a", "b"))
    assert not report.ok
    assert str(report) == "x: FAILED\n  problem: a\n  problem: b"
    assert PluginReport(distribution="x", version="1").ok
