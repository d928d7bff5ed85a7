"""Reading one contribution's entries: TOML data files, or the entries of a JSON export.

Both kinds of input go through `add_entries`: each entry is structured (one
converter, `llm_roadmap.loading.structure`), checked on its own
(`llm_roadmap.loading.checks`), and kept with the file it came from, ready for the
loader's cross-entry checks. Problems are collected, never raised.
"""

from collections.abc import Mapping
from typing import Any

import attrs

from ..errors import Problem
from ..model import Extension, Provenance, Resource, Track
from ..sources import DataInput
from .checks import Located, check_extension, check_resource, check_track
from .files import read_input

__all__ = ["Contribution", "add_entries", "add_input"]

_TOP_LEVEL = {"tracks", "resources", "extensions"}

# What each input holds, in the order it is read.
_DATA_KINDS = (("resource", Resource), ("track", Track), ("extension", Extension))
_EXPORT_KINDS = (("track", Track), ("resource", Resource))


@attrs.define
class Contribution:
    """What one plugin (or the caller's ``paths``, or one export) contributes, as read so far.

    Attributes:
        label: How messages name the contributor.
        provenance: Stamped on each entry of a data file.
        entries: The entries that structured, with their file and origin.
        problems: Every problem found on the entries one by one.
        broken: Ids of entries that failed to structure, by kind: references
            to them are not reported again as unknown, so one mistake gives
            one problem.
    """

    label: str
    provenance: Provenance
    entries: list[Located] = attrs.Factory(list)
    problems: list[Problem] = attrs.Factory(list)
    broken: dict[str, set[str]] = attrs.Factory(dict)


def add_input(contribution: Contribution, item: DataInput, origin: int) -> None:
    """Read a data input (a TOML file, a directory of them, or a mapping) into ``contribution``."""
    for file, data, problems in read_input(item, contribution.label):
        contribution.problems.extend(problems)
        if data is None:
            continue
        for key in sorted(set(data) - _TOP_LEVEL):
            contribution.problems.append(
                Problem(
                    file=file,
                    entry="",
                    # Quoted unless plain: a key may hold a newline or be empty.
                    field=key if key.isidentifier() else repr(key),
                    message="unknown top-level key: expected 'tracks', 'resources' or 'extensions'",
                )
            )
        add_entries(contribution, data, file, origin)


def add_entries(
    contribution: Contribution,
    data: Mapping[str, object],
    file: str,
    origin: int,
    *,
    exported: bool = False,
) -> None:
    """Structure and check the entries of one parsed document into ``contribution``.

    Args:
        contribution: Where the entries and problems go.
        data: The parsed document (its ``resources``, ``tracks`` and, for data
            files, ``extensions`` arrays).
        file: The file it was read from.
        origin: The index of the contribution, for the cross-entry checks.
        exported: The document is a JSON export: its entries keep the
            provenance, fetched fields and topic tracks it records; a data
            file's entries get the contribution's provenance and their track.
    """
    # cattrs is imported on first load, not at import.
    from .structure import structure_entry

    prov = attrs.evolve(contribution.provenance, file=file)
    for kind, cls in _EXPORT_KINDS if exported else _DATA_KINDS:
        # An export always writes both arrays; a data file holds what it needs.
        raw_entries = data.get(f"{kind}s", None if exported else [])
        if not isinstance(raw_entries, list):
            collection = "objects" if exported else "tables"
            contribution.problems.append(
                Problem(
                    file=file,
                    entry="",
                    field=f"{kind}s",
                    message=f"expected an array of {kind} {collection}",
                )
            )
            continue
        for position, raw in enumerate(raw_entries):
            label = _entry_label(raw, kind, position)
            obj: Any
            obj, problems = structure_entry(
                raw, cls, file=file, entry=label, kind=kind, exported=exported
            )
            contribution.problems.extend(problems)
            if obj is None:
                _remember_broken(contribution.broken, kind, raw)
                continue
            if isinstance(obj, Resource):
                contribution.problems.extend(check_resource(obj, file))
                if not exported:
                    obj = attrs.evolve(obj, provenance=prov)
            elif isinstance(obj, Track):
                contribution.problems.extend(check_track(obj, file))
                if exported:
                    contribution.problems.extend(_misplaced_topics(obj, file))
                else:
                    obj = attrs.evolve(
                        obj,
                        provenance=prov,
                        topics=tuple(
                            attrs.evolve(t, track=obj.id, provenance=prov) for t in obj.topics
                        ),
                    )
            elif isinstance(obj, Extension):
                contribution.problems.extend(check_extension(obj, file, label))
                obj = attrs.evolve(
                    obj,
                    topics=tuple(
                        attrs.evolve(t, track=obj.track, provenance=prov) for t in obj.topics
                    ),
                )
            contribution.entries.append(Located(obj, file, origin))


def _misplaced_topics(track: Track, file: str) -> list[Problem]:
    # What only an export can get wrong: a topic that names another track.
    return [
        Problem(
            file=file,
            kind="topic",
            entry=topic.id,
            field="track",
            message=f"is {topic.track!r} but the topic is in track {track.id!r}",
        )
        for topic in track.topics
        if topic.track != track.id
    ]


def _remember_broken(broken: dict[str, set[str]], kind: str, raw: Any) -> None:
    if not isinstance(raw, Mapping):
        return
    if isinstance(raw.get("id"), str):
        broken.setdefault(kind, set()).add(raw["id"])
    for topic in raw.get("topics", ()) if isinstance(raw.get("topics"), list) else ():
        if isinstance(topic, Mapping) and isinstance(topic.get("id"), str):
            broken.setdefault("topic", set()).add(topic["id"])


def _entry_label(raw: Any, kind: str, position: int) -> str:
    if isinstance(raw, Mapping):
        if kind == "extension":
            target = raw.get("track") or raw.get("topic")
            if isinstance(target, str) and target:
                return f"{target} (extension #{position + 1})"
        elif isinstance(raw.get("id"), str) and raw["id"]:
            return str(raw["id"])
    return f"#{position + 1}"
