"""The hook specifications: the three ways a plugin adds to the roadmap.

Each hook hands the plugin a ``register`` callback instead of collecting return
values, so a hook can gain arguments later without breaking existing plugins
(pluggy passes a plugin only the arguments it names).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pluggy

if TYPE_CHECKING:
    # Only to annotate: the spec module stays at the bottom of the import graph.
    from .exporters import Exporter
    from .roadmap import Roadmap
    from .sources import DataInput, Source

__all__ = ["hookimpl", "hookspec"]

hookspec = pluggy.HookspecMarker("llm_roadmap")
"""Marks a function in this module as a hook specification."""

hookimpl = pluggy.HookimplMarker("llm_roadmap")
"""Marks a plugin's function as the implementation of a hook: ``@hookimpl``."""


@hookspec
def register_tracks(register: Callable[[DataInput], None]) -> None:
    """Register roadmap data: tracks with their topics and resources, or extensions.

    Args:
        register: Call it once per data input: a TOML file, a directory of TOML
            files (read recursively, in name order), an
            ``importlib.resources`` traversable, or a mapping shaped like a TOML
            data file (``{"tracks": [...], "resources": [...], "extensions": [...]}``).

    Example:
        ```python
        from importlib.resources import files
        from llm_roadmap import hookimpl

        @hookimpl
        def register_tracks(register):
            register(files("my_track") / "data")
        ```
    """


@hookspec
def register_sources(register: Callable[[Source], None]) -> None:
    """Register sources of resources: importers and metadata fetchers.

    Args:
        register: Call it once per `llm_roadmap.Source`.
    """


@hookspec
def register_exporters(register: Callable[[Exporter[Roadmap]], None]) -> None:
    """Register exporters: formats that `Roadmap.export` and ``llm-roadmap export`` can write.

    Args:
        register: Call it once per `llm_roadmap.Exporter`.
    """
