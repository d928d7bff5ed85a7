"""Sources: plugins that bring resources in from elsewhere (lists, arXiv, GitHub).

A `Source` does one or both of two jobs:

- **import** a document (an awesome list...) into roadmap data: its
  ``import_document`` callable returns an `ImportResult` whose ``data`` is a
  mapping shaped like a TOML data file;
- **fetch** metadata for resources already in the roadmap: its ``fetch``
  callable returns a `FetchResult` with generated fields per resource id, which
  ``llm-roadmap sources refresh`` stores apart from the curated data (see
  `llm_roadmap.metadata`) and the loader attaches as `Resource.fetched`.

This package holds the `Source` interface (here) and the reading and writing
of imports (`llm_roadmap.sources.importing`). Each of its modules is a built-in plugin (listed in
``BUILTIN_PLUGINS``) that registers its source through the
``register_sources`` hook, like a plugin package would:
``markdown_list`` (``markdown-list``, Markdown list import), ``arxiv`` (paper
metadata) and ``github`` (repository metadata). Nothing here touches the
network at import: the HTTP client (`llm_roadmap.http`) is handed to a source
when it runs.
"""

import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Callable, Optional, Union

import attrs

from ..errors import DataError, Problem
from ..model import Provenance, Resource, Text

# Traversable moved in 3.11 (and its old home is deprecated); the alias is for type
# checkers only, so importing this module does not import importlib.resources.
if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # pragma: no cover - Python < 3.11
        from importlib.abc import Traversable

__all__ = ["DataInput", "FetchResult", "ImportResult", "Source"]

DataInput = Union[str, "os.PathLike[str]", "Traversable", Mapping[str, object]]
"""What ``register_tracks`` accepts: a TOML file or directory, a traversable, or a mapping."""


@attrs.frozen(kw_only=True)
class ImportResult:
    """What a source's ``import_document`` returns.

    Attributes:
        data: The imported roadmap data, shaped like a TOML data file
            (``{"tracks": [...], "resources": [...]}``).
        counts: What the import found, by name (``"topics"``, ``"resources"``,
            ``"duplicates_merged"``, ``"skipped_non_http"``...), for the report.
        notes: Things a curator should look at, one line each.
        kept: Every link the import kept, by canonical URL: the id of the
            resource it became, was merged into, or is a secondary link of
            (an existing resource's id when one was placed).
    """

    data: Mapping[str, object]
    counts: Mapping[str, int] = attrs.field(factory=dict)
    notes: tuple[str, ...] = ()
    kept: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class FetchResult:
    """What a source's ``fetch`` returns.

    Attributes:
        fields: Generated fields by resource id (JSON-serialisable values only).
        missing: Ids of resources the source was asked about and had nothing for
            (an arXiv id arXiv does not know, a repository that is gone).
        messages: What went wrong or was cut short, one line each.
        complete: ``False`` when the source stopped early (a rate limit, a
            network failure); ``fields`` then holds what it got before stopping.
    """

    fields: Mapping[str, Mapping[str, object]] = attrs.field(factory=dict)
    missing: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    complete: bool = True


@attrs.frozen(kw_only=True)
class Source:
    """A source of resources.

    A source either imports a document into roadmap data (``import_document``),
    or fetches metadata for resources already in the roadmap (``fetch``), or both.

    Attributes:
        id: Stable kebab-case id.
        title: A short name for listings.
        description: What it reads and what it gives.
        import_document: Turns a document into roadmap data. Called as
            ``import_document(text, location=..., track_id=..., title=...,
            id_prefix=...)`` where ``text`` is the document, ``location`` its
            path or URL (for messages and the track's note), ``track_id`` the
            id of the track to create, ``title`` its title or ``None`` to take
            it from the document, and ``id_prefix`` the prefix of generated ids
            or ``None`` for the track id; returns an `ImportResult`. It should
            accept (and ignore) keyword arguments it does not know, so that
            new ones can be added.
        fetch: Fetches metadata. Called as ``fetch(resources, client=...)``
            with the resources to look at (a sequence of `Resource`; the source
            picks the ones it can handle) and the shared HTTP client
            (`llm_roadmap.http`); returns a `FetchResult`. It should accept
            unknown keyword arguments too. ``llm-roadmap sources refresh`` also
            passes ``on_fields``, a callable to call with each resource id and
            its fields as they arrive, so that an interrupted run keeps them;
            calling it is optional.
        handles: Tells whether ``fetch`` has anything to do for a resource
            (for listings and counts); ``None`` means every resource.
        provenance: The plugin that registered it (set by the loader).
    """

    id: str
    title: Text
    description: Text
    import_document: Optional[Callable[..., ImportResult]] = attrs.field(default=None, eq=False)
    fetch: Optional[Callable[..., FetchResult]] = attrs.field(default=None, eq=False)
    handles: Optional[Callable[[Resource], bool]] = attrs.field(default=None, eq=False)
    provenance: Optional[Provenance] = attrs.field(default=None, eq=False)


def _cannot_import(location: str, message: str, *, field: str = "") -> DataError:
    # The error of a document (or of import options) that cannot be imported at all.
    return DataError(
        [Problem(file=location, entry="", field=field, message=message)],
        context="cannot import",
    )
