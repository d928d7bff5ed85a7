"""llm-roadmap: a curated, bilingual LLM learning roadmap as typed data, with plugins.

```python
import llm_roadmap

rm = llm_roadmap.load()
rm.resource("attention-is-all-you-need").year   # 2017
[t.id for t in rm.path("llm-foundations")]      # prerequisites first
```

Importing this package reads no data and imports no network or terminal
libraries; `load` does the work.
"""

from ._version import __version__
from .directory import Addition, AvailablePlugin, DirectoryEntry, available_plugins, load_directory
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
from .exporter import Exporter, ExportOptions
from .exporters.json import load_json
from .hookspecs import hookimpl
from .loader import load, plugins, validate_paths
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
from .plugin_records import PluginInfo, PluginStatus
from .progress import (
    ExportStatuses,
    MergeResult,
    NextStep,
    Progress,
    ProgressEntry,
    ProgressReport,
    ProgressWarning,
    TopicProgress,
    TrackProgress,
)
from .roadmap import PlacedResource, Roadmap, SearchHit
from .source import FetchResult, ImportResult, Source

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
    "PlacedResource",
    "Placement",
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
    "Text",
    "Topic",
    "TopicProgress",
    "Track",
    "TrackProgress",
    "__version__",
    "available_plugins",
    "hookimpl",
    "load",
    "load_directory",
    "load_json",
    "plugins",
    "validate_paths",]
