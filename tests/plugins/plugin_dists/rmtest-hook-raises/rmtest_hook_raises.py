"""Raises inside its hook."""

from llm_roadmap import hookimpl


@hookimpl
def register_tracks(register):
    raise RuntimeError("the data server is down")
