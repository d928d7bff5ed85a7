"""Validation of what topics teach: concept keys, placements' ``teaches``, concepts' ``primary``.

`_validate` calls these: `concept_problems` with a topic's own checks, and
`unknown_teaches` and `unknown_primaries` with the checks across entries (an
extension's placements may teach the concepts of a topic another file defines,
and a primary source may be a resource of another plugin).
"""

import difflib
from collections.abc import Container, Iterable, Iterator

from ..model import Placement, Topic
from ..util.ids import is_id

__all__ = ["concept_keys", "concept_problems", "unknown_primaries", "unknown_teaches"]


def concept_keys(topic: Topic) -> list[str]:
    """The keys of a topic's concepts, in order (concepts without a key left out)."""
    # getattr: a topic built in code may hold plain `Text` concepts.
    keys = [getattr(concept, "key", None) for concept in topic.concepts]
    return [key for key in keys if key]


def _not_an_id(value: str, what: str) -> str:
    return f"{value!r} is not a kebab-case {what} (lowercase letters, digits and single hyphens)"


def concept_problems(topic: Topic) -> Iterator[tuple[str, str]]:
    """Problems of a topic's concepts on their own, as ``(field, message)``.

    Keys are kebab-case and unique in the topic; ``primary`` holds resource ids.
    """
    seen: set[str] = set()
    for index, concept in enumerate(topic.concepts):
        where = f"concepts[{index}]"
        key = getattr(concept, "key", None)
        if key is not None:
            if not is_id(key):
                yield f"{where}.key", _not_an_id(key, "key")
            elif key in seen:
                yield f"{where}.key", f"concept key {key!r} is used twice in this topic"
            seen.add(key)
        for i, resource in enumerate(getattr(concept, "primary", ())):
            if not is_id(resource):
                yield f"{where}.primary[{i}]", _not_an_id(resource, "resource id")


def _hint(key: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(known), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def unknown_teaches(topic: Topic, placement: Placement) -> Iterator[tuple[int, str]]:
    """Keys in ``placement.teaches`` that name no concept of ``topic``, as ``(index, message)``."""
    known = concept_keys(topic)
    for index, key in enumerate(placement.teaches):
        if key not in known:
            if known:
                message = f"unknown concept {key!r} of topic {topic.id!r}{_hint(key, known)}"
            else:
                message = (
                    f"topic {topic.id!r} gives its concepts no keys, so nothing can name {key!r}"
                )
            yield index, message


def unknown_primaries(topic: Topic, resources: Container[str]) -> Iterator[tuple[str, str]]:
    """Primary sources of the topic's concepts that are no known resource: ``(field, message)``."""
    for index, concept in enumerate(topic.concepts):
        for i, resource in enumerate(getattr(concept, "primary", ())):
            if resource not in resources and is_id(resource):
                yield f"concepts[{index}].primary[{i}]", f"unknown resource {resource!r}"
