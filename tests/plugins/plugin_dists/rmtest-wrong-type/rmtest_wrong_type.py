"""Registers a plain dict where an llm_roadmap.Exporter is expected."""

from llm_roadmap import hookimpl


@hookimpl
def register_exporters(register):
    register({"id": "rmtest-not-an-exporter"})
