"""The data the page's script reads: the roadmap in both languages, its layout, the words.

A text that reads the same in both languages is one string; one that differs
is a ``[zh, en]`` pair, which keeps the page small (most titles are the same).
Only http(s) URLs are kept: any other scheme (``javascript:``, ``data:``...) is
dropped here, and the script checks again before it makes a link.
"""

import enum
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional, Union
from urllib.parse import urlsplit

from ..._version import __version__
from ...model import Emphasis, Kind, Lang, Level, Resource, Role, Status, Text, Topic
from ...vocabulary import ADVICE, labels
from ._layout import WIDTHS, Layout, layouts
from ._words import LANGUAGES, WORDS

if TYPE_CHECKING:
    from ...roadmap import Roadmap

Pair = Union[str, list[str]]
# Whitespace (every kind str.isspace() knows) and control characters.
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f]")


def text(value: Text) -> Pair:
    """A text as one string when both languages agree, else as ``[zh, en]``."""
    return value.zh if value.zh == value.en else [value.zh, value.en]


def _maybe(value: Optional[Text]) -> Optional[Pair]:
    return None if value is None else text(value)


def safe_url(url: str) -> Optional[str]:
    """``url`` if it is an absolute http(s) URL with a host and no control characters, else None."""
    if not url or _UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _resource(resource: Resource) -> dict[str, Any]:
    zh_url, en_url = resource.main_url(Lang.ZH), resource.main_url(Lang.EN)
    # One URL, or a [zh, en] pair when readers of each language open a different edition.
    url: Union[str, list[Optional[str]], None] = (
        safe_url(zh_url) if zh_url == en_url else [safe_url(zh_url), safe_url(en_url)]
    )
    entry: dict[str, object] = {
        "title": text(resource.title),
        "url": url,
        "kind": resource.kind.value,
        "language": resource.language,
        "description": text(resource.description),
    }
    if resource.level is not None:
        entry["level"] = resource.level.value
    if resource.year is not None:
        entry["year"] = resource.year
    if resource.authors:
        entry["authors"] = list(resource.named_authors)  # joinNames shows three, then et al.
        if resource.authors_cut:
            entry["authors_cut"] = True
    if not resource.free:
        entry["paid"] = True
    if resource.links:
        entry["links"] = [[safe_url(link.url), text(link.label)] for link in resource.links]
    return entry


def _topic(topic: Topic, number: str, known: set[str]) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": topic.id,
        "n": number,
        "track": topic.track,
        "title": text(topic.title),
        "summary": text(topic.summary),
        "emphasis": topic.emphasis.value,
    }
    if topic.concepts:
        entry["concepts"] = [text(c) for c in topic.concepts]
    prerequisites = [p for p in topic.prerequisites if p in known]
    if prerequisites:
        entry["prerequisites"] = prerequisites
    if topic.note is not None:
        entry["note"] = text(topic.note)
    # [resource, role, group, note], then hours and their basis when the data has them.
    placements: list[list[object]] = []
    for p in topic.resources:
        placed: list[object] = [p.resource, p.role.value, p.group, _maybe(p.note)]
        if p.hours is not None:
            placed += [p.hours, _maybe(p.hours_basis)]
        placements.append(placed)
    entry["resources"] = placements
    return entry


def graph(plan: Layout) -> dict[str, object]:
    """One layout as the page reads it: rows, and each box, heading and edge by row and x.

    The page measures the boxes and computes the ys itself (see ``_layout``):
    ``rows`` are ``[track, is heading]``; ``nodes`` and ``heads`` are
    ``[x, width, row]``; an edge is ``[from, to, cross, upward, [x, row, ...]]``
    with its points from the upper end to the lower.
    """
    band = next(iter(plan.bands.values()), None)
    return {
        "w": plan.width,
        "band": [band.x, band.w] if band else [0, plan.width],
        "rows": [[row.band, 1 if row.heading else 0] for row in plan.rows],
        "nodes": {t: [b.x, b.w, plan.row_of[t]] for t, b in plan.nodes.items()},
        "heads": {
            t: [b.x, b.w, next(i for i, r in enumerate(plan.rows) if r.band == t)]
            for t, b in plan.heads.items()
        },
        "edges": [
            [
                e.source,
                e.target,
                1 if e.cross else 0,
                1 if e.upward else 0,
                [v for point in e.points for v in point],
            ]
            for e in plan.edges
        ],
    }


def _vocabulary() -> dict[str, object]:
    names: dict[str, type[enum.Enum]] = {
        "kind": Kind,
        "level": Level,
        "role": Role,
        "emphasis": Emphasis,
        "status": Status,
    }
    vocab: dict[str, object] = {}
    for name, vocabulary in names.items():
        zh, en = labels(vocabulary, Lang.ZH), labels(vocabulary, Lang.EN)
        vocab[name] = {value: text(Text(zh=zh[value], en=en[value])) for value in zh}
    return vocab


def payload(
    roadmap: "Roadmap", lang: Lang, progress: Optional[Mapping[str, object]] = None
) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data (see the module's docstring)."""
    plans = layouts(roadmap.tracks)
    known = {topic.id for track in roadmap.tracks for topic in track.topics}
    tracks, topics = [], []
    for t_number, track in enumerate(roadmap.tracks, 1):
        tracks.append(
            {
                "id": track.id,
                "n": str(t_number),
                "title": text(track.title),
                "summary": text(track.summary),
                "emphasis": track.emphasis.value,
                "note": _maybe(track.note),
                "topics": [topic.id for topic in track.topics],
            }
        )
        for p_number, topic in enumerate(track.topics, 1):
            topics.append(_topic(topic, f"{t_number}.{p_number}", known))
    counts = {
        "tracks": len(roadmap.tracks),
        "topics": len(topics),
        "resources": len(roadmap.resources),
    }
    return {
        "format": "llm-roadmap-page",
        "lang": lang.value,
        "version": __version__,
        "counts": counts,
        "words": {key: text(value) for key, value in WORDS.items()},
        "languages": {key: text(value) for key, value in LANGUAGES.items()},
        "vocab": _vocabulary(),
        "advice": {e.value: text(ADVICE[e]) for e in Emphasis},
        # The enum values the script compares with, so it spells none of them.
        "enums": {
            "status": {m.name: m.value for m in Status},
            "role": {m.name: m.value for m in Role},
            "emphasis": {m.name: m.value for m in Emphasis},
        },
        "graph": {
            "metrics": plans[0].metrics.as_json(),
            # Below the narrowest width laid out, the page shows the flow.
            "phone": WIDTHS[-1],
            "layouts": [graph(plan) for plan in plans],
        },
        "tracks": tracks,
        "topics": topics,
        "resources": {r.id: _resource(r) for r in roadmap.resources},
        "progress": None if progress is None else dict(progress),
    }
