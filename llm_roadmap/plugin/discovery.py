"""Finding plugins: the built-in modules, and the installed distributions' entry points.

Discovery reads entry-point tables and a little metadata
(`importlib.metadata`); it imports a plugin's code only when `Candidate.load`
is called, after the selection has let it through.
"""

import functools
import importlib
import sys
from collections.abc import Iterator
from typing import Callable, NamedTuple

from .._version import __version__
from ..util.ids import canonical_name
from .records import PluginInfo

__all__ = [
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "Candidate",
    "builtins",
    "given",
    "installed",
    "listing_order",
]

ENTRY_POINT_GROUP = "llm_roadmap"
"""The entry-point group (and pluggy project name) plugins register under."""

BUILTIN_PLUGINS = (
    "llm_roadmap.bundled",
    "llm_roadmap.exporters.markdown",
    "llm_roadmap.exporters.csv",
    "llm_roadmap.exporters.json",
    "llm_roadmap.exporters.bibtex",
    "llm_roadmap.exporters.mermaid",
    "llm_roadmap.exporters.sqlite",
    "llm_roadmap.exporters.html",
    "llm_roadmap.sources.markdown_list",
    "llm_roadmap.sources.arxiv",
    "llm_roadmap.sources.github",
)
"""Modules of the built-in plugins, registered through the same hooks as any other."""


class Candidate(NamedTuple):
    """A plugin found but not yet imported: its names, and how to import it."""

    name: str
    distribution: str
    version: str
    load: Callable[[], object]
    builtin: bool
    extra: bool = False

    @property
    def info(self) -> PluginInfo:
        """Its record, before it is loaded."""
        return PluginInfo(
            name=self.name,
            distribution=self.distribution,
            version=self.version,
            builtin=self.builtin,
        )


def installed() -> Iterator[Candidate]:
    """Every installed plugin: one candidate per entry point of the group.

    When two distributions of one name are on the path, the first one wins, as
    imports do (`importlib.metadata.entry_points` keeps the first).
    """
    from importlib import metadata

    if sys.version_info >= (3, 10):
        for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
            # `dist.name` and `dist.version` would each parse METADATA again.
            meta = ep.dist.metadata if ep.dist is not None else None
            name = (meta["Name"] if meta is not None else "") or ep.module
            version = (meta["Version"] if meta is not None else "") or ""
            yield Candidate(ep.name, name, version, ep.load, False)
        return
    # Python 3.9: entry_points() takes no group and its entry points know no distribution.
    seen: set[str] = set()
    for dist in metadata.distributions():
        eps = [ep for ep in dist.entry_points if ep.group == ENTRY_POINT_GROUP]
        if not eps:
            continue
        name = dist.metadata["Name"] or eps[0].module
        if canonical_name(name) in seen:
            continue
        seen.add(canonical_name(name))
        version = dist.metadata["Version"] or ""
        for ep in eps:
            yield Candidate(ep.name, name, version, ep.load, False)


def builtins() -> Iterator[Candidate]:
    """The built-in plugins, in `BUILTIN_PLUGINS` order."""
    for module in BUILTIN_PLUGINS:
        load = functools.partial(importlib.import_module, module)
        yield Candidate(module, "llm-roadmap", __version__, load, True)


def given(obj: object) -> Callable[[], object]:
    """A ``load`` for a plugin object handed over directly (``extra_plugins``)."""

    def load() -> object:
        return obj

    return load


def listing_order(info: PluginInfo) -> tuple[int, int, str, str]:
    """Sort key of plugin records: built-ins in registration order, then by distribution."""
    if info.builtin:
        position = BUILTIN_PLUGINS.index(info.name) if info.name in BUILTIN_PLUGINS else 0
        return (0, position, "", info.name)
    return (1, 0, canonical_name(info.distribution), info.name)
