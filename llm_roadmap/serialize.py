"""Model objects as plain JSON data: the one shape the JSON export and every ``--json`` write.

The classes a JSON export holds many of have a function written field by
field (several times faster than a generic walk on a large roadmap, and the
shape is spelled out next to the published schema, ``roadmap.schema.json``);
`to_data` dispatches to them and handles everything else an output may hold:
enums, tuples, mappings and other attrs objects (identifiers, plugin records,
reports), whose fields are written in declaration order.

Keys keep the order of the model's fields. Enums become their values, `Text`
becomes ``{"zh": ..., "en": ...}``, tuples become lists, mappings become dicts,
optional fields that are unset become ``None`` (``null``); nothing is left out.
"""

import enum
from collections.abc import Mapping
from typing import Any, Callable, Optional

import attrs

from .model import (
    Concept,
    Link,
    Placement,
    Provenance,
    Resource,
    Text,
    Topic,
    Track,
)

__all__ = [
    "concept_data",
    "link_data",
    "placement_data",
    "provenance_data",
    "resource_data",
    "text_data",
    "to_data",
    "topic_data",
    "track_data",
]


def text_data(text: Optional[Text]) -> Optional[dict[str, str]]:
    """Return ``{"zh": ..., "en": ...}``, or ``None`` for an unset text."""
    return None if text is None else {"zh": text.zh, "en": text.en}


def concept_data(concept: Text) -> dict[str, object]:
    """Return a concept as ``{"zh", "en"}``, plus ``"key"`` and ``"primary"`` when it has them.

    The two are left out when unset, unlike other optional fields: most data
    gives its concepts neither, and a concept then reads as the text it is.
    """
    data: dict[str, object] = {"zh": concept.zh, "en": concept.en}
    key = getattr(concept, "key", None)
    if key is not None:
        data["key"] = key
    primary = getattr(concept, "primary", ())
    if primary:
        data["primary"] = list(primary)
    return data


def provenance_data(prov: Optional[Provenance]) -> Optional[dict[str, Optional[str]]]:
    """Return a provenance as ``{"plugin", "distribution", "version", "file"}``, or ``None``."""
    if prov is None:
        return None
    return {
        "plugin": prov.plugin,
        "distribution": prov.distribution,
        "version": prov.version,
        "file": prov.file,
    }


def link_data(link: Link) -> dict[str, object]:
    """Return a link as ``{"url", "label", "language"}``."""
    return {"url": link.url, "label": text_data(link.label), "language": link.language}


def resource_data(r: Resource) -> dict[str, object]:
    """Return a resource with every field, ``fetched`` and ``provenance`` included."""
    # Texts and identifiers are inlined: this runs once per resource of an
    # export, and the calls would cost a fifth of its time.
    ids = r.identifiers
    return {
        "id": r.id,
        "title": {"zh": r.title.zh, "en": r.title.en},
        "url": r.url,
        "kind": r.kind.value,
        "language": r.language,
        "authors": list(r.authors),
        "year": r.year,
        "publisher": r.publisher,
        "identifiers": {"arxiv": ids.arxiv, "doi": ids.doi, "isbn": ids.isbn, "github": ids.github},
        "description": {"zh": r.description.zh, "en": r.description.en},
        "level": None if r.level is None else r.level.value,
        "tags": list(r.tags),
        "free": r.free,
        "links": [link_data(link) for link in r.links],
        # Fields from sources (GitHub, arXiv...), kept apart from the curated ones.
        "fetched": {source: dict(fields) for source, fields in r.fetched.items()},
        "provenance": provenance_data(r.provenance),
    }


def placement_data(p: Placement) -> dict[str, object]:
    """Return a placement with every field (``resource``, ``role``, ... ``hours_basis``)."""
    return {
        "resource": p.resource,
        "role": p.role.value,
        "group": p.group,
        "note": text_data(p.note),
        "teaches": list(p.teaches),
        "hours": p.hours,
        "hours_basis": text_data(p.hours_basis),
    }


def topic_data(t: Topic) -> dict[str, object]:
    """Return a topic with every field; its placements name resources by id."""
    return {
        "id": t.id,
        "title": text_data(t.title),
        "summary": text_data(t.summary),
        "concepts": [concept_data(c) for c in t.concepts],
        "resources": [placement_data(p) for p in t.resources],
        "prerequisites": list(t.prerequisites),
        "emphasis": t.emphasis.value,
        "note": text_data(t.note),
        "track": t.track,
        "provenance": provenance_data(t.provenance),
    }


def track_data(t: Track) -> dict[str, object]:
    """Return a track with every field, its topics in full."""
    return {
        "id": t.id,
        "title": text_data(t.title),
        "summary": text_data(t.summary),
        "order": t.order,
        "topics": [topic_data(topic) for topic in t.topics],
        "emphasis": t.emphasis.value,
        "note": text_data(t.note),
        "provenance": provenance_data(t.provenance),
    }


_BY_TYPE: dict[type, Callable[[Any], Any]] = {
    Text: text_data,
    Concept: concept_data,
    Provenance: provenance_data,
    Link: link_data,
    Resource: resource_data,
    Placement: placement_data,
    Topic: topic_data,
    Track: track_data,
}


def to_data(value: Any) -> Any:
    """Return ``value`` as plain JSON data (dicts, lists, strings, numbers, booleans, ``None``).

    Model objects take the shape of the JSON export (`Resource`, `Topic`,
    `Track`, `Placement`, `Text`, `Link`, `Identifiers`, `Provenance`,
    `Extension`); any other attrs object becomes an object of all its fields
    in declaration order, converted the same way. Enums become their values,
    tuples and lists become lists, sets become sorted lists, mappings become
    dicts (keys converted too, so enum keys become their values). Anything
    else is returned as it is.
    """
    convert = _BY_TYPE.get(type(value))
    if convert is not None:
        return convert(value)
    if isinstance(value, enum.Enum):
        # Before str: our enums subclass str.
        return value.value
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, Mapping):
        return {to_data(k): to_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(to_data(item) for item in value)
    if attrs.has(type(value)):
        return {f.name: to_data(getattr(value, f.name)) for f in attrs.fields(type(value))}
    return value
