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
from ..util.ids import canonical_name
from . import discovery
from .calls import (
    Registered,
    call_hooks,
    check_plugin_object,
    debug_plugins,
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
