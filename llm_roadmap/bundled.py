"""The built-in plugin that registers the curated data bundled with llm-roadmap."""

from importlib.resources import files
from typing import Callable

from .hookspecs import hookimpl
from .source import DataInput

DATA_DIRS = ("resources", "tracks")
"""The folders of ``llm_roadmap.data`` that hold roadmap data.

``plugins.toml`` beside them is the plugin directory, not roadmap data.
"""


@hookimpl
def register_tracks(register: Callable[[DataInput], None]) -> None:
    """Register the bundled tracks and resources (the ``llm_roadmap.data`` package)."""
    root = files("llm_roadmap.data")
    for name in DATA_DIRS:
        register(root / name)
