"""The data stage of `llm_roadmap.load`: every plugin's data read, structured and cross-checked.

`read_and_check` reads each contribution (a plugin's registered data, or the
caller's ``paths``), checks it on its own and then across all of them, and
leaves out a plugin whose data has problems (running the check again without
it) until what is left is consistent.

Data files and the entries of a JSON export both go through `add_entries`:
each entry is structured (one converter, `llm_roadmap.loading.structure`),
checked on its own (`llm_roadmap.loading.checks`), and kept with the file it
came from, ready for the checks across entries. Problems are collected, never
raised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Optional, Union

import attrs

from ..errors import DataError, PluginError, Problem
from ..identity import check_identities
from ..model import Extension, Provenance, Resource, Track
from ..plugin.records import CONTRIBUTION_KINDS
from ..util.urls import remembering
from .checks import Located, check_entries, check_extension, check_resource, check_track
from .files import read_input

if TYPE_CHECKING:
    from ..plugin.manager import Registered
    from ..sources import DataInput

__all__ = [
    "PATHS_ORIGIN",
    "Checked",
    "Contribution",
    "Entry",
    "add_entries",
    "read_and_check",
]

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
        keys = [("exporter", e.id) for e in reg.exporters]
        keys += [("source", s.id) for s in reg.sources]
        for key in keys:
            kind, item_id = key
            if key in claims:
                rejected[index] = f"registers the {kind} id {item_id!r} twice"
                break
            if key in taken:
                first = taken[key].info
                message = (
                    f"duplicate {kind} id {item_id!r}: already registered by plugin "
                    f"{first.label}; the first registration keeps it"
                )
                if reg.info.builtin:
                    raise PluginError(f"built-in plugin {reg.info.label}: {message}")
                rejected[index] = message
                break
            claims[key] = reg
        else:
            taken.update(claims)


def _counts(contribution: Contribution, reg: Registered) -> dict[str, int]:
    counts = dict.fromkeys(CONTRIBUTION_KINDS, 0)
    counts.update(exporters=len(reg.exporters), sources=len(reg.sources))
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


_TOP_LEVEL = {"tracks", "resources", "extensions"}

# What each input holds, in the order it is read.
_DATA_KINDS = (("resource", Resource), ("track", Track), ("extension", Extension))
_EXPORT_KINDS = (("track", Track), ("resource", Resource))


@attrs.define
class Contribution:
    """What one plugin (or the caller's ``paths``, or one export) contributes, as read so far.

    Attributes:
        label: How messages name the contributor.
        provenance: Stamped on each entry of a data file.
        entries: The entries that structured, with their file and origin.
        problems: Every problem found on the entries one by one.
        broken: Ids of entries that failed to structure, by kind: references
            to them are not reported again as unknown, so one mistake gives
            one problem.
    """

    label: str
    provenance: Provenance
    entries: list[Located] = attrs.Factory(list)
    problems: list[Problem] = attrs.Factory(list)
    broken: dict[str, set[str]] = attrs.Factory(dict)


def add_input(contribution: Contribution, item: DataInput, origin: int) -> None:
    """Read a data input (a TOML file, a directory of them, or a mapping) into ``contribution``."""
    for file, data, problems in read_input(item, contribution.label):
        contribution.problems.extend(problems)
        if data is None:
            continue
        for key in sorted(set(data) - _TOP_LEVEL):
            contribution.problems.append(
                Problem(
                    file=file,
                    entry="",
                    # Quoted unless plain: a key may hold a newline or be empty.
                    field=key if key.isidentifier() else repr(key),
                    message="unknown top-level key: expected 'tracks', 'resources' or 'extensions'",
                )
            )
        add_entries(contribution, data, file, origin)


def add_entries(
    contribution: Contribution,
    data: Mapping[str, object],
    file: str,
    origin: int,
    *,
    exported: bool = False,
) -> None:
    """Structure and check the entries of one parsed document into ``contribution``.

    Args:
        contribution: Where the entries and problems go.
        data: The parsed document (its ``resources``, ``tracks`` and, for data
            files, ``extensions`` arrays).
        file: The file it was read from.
        origin: The index of the contribution, for the cross-entry checks.
        exported: The document is a JSON export: its entries keep the
            provenance, fetched fields and topic tracks it records; a data
            file's entries get the contribution's provenance and their track.
    """
    # cattrs is imported on first load, not at import.
    from .structure import structure_entry

    prov = attrs.evolve(contribution.provenance, file=file)
    for kind, cls in _EXPORT_KINDS if exported else _DATA_KINDS:
        # An export always writes both arrays; a data file holds what it needs.
        raw_entries = data.get(f"{kind}s", None if exported else [])
        if not isinstance(raw_entries, list):
            collection = "objects" if exported else "tables"
            contribution.problems.append(
                Problem(
                    file=file,
                    entry="",
                    field=f"{kind}s",
                    message=f"expected an array of {kind} {collection}",
                )
            )
            continue
        for position, raw in enumerate(raw_entries):
            label = _entry_label(raw, kind, position)
            obj: Any
            obj, problems = structure_entry(
                raw, cls, file=file, entry=label, kind=kind, exported=exported
            )
            contribution.problems.extend(problems)
            if obj is None:
                _remember_broken(contribution.broken, kind, raw)
                continue
            if isinstance(obj, Resource):
                contribution.problems.extend(check_resource(obj, file))
                if not exported:
                    obj = attrs.evolve(obj, provenance=prov)
            elif isinstance(obj, Track):
                contribution.problems.extend(check_track(obj, file))
                if exported:
                    contribution.problems.extend(_misplaced_topics(obj, file))
                else:
                    obj = attrs.evolve(
                        obj,
                        provenance=prov,
                        topics=tuple(
                            attrs.evolve(t, track=obj.id, provenance=prov) for t in obj.topics
                        ),
                    )
            elif isinstance(obj, Extension):
                contribution.problems.extend(check_extension(obj, file, label))
                obj = attrs.evolve(
                    obj,
                    topics=tuple(
                        attrs.evolve(t, track=obj.track, provenance=prov) for t in obj.topics
                    ),
                )
            contribution.entries.append(Located(obj, file, origin))


def _misplaced_topics(track: Track, file: str) -> list[Problem]:
    # What only an export can get wrong: a topic that names another track.
    return [
        Problem(
            file=file,
            kind="topic",
            entry=topic.id,
            field="track",
            message=f"is {topic.track!r} but the topic is in track {track.id!r}",
        )
        for topic in track.topics
        if topic.track != track.id
    ]


def _remember_broken(broken: dict[str, set[str]], kind: str, raw: Any) -> None:
    if not isinstance(raw, Mapping):
        return
    if isinstance(raw.get("id"), str):
        broken.setdefault(kind, set()).add(raw["id"])
    for topic in raw.get("topics", ()) if isinstance(raw.get("topics"), list) else ():
        if isinstance(topic, Mapping) and isinstance(topic.get("id"), str):
            broken.setdefault("topic", set()).add(topic["id"])


def _entry_label(raw: Any, kind: str, position: int) -> str:
    if isinstance(raw, Mapping):
        if kind == "extension":
            target = raw.get("track") or raw.get("topic")
            if isinstance(target, str) and target:
                return f"{target} (extension #{position + 1})"
        elif isinstance(raw.get("id"), str) and raw["id"]:
            return str(raw["id"])
    return f"#{position + 1}"
