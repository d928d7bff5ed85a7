"""Sources: plugins that bring resources in from elsewhere (lists, arXiv, GitHub)."""

import os
import sys
from collections.abc import Mapping
from typing import Any, Callable, Optional, Union

import attrs

from .model import Provenance, Text

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - Traversable moved in 3.11
    from importlib.abc import Traversable

__all__ = ["DataInput", "Source"]

DataInput = Union[str, "os.PathLike[str]", Traversable, Mapping[str, Any]]
"""What ``register_tracks`` accepts: a TOML file or directory, a traversable, or a mapping."""


@attrs.frozen(kw_only=True)
class Source:
    """A source of resources.

    A source either imports a document into roadmap data (``import_document``),
    or fetches metadata for resources already in the roadmap (``fetch``), or both.

    Attributes:
        id: Stable kebab-case id.
        title: A short name for listings.
        description: What it reads and what it gives.
        import_document: Turns a document (its text and location) into a mapping
            shaped like a TOML data file.
        fetch: Given the roadmap and an HTTP session, returns fetched fields per
            resource id.
        provenance: The plugin that registered it (set by the loader).
    """

    id: str
    title: Text
    description: Text
    import_document: Optional[Callable[..., Mapping[str, Any]]] = attrs.field(
        default=None, eq=False
    )
    fetch: Optional[Callable[..., Mapping[str, Mapping[str, Any]]]] = attrs.field(
        default=None, eq=False
    )
    provenance: Optional[Provenance] = attrs.field(default=None, eq=False)
