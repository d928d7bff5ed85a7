"""Registering one plugin with pluggy and calling its hooks, so a bad plugin fails alone.

A plugin object is refused before any hook runs when pluggy or the checks
below find it unusable. Its hooks are then called on their own, with
``register`` callbacks that check every item: something of the wrong type, or
a ``register`` kept and called after the hook returned, fails the plugin.

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
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Callable, NoReturn, Optional, Union

import attrs
import pluggy

from ..errors import PluginError
from ..exporters import Exporter
from ..loading.files import input_problem
from ..sources import DataInput, Source
from ..util.ids import is_id
from .records import PluginInfo

if TYPE_CHECKING:
    from ..roadmap import Roadmap

__all__ = [
    "HOOK_NAMES",
    "Registered",
    "call_hooks",
    "check_plugin_object",
    "debug_plugins",
    "isolated",
    "one_line",
    "say",
]

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
