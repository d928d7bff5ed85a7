"""Plugin discovery and hook calls: a fresh pluggy manager per load, one plugin at a time.

Each plugin's hooks are called on their own, so one that raises, or registers
something of the wrong type, is recorded as failed and everything it had
registered is dropped, while the others load. Nothing here runs at import.
"""

import enum
import importlib
import os
import re
import sys
import warnings
from collections.abc import Iterable, Iterator, Mapping
from importlib import metadata
from typing import Any, Callable, Optional

import attrs
import pluggy

from . import __version__, hookspecs
from .errors import PluginError, PluginWarning
from .exporter import Exporter
from .model import Provenance
from .source import DataInput, Source

__all__ = ["BUILTIN_PLUGINS", "ENTRY_POINT_GROUP", "PluginInfo", "PluginStatus", "Selection"]

ENTRY_POINT_GROUP = "llm_roadmap"
"""The entry-point group (and pluggy project name) plugins register under."""

BUILTIN_PLUGINS = (
    "llm_roadmap.bundled",
)
"""Modules of the built-in plugins, registered through the same hooks as any other."""

HOOK_NAMES = ("register_tracks", "register_sources", "register_exporters")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class PluginStatus(str, enum.Enum):
    """What happened to a plugin during a load."""

    LOADED = "loaded"
    FAILED = "failed"
    DISABLED = "disabled"


@attrs.frozen(kw_only=True)
class PluginInfo:
    """What one plugin is and what it did during a load.

    Attributes:
        name: The plugin's name: its entry-point name, or module for built-ins.
        distribution: The distribution that ships it.
        version: That distribution's version.
        builtin: Whether it ships with llm-roadmap itself.
        hooks: The hooks it implements.
        status: Loaded, failed, or disabled by the selection.
        error: Why it failed, when it did.
        contributed: How many tracks, topics, resources, extensions, exporters
            and sources it registered (zero for every kind when it failed).
    """

    name: str
    distribution: str
    version: str
    builtin: bool
    hooks: tuple[str, ...] = ()
    status: PluginStatus = PluginStatus.LOADED
    error: Optional[str] = None
    contributed: Mapping[str, int] = attrs.field(factory=dict)

    @property
    def provenance(self) -> Provenance:
        """The provenance stamped on everything this plugin registered."""
        return Provenance(plugin=self.name, distribution=self.distribution, version=self.version)


@attrs.frozen(kw_only=True)
class Selection:
    """Which plugins a load uses, and how strictly.

    ``allow`` lists the distributions (or plugin names) of installed plugins to
    load; ``None`` means all, an empty set means none. ``block`` lists names of
    plugins or distributions never to load, built-ins included. ``block`` wins
    over ``allow``. Arguments to `llm_roadmap.load` win over the environment.
    """

    allow: Optional[frozenset[str]] = None
    block: frozenset[str] = frozenset()
    strict: bool = False

    @classmethod
    def resolve(
        cls,
        allow: Optional[Iterable[str]],
        block: Optional[Iterable[str]],
        strict: Optional[bool],
        environ: Mapping[str, str],
    ) -> "Selection":
        """Combine ``load()`` arguments with ``LLM_ROADMAP_*`` variables (arguments win)."""
        if allow is None and "LLM_ROADMAP_PLUGINS" in environ:
            allow = _split(environ["LLM_ROADMAP_PLUGINS"])
        if block is None:
            block = _split(environ.get("LLM_ROADMAP_DISABLE_PLUGINS", ""))
        if strict is None:
            strict = environ.get("LLM_ROADMAP_STRICT_PLUGINS", "").strip().lower() in {"1", "true", "yes", "on"}
        return cls(
            allow=None if allow is None else frozenset(_canonical(a) for a in allow),
            block=frozenset(_canonical(b) for b in block),
            strict=strict,
        )

    def blocks(self, *names: str) -> bool:
        """Whether any of ``names`` (plugin, distribution) is blocked."""
        return any(_canonical(n) in self.block for n in names)

    def allows(self, *names: str) -> bool:
        """Whether an installed plugin with these names may load (the allowlist)."""
        return self.allow is None or any(_canonical(n) in self.allow for n in names)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _canonical(name: str) -> str:
    # PEP 503 normalisation, so "My_Plugin" and "my-plugin" name the same thing.
    return re.sub(r"[-_.]+", "-", name).lower()


@attrs.define
class Registered:
    """Everything one plugin registered during a load (before validation)."""

    info: PluginInfo
    data: list[DataInput] = attrs.Factory(list)
    exporters: list[Exporter] = attrs.Factory(list)
    sources: list[Source] = attrs.Factory(list)


@attrs.frozen
class _Candidate:
    name: str
    distribution: str
    version: str
    load: Callable[[], Any]
    builtin: bool


def _entry_points() -> Iterator[_Candidate]:
    if sys.version_info >= (3, 10):
        found = metadata.entry_points(group=ENTRY_POINT_GROUP)
        for ep in found:
            dist = ep.dist
            name = dist.metadata["Name"] if dist is not None else ep.module
            version = dist.version if dist is not None else "unknown"
            yield _Candidate(ep.name, name, version, ep.load, False)
    else:  # pragma: no cover - Python 3.9 has neither group= nor ep.dist
        seen: set[str] = set()
        for dist in metadata.distributions():
            name = dist.metadata["Name"]
            if _canonical(name) in seen:
                continue
            seen.add(_canonical(name))
            for ep in dist.entry_points:
                if ep.group == ENTRY_POINT_GROUP:
                    yield _Candidate(ep.name, name, dist.version, ep.load, False)


def _builtins() -> Iterator[_Candidate]:
    for module in BUILTIN_PLUGINS:
        yield _Candidate(module, "llm-roadmap", __version__, lambda m=module: importlib.import_module(m), True)


def collect(
    selection: Selection, extra: Iterable[tuple[str, object]] = ()
) -> tuple[list[Registered], list[PluginInfo]]:
    """Discover, register and call every selected plugin.

    ``extra`` adds plugin objects by name (the test kit uses it). Returns what
    each loaded plugin registered, and the records of plugins that were
    disabled or failed before registering anything.
    """
    pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    others: list[PluginInfo] = []
    plugins: list[tuple[_Candidate, object]] = []

    candidates: list[_Candidate] = list(_builtins())
    extra_candidates = [_Candidate(name, name, "0", lambda o=obj: o, False) for name, obj in extra]
    if selection.allow is None or selection.allow:
        installed = sorted(_entry_points(), key=lambda c: (_canonical(c.distribution), c.name))
        candidates.extend(installed)
    candidates.extend(extra_candidates)

    seen_names: set[str] = set()
    for candidate in candidates:
        info = PluginInfo(name=candidate.name, distribution=candidate.distribution,
                          version=candidate.version, builtin=candidate.builtin)
        is_extra = candidate in extra_candidates
        if selection.blocks(candidate.name, candidate.distribution) or not (
            candidate.builtin or is_extra or selection.allows(candidate.distribution, candidate.name)
        ):
            others.append(attrs.evolve(info, status=PluginStatus.DISABLED))
            continue
        if candidate.name in seen_names:
            others.append(_fail(info, f"another plugin is already named {candidate.name!r}", selection))
            continue
        try:
            obj = candidate.load()
        except Exception as exc:
            if candidate.builtin:
                raise
            others.append(_fail(info, f"import failed: {type(exc).__name__}: {exc}", selection))
            continue
        try:
            pm.register(obj, name=candidate.name)
        except Exception as exc:  # pluggy rejects hooks with arguments the spec lacks
            others.append(_fail(info, f"registration failed: {exc}", selection))
            continue
        unknown = sorted(c.name for c in (pm.get_hookcallers(obj) or []) if c.spec is None)
        if unknown:
            pm.unregister(obj)
            others.append(_fail(info, f"unknown hook(s) {', '.join(unknown)}: check the spelling", selection))
            continue
        seen_names.add(candidate.name)
        plugins.append((candidate, obj))

    results: list[Registered] = []
    for candidate, obj in plugins:
        hooks = tuple(sorted(c.name for c in (pm.get_hookcallers(obj) or [])))
        info = PluginInfo(name=candidate.name, distribution=candidate.distribution,
                          version=candidate.version, builtin=candidate.builtin, hooks=hooks)
        registered = Registered(info=info)
        error = _call_hooks(pm, candidate.name, registered)
        if error:
            others.append(_fail(info, error, selection))
        else:
            results.append(registered)
    return results, others


def _call_hooks(pm: pluggy.PluginManager, name: str, into: Registered) -> Optional[str]:
    prov = into.info.provenance
    sinks: dict[str, Callable[[Any], None]] = {}

    def data(item: Any) -> None:
        if not isinstance(item, (str, os.PathLike, Mapping)) and not hasattr(item, "iterdir"):
            raise _WrongType(f"register_tracks: expected a path, a traversable or a mapping, got {type(item).__name__}")
        into.data.append(item)

    def exporter(item: Any) -> None:
        if not isinstance(item, Exporter):
            raise _WrongType(f"register_exporters: expected an llm_roadmap.Exporter, got {type(item).__name__}")
        if not _ID_RE.match(item.id):
            raise _WrongType(f"register_exporters: exporter id {item.id!r} is not kebab-case")
        into.exporters.append(attrs.evolve(item, provenance=prov))

    def source(item: Any) -> None:
        if not isinstance(item, Source):
            raise _WrongType(f"register_sources: expected an llm_roadmap.Source, got {type(item).__name__}")
        if not _ID_RE.match(item.id):
            raise _WrongType(f"register_sources: source id {item.id!r} is not kebab-case")
        into.sources.append(attrs.evolve(item, provenance=prov))

    sinks = {"register_tracks": data, "register_exporters": exporter, "register_sources": source}
    for hook_name in HOOK_NAMES:
        caller = getattr(pm.hook, hook_name)
        for impl in caller.get_hookimpls():
            if impl.plugin_name != name:
                continue
            kwargs = {"register": sinks[hook_name]}
            try:
                impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
            except _WrongType as exc:
                return str(exc)
            except Exception as exc:
                return f"{hook_name} raised {type(exc).__name__}: {exc}"
    return None


class _WrongType(Exception):
    pass


def _fail(info: PluginInfo, error: str, selection: Selection) -> PluginInfo:
    """Record a plugin failure: a warning normally, an error in strict mode."""
    failed = attrs.evolve(info, status=PluginStatus.FAILED, error=error)
    message = f"plugin {info.name!r} ({info.distribution} {info.version}) failed and was left out: {error}"
    if selection.strict:
        raise PluginError(message)
    warnings.warn(message, PluginWarning, stacklevel=4)
    return failed


def fail(info: PluginInfo, error: str, selection: Selection) -> PluginInfo:
    """Mark an already-registered plugin as failed (its data did not validate)."""
    return _fail(info, error, selection)
