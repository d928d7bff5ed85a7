"""The whole run of the plugin manager: discover, select, register and call every plugin.

Each plugin's hooks are called on their own, so one that raises, or registers
something of the wrong type, is recorded as failed and everything it had
registered is dropped, while the others load. A plugin is imported and its
hooks called `isolated` (what it prints goes to standard error); with
`debug_plugins` on, each import is named first.
"""

import warnings
from collections.abc import Iterable
from typing import NamedTuple

import attrs
import pluggy

from .. import hookspecs
from ..errors import PluginError, PluginWarning
from . import discovery
from .calls import (
    Registered,
    call_hooks,
    check_plugin_object,
    debug_plugins,
    hooks_of,
    isolated,
    one_line,
    say,
)
from .discovery import ENTRY_POINT_GROUP, Candidate
from .records import CONTRIBUTION_KINDS, PluginInfo, PluginStatus, describe
from .selection import Selection

__all__ = ["Collected", "collect", "debug_plugins", "fail"]


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
    plugins: list[tuple[Candidate, object]] = []

    # Looked up on the module at each load, so a test can replace the built-ins.
    candidates: list[Candidate] = list(discovery.builtins())
    # Scanned even when the allowlist is empty, so a listing shows what it left out.
    candidates.extend(discovery.installed_in_order())
    candidates.extend(
        Candidate(name, name, "", discovery.given(obj), False, True) for name, obj in extra
    )

    owners: dict[str, Candidate] = {}
    for candidate in candidates:
        info = PluginInfo(
            name=candidate.name,
            distribution=candidate.distribution,
            version=candidate.version,
            builtin=candidate.builtin,
        )
        if not selection.loads(
            candidate.name,
            candidate.distribution,
            builtin=candidate.builtin,
            extra=candidate.extra,
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
        say(f"importing plugin {info.label}")
        try:
            with isolated():
                obj = candidate.load()
        except (Exception, SystemExit) as exc:
            if candidate.builtin:
                raise
            others.append(_fail(info, f"import failed: {one_line(exc)}", selection))
            continue
        problem = check_plugin_object(pm, obj, candidate.name)
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
            hooks=hooks_of(pm, obj),
        )
        registered = Registered(info=info)
        call_error = call_hooks(pm, candidate.name, registered)
        if call_error and candidate.builtin:
            # A bug in llm-roadmap itself: silently losing the bundled data would hide it.
            raise PluginError(f"built-in plugin {info.label} is broken: {call_error}")
        if call_error:
            others.append(_fail(info, call_error, selection))
        else:
            results.append(registered)
    return Collected(results, others)


def _fail(info: PluginInfo, error: str, selection: Selection) -> PluginInfo:
    """Record a plugin failure: a warning normally, an error in strict mode."""
    nothing = dict.fromkeys(CONTRIBUTION_KINDS, 0)
    failed = attrs.evolve(info, status=PluginStatus.FAILED, error=error, contributed=nothing)
    message = f"plugin {info.label} failed and was left out: {error}"
    if selection.strict:
        raise PluginError(message)
    warnings.warn(message, PluginWarning, stacklevel=4)
    return failed


def fail(info: PluginInfo, error: str, selection: Selection) -> PluginInfo:
    """Mark an already-registered plugin as failed (its data did not validate)."""
    return _fail(info, error, selection)
