"""llm-roadmap: a curated, bilingual LLM learning roadmap as typed data, with plugins.

```python
import llm_roadmap

rm = llm_roadmap.load()
rm.resource("attention-is-all-you-need").year   # 2017
[t.id for t in rm.path("llm-foundations")]      # prerequisites first
```

Importing this package reads no data and imports nothing else: each public
name below is imported from its module the first time it is used
(PEP 562), so ``import llm_roadmap`` costs about as much as ``import attrs``
and a script pays only for what it touches; `load` does the work.
"""

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .errors import (
        DataError,
        ExportError,
        IdentityWarning,
        NetworkError,
        NotFoundError,
        PluginError,
        PluginWarning,
        Problem,
        RoadmapError,
    )
    from .exporters import Exporter, ExportOptions, ExportStatuses
    from .exporters.json import load_json
    from .hookspecs import hookimpl
    from .loading import load, plugins, validate_paths
    from .model import (
        Concept,
        Emphasis,
        Extension,
        Identifiers,
        Kind,
        Lang,
        Level,
        Link,
        Placement,
        Provenance,
        Resource,
        Role,
        Status,
        Text,
        Topic,
        Track,
    )
    from .plugin.directory import (
        Addition,
        AvailablePlugin,
        DirectoryEntry,
        available_plugins,
        load_directory,
    )
    from .plugin.records import PluginInfo, PluginStatus
    from .progress import (
        MergeResult,
        NextStep,
        Pace,
        Plan,
        PlanItem,
        PlanWeek,
        Progress,
        ProgressEntry,
        ProgressReport,
        ProgressWarning,
        TopicProgress,
        TrackProgress,
    )
    from .roadmap import PathStudyTime, PlacedResource, Roadmap, StudyTime, TopicStudyTime
    from .search import SearchHit
    from .sources import FetchResult, ImportResult, Source

__all__ = [
    "Addition",
    "AvailablePlugin",
    "Concept",
    "DataError",
    "DirectoryEntry",
    "Emphasis",
    "ExportError",
    "ExportOptions",
    "ExportStatuses",
    "Exporter",
    "Extension",
    "FetchResult",
    "Identifiers",
    "IdentityWarning",
    "ImportResult",
    "Kind",
    "Lang",
    "Level",
    "Link",
    "MergeResult",
    "NetworkError",
    "NextStep",
    "NotFoundError",
    "Pace",
    "PathStudyTime",
    "PlacedResource",
    "Placement",
    "Plan",
    "PlanItem",
    "PlanWeek",
    "PluginError",
    "PluginInfo",
    "PluginStatus",
    "PluginWarning",
    "Problem",
    "Progress",
    "ProgressEntry",
    "ProgressReport",
    "ProgressWarning",
    "Provenance",
    "Resource",
    "Roadmap",
    "RoadmapError",
    "Role",
    "SearchHit",
    "Source",
    "Status",
    "StudyTime",
    "Text",
    "Topic",
    "TopicProgress",
    "TopicStudyTime",
    "Track",
    "TrackProgress",
    "__version__",
    "available_plugins",
    "hookimpl",
    "load",
    "load_directory",
    "load_json",
    "plugins",
    "validate_paths",
]

# Where each public name lives: it is imported from there when first asked for.
_HOMES = {
    "Addition": ".plugin.directory",
    "AvailablePlugin": ".plugin.directory",
    "Concept": ".model",
    "DataError": ".errors",
    "DirectoryEntry": ".plugin.directory",
    "Emphasis": ".model",
    "ExportError": ".errors",
    "ExportOptions": ".exporters",
    "ExportStatuses": ".exporters",
    "Exporter": ".exporters",
    "Extension": ".model",
    "FetchResult": ".sources",
    "Identifiers": ".model",
    "IdentityWarning": ".errors",
    "ImportResult": ".sources",
    "Kind": ".model",
    "Lang": ".model",
    "Level": ".model",
    "Link": ".model",
    "MergeResult": ".progress",
    "NetworkError": ".errors",
    "NextStep": ".progress",
    "NotFoundError": ".errors",
    "Pace": ".progress",
    "PathStudyTime": ".roadmap",
    "PlacedResource": ".roadmap",
    "Plan": ".progress",
    "PlanItem": ".progress",
    "PlanWeek": ".progress",
    "Placement": ".model",
    "PluginError": ".errors",
    "PluginInfo": ".plugin.records",
    "PluginStatus": ".plugin.records",
    "PluginWarning": ".errors",
    "Problem": ".errors",
    "Progress": ".progress",
    "ProgressEntry": ".progress",
    "ProgressReport": ".progress",
    "ProgressWarning": ".progress",
    "Provenance": ".model",
    "Resource": ".model",
    "Roadmap": ".roadmap",
    "RoadmapError": ".errors",
    "Role": ".model",
    "SearchHit": ".search",
    "Source": ".sources",
    "Status": ".model",
    "StudyTime": ".roadmap",
    "Text": ".model",
    "Topic": ".model",
    "TopicProgress": ".progress",
    "TopicStudyTime": ".roadmap",
    "Track": ".model",
    "TrackProgress": ".progress",
    "available_plugins": ".plugin.directory",
    "hookimpl": ".hookspecs",
    "load": ".loading",
    "load_directory": ".plugin.directory",
    "load_json": ".exporters.json",
    "plugins": ".loading",
    "validate_paths": ".loading",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        # A submodule (``llm_roadmap.errors``) reached as an attribute.
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
