"""The data stage of `llm_roadmap.load`: every plugin's data read, structured and cross-checked.

`read_and_check` reads each contribution (a plugin's registered data, or the
caller's ``paths``), checks it on its own and then across all of them, and
leaves out a plugin whose data has problems (running the check again without
it) until what is left is consistent. `cached_or_checked` answers the same
from the cache of loaded data (`llm_roadmap._load_cache`) when nothing it
depends on has changed. Both run with the garbage collector paused
(`gc_paused`).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .model import Extension, Provenance, Resource, Track

if TYPE_CHECKING:
    from ._entries import Contribution
    from ._load_cache import Cached
    from .errors import Problem

__all__ = ["PATHS_ORIGIN", "cached_or_checked", "gc_paused", "read_and_check"]

PATHS_ORIGIN = "<paths>"
"""How problems and provenance name the caller's ``paths``."""


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No garbage collection while a load builds its objects.

    A load allocates hundreds of thousands of objects that all live on, and
    none of them is garbage: each collection the allocations set off scans
    them all again, which made a load at 100,000 resources grow faster than
    the parse of its files.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cached_or_checked(
    registered: Sequence[Any], records: Sequence[Any], env: Mapping[str, str]
) -> Cached:
    """`read_and_check`, answered from the cache of loaded data when nothing changed."""
    from . import _load_cache

    key = _load_cache.key_of(registered, records)
    if key is None:
        return read_and_check(registered, [])
    path = _load_cache.cache_file(env)
    cached = _load_cache.read(path, key)
    if cached is None:
        cached = read_and_check(registered, [])
        _load_cache.write(path, key, cached)
    return cached


def read_and_check(registered: Sequence[Any], path_list: list[Any]) -> Cached:
    """Read, structure and validate every plugin's data and ``path_list``.

    Returns the valid entries in load order, the plugins left out for their
    data (by position: plugins in order, then the paths), what each kept
    plugin contributed, the resources under two ids, and no plugin records
    (`llm_roadmap._load_cache.Cached`: the loader makes those).

    Raises:
        DataError: The bundled data or the paths have problems.
    """
    from ._urls import remembering

    with remembering():
        return _read_and_check(registered, path_list)


def _read_and_check(registered: Sequence[Any], path_list: list[Any]) -> Cached:
    from ._entries import Contribution, add_input
    from ._validate import check_entries
    from .errors import DataError

    owners: list[Any] = []  # the Registered behind each contribution, None for paths
    contributions: list[Contribution] = []
    for reg in registered:
        contribution = Contribution(label=reg.info.name, provenance=reg.info.provenance)
        for item in reg.data:
            add_input(contribution, item, origin=len(contributions))
        contributions.append(contribution)
        owners.append(reg)
    if path_list:
        user = Contribution(
            label=PATHS_ORIGIN,
            provenance=Provenance(plugin=PATHS_ORIGIN, distribution="local", version=""),
        )
        for path in path_list:
            add_input(user, path, origin=len(contributions))
        contributions.append(user)
        owners.append(None)

    fatal: list[Problem] = []
    rejected: dict[int, str] = {}

    def reject(index: int, problems: list[Problem]) -> None:
        owner = owners[index]
        if owner is None or owner.info.builtin:
            fatal.extend(problems)
            return
        summary = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        rejected[index] = f"invalid data: {summary}{more}"

    for index, contribution in enumerate(contributions):
        if contribution.problems:
            reject(index, contribution.problems)

    # Exporter and source ids are settled before the data is cross-checked, so
    # that data of a plugin left out here is not relied on by the others.
    _exporter_collisions(owners, rejected)

    # Problems name the plugin (and distribution) an earlier registration came from.
    names = {
        i: PATHS_ORIGIN if owners[i] is None else f"plugin {owners[i].info.label}"
        for i in range(len(contributions))
    }
    while True:
        live = [e for i, c in enumerate(contributions) if i not in rejected for e in c.entries]
        broken: dict[str, set[str]] = {}
        for i, c in enumerate(contributions):
            if i not in rejected:
                for kind, ids in c.broken.items():
                    broken.setdefault(kind, set()).update(ids)
        cross = check_entries(live, names, broken)
        by_origin: dict[int, list[Problem]] = {}
        for origin, problem in cross:
            by_origin.setdefault(origin, []).append(problem)
        newly = [
            i
            for i in by_origin
            if i not in rejected and owners[i] is not None and not owners[i].info.builtin
        ]
        if not newly:
            for origin, problems in by_origin.items():
                if origin not in rejected:
                    fatal.extend(problems)
            break
        for index in newly:
            reject(index, by_origin[index])

    if fatal:
        raise DataError(fatal)

    counts = {
        index: _counts(contributions[index], reg)
        for index, reg in enumerate(owners)
        if reg is not None and index not in rejected
    }
    entries = tuple(
        located.entry
        for i, c in enumerate(contributions)
        if i not in rejected
        for located in c.entries
    )
    return entries, rejected, counts, same_resources(entries), ()


def same_resources(entries: Sequence[Any]) -> tuple[tuple[Problem, bool], ...]:
    """Resources that are one resource under two ids, each with whether the later is from paths.

    Found with the valid entries (and cached with them), warned about by `load`.
    """
    from ._same_resource import check_identities

    resources = [e for e in entries if isinstance(e, Resource)]
    found = []
    for problem in check_identities(resources):
        later = next(r for r in reversed(resources) if r.id == problem.entry)
        from_paths = later.provenance is not None and later.provenance.plugin == PATHS_ORIGIN
        found.append((problem, from_paths))
    return tuple(found)


def _exporter_collisions(owners: list[Any], rejected: dict[int, str]) -> None:
    """Leave out each plugin that registers an exporter or source id already taken.

    The first registration keeps the id (built-ins come first, then installed
    plugins by distribution name); the later plugin fails with a message that
    names both. Two built-ins colliding is a bug in llm-roadmap and raises.
    """
    taken: dict[tuple[str, str], Any] = {}
    for index, reg in enumerate(owners):
        if reg is None or index in rejected:
            continue
        claims: dict[tuple[str, str], Any] = {}
        for kind, items in (("exporter", reg.exporters), ("source", reg.sources)):
            for item in items:
                key = (kind, item.id)
                if key in claims:
                    rejected[index] = f"registers the {kind} id {item.id!r} twice"
                    break
                if key in taken:
                    first = taken[key].info
                    message = (
                        f"duplicate {kind} id {item.id!r}: already registered by plugin "
                        f"{first.label}; the first registration keeps it"
                    )
                    if reg.info.builtin:
                        from .errors import PluginError

                        raise PluginError(f"built-in plugin {reg.info.label}: {message}")
                    rejected[index] = message
                    break
                claims[key] = reg
            if index in rejected:
                break
        if index not in rejected:
            taken.update(claims)


def _counts(contribution: Contribution, reg: Any) -> dict[str, int]:
    counts = {
        "tracks": 0,
        "topics": 0,
        "resources": 0,
        "extensions": 0,
        "exporters": len(reg.exporters),
        "sources": len(reg.sources),
    }
    for located in contribution.entries:
        entry = located.entry
        if isinstance(entry, Resource):
            counts["resources"] += 1
        elif isinstance(entry, Track):
            counts["tracks"] += 1
            counts["topics"] += len(entry.topics)
        elif isinstance(entry, Extension):
            counts["extensions"] += 1
            counts["topics"] += len(entry.topics)
    return counts
