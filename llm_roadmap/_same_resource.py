"""The cross-entry check that two resources with different ids are not the same resource."""

from collections.abc import Iterable

from .errors import Problem
from .identity import duplicates
from .model import Resource

__all__ = ["check_identities", "origin_of"]


def origin_of(resource: Resource) -> str:
    """Where a resource came from, for messages: ``"plugin NAME (FILE)"`` or its file."""
    prov = resource.provenance
    if prov is None:
        return "?"
    who = prov.plugin if prov.plugin.startswith("<") else f"plugin {prov.plugin!r}"
    return f"{who} ({prov.file})" if prov.file else who


def check_identities(resources: Iterable[Resource]) -> list[Problem]:
    """Resources with different ids that are the same resource (`llm_roadmap.identity`).

    Each pair is reported once, on the later resource (its file and id); the
    message names the earlier resource's id, where it came from (plugin and
    file, from its provenance) and the identity key they share
    (``arxiv:1706.03762``...). Two resources with one id are the duplicate ids
    `llm_roadmap._validate.check_entries` reports, not repeated here.
    """
    found: list[Problem] = []
    for first, later, key in duplicates(resources):
        if first.id == later.id:
            continue
        kind = key.split(":", 1)[0]
        field = "url"
        if kind != "url" and getattr(later.identifiers, kind, None):
            field = f"identifiers.{kind}"
        file = later.provenance.file if later.provenance and later.provenance.file else "?"
        message = (
            f"same resource as {first.id!r} from {origin_of(first)}: both are {key}; "
            "place the existing resource instead of adding a copy"
        )
        found.append(
            Problem(file=file, kind="resource", entry=later.id, field=field, message=message)
        )
    return found
