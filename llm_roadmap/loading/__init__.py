"""Loading: plugins and paths in, a validated `Roadmap` out.

`load` runs the same four steps every time, top to bottom:

1. **plugins** (`llm_roadmap.plugin.manager.collect`): the built-in and
   installed plugins that the selection lets through are registered and their
   hooks called, each on its own, so one failing plugin is left out alone;
2. **data** (`llm_roadmap.loading.gather.read_and_check`): what each plugin
   registered, and the caller's ``paths``, is read, structured and checked,
   on its own and then across everything; a plugin whose data has problems is
   left out and the check runs again without it; problems of the bundled data
   or of ``paths`` raise;
3. **records**: what each plugin did, for `llm_roadmap.plugins` and
   `Roadmap.plugins`;
4. **assembly** (`_assemble`): the entries, extensions merged into their
   tracks and topics, fetched metadata attached, become an immutable `Roadmap`.
"""

import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Optional, Union

import attrs

from ..errors import DataError, IdentityWarning, PluginWarning, Problem
from ..model import Placement, Provenance, Resource, Topic, Track
from ..roadmap import Roadmap
from .gather import Checked, Entry, read_and_check

if TYPE_CHECKING:
    from ..exporters import Exporter
    from ..plugin.manager import Registered, Selection
    from ..plugin.records import PluginInfo
    from ..sources import Source

__all__ = ["load", "load_export", "plugins", "validate_paths"]


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


def _records(
    registered: Sequence["Registered"],
    left_out: Sequence["PluginInfo"],
    checked: Checked,
    selection: "Selection",
) -> tuple["PluginInfo", ...]:
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
    exporters: Mapping[str, "Exporter[Roadmap]"],
    sources: Mapping[str, "Source"],
    plugins: tuple["PluginInfo", ...],
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
    data: Mapping[str, object], file: str, *, context: str, plugins: tuple["PluginInfo", ...] = ()
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
    from .checks import check_entries
    from .gather import Contribution, add_entries

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
    paths: Iterable[Union[str, "os.PathLike[str]"]], *, with_roadmap: bool = True
) -> list["Problem"]:
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
) -> tuple["PluginInfo", ...]:
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
