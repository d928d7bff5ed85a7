"""Finding plugins: the built-in modules, and the installed distributions' entry points.

Discovery only reads entry-point tables and a little metadata; it imports a
plugin's code only when `Candidate.load` is called, after the selection has
let it through.
"""

import functools
import importlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Union

from .._builtin_names import BUILTIN_PLUGINS as BUILTIN_PLUGINS
from .._ids import canonical_name
from .._version import __version__
from ..plugin_records import PluginInfo
from . import entry_points

if TYPE_CHECKING:
    from importlib import metadata

__all__ = [
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "Candidate",
    "builtins",
    "given",
    "installed",
    "installed_in_order",
    "listing_order",
    "name_version",
]

ENTRY_POINT_GROUP = "llm_roadmap"
"""The entry-point group (and pluggy project name) plugins register under."""


class Candidate(NamedTuple):
    """A plugin found but not yet imported: its names, and how to import it."""

    # A named tuple, not an attrs class: every load creates this class, and
    # attrs compiles methods for it, which cost more than a load from the cache.

    name: str
    distribution: str
    version: str
    load: Callable[[], Any]
    builtin: bool
    extra: bool = False


def installed() -> Iterator[Candidate]:
    """Every installed plugin: one candidate per entry point of the group.

    Reads only entry-point tables and, for the distributions that have one in
    the group, their metadata once (name and version from one parse). The
    tables are read without `importlib.metadata` where the path allows
    (`llm_roadmap._plugins.entry_points`), with it otherwise.
    """
    found = entry_points.scan(ENTRY_POINT_GROUP)
    if found is not None:
        versions: dict[str, tuple[str, str]] = {}
        for item in found:
            key = str(item.dist.path)
            if key not in versions:
                versions[key] = name_version(item.dist)
            name, version = versions[key]
            load = functools.partial(entry_points.load_value, item.value)
            module = item.value.split(":")[0].strip()
            yield Candidate(item.name, name or module, version, load, False)
        return
    from importlib import metadata

    if sys.version_info >= (3, 10):
        for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
            dist = ep.dist
            if dist is None:  # pragma: no cover - only for hand-made EntryPoint objects
                yield Candidate(ep.name, ep.module, "", ep.load, False)
                continue
            name, version = name_version(dist)
            yield Candidate(ep.name, name or ep.module, version, ep.load, False)
    else:  # pragma: no cover - Python 3.9 has neither group= nor ep.dist
        seen: set[str] = set()
        for dist in metadata.distributions():
            eps = [ep for ep in dist.entry_points if ep.group == ENTRY_POINT_GROUP]
            if not eps:
                continue
            found, version = name_version(dist)
            name = found or eps[0].module
            if canonical_name(name) in seen:  # the first on sys.path wins, as imports do
                continue
            seen.add(canonical_name(name))
            for ep in eps:
                yield Candidate(ep.name, name, version, ep.load, False)


def installed_in_order() -> list[Candidate]:
    """`installed`, in the order plugins are taken: by distribution, then entry-point name."""
    return sorted(installed(), key=lambda c: (canonical_name(c.distribution), c.name))


def name_version(
    dist: Union["metadata.Distribution", entry_points.Distribution],
) -> tuple[str, str]:
    """A distribution's name and version, read from the headers of its metadata only.

    ``dist.metadata`` parses the whole file with the email parser, long
    description included (often a README of several kilobytes); the two
    single-line headers are enough here and ten times cheaper to find, which
    matters with hundreds of plugins installed.
    """
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
    name = version = ""
    for line in text.split("\n\n", 1)[0].splitlines():
        if line.startswith("Name:"):
            name = line[5:].strip()
        elif line.startswith("Version:"):
            version = line[8:].strip()
    if not name or not version:  # unusual metadata: let the full parser have it
        meta = dist.metadata
        name, version = name or meta["Name"] or "", version or meta["Version"] or ""
    return name, version


def builtins() -> Iterator[Candidate]:
    """The built-in plugins, in `BUILTIN_PLUGINS` order."""
    for module in BUILTIN_PLUGINS:
        load = functools.partial(_builtin, module)
        yield Candidate(module, "llm-roadmap", __version__, load, True)


def _builtin(module: str) -> object:
    # A built-in exporter or source is registered by a stand-in that imports
    # its module when first used (llm_roadmap._lazy_builtins).
    from .. import _lazy_builtins

    stand_in = _lazy_builtins.stand_in(module)
    return stand_in if stand_in is not None else importlib.import_module(module)


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
