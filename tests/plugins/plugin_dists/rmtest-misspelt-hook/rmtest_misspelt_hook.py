"""Implements a hook that does not exist (register_track, not register_tracks)."""

from llm_roadmap import hookimpl


@hookimpl
def register_track(register):
    register({})
