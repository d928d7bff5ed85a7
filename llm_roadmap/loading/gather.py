"""The data stage of `llm_roadmap.load`: every plugin's data read, structured and cross-checked.

`read_and_check` reads each contribution (a plugin's registered data, or the
caller's ``paths``), checks it on its own and then across all of them, and
leaves out a plugin whose data has problems (running the check again without
it) until what is left is consistent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Callable, NamedTuple, Optional, Union

from ..model import Extension, Provenance, Resource, Track

if TYPE_CHECKING:
    from ..errors import Problem
    from ..plugin.calls import Registered
    from ..sources import DataInput
    from .entries import Contribution

__all__ = ["PATHS_ORIGIN", "Checked", "Entry", "read_and_check"]

PATHS_ORIGIN = "<paths>"
"""How problems and provenance name the caller's ``paths``."""

Entry = Union[Resource, Track, Extension]
"""One valid entry of the data: a resource, a track, or an extension."""


class Checked(NamedTuple):
    """What the data stage found.

    Attributes:
        entries: The valid entries, in load order (plugins in order, then the paths).
        rejected: Why each plugin left out for its data was left out, by its
            position in the registered plugins.
        counts: What each kept plugin contributed, by position.
        same: Resources that are one resource under two ids, each with whether
            the later one comes from the paths.
    """

    entries: tuple[Entry, ...]
    rejected: Mapping[int, str]
    counts: Mapping[int, Mapping[str, int]]
    same: tuple[tuple[Problem, bool], ...]


def read_and_check(registered: Sequence[Registered], path_list: Sequence[DataInput]) -> Checked:
    """Read, structure and validate every plugin's data and ``path_list``.

    Raises:
        DataError: The bundled data or the paths have problems.
    """
    from ..errors import DataError
    from ..util.urls import remembering

    # Validation and the duplicate check both take every URL apart: once per load.
    with remembering():
        owners: list[Optional[Registered]] = [*registered, *([None] if path_list else [])]
        contributions = _read(registered, path_list)
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
        _cross_check(contributions, owners, rejected, reject, fatal)
        if fatal:
            raise DataError(fatal)
        entries = tuple(
            located.entry
            for i, c in enumerate(contributions)
            if i not in rejected
            for located in c.entries
        )
        counts = {
            index: _counts(contributions[index], reg)
            for index, reg in enumerate(registered)
            if index not in rejected
        }
        return Checked(entries, rejected, counts, same_resources(entries))


def _read(registered: Sequence[Registered], path_list: Sequence[DataInput]) -> list[Contribution]:
    """One contribution per plugin, in order, then one for the paths (if any)."""
    from .entries import Contribution, add_input

    contributions: list[Contribution] = []
    for reg in registered:
        contribution = Contribution(label=reg.info.name, provenance=reg.info.provenance)
        for item in reg.data:
            add_input(contribution, item, origin=len(contributions))
        contributions.append(contribution)
    if path_list:
        user = Contribution(
            label=PATHS_ORIGIN,
            provenance=Provenance(plugin=PATHS_ORIGIN, distribution="local", version=""),
        )
        for path in path_list:
            add_input(user, path, origin=len(contributions))
        contributions.append(user)
    return contributions


def _cross_check(
    contributions: Sequence[Contribution],
    owners: Sequence[Optional[Registered]],
    rejected: Mapping[int, str],
    reject: Callable[[int, list[Problem]], None],
    fatal: list[Problem],
) -> None:
    """Check the entries across contributions until what is left is consistent.

    A plugin (never a built-in or the paths) with problems is rejected and the
    check runs again without it: its entries may be what others' problems
    were about.
    """
    from .checks import check_entries

    # Problems name the plugin (and distribution) an earlier registration came from.
    names = {
        i: PATHS_ORIGIN if owner is None else f"plugin {owner.info.label}"
        for i, owner in enumerate(owners)
    }
    while True:
        live = [e for i, c in enumerate(contributions) if i not in rejected for e in c.entries]
        broken: dict[str, set[str]] = {}
        for i, c in enumerate(contributions):
            if i not in rejected:
                for kind, ids in c.broken.items():
                    broken.setdefault(kind, set()).update(ids)
        by_origin: dict[int, list[Problem]] = {}
        for origin, problem in check_entries(live, names, broken):
            by_origin.setdefault(origin, []).append(problem)
        newly = [i for i in by_origin if i not in rejected and _may_fail(owners[i])]
        if not newly:
            for origin, problems in by_origin.items():
                if origin not in rejected:
                    fatal.extend(problems)
            return
        for index in newly:
            reject(index, by_origin[index])


def _may_fail(owner: Optional[Registered]) -> bool:
    """Whether a contributor is left out for its problems (else they raise)."""
    return owner is not None and not owner.info.builtin


def same_resources(entries: Sequence[Entry]) -> tuple[tuple[Problem, bool], ...]:
    """Resources that are one resource under two ids, each with whether the later is from paths.

    Found with the valid entries, warned about by `load`.
    """
    from ..identity import check_identities

    resources = [e for e in entries if isinstance(e, Resource)]
    found = []
    for problem in check_identities(resources):
        later = next(r for r in reversed(resources) if r.id == problem.entry)
        from_paths = later.provenance is not None and later.provenance.plugin == PATHS_ORIGIN
        found.append((problem, from_paths))
    return tuple(found)


def _exporter_collisions(owners: Sequence[Optional[Registered]], rejected: dict[int, str]) -> None:
    """Leave out each plugin that registers an exporter or source id already taken.

    The first registration keeps the id (built-ins come first, then installed
    plugins by distribution name); the later plugin fails with a message that
    names both. Two built-ins colliding is a bug in llm-roadmap and raises.
    """
    taken: dict[tuple[str, str], Registered] = {}
    for index, reg in enumerate(owners):
        if reg is None or index in rejected:
            continue
        claims: dict[tuple[str, str], Registered] = {}
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
                        from ..errors import PluginError

                        raise PluginError(f"built-in plugin {reg.info.label}: {message}")
                    rejected[index] = message
                    break
                claims[key] = reg
            if index in rejected:
                break
        if index not in rejected:
            taken.update(claims)


def _counts(contribution: Contribution, reg: Registered) -> dict[str, int]:
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
