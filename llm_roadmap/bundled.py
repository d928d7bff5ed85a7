"""The built-in plugin that registers the curated data bundled with llm-roadmap."""

from importlib.resources import files
from typing import Callable

from .hookspecs import hookimpl
from .source import DataInput


@hookimpl
def register_tracks(register: Callable[[DataInput], None]) -> None:
    """Register the bundled tracks and resources (the ``llm_roadmap.data`` package)."""
    register(files("llm_roadmap.data"))
