"""Fake plugins for the in-process plugin tests: their sources, their data, and a quiet load.

Each function returns the source of a plugin module (for `_sites.Site.add`) or
a TOML-shaped mapping; `BROKEN` holds one plugin per way of failing, with the
error each one must be reported with.
"""

import warnings
from typing import Any, Optional

import llm_roadmap
from llm_roadmap import PluginInfo, PluginWarning


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
        from llm_roadmap.sources import ImportResult

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
