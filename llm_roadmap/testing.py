"""The plugin author's test kit: load a roadmap with a plugin, and check an installed plugin.

Two helpers, usable from pytest or any other test runner::

    from llm_roadmap.testing import check_plugin, roadmap_with
    import my_track

    def test_track_loads():
        rm = roadmap_with(my_track)               # not installed: registered by hand
        assert rm.track("my-track").topics

    def test_installed_plugin_is_valid():
        report = check_plugin("llm-roadmap-my-track")   # raises PluginCheckError if not
        assert report.tracks == ("my-track",)

Both load strictly: a plugin that fails raises instead of warning, so a broken
plugin fails its own tests. Neither reads the ``LLM_ROADMAP_*`` variables, so
a developer's environment cannot change what a test sees.
"""

import re
import warnings
from collections.abc import Iterable
from importlib import metadata
from types import ModuleType
from typing import Optional, Union

import attrs

from .errors import PluginError, RoadmapError
from .loading import load
from .model import Lang, Provenance
from .plugin.discovery import BUILTIN_PLUGINS, ENTRY_POINT_GROUP
from .plugin.records import PluginInfo, PluginStatus, describe
from .roadmap import Roadmap
from .util.ids import canonical_name

__all__ = ["PluginCheckError", "PluginReport", "check_plugin", "roadmap_with"]

PluginLike = Union[object, tuple[str, object]]
"""A plugin: a module, class or instance with ``@hookimpl`` functions, or ``(name, plugin)``."""


def roadmap_with(
    *plugins: PluginLike,
    name: Optional[str] = None,
    paths: Iterable[str] = (),
    builtins: bool = True,
    installed: Union[bool, Iterable[str]] = False,
    strict: bool = True,
) -> Roadmap:
    """Load a roadmap with ``plugins`` registered as if they were installed.

    The plugins go through the same hooks, checks and validation as installed
    ones, after the built-ins; their provenance names them with an empty
    version. By default no installed plugin is loaded, so a test sees its own
    plugin and the bundled data only.

    Args:
        *plugins: Plugin objects: a module, a class or an instance with
            ``@hookimpl`` functions, or ``(name, object)`` pairs.
        name: The plugin's name when exactly one plugin is given (default: the
            module's ``__name__``, or the class name).
        paths: Extra data files or directories, as for `llm_roadmap.load`.
        builtins: Load the built-in plugins (the bundled data) too, so that
            a plugin can refer to bundled tracks, topics and resources.
        installed: ``False`` for no installed plugin, ``True`` for every one, or
            the distributions to load.
        strict: Raise `PluginError` if any plugin fails (the default), instead
            of warning and leaving it out.

    Returns:
        The loaded roadmap; ``roadmap.plugins`` has a record for each plugin.

    Raises:
        PluginError: A plugin failed (in strict mode).
        DataError: The bundled data or ``paths`` have problems.
        ValueError: ``name`` was given with more than one plugin, or two plugins share a name.
    """
    if name is not None and len(plugins) != 1:
        raise ValueError("name= applies to exactly one plugin; pass (name, plugin) pairs instead")
    extra: list[tuple[str, object]] = []
    for plugin in plugins:
        if isinstance(plugin, tuple) and len(plugin) == 2 and isinstance(plugin[0], str):
            extra.append((plugin[0], plugin[1]))
        elif isinstance(plugin, (ModuleType, type)):
            extra.append((name or plugin.__name__, plugin))
        else:  # an instance is named after its class
            extra.append((name or type(plugin).__name__, plugin))
    names = [n for n, _ in extra]
    if len(set(names)) != len(names):
        raise ValueError(f"two plugins share a name in {names}; pass (name, plugin) pairs")
    if installed is True:
        allow: Optional[list[str]] = None
    elif installed is False:
        allow = []
    else:
        allow = list(installed)
    return load(
        paths,
        plugins=allow,
        disable_plugins=[] if builtins else list(BUILTIN_PLUGINS),
        strict=strict,
        environ={},
        extra_plugins=extra,
    )


@attrs.frozen(kw_only=True)
class PluginReport:
    """What `check_plugin` found out about one installed distribution.

    Attributes:
        distribution: The distribution's name as asked.
        version: Its installed version (``""`` when it is not installed).
        plugins: The records of its plugins (one per entry point).
        tracks: Ids of the tracks it registered.
        topics: Ids of the topics it registered, in its own tracks or as extensions.
        resources: Ids of the resources it registered.
        exporters: Ids of the exporters it registered.
        sources: Ids of the sources it registered.
        problems: Everything wrong, one message each; empty when the plugin is fine.
    """

    distribution: str
    version: str = ""
    plugins: tuple[PluginInfo, ...] = ()
    tracks: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    exporters: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the plugin passed every check."""
        return not self.problems

    def __str__(self) -> str:
        """A short human-readable summary: what it added, then each problem."""
        head = f"{describe(self.distribution, self.version)}: " + ("ok" if self.ok else "FAILED")
        lines = [head]
        for label, ids in (
            ("tracks", self.tracks),
            ("topics", self.topics),
            ("resources", self.resources),
            ("exporters", self.exporters),
            ("sources", self.sources),
        ):
            if ids:
                shown = ", ".join(ids[:8]) + (f", ... ({len(ids)} in all)" if len(ids) > 8 else "")
                lines.append(f"  {label}: {shown}")
        lines.extend(f"  problem: {p}" for p in self.problems)
        return "\n".join(lines)


class PluginCheckError(PluginError, AssertionError):
    """`check_plugin` found problems; ``report`` holds them all.

    It is an `AssertionError` too, so test runners show it as a failed check.

    Attributes:
        report: The full report.
    """

    def __init__(self, report: PluginReport) -> None:
        self.report = report
        super().__init__(str(report))


def check_plugin(
    distribution: str, *, also: Iterable[str] = (), raise_on_error: bool = True
) -> PluginReport:
    """Load one installed plugin distribution alone, strictly, and check all it registers.

    The load allows only ``distribution`` among installed plugins and keeps the
    built-ins, so a plugin may refer to bundled tracks, topics and resources.
    Installed plugin distributions it depends on (its ``Requires-Dist``) are
    loaded with it, so a plugin that extends another plugin's track can be
    checked: depending on the plugin you extend is how you declare it.
    Checked: the distribution is installed and declares an entry point in the
    ``llm_roadmap`` group; every plugin in it imports, implements only known
    hooks and registers values of the right types; its data validates against
    the roadmap; it registers something; each exporter writes the roadmap in
    both languages without error; each source has both texts and something to do.

    Args:
        distribution: The distribution's name (``"llm-roadmap-my-track"``);
            case, ``-``, ``_`` and ``.`` do not matter.
        also: Other installed plugin distributions to load with it.
        raise_on_error: Raise `PluginCheckError` when there are problems
            (default); otherwise return the report either way.

    Returns:
        The report (`PluginReport.ok` is true when nothing is wrong).

    Raises:
        PluginCheckError: There were problems and ``raise_on_error`` is true.
    """
    report = _check(distribution, tuple(also))
    if raise_on_error and not report.ok:
        raise PluginCheckError(report)
    return report


def _plugin_requirements(dist: metadata.Distribution) -> list[str]:
    """The installed distributions with llm-roadmap plugins that ``dist`` requires."""
    found = []
    for requirement in dist.requires or ():
        if ";" in requirement and "extra ==" in requirement.split(";", 1)[1]:
            continue  # an optional extra is not needed to load the plugin
        name = re.split(r"[\s\[;(<>=!~]", requirement.strip(), maxsplit=1)[0]
        try:
            required = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if any(ep.group == ENTRY_POINT_GROUP for ep in required.entry_points):
            found.append(name)
    return found


def _check(distribution: str, also: tuple[str, ...]) -> PluginReport:
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return PluginReport(
            distribution=distribution,
            problems=(f"{distribution!r} is not installed in this environment",),
        )
    version = dist.version or ""
    eps = [ep for ep in dist.entry_points if ep.group == ENTRY_POINT_GROUP]
    if not eps:
        return PluginReport(
            distribution=distribution,
            version=version,
            problems=(
                f"declares no entry point in the {ENTRY_POINT_GROUP!r} group: add "
                f'[project.entry-points.{ENTRY_POINT_GROUP}] NAME = "your_module" '
                "to pyproject.toml",
            ),
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            allow = [distribution, *_plugin_requirements(dist), *also]
            rm = load(plugins=allow, disable_plugins=[], strict=True, environ={})
    except RoadmapError as exc:
        return PluginReport(distribution=distribution, version=version, problems=(str(exc),))

    key = canonical_name(distribution)
    mine = tuple(p for p in rm.plugins if canonical_name(p.distribution) == key and not p.builtin)
    problems: list[str] = []
    for info in mine:
        if info.status is not PluginStatus.LOADED:  # strict mode raises first; kept for safety
            problems.append(f"plugin {info.label} is {info.status.value}: {info.error}")
    if not mine:
        problems.append("no plugin of this distribution was loaded (is it blocked?)")

    def ours(provenance: Optional[Provenance]) -> bool:
        return provenance is not None and canonical_name(provenance.distribution) == key

    tracks = tuple(t.id for t in rm.tracks if ours(t.provenance))
    topics = tuple(t.id for t in rm.topics if ours(t.provenance))
    resources = tuple(r.id for r in rm.resources if ours(r.provenance))
    exporters = tuple(e.id for e in rm.exporters.values() if ours(e.provenance))
    sources = tuple(s.id for s in rm.sources.values() if ours(s.provenance))
    if mine and not any(sum(p.contributed.values()) for p in mine):
        problems.append("registered nothing: no track, resource, extension, exporter or source")
    problems.extend(_check_exporters(rm, exporters))
    problems.extend(_check_sources(rm, sources))
    return PluginReport(
        distribution=distribution,
        version=version,
        plugins=mine,
        tracks=tracks,
        topics=topics,
        resources=resources,
        exporters=exporters,
        sources=sources,
        problems=tuple(problems),
    )


def _missing_texts(what: str, **texts: object) -> list[str]:
    found = []
    for field, text in texts.items():
        for lang in ("zh", "en"):
            if not str(getattr(text, lang, "")).strip():
                found.append(f"{what}: {field}.{lang} is empty (every text needs zh and en)")
    return found


def _check_exporters(rm: Roadmap, ids: tuple[str, ...]) -> list[str]:
    problems: list[str] = []
    for exporter_id in ids:
        exporter = rm.exporters[exporter_id]
        what = f"exporter {exporter_id!r}"
        problems.extend(_missing_texts(what, title=exporter.title))
        if not exporter.suffix.startswith("."):
            problems.append(f"{what}: suffix {exporter.suffix!r} should start with '.'")
        if "/" not in exporter.media_type:
            problems.append(f"{what}: media_type {exporter.media_type!r} is not a media type")
        for lang in Lang:
            try:
                output = rm.export(exporter_id, lang=lang)
            except Exception as exc:
                problems.append(f"{what} failed in {lang.value}: {type(exc).__name__}: {exc}")
                continue
            expected = bytes if exporter.binary else str
            if not isinstance(output, expected):
                problems.append(
                    f"{what} wrote {type(output).__name__} in {lang.value}, expected "
                    f"{expected.__name__} (binary={exporter.binary})"
                )
    return problems


def _check_sources(rm: Roadmap, ids: tuple[str, ...]) -> list[str]:
    problems: list[str] = []
    for source_id in ids:
        source = rm.sources[source_id]
        what = f"source {source_id!r}"
        problems.extend(_missing_texts(what, title=source.title, description=source.description))
        if source.import_document is None and source.fetch is None:
            problems.append(f"{what}: has neither import_document nor fetch, so it does nothing")
    return problems
