"""The built-in plugin that registers the curated data bundled with llm-roadmap."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .hookspecs import hookimpl

if TYPE_CHECKING:
    from .sources import DataInput

DATA_DIRS = ("resources", "tracks")
"""The folders of ``llm_roadmap.data`` that hold roadmap data.

``plugins.toml`` beside them is the plugin directory, not roadmap data.
"""


def data_root() -> Any:
    """Return the bundled data package as an ``importlib.resources`` traversable.

    Installed (wheel or editable), the data is the package ``llm_roadmap.data``.
    Run from a source checkout without installing (``python -m llm_roadmap`` in
    the repository, with the package importable from the working directory),
    that package does not exist and the data is the checkout's top-level
    ``data/`` folder.
    """
    from importlib.resources import files

    try:
        return files("llm_roadmap.data")
    except ModuleNotFoundError:
        checkout = Path(__file__).resolve().parent.parent / "data"
        if (checkout / "__init__.py").is_file():
            return checkout
        raise


@hookimpl
def register_tracks(register: Callable[[DataInput], None]) -> None:
    """Register the bundled tracks and resources (the ``llm_roadmap.data`` package)."""
    root = data_root()
    for name in DATA_DIRS:
        register(root / name)
