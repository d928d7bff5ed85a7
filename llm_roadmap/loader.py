"""`load()`: plugins and paths in, a validated `Roadmap` out.

Every input, the bundled data included, arrives as a contribution of a plugin
(or of the caller's ``paths``), is read and structured with the same code, and
is validated together with the others. A plugin whose data has problems is
left out with a warning and the check runs again without it, until what is
left is consistent; problems in the bundled data or in ``paths`` raise.
"""

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional, Union

import attrs

from ._data_dir import METADATA_FILE, data_dir
from ._gather import PATHS_ORIGIN as PATHS_ORIGIN  # where scaffold and others read it
from ._gather import cached_or_checked, gc_paused, read_and_check
from .model import Extension, Placement, Provenance, Resource, Topic, Track
from .roadmap import Roadmap

if TYPE_CHECKING:
    from .errors import Problem
    from .exporter import Exporter
    from .source import Source

__all__ = ["load", "plugins", "validate_paths"]


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
    from ._plugins.selection import Selection

    env = os.environ if environ is None else environ
    selection = Selection.resolve(plugins, disable_plugins, strict, env)
    extra = tuple(extra_plugins)
    path_list = list(paths)
    quick = None
    if not path_list and not extra:
        from . import _builtins_only

        # The built-ins alone: answered from the cache before any plugin is registered.
        quick = _builtins_only.plan(selection)
        with gc_paused():
            hit = quick.read(env) if quick is not None else None
        if quick is not None and hit is not None:
            entries, _, _, same, records = hit
            _warn_same(same)
            lazy_exporters, lazy_sources = quick.registrations(records)
            with gc_paused():
                return _assemble(entries, lazy_exporters, lazy_sources, records, env)

    from ._plugins import listing_order
    from ._plugins.manager import collect, fail
    from .plugin_records import PluginStatus

    registered, records_left_out = collect(selection, extra)
    owners: list[Any] = [*registered, *([None] if path_list else [])]
    with gc_paused():
        if path_list or extra or quick is not None:
            answer = read_and_check(registered, path_list)
        else:
            answer = cached_or_checked(registered, records_left_out, env)
    entries, rejected, counts, same, _ = answer

    exporters: dict[str, Exporter] = {}
    sources: dict[str, Source] = {}
    for index, reg in enumerate(owners):
        if reg is not None and index not in rejected:
            exporters.update((e.id, e) for e in reg.exporters)
            sources.update((s.id, s) for s in reg.sources)

    final_records = list(records_left_out)
    for index, reg in enumerate(owners):
        if reg is None:
            continue
        if index in rejected:
            final_records.append(fail(reg.info, rejected[index], selection))
        else:
            final_records.append(
                attrs.evolve(reg.info, status=PluginStatus.LOADED, contributed=counts[index])
            )
    final_records.sort(key=listing_order)
    records = tuple(final_records)
    if quick is not None:
        quick.write(env, (entries, rejected, counts, same, records), registered)
    _warn_same(same)
    with gc_paused():
        return _assemble(entries, exporters, sources, records, env)


def _warn_same(same: Sequence[tuple["Problem", bool]]) -> None:
    # A copy of a resource under another id is worth knowing, not worth
    # refusing a plugin for: load warns, ``validate`` makes it a problem.
    if not same:
        return
    import warnings

    from .errors import IdentityWarning

    for problem, from_paths in same:
        warnings.warn(IdentityWarning(problem, from_paths=from_paths), stacklevel=3)


def _assemble(
    entries: Sequence[Any],
    exporters: Mapping[str, "Exporter"],
    sources: Mapping[str, "Source"],
    records: tuple[Any, ...],
    environ: Mapping[str, str],
) -> Roadmap:
    tracks: dict[str, Track] = {}
    resources: dict[str, Resource] = {}
    extra_topics: dict[str, list[Topic]] = {}
    extra_placements: dict[str, list[Placement]] = {}
    for entry in entries:
        if isinstance(entry, Resource):
            resources[entry.id] = entry
        elif isinstance(entry, Track):
            tracks[entry.id] = entry
        elif isinstance(entry, Extension):
            if entry.track:
                extra_topics.setdefault(entry.track, []).extend(entry.topics)
            else:
                extra_placements.setdefault(entry.topic, []).extend(entry.resources)
    # Fetched fields (``sources refresh``) come from a local store, only if it
    # exists; the store is found through the same environment as the plugins.
    # Its code (JSON, dates, sources) is imported only when there is one.
    if (data_dir(environ) / METADATA_FILE).is_file():
        from .metadata import attach_fetched

        resources = attach_fetched(resources, environ)
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


def load_export(
    data: Mapping[str, Any], file: str, *, context: str, plugins: tuple[Any, ...] = ()
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
    from ._entries import Contribution, add_entries
    from ._validate import check_entries
    from .errors import DataError

    contribution = Contribution(
        label=file, provenance=Provenance(plugin=file, distribution="", version="")
    )
    add_entries(contribution, data, file, 0, exported=True)
    cross = check_entries(contribution.entries, {0: file}, contribution.broken)
    problems = contribution.problems + [problem for _, problem in cross]
    if problems:
        raise DataError(problems, context=context)
    entries = [located.entry for located in contribution.entries]
    return Roadmap(
        tracks=tuple(e for e in entries if isinstance(e, Track)),
        resources=tuple(e for e in entries if isinstance(e, Resource)),
        exporters=builtin_exporters(),
        plugins=plugins,
    )


def builtin_exporters() -> dict[str, "Exporter"]:
    """Return the exporters the built-in plugins register, by id, as `load` gets them."""
    from ._plugins import Selection
    from ._plugins.manager import collect

    # Built-ins load whatever the allowlist says; an empty one keeps installed plugins out.
    registered, _ = collect(Selection.resolve([], [], False, {}))
    return {e.id: e for reg in registered for e in reg.exporters}


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
    if with_roadmap:
        import warnings

        from .errors import DataError, IdentityWarning

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
    from ._entries import Contribution, add_input
    from ._validate import check_entries

    contribution = Contribution(
        label=PATHS_ORIGIN,
        provenance=Provenance(plugin=PATHS_ORIGIN, distribution="local", version=""),
    )
    for path in paths:
        add_input(contribution, path, origin=0)
    cross = check_entries(contribution.entries, {0: PATHS_ORIGIN}, contribution.broken)
    problems = contribution.problems + [p for _, p in cross]
    if not problems:
        from ._same_resource import check_identities

        entries = (located.entry for located in contribution.entries)
        problems = check_identities(e for e in entries if isinstance(e, Resource))
    return problems


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
