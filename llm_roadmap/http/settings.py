"""Where the HTTP layer finds its settings: environment variables, file names, the User-Agent."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Optional

from .._env import is_truthy
from .._version import __version__

__all__ = [
    "CACHE_DIR_ENV",
    "CACHE_FILE",
    "INSTALL_HINT",
    "OFFLINE_ENV",
    "USER_AGENT",
    "default_cache_dir",
    "is_offline",
]

CACHE_DIR_ENV = "LLM_ROADMAP_CACHE_DIR"
"""Environment variable naming the cache directory (default: the user cache dir)."""

OFFLINE_ENV = "LLM_ROADMAP_OFFLINE"
"""Environment variable that turns on offline mode when set to ``1``/``true``/``yes``/``on``."""

CACHE_FILE = "http-cache.sqlite"
"""The name of the HTTP cache database inside the cache directory."""

USER_AGENT = f"llm-roadmap/{__version__} (+https://pypi.org/project/llm-roadmap/)"
"""The User-Agent sent with every request unless the client is given another."""

INSTALL_HINT = "install the network extra: pip install 'llm-roadmap[net]'"
"""How to get requests and requests-cache, for the error that says they are missing."""


def is_offline(environ: Optional[Mapping[str, str]] = None) -> bool:
    """Whether ``LLM_ROADMAP_OFFLINE`` asks for offline mode."""
    env = os.environ if environ is None else environ
    return is_truthy(env.get(OFFLINE_ENV))


def default_cache_dir(environ: Optional[Mapping[str, str]] = None) -> Path:
    """Return the cache directory: ``LLM_ROADMAP_CACHE_DIR``, else the user cache dir."""
    env = os.environ if environ is None else environ
    explicit = env.get(CACHE_DIR_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("llm-roadmap"))
