"""Assembly of the Markdown import: sections and links become a track, topics and resources.

Two links are one resource when they share an identity (`llm_roadmap.identity`):
the same arXiv id, DOI, ISBN, GitHub repository or normalised URL. A link to a
resource the roadmap already has (the bundled data, a plugin's, one given in
``existing``) is placed as that resource; its URL or any of its ``links``
names it.

Ids are slugs of titles (else of URLs), prefixed and made unique. A Chinese
(or mixed) title is spelt in pinyin, so ``大模型LLM入门`` gives
``da-mo-xing-llm-ru-men``: readable, and the same on every import. pypinyin is
imported only when a title needs it.
"""

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, Optional
from urllib.parse import unquote, urlsplit

import attrs

from ...identity import arxiv_id, github_repo, identity_keys
from ...model import Resource
from ...util.ids import is_id
from .. import ImportResult, _cannot_import
from ..arxiv import year_of
from .reader import Reader, Section
from .shapes import Occurrence
from .text import has_cjk, infer_kind, language_of, strip_numbering

__all__ = ["import_markdown"]

ID_SLUG_MAX = 60
"""Longest slug (before the prefix and any numeric suffix) of a generated id."""

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def romanise(text: str) -> str:
    """``text`` with its Chinese characters spelt in pinyin, one syllable per word."""
    if not _HAN_RE.search(text):
        return text
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.NORMAL, errors="default"))


def slug(text: str) -> str:
    """The kebab-case slug of ``text`` (Chinese in pinyin), cut at a word boundary."""
    ascii_text = (
        unicodedata.normalize("NFKD", romanise(text)).encode("ascii", "ignore").decode("ascii")
    )
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(out) > ID_SLUG_MAX:
        cut = out[: ID_SLUG_MAX + 1]
        out = cut[: cut.rfind("-")] if "-" in cut else cut[:ID_SLUG_MAX]
        out = out.strip("-")
    return out


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def unique(prefix: str, tail: str, used: set[str], numbers: dict[str, int]) -> str:
    """The id ``prefix-tail`` (``tail`` without a prefix), or with ``-2``, ``-3``... appended.

    It is the first not in ``used``, which it joins.

    ``numbers`` remembers the last number tried for each base, so that a
    thousand entries with one slug take linear time, not quadratic.
    """
    base = f"{prefix}-{tail}" if prefix else tail
    candidate, number = base, numbers.get(base, 1)
    if number > 1:
        candidate = f"{base}-{number}"
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    numbers[base] = number
    used.add(candidate)
    return candidate


def resource_slug(title: str, url: str) -> str:
    """The slug of a resource: its title's, else its URL's host and path."""
    out = slug(title)
    if out:
        return out
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    out = slug(unquote(f"{host} {parts.path} {parts.query}"))
    return out or f"link-{_short_hash(url)}"


def topic_slug(title: str) -> str:
    """The slug of a topic: its title's, else ``topic-`` and a short hash of the title."""
    return slug(title) or f"topic-{_short_hash(title)}"


@attrs.define
class Merged:
    """One resource of the import: its first (or best) appearance and what was merged into it.

    Attributes:
        url: Its canonical URL.
        first: The appearance that describes it (a listed one before a mention,
            a real title before a label).
        links: Further links gathered from every appearance.
        id: Its id, once given.
        existing: The existing resource it is, if any.
        seen: Every URL that led to it: its appearances' and their further links.
    """

    url: str
    first: Occurrence
    links: list[tuple[str, str]] = attrs.Factory(list)
    id: str = ""
    existing: Optional[Resource] = None
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
        """Its further links that the existing resource it is lacks (none when it is new)."""
        if self.existing is None:
            return []
        # The keys of its URL and of its links: a link it already has is not repeated.
        have = {*identity_keys(self.existing), *_link_keys(self.existing)}
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


def _link_keys(resource: Resource) -> list[str]:
    return [
        key for link in getattr(resource, "links", ()) for key in identity_keys({"url": link.url})
    ]


def existing_index(resources: Iterable[Resource]) -> dict[str, Resource]:
    """Identity key → existing resource, for the resources an import may place.

    A resource's URL and identifiers name it first; its further ``links``
    (mirrors, editions, the PDF of a paper) name it too, unless another
    resource has that key as its own.
    """
    own: dict[str, Resource] = {}
    aliases: dict[str, Resource] = {}
    for resource in resources:
        for key in identity_keys(resource):
            own.setdefault(key, resource)
        for key in _link_keys(resource):
            aliases.setdefault(key, resource)
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


def import_markdown(
    text: str,
    *,
    track_id: str,
    location: str = "<text>",
    title: Optional[str] = None,
    id_prefix: Optional[str] = None,
    existing: Iterable[Resource] = (),
    keep_headings: Iterable[str] = (),
    base_url: Optional[str] = None,
    **_: object,
) -> ImportResult:
    """Turn an awesome-list style Markdown document into roadmap data for one track.

    Args:
        text: The document.
        track_id: The id of the track to create (kebab-case).
        location: Where the document came from (a file name or URL), named in
            the track's note and in messages.
        title: The track's title; ``None`` takes the document's ``#`` heading,
            else the track id.
        id_prefix: Prefix of the generated topic and resource ids; ``None``
            uses the track id (ids are global, so a prefix keeps an imported
            list from colliding with other tracks), ``""`` none.
        existing: Resources already in the roadmap (`llm_roadmap.Resource`
            objects, such as ``llm_roadmap.load().resources``): a link to one
            of them (same identity, see `llm_roadmap.identity`) places it
            instead of making a copy, and a note says so.
        keep_headings: Headings to import although they look like page
            furniture (``"License"``, ``"致谢"``).
        base_url: The document's own address (``https://github.com/o/r/blob/main/README.md``):
            relative links (``[Project](sub/folder/)``) are resolved against it.
            Without it they are skipped, counted in ``skipped_relative``, and a
            note says so.

    Returns:
        The data (``{"tracks": [...], "resources": [...]}``), the counts listed
        in `COUNT_NAMES`, and notes for the curator.

    Raises:
        DataError: The track id or prefix is not kebab-case, or the document
            has no link to import.
    """
    prefix = track_id if id_prefix is None else id_prefix
    for name, value in (("track_id", track_id), ("id_prefix", prefix)):
        if (value or name == "track_id") and not is_id(value):
            raise _cannot_import(location, f"{value!r} is not a kebab-case id", field=name)
    reader = Reader(keep_headings, base_url=base_url)
    reader.read(text)
    counts = reader.counts
    notes: list[str] = reader.notes
    if counts["skipped_relative"]:
        notes.append(
            f"{counts['skipped_relative']} relative link(s) skipped "
            f"(such as {reader.relative_example!r}): give the list's own address "
            "(--base-url, base_url=) to resolve them"
        )

    for section in reader.sections:
        _decide_contents(section, counts)
    sections: list[Section] = []
    for section in reader.sections:
        # A furniture section without links is left out like any empty section,
        # unless it sits under a topic, which it must not be folded into.
        under_topic = any(p.occurrences for p in section.ancestors())
        if section.furniture and (section.furniture_links or under_topic):
            counts["sections_furniture"] += 1
            notes.append(
                f"section {section.title!r} is page furniture ({section.furniture}): skipped"
                + (f" with {section.furniture_links} link(s)" if section.furniture_links else "")
            )
        else:
            sections.append(section)
    if not any(s.occurrences for s in sections) and reader.prelude.occurrences:
        # A flat list without section headings: the whole document is one topic.
        reader.prelude.title = title or reader.title or track_id
        sections = [reader.prelude]
    elif reader.title is not None and reader.prelude.occurrences:
        # Content under the "#" title, before the first section (a big table
        # of models): a topic of its own, named after the document.
        reader.prelude.title = reader.title
        sections = [reader.prelude, *sections]
    else:
        # Links before the first section are skipped, whatever role they had.
        counts["skipped_outside_sections"] += reader.prelude.usable_links
        counts["secondary_links"] -= reader.prelude.secondary_links
    topics = [s for s in sections if s.occurrences]
    if not topics:
        raise _cannot_import(location, "no http(s) link in any section: nothing to import")
    topic_set = set(map(id, topics))
    for topic in topics:
        if topic is not reader.prelude:
            _name_by_heading(topic)

    # Sections that only group topics below them are neither folded nor dropped.
    has_topic_below = {id(parent) for topic in topics for parent in topic.ancestors()}
    for section in sections:
        if id(section) in topic_set:
            continue
        home = next((p for p in section.ancestors() if id(p) in topic_set), None)
        if home is not None:
            home.concepts.extend(
                [section.title, *section.concepts] if section.title else section.concepts
            )
            counts["sections_folded"] += 1
        elif id(section) not in has_topic_below:
            counts["sections_dropped"] += 1
            notes.append(f"section {section.title!r} has no links and no topic above it: left out")

    # Resources: one per identity, described by its best appearance.
    index = existing_index(existing)
    resources: list[Merged] = []
    by_key: dict[str, Merged] = {}
    placed_existing: dict[str, Merged] = {}
    # Each topic's resources, with the role the list gave where one was first placed there.
    placements: dict[int, list[tuple[Merged, str]]] = {}
    for topic in topics:
        placed = placements.setdefault(id(topic), [])
        placed_here: set[int] = set()
        for occurrence in topic.occurrences:
            keys = identity_keys({"url": occurrence.url})
            found = next((by_key[k] for k in keys if k in by_key), None)
            known = next((index[k] for k in keys if k in index), None) if found is None else None
            if known is not None:
                counts["merged_existing"] += 1
                notes.append(
                    f"{occurrence.url}: placed the existing resource {known.id!r} "
                    f"from {_where(known)} instead of a copy"
                )
                found = placed_existing.get(known.id)
            if found is None:
                found = Merged(url=occurrence.url, first=occurrence, existing=known)
                resources.append(found)
                if known is not None:
                    placed_existing[known.id] = found
            elif known is None:
                counts["duplicates_merged"] += 1
                found.absorb(occurrence)
            for key in keys:
                by_key.setdefault(key, found)
            found.seen.extend([occurrence.url, *(url for url, _ in occurrence.links)])
            found.add_links(occurrence.links)
            if id(found) not in placed_here:
                placed_here.add(id(found))
                placed.append((found, occurrence.role))

    used: set[str] = {r.existing.id for r in resources if r.existing is not None}
    numbers: dict[str, int] = {}
    for resource in resources:
        if resource.existing is not None:
            resource.id = resource.existing.id
            continue
        resource.id = unique(
            prefix, resource_slug(resource.first.title, resource.url), used, numbers
        )
        counts["needs_curation"] += resource.first.quality == 0
    new = [r for r in resources if r.existing is None]
    topic_ids: set[str] = set()
    topic_numbers: dict[str, int] = {}

    doc_language = language_of(
        " ".join(
            [s.title for s in sections] + [s.summary for s in sections] + [reader.prelude.summary]
        )
    )
    track_title = title or reader.title or track_id
    summary = (
        reader.prelude.summary
        if sections[0] is not reader.prelude or reader.title is not None
        else ""
    )
    language_names = {"zh": ("中文", "Chinese"), "en": ("英文", "English")}[doc_language]
    track: dict[str, Any] = {
        "id": track_id,
        "title": _same(track_title),
        "summary": _same(summary)
        if summary
        else {"zh": f"从 {location} 导入的路线。", "en": f"A track imported from {location}."},
        "note": {
            "zh": f"由 llm-roadmap import 从 {location} 导入。"
            f"原文只有一种语言（{language_names[0]}），"
            "zh 与 en 两栏是同一段原文，有人翻译之前并不是双语内容。",
            "en": f"Imported from {location} by llm-roadmap import. The source is written in one "
            f"language ({language_names[1]}), so zh and en hold the same original text until "
            "someone translates them.",
        },
        "topics": [],
    }
    for topic in topics:
        entry: dict[str, object] = {
            "id": unique(prefix, topic_slug(topic.title), topic_ids, topic_numbers),
            "title": _same(topic.title or track_title),
            "summary": _same(topic.summary or topic.title or track_title),
        }
        concepts = list(dict.fromkeys(c for c in topic.concepts if c.strip()))
        if concepts:
            entry["concepts"] = [_same(c) for c in concepts]
        entry["resources"] = _placements(placements[id(topic)])
        counts["placements"] += len(placements[id(topic)])
        track["topics"].append(entry)
    counts["topics"] = len(topics)
    counts["resources"] = len(new)
    kept: dict[str, str] = {}
    for resource in resources:
        for url in resource.seen:
            kept.setdefault(url, resource.id)
    return ImportResult(
        kept=kept,
        data={"tracks": [track], "resources": [resource_data(r) for r in new]},
        counts=dict(counts),
        notes=tuple(notes),
    )


def _placements(placed: list[tuple[Merged, str]]) -> list[dict[str, Any]]:
    """A topic's placements with the roles the list gave them.

    The alternatives of a topic form one group when there are two or more; a
    lone "pick one of two" (the other choice not a link of this topic) offers
    no choice here, so it is optional. An existing resource placed here gets
    the entry's further links it lacks (code, tweet, checkpoint) in the
    placement's note: the import never rewrites a resource it does not own.
    """
    alternatives = sum(1 for _, role in placed if role == "alternative")
    out: list[dict[str, Any]] = []
    for resource, role in placed:
        entry: dict[str, Any] = {"resource": resource.id}
        if role == "alternative" and alternatives >= 2:
            entry.update(role="alternative", group="pick-one")
        elif role in ("alternative", "optional"):
            entry["role"] = "optional"
        extra = resource.new_links()
        if extra:
            listed = "; ".join(f"{label} {url}" for url, label in extra)
            entry["note"] = {
                "zh": f"清单里的其他链接：{listed}",
                "en": f"Further links in the list: {listed}",
            }
        out.append(entry)
    return out


def _decide_contents(section: Section, counts: dict[str, int]) -> None:
    """Make ``section`` a table of contents when its links are mostly anchors into the page.

    A section named like one ("目录", "Contents") is one unless it holds more
    web links than anchors; any other section is one when it holds three
    anchors or more and no more web links than anchors (a year index of
    "Top papers of the week" anchors with a "Follow us" link). Its web links
    are then skipped as furniture, like a licence section's.
    """
    if section.furniture:
        return
    if not section.contents_name and any(o.listed for o in section.occurrences):
        return  # entries of its own after its anchors: content with a local index
    web = section.usable_links
    if not (section.anchors >= web and (section.contents_name or section.anchors >= 3)):
        return
    section.furniture = "contents"
    section.furniture_links = web
    counts["skipped_furniture"] += web
    counts["secondary_links"] -= section.secondary_links
    section.occurrences = []
    section.usable_links = section.secondary_links = 0


_DATED_RE = re.compile(r"\s*[(（][^()（）]*\d{4}[^()（）]*[)）]\s*$")


def _name_by_heading(section: Section) -> None:
    """A section's only link, named with a label only, takes the heading as its name.

    ``### SELF-ALIGN和Dromedary`` over ``该项目的开源地址是：https://...``, or
    ``### 1. 什么是注意力？`` over ``[点击查看答案](url)``; described by the
    section's first paragraph; so is the first link of a section when it stands
    in running text and no other link there is named by a label only. In a
    list of several links the heading names a category ("Tools"), not an
    entry: those keep their URLs' names.
    """
    name = _DATED_RE.sub("", strip_numbering(section.title)).strip()
    found = section.occurrences
    if not name or not found or not found[0].unnamed:
        return
    # The first link of a section, in its running text, the only one named by a
    # label: the project the section presents ("开源地址为：..." before its data set).
    lead = not found[0].listed and not any(o.unnamed for o in found[1:])
    if len(found) != 1 and not lead:
        return
    occurrence = found[0]
    old = occurrence.title
    occurrence.title = name
    occurrence.quality = 1
    occurrence.unnamed = False
    if occurrence.description in ("", old) or "://" in occurrence.description:
        # Its own words only said where the link goes ("该项目的开源地址是：..."):
        # the section's first paragraph, if any, says what it is.
        summary = section.summary if "://" not in section.summary else ""
        occurrence.description = summary or name


def _same(text: str) -> dict[str, str]:
    return {"zh": text, "en": text}
