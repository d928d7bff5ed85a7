"""Resources of the Markdown import: one per identity, and existing resources placed, not copied.

Two links are one resource when they share an identity (`llm_roadmap.identity`):
the same arXiv id, DOI, ISBN, GitHub repository or normalised URL. A link to a
resource the roadmap already has (the bundled data, a plugin's, one given in
``existing``) is placed as that resource; its URL or any of its ``links``
names it.
"""

from collections.abc import Iterable
from typing import Optional

import attrs

from ...identity import arxiv_id, github_repo, identity_keys
from ...model import Resource
from ..arxiv import year_of
from .kinds import infer_kind
from .occurrences import Occurrence
from .text import has_cjk

__all__ = ["Existing", "Merged", "existing_index", "resource_data"]


@attrs.frozen
class Existing:
    """A resource already in the roadmap, as the importer refers to it.

    Attributes:
        id: Its id.
        where: Where it came from, for notes ("bundled data (papers.toml)").
        keys: The identity keys of its URL and of its links: a further link
            of an entry that it already has is not repeated.
    """

    id: str
    where: str
    keys: frozenset[str] = frozenset()


@attrs.define
class Merged:
    """One resource of the import: its first (or best) appearance and what was merged into it.

    Attributes:
        url: Its canonical URL.
        first: The appearance that describes it (a listed one before a mention,
            a real title before a label).
        keys: Its identity keys.
        links: Further links gathered from every appearance.
        id: Its id, once given.
        existing: The existing resource it is, if any.
        seen: Every URL that led to it: its appearances' and their further links.
    """

    url: str
    first: Occurrence
    keys: tuple[str, ...] = ()
    links: list[tuple[str, str]] = attrs.Factory(list)
    id: str = ""
    existing: Optional[Existing] = None
    seen: list[str] = attrs.Factory(list)

    def absorb(self, occurrence: Occurrence) -> None:
        """Merge a later appearance: a better-described one describes the resource."""
        better = (occurrence.listed, occurrence.quality) > (self.first.listed, self.first.quality)
        same = (occurrence.listed, occurrence.quality) == (self.first.listed, self.first.quality)
        if (better and occurrence.quality >= self.first.quality) or (
            same and _richness(occurrence) > _richness(self.first)
        ):
            self.first = occurrence
        self.add_links(occurrence.links)

    def add_links(self, links: Iterable[tuple[str, str]]) -> None:
        """Add further links it does not have yet (its own URL is not one)."""
        known = {self.url, *(url for url, _ in self.links)}
        for link in links:
            if link[0] not in known:
                known.add(link[0])
                self.links.append(link)

    def new_links(self) -> list[tuple[str, str]]:
        """Its further links that the existing resource it is lacks (all of them if it is new)."""
        if self.existing is None:
            return []
        have = self.existing.keys
        return [
            (url, label)
            for url, label in self.links
            if not any(key in have for key in identity_keys({"url": url}))
        ]


def _richness(occurrence: Occurrence) -> int:
    # Between two entries as good, the one that says more: authors, a description of its own.
    return bool(occurrence.authors) + (occurrence.description not in ("", occurrence.title))


def _where(resource: Resource) -> str:
    provenance = getattr(resource, "provenance", None)
    if provenance is None:
        return "the roadmap"
    plugin = "bundled data" if provenance.plugin == "llm_roadmap.bundled" else provenance.plugin
    file = getattr(provenance, "file", None)
    return f"{plugin} ({file.rsplit('/', 1)[-1]})" if file else plugin


def existing_index(resources: Iterable[Resource]) -> dict[str, Existing]:
    """Identity key → existing resource, for the resources an import may place.

    A resource's URL and identifiers name it first; its further ``links``
    (mirrors, editions, the PDF of a paper) name it too, unless another
    resource has that key as its own.
    """
    own: dict[str, Existing] = {}
    aliases: dict[str, Existing] = {}
    for resource in resources:
        keys = set(identity_keys(resource))
        for link in getattr(resource, "links", ()):
            keys.update(identity_keys({"url": link.url}))
        entry = Existing(id=str(resource.id), where=_where(resource), keys=frozenset(keys))
        for key in identity_keys(resource):
            own.setdefault(key, entry)
        for link in getattr(resource, "links", ()):
            for key in identity_keys({"url": link.url}):
                aliases.setdefault(key, entry)
    return {**aliases, **own}


def resource_data(resource: Merged) -> dict[str, object]:
    """The ``[[resources]]`` entry of an imported resource."""
    first = resource.first
    data: dict[str, object] = {
        "id": resource.id,
        "title": first.title,
        "url": resource.url,
        "kind": infer_kind(resource.url, f"{first.context} {first.title}"),
        "language": "zh" if has_cjk(first.title) else "en",
    }
    if first.authors:
        data["authors"] = list(first.authors)
    identifiers: dict[str, str] = {}
    paper = arxiv_id(resource.url)
    year = first.year
    if paper is not None:
        identifiers["arxiv"] = paper[0]
        year = year_of(paper[0]) or year
    if year is not None:
        data["year"] = year
    repo = github_repo(resource.url)
    if repo is not None:
        identifiers["github"] = repo
    if identifiers:
        data["identifiers"] = identifiers
    data["description"] = {"zh": first.description, "en": first.description}
    if resource.links:
        data["links"] = [
            {"url": url, "label": {"zh": label, "en": label}} for url, label in resource.links
        ]
    return data
