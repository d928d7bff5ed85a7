"""`Roadmap.search`: the index of searchable texts and the scoring of a query over it.

Every track, topic and resource is indexed once (on the first search) as a
list of ``(field, normalised text)`` pairs; a query matches an item when each
of its words is in one of the item's fields, and scores by the weight of the
best field each word matched.
"""

import re
import unicodedata
from collections.abc import Iterable
from typing import Optional, Union

import attrs

from .model import Lang, Resource, Text, Topic, Track

__all__ = ["CJK_RANGES", "SearchHit"]

WEIGHTS = {
    "id": 4.0,
    "title": 3.0,
    "concepts": 2.0,
    "tags": 2.0,
    "authors": 2.0,
    "summary": 1.0,
    "description": 1.0,
    "note": 0.5,
}
"""Weight of a match in each field; a word equal to the whole field counts 1.5 times."""

Entry = tuple[Union[Track, Topic, Resource], list[tuple[str, str]]]
"""One indexed item and its ``(field, normalised text)`` pairs (``"title.zh"``, ``"tags"``...)."""


@attrs.frozen(kw_only=True)
class SearchHit:
    """One result of `Roadmap.search`.

    Attributes:
        item: The track, topic or resource that matched.
        score: Higher is better; title matches weigh most.
        fields: The fields that matched (``"title"``, ``"concepts"``...).
    """

    item: Union[Track, Topic, Resource]
    score: float
    fields: tuple[str, ...]

    @property
    def kind(self) -> str:
        """``"track"``, ``"topic"`` or ``"resource"``."""
        return type(self.item).__name__.lower()


def normalise(text: str) -> str:
    """Fold ``text`` for matching: case, and width (NFKC)."""
    # NFKC folds full-width letters and digits (common in Chinese text) to ASCII.
    return unicodedata.normalize("NFKC", text).casefold()


CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Kana, Han (with extensions) and the compatibility ideographs, as a regex class body.

These scripts are written without spaces between words, also next to English
("transformer架构" is two words), so search and the SQLite export's index cut
text where they begin and end.
"""

# A run of these characters is one term, and so is each run of anything else
# between spaces.
_TERM = re.compile(rf"[{CJK_RANGES}]+|[^\s{CJK_RANGES}]+")


def terms(query: str) -> list[str]:
    """The terms of a query, normalised: split at spaces and where Chinese meets other text.

    Punctuation alone is no term (``模型，向量`` is 模型 and 向量); inside a
    term it stays (``gpt-3``, ``c++``).
    """
    return [term for term in _TERM.findall(normalise(query)) if any(c.isalnum() for c in term)]


def _texts(name: str, text: Optional[Text]) -> list[tuple[str, str]]:
    if text is None:
        return []
    return [(f"{name}.zh", normalise(text.zh)), (f"{name}.en", normalise(text.en))]


def _step_fields(step: Union[Track, Topic]) -> list[tuple[str, str]]:
    return [
        ("id", step.id),
        *_texts("title", step.title),
        *_texts("summary", step.summary),
        *_texts("note", step.note),
    ]


def build_index(tracks: Iterable[Track], resources: Iterable[Resource]) -> list[Entry]:
    """Index tracks (each followed by its topics), then resources, in roadmap order."""
    index: list[Entry] = []
    for track in tracks:
        index.append((track, _step_fields(track)))
        for topic in track.topics:
            fields = _step_fields(topic)
            for concept in topic.concepts:
                fields.extend(_texts("concepts", concept))
            index.append((topic, fields))
    for r in resources:
        fields = [
            ("id", r.id),
            *_texts("title", r.title),
            *_texts("description", r.description),
        ]
        fields.extend(("tags", normalise(tag)) for tag in r.tags)
        fields.extend(("authors", normalise(author)) for author in r.named_authors)
        index.append((r, fields))
    return index


def search_index(
    index: list[Entry], query: str, lang: Union[Lang, str, None], limit: Optional[int]
) -> tuple[SearchHit, ...]:
    """The hits of ``query`` over ``index``, by score, then index order (see `Roadmap.search`)."""
    words = terms(query)
    if not words:
        return ()
    languages = ("zh", "en") if lang is None else (Lang.parse(lang).value,)
    hits: list[tuple[float, int, SearchHit]] = []
    for order, (item, fields) in enumerate(index):
        score = 0.0
        matched: list[str] = []
        for term in words:
            term_score = 0.0
            for name, value in fields:
                if name.endswith((".zh", ".en")) and name[-2:] not in languages:
                    continue
                if term in value:
                    base = name.split(".")[0]
                    term_score = max(term_score, WEIGHTS[base] * (1.5 if value == term else 1.0))
                    if base not in matched:
                        matched.append(base)
            if term_score == 0.0:
                break
            score += term_score
        else:
            hits.append((-score, order, SearchHit(item=item, score=score, fields=tuple(matched))))
    hits.sort(key=lambda h: (h[0], h[1]))
    found = tuple(h[2] for h in hits)
    return found if limit is None else found[:limit]
