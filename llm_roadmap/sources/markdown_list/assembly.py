"""Assembly of the Markdown import: sections and links become a track, topics and resources."""

from collections.abc import Iterable
from typing import Any, Optional

from ...errors import DataError, Problem
from ...identity import identity_keys
from ...util.ids import is_id
from .. import ImportResult
from .ids import join_id, resource_slug, topic_slug, unique
from .merge import Merged, existing_index, resource_data
from .occurrences import Section
from .reader import Reader, parse
from .text import language_of

__all__ = ["import_markdown"]


def import_markdown(
    text: str,
    *,
    track_id: str,
    location: str = "<text>",
    title: Optional[str] = None,
    id_prefix: Optional[str] = None,
    existing: Iterable[Any] = (),
    keep_headings: Iterable[str] = (),
    **_: Any,
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
            raise DataError(
                [
                    Problem(
                        file=location,
                        entry="",
                        field=name,
                        message=f"{value!r} is not a kebab-case id",
                    )
                ],
                context="cannot import",
            )
    reader = Reader(keep_headings)
    reader.read(parse(text), text)
    counts = reader.counts
    notes: list[str] = reader.notes

    for section in reader.sections:
        if section.furniture and (section.furniture_links or _furniture_above(section)):
            counts["sections_furniture"] += 1
            notes.append(
                f"section {section.title!r} is page furniture ({section.furniture}): skipped"
                + (f" with {section.furniture_links} link(s)" if section.furniture_links else "")
            )
    sections = [
        s
        for s in reader.sections
        if not (s.furniture and (s.furniture_links or _furniture_above(s)))
    ]
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
        raise DataError(
            [
                Problem(
                    file=location,
                    entry="",
                    field="",
                    message="no http(s) link in any section: nothing to import",
                )
            ],
            context="cannot import",
        )
    topic_set = set(map(id, topics))

    def topic_ancestor(section: Section) -> Optional[Section]:
        parent = section.parent
        while parent is not None and id(parent) not in topic_set:
            parent = parent.parent
        return parent

    # Sections that only group topics below them are neither folded nor dropped.
    has_topic_below: set[int] = set()
    for topic in topics:
        parent = topic.parent
        while parent is not None:
            has_topic_below.add(id(parent))
            parent = parent.parent
    for section in sections:
        if id(section) in topic_set:
            continue
        home = topic_ancestor(section)
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
    placements: dict[int, list[Merged]] = {}
    roles: dict[tuple[int, int], str] = {}  # (topic, resource) -> role said where first placed
    for topic in topics:
        placed = placements.setdefault(id(topic), [])
        for occurrence in topic.occurrences:
            keys = identity_keys({"url": occurrence.url})
            found = next((by_key[k] for k in keys if k in by_key), None)
            known = next((index[k] for k in keys if k in index), None) if found is None else None
            if known is not None:
                counts["merged_existing"] += 1
                notes.append(
                    f"{occurrence.url}: placed the existing resource {known.id!r} "
                    f"from {known.where} instead of a copy"
                )
                found = placed_existing.get(known.id)
            if found is None:
                found = Merged(url=occurrence.url, first=occurrence, keys=keys, existing=known)
                resources.append(found)
                if known is not None:
                    placed_existing[known.id] = found
            elif known is None:
                counts["duplicates_merged"] += 1
                found.absorb(occurrence)
            for key in keys:
                by_key.setdefault(key, found)
            found.seen.extend([occurrence.url, *(url for url, _ in occurrence.links)])
            found.links.extend(
                link
                for link in occurrence.links
                if link[0] != found.url and all(link[0] != k for k, _ in found.links)
            )
            if all(p is not found for p in placed):
                placed.append(found)
                roles[id(topic), id(found)] = occurrence.role

    used: set[str] = {r.existing.id for r in resources if r.existing is not None}
    for resource in resources:
        if resource.existing is not None:
            resource.id = resource.existing.id
            continue
        resource.id = unique(
            join_id(prefix, resource_slug(resource.first.title, resource.url)), used
        )
        counts["needs_curation"] += resource.first.quality == 0
    new = [r for r in resources if r.existing is None]
    topic_ids: set[str] = set()

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
            "id": unique(join_id(prefix, topic_slug(topic.title)), topic_ids),
            "title": _same(topic.title or track_title),
            "summary": _same(topic.summary or topic.title or track_title),
        }
        concepts = list(dict.fromkeys(c for c in topic.concepts if c.strip()))
        if concepts:
            entry["concepts"] = [_same(c) for c in concepts]
        entry["resources"] = _placements(
            [(r.id, roles[id(topic), id(r)]) for r in placements[id(topic)]]
        )
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


def _furniture_above(section: Section) -> bool:
    # A furniture section without links is left out like any empty section,
    # unless it sits under a topic, which it must not be folded into.
    parent = section.parent
    while parent is not None:
        if parent.occurrences:
            return True
        parent = parent.parent
    return False


def _placements(placed: list[tuple[str, str]]) -> list[dict[str, str]]:
    """A topic's placements with the roles the list gave them.

    The alternatives of a topic form one group when there are two or more; a
    lone "pick one of two" (the other choice not a link of this topic) offers
    no choice here, so it is optional.
    """
    alternatives = sum(1 for _, role in placed if role == "alternative")
    out: list[dict[str, str]] = []
    for resource_id, role in placed:
        if role == "alternative" and alternatives >= 2:
            out.append({"resource": resource_id, "role": "alternative", "group": "pick-one"})
        elif role in ("alternative", "optional"):
            out.append({"resource": resource_id, "role": "optional"})
        else:
            out.append({"resource": resource_id})
    return out


def _same(text: str) -> dict[str, str]:
    return {"zh": text, "en": text}
