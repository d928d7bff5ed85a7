"""The modules of the built-in plugins, by name: a leaf module, imported by discovery and exporters.

Discovery needs only these names; importing them from `llm_roadmap.exporters`
would import the exporters' shared labels (the vocabulary's tables) into every
load.
"""

__all__ = ["BUILTIN_EXPORTERS", "BUILTIN_PLUGINS"]

BUILTIN_EXPORTERS = (
    "llm_roadmap.exporters.markdown",
    "llm_roadmap.exporters.csv",
    "llm_roadmap.exporters.json",
    "llm_roadmap.exporters.bibtex",
    "llm_roadmap.exporters.mermaid",
    "llm_roadmap.exporters.sqlite",
    "llm_roadmap.exporters.html",
)
"""The modules of the built-in exporter plugins."""

BUILTIN_PLUGINS = (
    "llm_roadmap.bundled",
    *BUILTIN_EXPORTERS,
    "llm_roadmap.sources.markdown_list",
    "llm_roadmap.sources.arxiv",
    "llm_roadmap.sources.github",
)
"""Modules of the built-in plugins, registered through the same hooks as any other."""
