"""The store of fetched fields: metadata from sources, kept apart from the curated data.

``llm-roadmap sources refresh`` asks each source with a ``fetch`` for the
resources it handles and saves what comes back here, per resource id and
source id, as one JSON file in the user data directory
(``platformdirs.user_data_dir("llm-roadmap")``, or ``LLM_ROADMAP_DATA_DIR``)::

    {"version": 1,
     "resources": {
       "attention-is-all-you-need": {
         "arxiv": {"fetched_at": "2024-05-01T12:00:00Z",
                   "identifiers": {"arxiv": "1706.03762"},
                   "fields": {"title": "...", "version": 7, ...}}}}}

`llm_roadmap.load` attaches the stored fields to each resource as
`Resource.fetched` (``{"arxiv": {..., "fetched_at": ...}}``) when the store
exists, and only while the resource still has the identifiers the fields were
fetched for, so a corrected arXiv id or repository never shows stale fields.
Data files never hold fetched fields, and nothing in the core needs them.

The store goes through the project's one repair path (`llm_roadmap.util.stores`):
a file that is not UTF-8 JSON, nests deeper than the parser goes, or is not a
version-1 store is moved aside (``metadata.json.corrupt-<stamp>``) with a
`RuntimeWarning`, and the store starts empty; no command fails because of it.
A file that cannot be read (permissions) is left where it is, with a warning.
A store that cannot be saved is a `RoadmapError` naming the file.
"""

import datetime as dt
import json
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional

import attrs

from .errors import RoadmapError
from .model import Resource
from .sources import FetchResult
from .util.env import DATA_DIR_ENV, METADATA_FILE, data_dir
from .util.output import open_output
from .util.stores import DamagedStore, move_aside, read_json

__all__ = ["DATA_DIR_ENV", "MetadataStore", "attach_fetched", "data_dir", "store_path"]

FORMAT_VERSION = 1
"""The version of the store's JSON layout."""

# What one resource has in the store, by source id: a JSON entry as it was read
# ({"fields": {...}, "identifiers": {...}, "fetched_at": "..."}).
BySource = dict[str, dict[str, Any]]


def store_path(environ: Optional[Mapping[str, str]] = None) -> Path:
    """Return the path of the store file."""
    return data_dir(environ) / METADATA_FILE


def _identifiers(resource: Resource) -> dict[str, str]:
    ids = resource.identifiers
    found = {"arxiv": ids.arxiv, "doi": ids.doi, "isbn": ids.isbn, "github": ids.github}
    return {name: value for name, value in found.items() if value}


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@attrs.define
class MetadataStore:
    """Fetched fields per resource id and source id, read from and saved to one JSON file.

    Attributes:
        path: The JSON file.
        entries: ``{resource id: {source id: {"fields": {...}, "identifiers":
            {...}, "fetched_at": "..."}}}``.
    """

    path: Path
    entries: dict[str, BySource] = attrs.Factory(dict)

    @classmethod
    def open(
        cls, path: Optional[Path] = None, *, environ: Optional[Mapping[str, str]] = None
    ) -> "MetadataStore":
        """Read the store (an empty one when the file does not exist).

        A damaged file is moved aside with a `RuntimeWarning`, and the store
        starts empty; one that cannot be read is left where it is, with a
        warning, and saving replaces it.
        """
        target = Path(path) if path is not None else store_path(environ)
        return cls(path=target, entries=_read(target))

    def fields(self, resource: Resource) -> BySource:
        """Return what is stored for ``resource``, by source id, as `Resource.fetched` shows it.

        An entry is left out when the resource no longer has the identifiers
        it was fetched for (each one recorded must still be there, unchanged).
        """
        found: BySource = {}
        current = _identifiers(resource)
        for source_id, entry in self.entries.get(resource.id, {}).items():
            recorded = entry.get("identifiers", {})
            if any(current.get(name) != value for name, value in recorded.items()):
                continue
            found[source_id] = {**entry.get("fields", {}), "fetched_at": entry.get("fetched_at")}
        return found

    def update(
        self,
        source_id: str,
        resources: Mapping[str, Resource],
        result: FetchResult,
        *,
        fetched_at: Optional[str] = None,
    ) -> int:
        """Record a source's result: its fields replace the old ones; ``missing`` ones are removed.

        Resources the source did not answer for (a run that stopped early, an
        offline cache miss) keep what they had.

        Args:
            source_id: The source.
            resources: The resources asked about, by id (their identifiers are recorded).
            result: What the source returned.
            fetched_at: The time to record (default: now, UTC, ISO 8601).

        Returns:
            How many resources got fields.
        """
        stamp = fetched_at or _now()
        count = 0
        for resource_id, fields in result.fields.items():
            resource = resources.get(resource_id)
            if resource is None:
                continue
            self.entries.setdefault(resource_id, {})[source_id] = {
                "fetched_at": stamp,
                "identifiers": _identifiers(resource),
                "fields": dict(fields),
            }
            count += 1
        for resource_id in result.missing:
            by_source = self.entries.get(resource_id)
            if by_source is not None:
                by_source.pop(source_id, None)
                if not by_source:
                    del self.entries[resource_id]
        return count

    def count(self, source_id: str) -> int:
        """How many resources have fields from ``source_id``."""
        return sum(1 for by_source in self.entries.values() if source_id in by_source)

    def save(self) -> None:
        """Write the store atomically (a reader sees the old file or the new one).

        Raises:
            RoadmapError: The file cannot be written (the old one is left as it was).
        """
        data = {"version": FORMAT_VERSION, "resources": self.entries}
        try:
            with open_output(self.path) as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)
                handle.write("\n")
        except OSError as exc:
            raise RoadmapError(
                f"cannot write the metadata store {self.path}: {exc.strerror or exc}"
            ) from None


def _read(path: Path) -> dict[str, BySource]:
    try:
        data = read_json(path)
        if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
            version = data.get("version") if isinstance(data, dict) else None
            raise DamagedStore(f"not a version {FORMAT_VERSION} store (version {version!r})")
    except FileNotFoundError:
        return {}
    except DamagedStore as exc:
        try:
            move_aside(path, exc, what="metadata store", stacklevel=4)
        except OSError as moving:
            warnings.warn(
                f"the metadata store {path} could not be read ({exc}) nor moved aside"
                f" ({moving.strerror or moving}); ignoring it",
                RuntimeWarning,
                stacklevel=3,
            )
        return {}
    except OSError as exc:
        warnings.warn(f"cannot read the metadata store {path}: {exc}", RuntimeWarning, stacklevel=3)
        return {}
    entries: dict[str, BySource] = {}
    resources = data.get("resources")
    if not isinstance(resources, dict):
        return {}
    # Keep only well-formed entries: a hand-edited store must not break load().
    for resource_id, by_source in resources.items():
        if not isinstance(by_source, dict):
            continue
        kept = {
            source_id: entry
            for source_id, entry in by_source.items()
            if isinstance(entry, dict)
            and isinstance(entry.get("fields", {}), dict)
            and isinstance(entry.get("identifiers", {}), dict)
        }
        if kept:
            entries[str(resource_id)] = kept
    return entries


def attach_fetched(
    resources: Mapping[str, Resource], environ: Optional[Mapping[str, str]] = None
) -> dict[str, Resource]:
    """Return ``resources`` with `Resource.fetched` filled from the store, if there is one.

    Without a store file this only checks that the file is absent, so a load
    that never ran ``sources refresh`` pays nothing; it never touches the network.
    """
    path = store_path(environ)
    store = MetadataStore(path=path, entries=_read(path) if path.is_file() else {})
    out: dict[str, Resource] = {}
    for resource_id, resource in resources.items():
        found = store.fields(resource) if resource_id in store.entries else {}
        out[resource_id] = attrs.evolve(resource, fetched=found) if found else resource
    return out
