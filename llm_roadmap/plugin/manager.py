"""The run of the plugins: select, register and call every plugin found, each failing alone.

Which plugins a load uses comes from the ``load()`` arguments, else the
``LLM_ROADMAP_*`` variables (`Selection`). A plugin object is refused before
any hook runs when pluggy or `check_plugin_object` find it unusable. Its hooks
are then called on their own, with ``register`` callbacks that check every
item: something of the wrong type, or a ``register`` kept and called after the
hook returned, fails the plugin. One that raises, or registers something
unusable, is recorded as failed and everything it had registered is dropped,
while the others load.

A plugin's code runs `isolated`: what it prints goes to standard error, so
standard output carries only what llm-roadmap writes (``--json``, an export
to stdout); and with `debug_plugins` on, each step is named on standard
error before it runs, so a plugin that hangs or ends the process is known.
"""

import contextlib
import contextvars
import inspect
import io
import os
import sys
import warnings
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, NoReturn, Optional, Union

import attrs
import pluggy

from .. import hookspecs
from ..errors import PluginError, PluginWarning
from ..exporters import Exporter
from ..loading.files import input_problem
from ..sources import DataInput, Source
from ..util.env import is_truthy
from ..util.ids import canonical_name, is_id
from . import discovery
from .discovery import ENTRY_POINT_GROUP, Candidate
from .records import CONTRIBUTION_KINDS, PluginInfo, PluginStatus, describe

if TYPE_CHECKING:
    from ..roadmap import Roadmap

__all__ = [
    "HOOK_NAMES",
    "Collected",
    "Registered",
    "Selection",
    "call_hooks",
    "check_plugin_object",
    "collect",
    "debug_plugins",
    "fail",
    "isolated",
    "one_line",
    "say",
]


class Selection(NamedTuple):
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
            strict = is_truthy(environ.get("LLM_ROADMAP_STRICT_PLUGINS"))
        return cls(
            allow=None if allow is None else frozenset(canonical_name(a) for a in allow),
            block=frozenset(canonical_name(b) for b in block),
            strict=strict,
        )

    def loads(self, candidate: Candidate) -> bool:
        """Whether a plugin found is loaded (else it is recorded as disabled).

        The blocklist applies to every plugin, by plugin or distribution name;
        the allowlist only to installed ones (built-ins and ``extra_plugins``
        are always allowed).
        """
        names = {canonical_name(candidate.name), canonical_name(candidate.distribution)}
        if names & self.block:
            return False
        return (
            candidate.builtin or candidate.extra or self.allow is None or bool(names & self.allow)
        )


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


_DEBUG: "contextvars.ContextVar[bool]" = contextvars.ContextVar("llm_roadmap_debug", default=False)

HOOK_NAMES = ("register_tracks", "register_sources", "register_exporters")
"""The hooks a plugin may implement, in the order they are called."""


@attrs.define
class Registered:
    """Everything one plugin registered during a load (before validation)."""

    info: PluginInfo
    data: list[DataInput] = attrs.Factory(list)
    exporters: list["Exporter[Roadmap]"] = attrs.Factory(list)
    sources: list[Source] = attrs.Factory(list)


@contextlib.contextmanager
def debug_plugins(enabled: bool = True) -> Iterator[None]:
    """Within the block, name each plugin step on standard error before it runs (``--debug``).

    ``llm-roadmap: importing plugin NAME (DIST VERSION)``, then one line per
    hook called. Each line is flushed at once: the last one names the plugin
    when one hangs or ends the process (``os._exit``).
    """
    token = _DEBUG.set(enabled)
    try:
        yield
    finally:
        _DEBUG.reset(token)


def say(message: str) -> None:
    """Print ``llm-roadmap: message`` on standard error, flushed, when `debug_plugins` is on."""
    if _DEBUG.get() and sys.stderr is not None:
        sys.stderr.write(f"llm-roadmap: {message}\n")
        sys.stderr.flush()


@contextlib.contextmanager
def isolated() -> Iterator[None]:
    """Run plugin code with what it prints sent to standard error instead of standard output.

    Standard output is the user's data (``--json``, ``export`` to a pipe):
    a plugin's ``print`` at import or in a hook must not land in it.
    `sys.stdout` is swapped for the block (for the whole process: the plugin
    manager's run is not meant to share a process with threads that print).
    """
    # No standard error (a GUI program): what the plugin prints is dropped.
    target = sys.stderr if sys.stderr is not None else io.StringIO()
    with contextlib.redirect_stdout(target):
        yield


def check_plugin_object(
    pm: pluggy.PluginManager, obj: object, name: str
) -> tuple[Optional[str], tuple[str, ...]]:
    """Register ``obj``; return why it cannot be used (``None`` if it can) and its hooks.

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
        return f"registration failed: {one_line(exc)}", ()
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
    if error is not None:
        pm.unregister(obj)
    return error, hooks


def call_hooks(pm: pluggy.PluginManager, name: str, into: Registered) -> Optional[str]:
    """Call plugin ``name``'s hooks, collecting into ``into``; return why it failed, if it did."""
    prov = into.info.provenance
    wrong: list[str] = []
    calling: list[str] = []  # the hook being called; empty once the plugin's turn is over

    def reject(message: str) -> NoReturn:
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
        if not (isinstance(item, (str, os.PathLike, Mapping)) or hasattr(item, "iterdir")):
            reject(
                "register_tracks: expected a path, an importlib.resources traversable or a "
                f"mapping, got {_type_name(item)}"
            )
        # Checked here, before the loader walks or reads it: an object that
        # only looks like a folder, or a mapping with non-string keys, fails
        # this plugin alone.
        try:
            bad = input_problem(item)
        except (Exception, SystemExit) as exc:  # a hostile mapping or traversable
            bad = f"cannot be inspected: {one_line(exc)}"
        if bad:
            reject(f"register_tracks: {_type_name(item)}: {bad}")
        into.data.append(item)

    def check_item(
        item: Any, hook: str, cls: type[Union[Exporter[Any], Source]], kind: str
    ) -> None:
        # An exporter or a source: the right class, with a kebab-case id.
        check_open(hook)
        if not isinstance(item, cls):
            reject(f"{hook}: expected an llm_roadmap.{cls.__name__}, got {_type_name(item)}")
        if not isinstance(item.id, str) or not is_id(item.id):
            reject(f"{hook}: {kind} id {item.id!r} is not a kebab-case id")

    def exporter(item: Any) -> None:
        check_item(item, "register_exporters", Exporter, "exporter")
        if not callable(item.write):
            reject(f"register_exporters: exporter {item.id!r}: write is not callable")
        into.exporters.append(attrs.evolve(item, provenance=prov))

    def source(item: Any) -> None:
        check_item(item, "register_sources", Source, "source")
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
            say(f"calling {hook_name} of plugin {name}")
            try:
                with isolated():
                    impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
            except _WrongType:
                pass
            except (Exception, SystemExit) as exc:
                return f"{hook_name} raised {one_line(exc)}"
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


def one_line(exc: BaseException) -> str:
    """An exception as one line: ``"Type: message"`` with its whitespace collapsed."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class Collected(NamedTuple):
    """What the plugin manager's run produced.

    Attributes:
        registered: What each plugin that registered without failing
            registered, in the order plugins are taken.
        left_out: The records of the plugins that were disabled, or failed
            before or while registering.
    """

    registered: list[Registered]
    left_out: list[PluginInfo]


def collect(selection: Selection, extra: Iterable[tuple[str, object]] = ()) -> Collected:
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
    plugins: list[PluginInfo] = []

    # Looked up on the module at each load, so a test can replace the built-ins.
    candidates: list[Candidate] = list(discovery.builtins())
    # Scanned even when the allowlist is empty, so a listing shows what it left out.
    candidates.extend(
        sorted(discovery.installed(), key=lambda c: (canonical_name(c.distribution), c.name))
    )
    candidates.extend(
        Candidate(name, name, "", discovery.given(obj), False, True) for name, obj in extra
    )

    owners: dict[str, Candidate] = {}
    for candidate in candidates:
        info = candidate.info
        if not selection.loads(candidate):
            others.append(attrs.evolve(info, status=PluginStatus.DISABLED))
            continue
        if candidate.name in owners:
            first = owners[candidate.name]
            error = (
                f"another plugin is already named {candidate.name!r}: the entry point of "
                f"{describe(first.distribution, first.version)}; rename one entry point"
            )
            others.append(fail(info, error, selection))
            continue
        say(f"importing plugin {info.label}")
        try:
            with isolated():
                obj = candidate.load()
        except (Exception, SystemExit) as exc:
            if candidate.builtin:
                raise
            others.append(fail(info, f"import failed: {one_line(exc)}", selection))
            continue
        refused, hooks = check_plugin_object(pm, obj, candidate.name)
        info = attrs.evolve(info, hooks=hooks)
        if refused is not None and candidate.builtin:
            raise PluginError(f"built-in plugin {info.label} is broken: {refused}")
        if refused is not None:
            others.append(fail(info, refused, selection))
            continue
        owners[candidate.name] = candidate
        plugins.append(info)

    results: list[Registered] = []
    for info in plugins:
        registered = Registered(info=info)
        call_error = call_hooks(pm, info.name, registered)
        if call_error and info.builtin:
            # A bug in llm-roadmap itself: silently losing the bundled data would hide it.
            raise PluginError(f"built-in plugin {info.label} is broken: {call_error}")
        if call_error:
            others.append(fail(info, call_error, selection))
        else:
            results.append(registered)
    return Collected(results, others)


def fail(info: PluginInfo, error: str, selection: Selection) -> PluginInfo:
    """Record a plugin failure (while registering, or in its data): a warning, strict an error."""
    nothing = dict.fromkeys(CONTRIBUTION_KINDS, 0)
    failed = attrs.evolve(info, status=PluginStatus.FAILED, error=error, contributed=nothing)
    message = f"plugin {info.label} failed and was left out: {error}"
    if selection.strict:
        raise PluginError(message)
    warnings.warn(message, PluginWarning, stacklevel=4)
    return failed
