"""The built-in plugin that registers the curated data bundled with llm-roadmap."""

from __future__ import annotations

import importlib.util
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
    # A package in a folder (every install but a zipped one) is that folder:
    # found without importing importlib.resources, which costs more than a
    # cached load (importlib.resources would return the same Path).
    spec = importlib.util.find_spec("llm_roadmap.data")
    origin = spec.origin if spec is not None else None
    if origin and Path(origin).name == "__init__.py" and Path(origin).is_file():
        return Path(origin).parent
    try:
        from importlib.resources import files

        return files("llm_roadmap.data")
    except ModuleNotFoundError:
        checkout = Path(__file__).resolve().parent.parent / "data"
        if (checkout / "__init__.py").is_file():
            return checkout
        raise


def data_inputs() -> list[DataInput]:
    """Return what this plugin registers: the `DATA_DIRS` folders of `data_root`."""
    root = data_root()
    return [root / name for name in DATA_DIRS]


@hookimpl
def register_tracks(register: Callable[[DataInput], None]) -> None:
    """Register the bundled tracks and resources (the ``llm_roadmap.data`` package)."""
    for item in data_inputs():
        register(item)
