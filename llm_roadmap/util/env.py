"""The environment: one rule for every on/off switch, and where the user's own files live.

Finding the data directory (progress, fetched metadata) imports neither the
code of those files nor platformdirs when ``LLM_ROADMAP_DATA_DIR`` names it.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Optional

__all__ = ["DATA_DIR_ENV", "METADATA_FILE", "PROGRESS_FILE", "TRUTHY", "data_dir", "is_truthy"]

TRUTHY = frozenset({"1", "true", "yes", "on"})
"""The values (compared case-insensitively, spaces stripped) that turn a switch on."""


def is_truthy(value: Optional[str]) -> bool:
    """Whether an environment value turns a switch on (``"1"``, ``"true"``, ``"yes"``, ``"on"``)."""
    return value is not None and value.strip().lower() in TRUTHY


DATA_DIR_ENV = "LLM_ROADMAP_DATA_DIR"
"""Environment variable naming the data directory (default: the user data dir)."""

METADATA_FILE = "metadata.json"
"""The name of the store of fetched fields inside the data directory."""

PROGRESS_FILE = "progress.json"
"""The name of the learner's progress file inside the data directory."""


def data_dir(environ: Optional[Mapping[str, str]] = None) -> Path:
    """Return the data directory: ``LLM_ROADMAP_DATA_DIR``, else the user data dir."""
    env = os.environ if environ is None else environ
    explicit = env.get(DATA_DIR_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("llm-roadmap"))
