"""Registers an exporter id that rmtest-base already has."""

from llm_roadmap import Exporter, Text, hookimpl


@hookimpl
def register_exporters(register):
    register(
        Exporter(
            id="rmtest-lines",
            title=Text(zh="另一个", en="Another"),
            suffix=".txt",
            media_type="text/plain",
            write=lambda roadmap, out, options: None,
        )
    )
