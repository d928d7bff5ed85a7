"""What goes on the cards: one note per resource and one per topic concept.

Both exporters (the ``.apkg`` package and the tab-separated text) build their
notes here, so the two formats always carry the same content. Every text is
HTML-escaped before it is put in a field, because Anki renders fields as HTML.
"""

import hashlib
import html
from collections.abc import Iterator, Sequence
from typing import Optional

import attrs

from llm_roadmap import (
    ExportError,
    ExportOptions,
    Lang,
    Resource,
    Roadmap,
    Role,
    Text,
    Topic,
    Track,
)

__all__ = [
    "DEFAULT_DECK",
    "Note",
    "all_notes",
    "concept_notes",
    "deck_name",
    "guid_for",
    "resource_notes",
]

DEFAULT_DECK = Text(zh="LLM 学习路线", en="LLM Roadmap")
"""The top deck's name when the ``deck`` option is not given."""

_KINDS = {
    "book": ("书籍", "Book"),
    "paper": ("论文", "Paper"),
    "course": ("课程", "Course"),
    "video": ("视频", "Video"),
    "repo": ("代码仓库", "Repository"),
    "article": ("文章", "Article"),
    "blog": ("博客", "Blog post"),
    "docs": ("文档", "Documentation"),
    "tutorial": ("教程", "Tutorial"),
    "cheatsheet": ("速查表", "Cheat sheet"),
    "community": ("社区", "Community"),
    "tool": ("工具", "Tool"),
    "dataset": ("数据集", "Dataset"),
}
_ROLES = {
    Role.CORE: ("必学", "core"),
    Role.OPTIONAL: ("选学", "optional"),
    Role.ALTERNATIVE: ("多选一", "pick one"),
}
_LABELS = {
    "study": ("学习资源", "Study with"),
}

# BASE91 alphabet Anki itself uses for note GUIDs.
_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def guid_for(*parts: str) -> str:
    """Return a stable Anki note GUID for ``parts``.

    The same parts always give the same GUID, so importing a newer export
    updates the notes a learner already has (keeping their review history)
    instead of adding duplicates.
    """
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    number = int.from_bytes(digest[:8], "big")
    out = []
    while number:
        number, rest = divmod(number, len(_BASE91))
        out.append(_BASE91[rest])
    return "".join(reversed(out)) or _BASE91[0]


@attrs.frozen(kw_only=True)
class Note:
    """One Anki note, format-neutral.

    Attributes:
        guid: Stable GUID derived from the resource id or the topic and concept.
        deck: The deck path, outermost first (joined with ``::`` in Anki).
        fields: Field name to HTML value, in the note type's field order.
        tags: Anki tags (no spaces).
    """

    guid: str
    deck: tuple[str, ...]
    fields: dict[str, str]
    tags: tuple[str, ...]


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang is Lang.ZH else pair[1]


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _link(url: str, label: str) -> str:
    return f'<a href="{_e(url)}">{_e(label)}</a>'


def deck_name(options: ExportOptions) -> tuple[str, ...]:
    """The top deck path from the ``deck`` option (``A::B`` nests), or the default name.

    Raises:
        ExportError: The option is empty or has an empty part.
    """
    raw = options.params.get("deck")
    if raw is None:
        return (DEFAULT_DECK.get(options.lang),)
    if not isinstance(raw, str):
        raise ExportError(f"option 'deck' must be a deck name, not {raw!r}")
    parts = tuple(part.strip() for part in raw.split("::"))
    if not all(parts):
        raise ExportError(
            f"option 'deck' must be a deck name such as 'LLM' or 'Study::LLM', not {raw!r}"
        )
    return parts


def _track_deck(top: tuple[str, ...], track: Track, lang: Lang, subdecks: bool) -> tuple[str, ...]:
    if not subdecks:
        return top
    # Anki sorts decks by name: the track's order keeps them in learning order,
    # and unlike a position it is the same in a full export and in a subset.
    return (*top, f"{track.order:03d} {track.title.get(lang)}")


def _tag(*parts: str) -> str:
    return "::".join(("llm-roadmap", *parts)).replace(" ", "_")


def resource_notes(roadmap: Roadmap, options: ExportOptions) -> Iterator[Note]:
    """One note per resource: front = kind, title, topic; back = description, authors, link."""
    lang = options.lang
    top = deck_name(options)
    subdecks = options.flag("subdecks", True)
    for resource in roadmap.resources:
        placed = roadmap.placements(resource.id)
        deck = _track_deck(top, placed[0].track, lang, subdecks) if placed else top
        where = " · ".join(
            dict.fromkeys(f"{p.topic.title.get(lang)} — {p.track.title.get(lang)}" for p in placed)
        )
        notes = [
            f"<b>{_e(p.topic.title.get(lang))}</b> ({_e(_pick(_ROLES[p.placement.role], lang))}): "
            f"{_e(p.placement.note.get(lang))}"
            for p in placed
            if p.placement.note is not None
        ]
        roles = " · ".join(dict.fromkeys(_pick(_ROLES[p.placement.role], lang) for p in placed))
        fields = {
            "Title": _e(resource.title.get(lang)),
            "Topic": _e(where),
            "Kind": _e(_pick(_KINDS.get(resource.kind.value, (resource.kind.value,) * 2), lang)),
            "Role": _e(roles),
            "Description": _e(resource.description.get(lang)),
            "Authors": _e(", ".join(resource.authors)),
            "Year": "" if resource.year is None else str(resource.year),
            "Link": _link(resource.url, resource.url),
            "Note": "<br>".join(notes),
            "Id": _e(resource.id),
        }
        tags = [_tag(), _tag("kind", resource.kind.value)]
        if resource.level is not None:
            tags.append(_tag("level", resource.level.value))
        for p in placed:
            tags += [
                _tag("track", p.track.id),
                _tag("topic", p.topic.id),
                _tag("role", p.placement.role.value),
            ]
        tags += [_tag("tag", tag) for tag in resource.tags]
        yield Note(
            guid=guid_for("llm-roadmap", "resource", resource.id),
            deck=deck,
            fields=fields,
            tags=tuple(dict.fromkeys(tags)),
        )


def concept_notes(roadmap: Roadmap, options: ExportOptions) -> Iterator[Note]:
    """One note per concept of a topic: front = concept, topic; back = summary, core resources."""
    if not options.flag("concepts", True):
        return
    lang = options.lang
    top = deck_name(options)
    subdecks = options.flag("subdecks", True)
    seen: set[str] = set()
    for track in roadmap.tracks:
        deck = _track_deck(top, track, lang, subdecks)
        for topic in track.topics:
            study = _study_list(roadmap, topic, lang)
            for concept in topic.concepts:
                # Keyed on the English text, so the GUID does not change with the export language.
                guid = guid_for("llm-roadmap", "concept", topic.id, concept.en)
                if guid in seen:  # the same concept listed twice in a topic is one note
                    continue
                seen.add(guid)
                fields = {
                    "Concept": _e(concept.get(lang)),
                    "Topic": _e(topic.title.get(lang)),
                    "Track": _e(track.title.get(lang)),
                    "Summary": _e(topic.summary.get(lang)),
                    "Resources": study,
                    "Id": _e(topic.id),
                }
                tags = (_tag(), _tag("concept"), _tag("track", track.id), _tag("topic", topic.id))
                yield Note(guid=guid, deck=deck, fields=fields, tags=tags)


def _study_list(roadmap: Roadmap, topic: Topic, lang: Lang) -> str:
    items = []
    for placement in topic.resources:
        if placement.role is Role.OPTIONAL:
            continue
        resource: Optional[Resource] = _find(roadmap, placement.resource)
        if resource is None:
            continue
        items.append(f"<li>{_link(resource.url, resource.title.get(lang))}</li>")
    if not items:
        return ""
    return f"{_e(_pick(_LABELS['study'], lang))}:<ul>{''.join(items)}</ul>"


def _find(roadmap: Roadmap, resource_id: str) -> Optional[Resource]:
    try:
        return roadmap.resource(resource_id)
    except LookupError:
        return None


def all_notes(roadmap: Roadmap, options: ExportOptions) -> Sequence[Note]:
    """Every note of the export: resources first, then concepts."""
    return [*resource_notes(roadmap, options), *concept_notes(roadmap, options)]
