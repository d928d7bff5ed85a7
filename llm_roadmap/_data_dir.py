"""Where the user's own files live (progress, fetched metadata): found without importing them.

A load only needs to know whether the store of fetched fields exists, and
``tracks`` and ``path`` whether the learner has a progress file; finding that
out must not import the store's or the progress code (JSON, dates, sources,
their classes), nor platformdirs when ``LLM_ROADMAP_DATA_DIR`` names the
directory.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Optional

__all__ = ["DATA_DIR_ENV", "METADATA_FILE", "PROGRESS_FILE", "data_dir"]

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
