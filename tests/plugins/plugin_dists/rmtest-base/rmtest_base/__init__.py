"""A good plugin: a track from packaged TOML, an exporter and a source."""

from importlib.resources import files

from llm_roadmap import Exporter, Source, Text, hookimpl
from llm_roadmap.sources import FetchResult


def _write(roadmap, out, options):
    for track in roadmap.tracks:
        out.write(f"{track.id}\t{track.title.get(options.lang)}\n")


@hookimpl
def register_tracks(register):
    register(files(__name__) / "data")


@hookimpl
def register_exporters(register):
    register(
        Exporter(
            id="rmtest-lines",
            title=Text(zh="行", en="Lines"),
            suffix=".txt",
            media_type="text/plain",
            write=_write,
        )
    )


@hookimpl
def register_sources(register):
    register(
        Source(
            id="rmtest-source",
            title=Text(zh="测试来源", en="Test source"),
            description=Text(zh="什么也不取。", en="Fetches nothing."),
            fetch=lambda resources, **options: FetchResult(),
        )
    )
