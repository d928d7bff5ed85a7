"""`load()`: plugins and paths in, a validated `Roadmap` out.

Every input, the bundled data included, arrives as a contribution of a plugin
(or of the caller's ``paths``), is read and structured with the same code, and
is validated together with the others. A plugin whose data has problems is
left out with a warning and the check runs again without it, until what is
left is consistent; problems in the bundled data or in ``paths`` raise.
"""

import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Optional, Union

import attrs

from ._validate import Located, check_entries, check_extension, check_resource, check_track
from .errors import DataError, PluginError, Problem
from .exporter import Exporter
from .metadata import attach_fetched
from .model import Extension, Placement, Provenance, Resource, Topic, Track
from .roadmap import Roadmap
from .source import DataInput, Source

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["load", "plugins", "validate_paths"]

_TOP_LEVEL = {"tracks", "resources", "extensions"}
PATHS_ORIGIN = "<paths>"


@attrs.define
class _Contribution:
    label: str
    provenance: Provenance
    entries: list[Located] = attrs.Factory(list)
    problems: list[Problem] = attrs.Factory(list)
    # Ids of entries that failed to structure: references to them are not
    # reported again as unknown, so one mistake gives one problem.
    broken: dict[str, set[str]] = attrs.Factory(dict)


def _files(item: Any) -> Iterable[tuple[str, Any]]:
    """Yield (display name, traversable) for each TOML file of a file or directory input."""
    node = Path(item) if isinstance(item, (str, os.PathLike)) else item
    if node.is_dir():
        children = sorted(node.iterdir(), key=lambda c: c.name)
        for child in children:
            if child.is_dir():
                yield from _files(child)
            elif child.name.endswith(".toml"):
                yield str(child), child
    else:
        yield str(node), node


def _read(
    item: DataInput, label: str
) -> list[tuple[str, Optional[Mapping[str, Any]], list[Problem]]]:
    if isinstance(item, Mapping):
        return [(f"<data registered by {label}>", item, [])]
    out: list[tuple[str, Optional[Mapping[str, Any]], list[Problem]]] = []
    node = Path(item) if isinstance(item, (str, os.PathLike)) else item
    if isinstance(node, Path) and not node.exists():
        return [
            (
                str(node),
                None,
                [Problem(file=str(node), entry="", field="", message="no such file or directory")],
            )
        ]
    for name, file in _files(node):
        try:
            text = file.read_bytes().decode("utf-8")
            out.append((name, tomllib.loads(text), []))
        except UnicodeDecodeError as exc:
            out.append(
                (name, None, [Problem(file=name, entry="", field="", message=f"not UTF-8: {exc}")])
            )
        except tomllib.TOMLDecodeError as exc:
            out.append(
                (
                    name,
                    None,
                    [Problem(file=name, entry="", field="", message=f"invalid TOML: {exc}")],
                )
            )
        except OSError as exc:
            out.append(
                (
                    name,
                    None,
                    [Problem(file=name, entry="", field="", message=f"cannot read: {exc}")],
                )
            )
    return out


def _add(contribution: _Contribution, item: DataInput, origin: int) -> None:
    from ._structure import structure_entry  # cattrs is imported on first load, not at import

    for file, data, problems in _read(item, contribution.label):
        contribution.problems.extend(problems)
        if data is None:
            continue
        for key in sorted(set(data) - _TOP_LEVEL):
            contribution.problems.append(
                Problem(
                    file=file,
                    entry="",
                    field=key,
                    message="unknown top-level key: expected 'tracks', 'resources' or 'extensions'",
                )
            )
        prov = attrs.evolve(contribution.provenance, file=file)
        for kind, cls in (("resource", Resource), ("track", Track), ("extension", Extension)):
            raw_entries = data.get(f"{kind}s", [])
            if not isinstance(raw_entries, list):
                contribution.problems.append(
                    Problem(
                        file=file,
                        entry="",
                        field=f"{kind}s",
                        message=f"expected an array of {kind} tables",
                    )
                )
                continue
            for position, raw in enumerate(raw_entries):
                label = _entry_label(raw, kind, position)
                obj: Any
                obj, problems = structure_entry(raw, cls, file=file, entry=label, kind=kind)
                contribution.problems.extend(problems)
                if obj is None:
                    _remember_broken(contribution.broken, kind, raw)
                    continue
                if isinstance(obj, Resource):
                    contribution.problems.extend(check_resource(obj, file))
                    obj = attrs.evolve(obj, provenance=prov)
                elif isinstance(obj, Track):
                    contribution.problems.extend(check_track(obj, file))
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


def load(
    paths: Iterable[Union[str, "os.PathLike[str]"]] = (),
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
        environ: The environment to read those variables from (``os.environ``).
        extra_plugins: ``(name, plugin object)`` pairs registered after the
            installed plugins, as if installed (used by `llm_roadmap.testing`).

    Returns:
        A validated, immutable `Roadmap`.

    Raises:
        DataError: The bundled data or ``paths`` have problems; every one is listed.
        PluginError: In strict mode, the first plugin that failed.
    """
    from ._plugin_manager import PluginStatus, Selection, collect, fail, listing_order

    selection = Selection.resolve(
        plugins, disable_plugins, strict, os.environ if environ is None else environ
    )
    registered, records = collect(selection, extra_plugins)

    contributions: list[_Contribution] = []
    owners: list[Any] = []  # the Registered behind each contribution, None for paths
    for reg in registered:
        contribution = _Contribution(label=reg.info.name, provenance=reg.info.provenance)
        for item in reg.data:
            _add(contribution, item, origin=len(contributions))
        contributions.append(contribution)
        owners.append(reg)
    path_list = list(paths)
    if path_list:
        user = _Contribution(
            label=PATHS_ORIGIN,
            provenance=Provenance(plugin=PATHS_ORIGIN, distribution="local", version=""),
        )
        for path in path_list:
            _add(user, path, origin=len(contributions))
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

    exporters: dict[str, Exporter] = {}
    sources: dict[str, Source] = {}
    for index, reg in enumerate(owners):
        if reg is not None and index not in rejected:
            exporters.update((e.id, e) for e in reg.exporters)
            sources.update((s.id, s) for s in reg.sources)

    final_records = list(records)
    for index, reg in enumerate(owners):
        if reg is None:
            continue
        if index in rejected:
            final_records.append(fail(reg.info, rejected[index], selection))
        else:
            counts = _counts(contributions[index], reg)
            final_records.append(
                attrs.evolve(reg.info, status=PluginStatus.LOADED, contributed=counts)
            )
    final_records.sort(key=listing_order)

    entries = [e for i, c in enumerate(contributions) if i not in rejected for e in c.entries]
    return _assemble(entries, exporters, sources, tuple(final_records))


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
                        raise PluginError(f"built-in plugin {reg.info.label}: {message}")
                    rejected[index] = message
                    break
                claims[key] = reg
            if index in rejected:
                break
        if index not in rejected:
            taken.update(claims)


def _counts(contribution: _Contribution, reg: Any) -> dict[str, int]:
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


def _assemble(
    entries: list[Located],
    exporters: dict[str, Exporter],
    sources: dict[str, Source],
    records: tuple[Any, ...],
) -> Roadmap:
    tracks: dict[str, Track] = {}
    resources: dict[str, Resource] = {}
    extra_topics: dict[str, list[Topic]] = {}
    extra_placements: dict[str, list[Placement]] = {}
    for located in entries:
        entry = located.entry
        if isinstance(entry, Resource):
            resources[entry.id] = entry
        elif isinstance(entry, Track):
            tracks[entry.id] = entry
        elif isinstance(entry, Extension):
            if entry.track:
                extra_topics.setdefault(entry.track, []).extend(entry.topics)
            else:
                extra_placements.setdefault(entry.topic, []).extend(entry.resources)
    # Fetched fields (``sources refresh``) come from a local store, only if it exists.
    resources = attach_fetched(resources)
    built: list[Track] = []
    for track in tracks.values():
        topics = [*track.topics, *extra_topics.get(track.id, ())]
        if extra_placements:
            topics = [
                attrs.evolve(t, resources=(*t.resources, *extra_placements[t.id]))
                if t.id in extra_placements
                else t
                for t in topics
            ]
        built.append(
            attrs.evolve(track, topics=tuple(topics))
            if len(topics) != len(track.topics) or extra_placements
            else track
        )
    built.sort(key=lambda t: (t.order, t.id))
    # Resources in the order a learner meets them; unplaced ones after, by id.
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
        plugins=records,
    )


def validate_paths(
    paths: Iterable[Union[str, "os.PathLike[str]"]], *, with_roadmap: bool = True
) -> list[Problem]:
    """Return every problem of the data at ``paths`` (empty when it is valid).

    With ``with_roadmap`` the data is checked together with the bundled data
    and installed plugins, so it may refer to their tracks, topics and
    resources; without, it must stand alone.
    """
    if with_roadmap:
        try:
            load(paths)
        except DataError as exc:
            return list(exc.problems)
        return []
    contribution = _Contribution(
        label=PATHS_ORIGIN,
        provenance=Provenance(plugin=PATHS_ORIGIN, distribution="local", version=""),
    )
    for path in paths:
        _add(contribution, path, origin=0)
    cross = check_entries(contribution.entries, {0: PATHS_ORIGIN}, contribution.broken)
    return contribution.problems + [p for _, p in cross]


def plugins(
    *,
    plugins: Optional[Iterable[str]] = None,
    disable_plugins: Optional[Iterable[str]] = None,
    environ: Optional[Mapping[str, str]] = None,
) -> tuple[Any, ...]:
    """Return a `PluginInfo` for every plugin: built-ins, installed, disabled and failed.

    This runs a full load (never strict) so that the counts of what each
    plugin contributed, and the failures, are real.
    """
    import warnings

    from .errors import PluginWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PluginWarning)
        roadmap = load(
            plugins=plugins, disable_plugins=disable_plugins, strict=False, environ=environ
        )
    return roadmap.plugins
