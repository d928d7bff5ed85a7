"""Plugin discovery and hook calls: a fresh pluggy manager per load, one plugin at a time.

Each plugin's hooks are called on their own, so one that raises, or registers
something of the wrong type, is recorded as failed and everything it had
registered is dropped, while the others load. Nothing here runs at import.
"""

import enum
import functools
import importlib
import inspect
import os
import re
import sys
import warnings
from collections.abc import Iterable, Iterator, Mapping
from importlib import metadata
from typing import Any, Callable, Optional

import attrs
import pluggy

from . import hookspecs
from ._version import __version__
from .errors import PluginError, PluginWarning
from .exporter import Exporter
from .exporters import BUILTIN_EXPORTERS
from .model import Provenance
from .source import DataInput, Source

__all__ = ["BUILTIN_PLUGINS", "ENTRY_POINT_GROUP", "PluginInfo", "PluginStatus", "Selection"]

ENTRY_POINT_GROUP = "llm_roadmap"
"""The entry-point group (and pluggy project name) plugins register under."""

BUILTIN_PLUGINS = (
    "llm_roadmap.bundled",
    *BUILTIN_EXPORTERS,
    "llm_roadmap.sources.markdown_list",
    "llm_roadmap.sources.arxiv",
    "llm_roadmap.sources.github",
)
"""Modules of the built-in plugins, registered through the same hooks as any other."""

HOOK_NAMES = ("register_tracks", "register_sources", "register_exporters")
CONTRIBUTION_KINDS = ("tracks", "topics", "resources", "extensions", "exporters", "sources")
"""The kinds counted in `PluginInfo.contributed`, in display order."""

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _nothing() -> dict[str, int]:
    return dict.fromkeys(CONTRIBUTION_KINDS, 0)


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
            and sources it registered (zero for every kind when it failed or
            was disabled).
    """

    name: str
    distribution: str
    version: str
    builtin: bool
    hooks: tuple[str, ...] = ()
    status: PluginStatus = PluginStatus.LOADED
    error: Optional[str] = None
    contributed: Mapping[str, int] = attrs.field(factory=_nothing)

    @property
    def provenance(self) -> Provenance:
        """The provenance stamped on everything this plugin registered."""
        return Provenance(plugin=self.name, distribution=self.distribution, version=self.version)

    @property
    def label(self) -> str:
        """The plugin as messages name it: ``'name' (distribution version)``."""
        return f"{self.name!r} ({describe(self.distribution, self.version)})"


def describe(distribution: str, version: str) -> str:
    """``"distribution version"``, or just the distribution when the version is unknown."""
    return f"{distribution} {version}" if version else distribution


@attrs.frozen(kw_only=True)
class Selection:
    """Which plugins a load uses, and how strictly.

    ``allow`` lists the distributions (or plugin names) of installed plugins to
    load; ``None`` means all, an empty set means none. Built-ins are never
    filtered by ``allow``. ``block`` lists names of plugins or distributions
    never to load, built-ins included; ``block`` wins over ``allow``. Each of
    the three is taken from the `llm_roadmap.load` argument when one is given,
    else from its ``LLM_ROADMAP_*`` variable: arguments win over the environment.
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
        if isinstance(allow, str) or isinstance(block, str):
            # A bare string would be read letter by letter and allow nothing useful.
            raise TypeError("plugins and disable_plugins take a list of names, not a string")
        if allow is None and "LLM_ROADMAP_PLUGINS" in environ:
            allow = _split(environ["LLM_ROADMAP_PLUGINS"])
        if block is None:
            block = _split(environ.get("LLM_ROADMAP_DISABLE_PLUGINS", ""))
        if strict is None:
            flag = environ.get("LLM_ROADMAP_STRICT_PLUGINS", "").strip().lower()
            strict = flag in {"1", "true", "yes", "on"}
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
    load: Callable[[], Any] = attrs.field(eq=False)
    builtin: bool
    extra: bool = False


def _entry_points() -> Iterator[_Candidate]:
    """Every installed plugin: one candidate per entry point of the group.

    Reads only entry-point tables and, for the distributions that have one in
    the group, their metadata once (name and version from one parse).
    """
    if sys.version_info >= (3, 10):
        for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
            dist = ep.dist
            if dist is None:  # pragma: no cover - only for hand-made EntryPoint objects
                yield _Candidate(ep.name, ep.module, "", ep.load, False)
                continue
            name, version = _name_version(dist)
            yield _Candidate(ep.name, name or ep.module, version, ep.load, False)
    else:  # pragma: no cover - Python 3.9 has neither group= nor ep.dist
        seen: set[str] = set()
        for dist in metadata.distributions():
            eps = [ep for ep in dist.entry_points if ep.group == ENTRY_POINT_GROUP]
            if not eps:
                continue
            found, version = _name_version(dist)
            name = found or eps[0].module
            if _canonical(name) in seen:  # the first on sys.path wins, as imports do
                continue
            seen.add(_canonical(name))
            for ep in eps:
                yield _Candidate(ep.name, name, version, ep.load, False)


def _name_version(dist: metadata.Distribution) -> tuple[str, str]:
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


def _builtins() -> Iterator[_Candidate]:
    for module in BUILTIN_PLUGINS:
        load = functools.partial(importlib.import_module, module)
        yield _Candidate(module, "llm-roadmap", __version__, load, True)


def _given(obj: object) -> Callable[[], object]:
    def load() -> object:
        return obj

    return load


def collect(
    selection: Selection, extra: Iterable[tuple[str, object]] = ()
) -> tuple[list[Registered], list[PluginInfo]]:
    """Discover, register and call every selected plugin.

    Plugins are taken in a fixed order: built-ins, then installed plugins by
    distribution and entry-point name, then ``extra`` (plugin objects by name,
    used by the test kit; only the blocklist applies to them). Returns what
    each loaded plugin registered, and the records of plugins that were
    disabled or failed before registering anything.

    Raises:
        PluginError: In strict mode, the first plugin that fails.
    """
    pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    others: list[PluginInfo] = []
    plugins: list[tuple[_Candidate, object]] = []

    candidates: list[_Candidate] = list(_builtins())
    # Scanned even when the allowlist is empty, so a listing shows what it left out.
    installed = sorted(_entry_points(), key=lambda c: (_canonical(c.distribution), c.name))
    candidates.extend(installed)
    candidates.extend(_Candidate(name, name, "", _given(obj), False, True) for name, obj in extra)

    owners: dict[str, _Candidate] = {}
    for candidate in candidates:
        info = PluginInfo(
            name=candidate.name,
            distribution=candidate.distribution,
            version=candidate.version,
            builtin=candidate.builtin,
        )
        if selection.blocks(candidate.name, candidate.distribution) or not (
            candidate.builtin
            or candidate.extra
            or selection.allows(candidate.distribution, candidate.name)
        ):
            others.append(attrs.evolve(info, status=PluginStatus.DISABLED))
            continue
        if candidate.name in owners:
            first = owners[candidate.name]
            error = (
                f"another plugin is already named {candidate.name!r}: the entry point of "
                f"{describe(first.distribution, first.version)}; rename one entry point"
            )
            others.append(_fail(info, error, selection))
            continue
        try:
            obj = candidate.load()
        except (Exception, SystemExit) as exc:
            if candidate.builtin:
                raise
            others.append(_fail(info, f"import failed: {_one_line(exc)}", selection))
            continue
        problem = _check_plugin_object(pm, obj, candidate.name)
        if problem is not None:
            error, hooks = problem
            if candidate.builtin:
                raise PluginError(f"built-in plugin {info.label} is broken: {error}")
            others.append(_fail(attrs.evolve(info, hooks=hooks), error, selection))
            continue
        owners[candidate.name] = candidate
        plugins.append((candidate, obj))

    results: list[Registered] = []
    for candidate, obj in plugins:
        info = PluginInfo(
            name=candidate.name,
            distribution=candidate.distribution,
            version=candidate.version,
            builtin=candidate.builtin,
            hooks=_hooks_of(pm, obj),
        )
        registered = Registered(info=info)
        call_error = _call_hooks(pm, candidate.name, registered)
        if call_error and candidate.builtin:
            # A bug in llm-roadmap itself: silently losing the bundled data would hide it.
            raise PluginError(f"built-in plugin {info.label} is broken: {call_error}")
        if call_error:
            others.append(_fail(info, call_error, selection))
        else:
            results.append(registered)
    return results, others


def _hooks_of(pm: pluggy.PluginManager, obj: object) -> tuple[str, ...]:
    return tuple(sorted(c.name for c in (pm.get_hookcallers(obj) or [])))


def _check_plugin_object(
    pm: pluggy.PluginManager, obj: object, name: str
) -> Optional[tuple[str, tuple[str, ...]]]:
    """Register ``obj``; return why it cannot be used (and its hooks), or ``None``.

    A plugin is refused when pluggy rejects it (a hook argument the spec lacks),
    when it implements a hook that does not exist (a misspelling: pluggy alone
    would never call it), when it uses a hook wrapper (registration hooks have
    nothing to wrap), or when it implements no hook at all (usually a missing
    ``@hookimpl``). An unknown hook marked ``optionalhook=True`` is allowed: it
    is how a plugin targets a hook that only newer versions of llm-roadmap have.
    """
    try:
        pm.register(obj, name=name)
    except Exception as exc:  # pluggy rejects hooks with arguments the spec lacks
        return f"registration failed: {_one_line(exc)}", ()
    callers = pm.get_hookcallers(obj) or []
    hooks = tuple(sorted(c.name for c in callers))
    unknown: list[str] = []
    wrappers: list[str] = []
    for caller in callers:
        for impl in caller.get_hookimpls():
            if impl.plugin is not obj:
                continue
            if caller.spec is None and not impl.optionalhook:
                unknown.append(caller.name)
            if impl.hookwrapper or impl.wrapper:
                wrappers.append(caller.name)
    error: Optional[str] = None
    if unknown:
        known = ", ".join(HOOK_NAMES)
        error = f"unknown hook(s) {', '.join(sorted(unknown))}: check the spelling (known: {known})"
    elif wrappers:
        error = f"hook wrappers are not supported: {', '.join(sorted(wrappers))}"
    elif not hooks:
        unmarked = [h for h in HOOK_NAMES if inspect.isroutine(getattr(obj, h, None))]
        if unmarked:
            error = f"{', '.join(unmarked)} not marked with @llm_roadmap.hookimpl, so never called"
        else:
            error = f"implements no hooks: expected one of {', '.join(HOOK_NAMES)} marked @hookimpl"
    if error is None:
        return None
    pm.unregister(obj)
    return error, hooks


def _call_hooks(pm: pluggy.PluginManager, name: str, into: Registered) -> Optional[str]:
    prov = into.info.provenance
    wrong: list[str] = []
    calling: list[str] = []  # the hook being called; empty once the plugin's turn is over

    def reject(message: str) -> None:
        # Kept even if the plugin catches the exception: it still fails.
        wrong.append(message)
        raise _WrongType(message)

    def check_open(hook: str) -> None:
        if calling != [hook]:
            reject(
                f"{hook}: register() was called after the hook returned; call it inside the hook"
            )

    def data(item: Any) -> None:
        check_open("register_tracks")
        if isinstance(item, (str, os.PathLike, Mapping)) or hasattr(item, "iterdir"):
            into.data.append(item)
            return
        reject(
            "register_tracks: expected a path, an importlib.resources traversable or a mapping, "
            f"got {_type_name(item)}"
        )

    def exporter(item: Any) -> None:
        check_open("register_exporters")
        if not isinstance(item, Exporter):
            reject(f"register_exporters: expected an llm_roadmap.Exporter, got {_type_name(item)}")
        elif not isinstance(item.id, str) or not _ID_RE.match(item.id):
            reject(f"register_exporters: exporter id {item.id!r} is not a kebab-case id")
        elif not callable(item.write):
            reject(f"register_exporters: exporter {item.id!r}: write is not callable")
        else:
            into.exporters.append(attrs.evolve(item, provenance=prov))

    def source(item: Any) -> None:
        check_open("register_sources")
        if not isinstance(item, Source):
            reject(f"register_sources: expected an llm_roadmap.Source, got {_type_name(item)}")
        elif not isinstance(item.id, str) or not _ID_RE.match(item.id):
            reject(f"register_sources: source id {item.id!r} is not a kebab-case id")
        else:
            into.sources.append(attrs.evolve(item, provenance=prov))

    sinks: dict[str, Callable[[Any], None]] = {
        "register_tracks": data,
        "register_exporters": exporter,
        "register_sources": source,
    }
    for hook_name in HOOK_NAMES:
        caller = getattr(pm.hook, hook_name)
        for impl in caller.get_hookimpls():
            if impl.plugin_name != name:
                continue
            kwargs = {"register": sinks[hook_name]}
            calling[:] = [hook_name]
            try:
                impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
            except _WrongType:
                pass
            except (Exception, SystemExit) as exc:
                return f"{hook_name} raised {_one_line(exc)}"
            finally:
                calling.clear()
            if wrong:
                return wrong[0]
    return None


class _WrongType(PluginError):
    """Raised by ``register`` to the plugin's code when it is handed something unusable."""


def _type_name(item: Any) -> str:
    kind = type(item)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _fail(info: PluginInfo, error: str, selection: Selection) -> PluginInfo:
    """Record a plugin failure: a warning normally, an error in strict mode."""
    failed = attrs.evolve(info, status=PluginStatus.FAILED, error=error, contributed=_nothing())
    message = f"plugin {info.label} failed and was left out: {error}"
    if selection.strict:
        raise PluginError(message)
    warnings.warn(message, PluginWarning, stacklevel=4)
    return failed


def listing_order(info: PluginInfo) -> tuple[int, int, str, str]:
    """Sort key of plugin records: built-ins in registration order, then by distribution."""
    if info.builtin:
        position = BUILTIN_PLUGINS.index(info.name) if info.name in BUILTIN_PLUGINS else 0
        return (0, position, "", info.name)
    return (1, 0, _canonical(info.distribution), info.name)


def fail(info: PluginInfo, error: str, selection: Selection) -> PluginInfo:
    """Mark an already-registered plugin as failed (its data did not validate)."""
    return _fail(info, error, selection)
