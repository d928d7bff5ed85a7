"""Loading: plugins and paths in, a validated `Roadmap` out.

`load` runs the same four steps every time, top to bottom:

1. **plugins** (`llm_roadmap.plugin.manager.collect`): the built-in and
   installed plugins that the selection lets through are registered and their
   hooks called, each on its own, so one failing plugin is left out alone;
2. **data** (`read_and_check`): what each plugin registered, and the
   caller's ``paths``, is read (`llm_roadmap.loading.files`), structured (one
   converter, `llm_roadmap.loading.structure`) and checked
   (`llm_roadmap.loading.checks`), on its own and then across everything; a
   plugin whose data has problems is left out and the check runs again
   without it; problems of the bundled data or of ``paths`` raise;
3. **records**: what each plugin did, for `llm_roadmap.plugins` and
   `Roadmap.plugins`;
4. **assembly** (`_assemble`): the entries, extensions merged into their
   tracks and topics, fetched metadata attached, become an immutable `Roadmap`.

Data files and the entries of a JSON export (`load_export`) both go through
`add_entries`, which collects problems and never raises.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Optional, Union

import attrs

from ..errors import DataError, IdentityWarning, PluginError, PluginWarning, Problem
from ..identity import check_identities
from ..model import Extension, Placement, Provenance, Resource, Topic, Track
from ..plugin.records import CONTRIBUTION_KINDS
from ..roadmap import Roadmap
from ..util.urls import remembering
from .checks import Located, check_entries, check_extension, check_resource, check_track
from .files import read_input

if TYPE_CHECKING:
    from ..exporters import Exporter
    from ..plugin.manager import Registered, Selection
    from ..plugin.records import PluginInfo
    from ..sources import DataInput, Source

__all__ = ["load", "load_export", "plugins", "validate_paths"]


def load(
    paths: Iterable[Union[str, os.PathLike[str]]] = (),
    *,
    plugins: Optional[Iterable[str]] = None,
    disable_plugins: Optional[Iterable[str]] = None,
    strict: Optional[bool] = None,
    environ: Optional[Mapping[str, str]] = None,
    extra_plugins: Iterable[tuple[str, object]] = (),
) -> Roadmap:
    """Load the roadmap: the bundled data, every selected plugin, and ``paths``.

    Args:
        paths: Extra data files or directories (a curator's own), validated
            with everything else; their problems raise.
        plugins: Installed plugins to load, by distribution or plugin name;
            ``None`` reads ``LLM_ROADMAP_PLUGINS`` (unset means all), an empty
            list loads none. Built-ins are not affected.
        disable_plugins: Plugins never to load, built-ins included; ``None``
            reads ``LLM_ROADMAP_DISABLE_PLUGINS``. Blocking wins over allowing.
        strict: Make a failing plugin an error instead of a warning; ``None``
            reads ``LLM_ROADMAP_STRICT_PLUGINS``.
        environ: The environment to read those variables, and
            ``LLM_ROADMAP_DATA_DIR`` (where the fetched fields are stored), from
            (``os.environ``).
        extra_plugins: ``(name, plugin object)`` pairs registered after the
            installed plugins, as if installed (used by `llm_roadmap.testing`).

    Returns:
        A validated, immutable `Roadmap`.

    Raises:
        DataError: The bundled data or ``paths`` have problems; every one is listed.
        PluginError: In strict mode, the first plugin that failed.
    """
    from ..plugin.manager import Selection, collect

    env = os.environ if environ is None else environ
    selection = Selection.resolve(plugins, disable_plugins, strict, env)
    collected = collect(selection, extra_plugins)
    checked = read_and_check(collected.registered, list(paths))
    records = _records(collected.registered, collected.left_out, checked, selection)
    # A copy of a resource under another id is worth knowing, not worth
    # refusing a plugin for: load warns, ``validate`` makes it a problem.
    for problem, from_paths in checked.same:
        warnings.warn(IdentityWarning(problem, from_paths=from_paths), stacklevel=2)
    kept = [reg for i, reg in enumerate(collected.registered) if i not in checked.rejected]
    return _assemble(
        checked.entries,
        exporters={e.id: e for reg in kept for e in reg.exporters},
        sources={s.id: s for reg in kept for s in reg.sources},
        plugins=records,
        environ=env,
    )


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


def _records(
    registered: Sequence[Registered],
    left_out: Sequence[PluginInfo],
    checked: Checked,
    selection: Selection,
) -> tuple[PluginInfo, ...]:
    """What each plugin did: loaded (with its counts), failed, or disabled, in listing order."""
    from ..plugin.discovery import listing_order
    from ..plugin.manager import fail
    from ..plugin.records import PluginStatus

    records = list(left_out)
    for index, reg in enumerate(registered):
        if index in checked.rejected:
            records.append(fail(reg.info, checked.rejected[index], selection))
        else:
            loaded = attrs.evolve(
                reg.info, status=PluginStatus.LOADED, contributed=checked.counts[index]
            )
            records.append(loaded)
    return tuple(sorted(records, key=listing_order))


def _assemble(
    entries: Iterable[Entry],
    *,
    exporters: Mapping[str, Exporter[Roadmap]],
    sources: Mapping[str, Source],
    plugins: tuple[PluginInfo, ...],
    environ: Mapping[str, str],
) -> Roadmap:
    """Build the `Roadmap` from valid entries: extensions merged, fetched fields attached.

    Tracks come in their ``order``; resources in the order a learner meets
    them along the tracks, unplaced ones after, by id.
    """
    tracks: dict[str, Track] = {}
    resources: dict[str, Resource] = {}
    extra_topics: dict[str, list[Topic]] = {}
    extra_placements: dict[str, list[Placement]] = {}
    for entry in entries:
        if isinstance(entry, Resource):
            resources[entry.id] = entry
        elif isinstance(entry, Track):
            tracks[entry.id] = entry
        elif entry.track:
            extra_topics.setdefault(entry.track, []).extend(entry.topics)
        else:
            extra_placements.setdefault(entry.topic, []).extend(entry.resources)
    # Fetched fields (``sources refresh``) live in a local store, read only if it exists.
    from ..metadata import attach_fetched

    resources = attach_fetched(resources, environ)
    built: list[Track] = []
    for track in tracks.values():
        topics = [*track.topics, *extra_topics.get(track.id, ())]
        topics = [
            attrs.evolve(t, resources=(*t.resources, *extra_placements[t.id]))
            if t.id in extra_placements
            else t
            for t in topics
        ]
        built.append(attrs.evolve(track, topics=tuple(topics)))
    built.sort(key=lambda t: (t.order, t.id))
    ordered: dict[str, Resource] = {}
    for track in built:
        for topic in track.topics:
            for placement in topic.resources:
                if placement.resource in resources and placement.resource not in ordered:
                    ordered[placement.resource] = resources[placement.resource]
    for key in sorted(resources):
        ordered.setdefault(key, resources[key])
    return Roadmap(
        tracks=tuple(built),
        resources=tuple(ordered.values()),
        exporters=exporters,
        sources=sources,
        plugins=plugins,
    )


def load_export(
    data: Mapping[str, object], file: str, *, context: str, plugins: tuple[PluginInfo, ...] = ()
) -> Roadmap:
    """Validate the tracks and resources of a parsed JSON export and return them as a `Roadmap`.

    The entries go the way data files go: structured by the same converter
    (reading what only an export holds: provenance, fetched fields, each
    topic's track), checked one by one and across entries with the same rules,
    plus what only an export can get wrong (a topic whose ``track`` is not the
    track it sits in). They keep the order and provenance the export records;
    the metadata store is not consulted. The roadmap carries the built-in
    exporters, from the plugin manager.

    Args:
        data: The parsed export (its ``tracks`` and ``resources`` arrays are read).
        file: Where it was read from, for the problems.
        context: The first line of the `DataError`.
        plugins: The plugin records to carry (as the export recorded them).

    Raises:
        DataError: Every problem of every entry.
    """
    contribution = Contribution(
        label=file, provenance=Provenance(plugin=file, distribution="", version="")
    )
    add_entries(contribution, data, file, 0, exported=True)
    cross = check_entries(contribution.entries, {0: file}, contribution.broken)
    problems = contribution.problems + [problem for _, problem in cross]
    if problems:
        raise DataError(problems, context=context)
    from ..plugin.manager import Selection, collect

    # The built-in exporters: an empty allowlist keeps installed plugins out.
    builtins = collect(Selection.resolve([], [], False, {})).registered
    entries = [located.entry for located in contribution.entries]
    return Roadmap(
        tracks=tuple(e for e in entries if isinstance(e, Track)),
        resources=tuple(e for e in entries if isinstance(e, Resource)),
        exporters={e.id: e for reg in builtins for e in reg.exporters},
        plugins=plugins,
    )


def validate_paths(
    paths: Iterable[Union[str, os.PathLike[str]]], *, with_roadmap: bool = True
) -> list[Problem]:
    """Return every problem of the data at ``paths`` (empty when it is valid).

    With ``with_roadmap`` the data is checked together with the bundled data
    and installed plugins, so it may refer to their tracks, topics and
    resources; without, it must stand alone. A resource of ``paths`` that is
    the same resource as another under a different id (same arXiv id, DOI,
    ISBN, repository or URL: `llm_roadmap.identity`) is a problem here, where
    `load` only warns (`IdentityWarning`).
    """
    if not with_roadmap:
        try:
            checked = read_and_check([], list(paths))
        except DataError as exc:
            return list(exc.problems)
        return [problem for problem, _ in checked.same]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", IdentityWarning)
        try:
            load(paths)
        except DataError as exc:
            return list(exc.problems)
    same: list[Problem] = []
    for warning in caught:
        message = warning.message
        if isinstance(message, IdentityWarning) and message.from_paths:
            same.append(message.problem)
        else:
            warnings.warn_explicit(message, warning.category, warning.filename, warning.lineno)
    return same


def plugins(
    *,
    plugins: Optional[Iterable[str]] = None,
    disable_plugins: Optional[Iterable[str]] = None,
    environ: Optional[Mapping[str, str]] = None,
) -> tuple[PluginInfo, ...]:
    """Return a `PluginInfo` for every plugin: built-ins, installed, disabled and failed.

    This runs a full load (never strict) so that the counts of what each
    plugin contributed, and the failures, are real.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginWarning)
        roadmap = load(
            plugins=plugins, disable_plugins=disable_plugins, strict=False, environ=environ
        )
    return roadmap.plugins
