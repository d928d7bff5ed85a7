"""Plugin records: what `llm_roadmap.plugins` and `Roadmap.plugins` report about each plugin.

```python
import llm_roadmap

for info in llm_roadmap.plugins():
    print(info.name, info.status.value, info.contributed["tracks"])
```
"""

import enum
from collections.abc import Mapping
from typing import Optional

import attrs

from ..model import Provenance

__all__ = ["CONTRIBUTION_KINDS", "PluginInfo", "PluginStatus", "describe"]

CONTRIBUTION_KINDS = ("tracks", "topics", "resources", "extensions", "exporters", "sources")
"""The kinds counted in `PluginInfo.contributed`, in display order."""


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
