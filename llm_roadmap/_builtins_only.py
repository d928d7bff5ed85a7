"""A load of the built-in plugins alone, answered from the cache without registering a plugin.

Most loads use only the built-ins: no plugin is installed, or the selection
leaves every installed one out. What such a load gives depends on nothing a
plugin's code could decide at run time: the built-ins are llm-roadmap's own
code (in the cache key's code stamp), their data is the bundled files (in the
key by content), and the rest is the selection and the installed plugins it
left out (found by the entry-point scan, never imported). So the key is
known before registering anything, and a hit needs neither pluggy's
registration nor the hook calls: the plugin records come from the cache, and
the exporters and sources are registered through the same hooks the first
time the roadmap is asked for them (`Registrations`).

A load with an installed plugin selected goes the whole way: only the
plugin's hooks can say what it registers.
"""

import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple, Optional

from . import _load_cache, bundled
from ._load_cache import Cached
from ._plugins import discovery
from ._plugins.selection import Selection
from .plugin_records import PluginInfo, PluginStatus

__all__ = ["Plan", "Registrations", "plan"]

BUNDLED = "llm_roadmap.bundled"
"""The one built-in plugin that registers data (the others register exporters and sources)."""


class Plan(NamedTuple):
    """A load of the built-ins alone: its cache key, and what the built-ins will register.

    Attributes:
        key: The key of the cache entry (``None``: the data cannot be cached).
        data: What the bundled-data plugin registers (nothing if it is blocked).
        selection: The selection of the load.
    """

    key: Optional[str]
    data: tuple[Any, ...]
    selection: Selection

    def read(self, environ: Mapping[str, str]) -> Optional[Cached]:
        """The cached answer, or ``None`` (none, another key's, or damaged)."""
        if self.key is None:
            return None
        return _load_cache.read(_load_cache.cache_file(environ), self.key)

    def write(self, environ: Mapping[str, str], answer: Cached, registered: Sequence[Any]) -> None:
        """Keep the answer of the whole load, if the built-ins registered what the plan says.

        The plan assumes that the bundled-data plugin registers the bundled
        folders and no other built-in registers data; the registrations of
        the load that was just made are the check (a built-in that began
        registering data would otherwise be answered without it).
        """
        registered_data = tuple(item for reg in registered for item in reg.data)
        if self.key is None or registered_data != self.data:
            return
        _load_cache.write(_load_cache.cache_file(environ), self.key, answer)

    def registrations(
        self, records: Sequence[PluginInfo]
    ) -> tuple["Registrations", "Registrations"]:
        """The exporters and the sources of the loaded built-ins, registered when first used."""
        loaded = frozenset(r.name for r in records if r.status is PluginStatus.LOADED)
        shared = _Registered(self.selection, loaded)
        return Registrations(shared, "exporters"), Registrations(shared, "sources")


def plan(selection: Selection) -> Optional[Plan]:
    """The plan of a load of the built-ins alone, or ``None`` if an installed plugin is selected."""
    builtins: list[str] = []
    left_out: list[PluginInfo] = []
    for candidate in [*discovery.builtins(), *discovery.installed_in_order()]:
        if selection.loads(candidate.name, candidate.distribution, builtin=candidate.builtin):
            if not candidate.builtin:
                return None
            builtins.append(candidate.name)
        else:
            left_out.append(
                PluginInfo(
                    name=candidate.name,
                    distribution=candidate.distribution,
                    version=candidate.version,
                    builtin=candidate.builtin,
                    status=PluginStatus.DISABLED,
                )
            )
    data = tuple(bundled.data_inputs()) if BUNDLED in builtins else ()
    # Sorted: a set's order changes from one process to the next.
    chosen = (
        None if selection.allow is None else sorted(selection.allow),
        sorted(selection.block),
    )
    key = _load_cache.key_of_builtins(chosen, left_out, builtins, data)
    return Plan(key=key, data=data, selection=selection)


class _Registered:
    """The built-ins' exporters and sources, registered through their hooks when first asked for."""

    def __init__(self, selection: Selection, loaded: frozenset[str]) -> None:
        self._selection = selection
        self._loaded = loaded
        self._lock = threading.Lock()
        self._found: Optional[dict[str, dict[str, Any]]] = None

    def get(self, kind: str) -> dict[str, Any]:
        with self._lock:
            if self._found is None:
                from ._plugins.manager import collect

                registered, _ = collect(self._selection)
                # Only the plugins the load recorded as loaded, should one
                # have been installed since.
                mine = [reg for reg in registered if reg.info.name in self._loaded]
                self._found = {
                    "exporters": {e.id: e for reg in mine for e in reg.exporters},
                    "sources": {s.id: s for reg in mine for s in reg.sources},
                }
            return self._found[kind]


class Registrations(Mapping[str, Any]):
    """A read-only mapping of the exporters (or sources) by id, filled on first use."""

    def __init__(self, registered: _Registered, kind: str) -> None:
        self._registered = registered
        self._kind = kind

    def __getitem__(self, key: str) -> Any:
        return self._registered.get(self._kind)[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._registered.get(self._kind))

    def __len__(self) -> int:
        return len(self._registered.get(self._kind))

    def __repr__(self) -> str:
        return repr(self._registered.get(self._kind))
