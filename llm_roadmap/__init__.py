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
from .roadmap import PlacedResource, Roadmap, SearchHit
from .source import FetchResult, ImportResult, Source

__all__ = [
    "Addition",
    "AvailablePlugin",
    "DataError",
    "DirectoryEntry",
    "Emphasis",
    "ExportError",
    "ExportOptions",
    "Exporter",
    "Extension",
    "FetchResult",
    "Identifiers",
    "ImportResult",
    "Kind",
    "Lang",
    "Level",
    "Link",
    "NetworkError",
    "NotFoundError",
    "PlacedResource",
    "Placement",
    "PluginError",
    "PluginWarning",
    "Problem",
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
    "Track",
    "__version__",
    "available_plugins",
    "hookimpl",
    "load",
    "load_directory",
    "load_json",
    "plugins",
    "validate_paths",
]
