"""The plugin manager: a fresh pluggy manager per load, one plugin at a time.

- `selection`: which plugins a load uses (arguments and ``LLM_ROADMAP_*`` variables);
- `discovery`: the built-in plugins and the installed ones (entry points);
- `calls`: registering one plugin with pluggy, refusing unusable ones, calling its hooks;
- `manager`: the whole run (`collect`), in a fixed order, with each failure recorded.

The records it produces are public, in `llm_roadmap.plugin_records`. Nothing
here runs at import. The manager is not imported with the package: a load
answered from the cache needs the selection and the scan, not pluggy's
registration and the hook calls (import `collect` from `.manager`).
"""

from .discovery import BUILTIN_PLUGINS, ENTRY_POINT_GROUP, listing_order
from .selection import Selection

__all__ = ["BUILTIN_PLUGINS", "ENTRY_POINT_GROUP", "Selection", "listing_order"]
