"""The "LLM applications" track for llm-roadmap: RAG in depth, agents, evaluation, serving.

Installing this distribution is all it takes: llm-roadmap finds the entry
point ``llm_apps`` in the ``llm_roadmap`` group and calls `register_tracks`,
which hands it the TOML files under ``data/`` (shipped as package data).
"""

from importlib.resources import files
from typing import Any, Callable

from llm_roadmap import hookimpl

__all__ = ["register_tracks"]

__version__ = "0.1.0"


@hookimpl
def register_tracks(register: Callable[[Any], None]) -> None:
    """Register the track ``llm-applications`` and its resources (the ``data`` folder)."""
    register(files("llm_roadmap_llm_apps") / "data")
