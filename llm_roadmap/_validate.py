"""The validation rules: each returns every problem it finds, located by file, entry and field.

Entry rules look at one structured entry; the roadmap rules look across all
entries (ids, references, cycles). The loader runs both and decides what a
problem costs (a failed plugin, or a `DataError`).
"""

import datetime
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Optional
from urllib.parse import parse_qsl, urlsplit

import attrs

from .errors import Problem
from .model import Extension, Link, Placement, Resource, Role, Text, Topic, Track

__all__ = ["Located", "check_entries", "check_resource", "check_track", "is_tracking_param"]

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
ARXIV_RE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})$")
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
ISBN_RE = re.compile(r"^(?:\d{9}[\dX]|\d{13})$")
GITHUB_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")

# Query parameters that only track who shared or clicked a link.
_TRACKING_PREFIXES = ("utm_", "spm", "vd_source", "share_", "fbclid", "gclid", "mc_", "igshid")
_TRACKING_NAMES = {"from_spmid", "unique_k", "si", "ref_src", "trk"}


def is_tracking_param(name: str) -> bool:
    """Whether a URL query parameter only tracks the click (``utm_source``, ``vd_source``...)."""
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


@attrs.frozen
class Located:
    """An entry with the file it came from and the index of the contribution that registered it."""

    entry: "Resource | Track | Extension"
    file: str
    origin: int


def _kebab(value: str) -> Optional[str]:
    if not ID_RE.match(value):
        return f"{value!r} is not a kebab-case id (lowercase letters, digits and single hyphens)"
    return None


def _text_problems(text: Optional[Text], field: str) -> Iterator[tuple[str, str]]:
    if text is None:
        return
    for lang in ("zh", "en"):
        if not getattr(text, lang).strip():
            yield f"{field}.{lang}", f"missing translation ({lang})"


def _url_problem(url: str) -> Optional[str]:
    if url != url.strip() or any(ch.isspace() for ch in url):
        return f"URL {url!r} contains whitespace"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"URL {url!r} is not http(s)"
    if not parts.netloc:
        return f"URL {url!r} has no host"
    tracking = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if is_tracking_param(k)]
    if tracking:
        return f"URL {url!r} carries tracking parameter(s) {', '.join(tracking)}: remove them"
    return None


def check_resource(resource: Resource, file: str) -> list[Problem]:
    """Problems of one resource on its own (no cross-references)."""
    found: list[tuple[str, str]] = []
    bad_id = _kebab(resource.id)
    if bad_id:
        found.append(("id", bad_id))
    found.extend(_text_problems(resource.title, "title"))
    found.extend(_text_problems(resource.description, "description"))
    bad_url = _url_problem(resource.url)
    if bad_url:
        found.append(("url", bad_url))
    if not LANGUAGE_RE.match(resource.language):
        found.append(("language", f"{resource.language!r} is not a language code such as 'en' or 'zh'"))
    this_year = datetime.date.today().year
    if resource.year is not None and not 1600 <= resource.year <= this_year + 1:
        found.append(("year", f"{resource.year} is not a plausible year"))
    for index, author in enumerate(resource.authors):
        if not author.strip():
            found.append((f"authors[{index}]", "empty author"))
    ids = resource.identifiers
    for name, value, pattern in (
        ("arxiv", ids.arxiv, ARXIV_RE),
        ("doi", ids.doi, DOI_RE),
        ("isbn", ids.isbn, ISBN_RE),
        ("github", ids.github, GITHUB_RE),
    ):
        if value is not None and not pattern.match(value):
            found.append((f"identifiers.{name}", f"{value!r} is not a valid {name} identifier"))
    for index, tag in enumerate(resource.tags):
        bad_tag = _kebab(tag)
        if bad_tag:
            found.append((f"tags[{index}]", bad_tag))
    found.extend(_link_problems(resource.links))
    return [Problem(file=file, kind="resource", entry=resource.id, field=f, message=m) for f, m in found]


def _link_problems(links: Sequence[Link]) -> Iterator[tuple[str, str]]:
    for index, link in enumerate(links):
        bad = _url_problem(link.url)
        if bad:
            yield f"links[{index}].url", bad
        yield from _text_problems(link.label, f"links[{index}].label")


def check_track(track: Track, file: str) -> list[Problem]:
    """Problems of one track and its topics on their own (no cross-references)."""
    problems: list[Problem] = []
    found: list[tuple[str, str]] = []
    bad_id = _kebab(track.id)
    if bad_id:
        found.append(("id", bad_id))
    found.extend(_text_problems(track.title, "title"))
    found.extend(_text_problems(track.summary, "summary"))
    found.extend(_text_problems(track.note, "note"))
    if not track.topics:
        found.append(("topics", "a track needs at least one topic"))
    problems.extend(Problem(file=file, kind="track", entry=track.id, field=f, message=m) for f, m in found)
    for topic in track.topics:
        problems.extend(check_topic(topic, file))
    return problems


def check_topic(topic: Topic, file: str) -> list[Problem]:
    """Problems of one topic on its own (no cross-references)."""
    found: list[tuple[str, str]] = []
    bad_id = _kebab(topic.id)
    if bad_id:
        found.append(("id", bad_id))
    found.extend(_text_problems(topic.title, "title"))
    found.extend(_text_problems(topic.summary, "summary"))
    found.extend(_text_problems(topic.note, "note"))
    for index, concept in enumerate(topic.concepts):
        found.extend(_text_problems(concept, f"concepts[{index}]"))
    if not topic.resources:
        found.append(("resources", "a topic needs at least one resource"))
    found.extend(_placement_problems(topic.resources))
    if topic.id in topic.prerequisites:
        found.append(("prerequisites", "a topic cannot be its own prerequisite"))
    return [Problem(file=file, kind="topic", entry=topic.id, field=f, message=m) for f, m in found]


def _placement_problems(placements: Sequence[Placement], start: int = 0) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for index, placement in enumerate(placements, start):
        where = f"resources[{index}]"
        if placement.resource in seen:
            yield f"{where}.resource", f"resource {placement.resource!r} is placed twice in this topic"
        seen.add(placement.resource)
        if placement.role is Role.ALTERNATIVE:
            if placement.group is None:
                yield f"{where}.group", "an alternative needs a group (the id of the set to pick one from)"
            elif _kebab(placement.group):
                yield f"{where}.group", str(_kebab(placement.group))
        elif placement.group is not None:
            yield f"{where}.group", "only alternatives belong to a group; set role = 'alternative'"
        yield from _text_problems(placement.note, f"{where}.note")


def check_extension(extension: Extension, file: str, label: str) -> list[Problem]:
    """Problems of one ``[[extensions]]`` entry on its own."""
    found: list[tuple[str, str]] = []
    if bool(extension.track) == bool(extension.topic):
        found.append(("", "an extension names exactly one of 'track' or 'topic'"))
    if extension.track and extension.resources:
        found.append(("resources", "a track extension adds topics; add resources with 'topic = ...'"))
    if extension.topic and extension.topics:
        found.append(("topics", "a topic extension adds resources; add topics with 'track = ...'"))
    if not extension.topics and not extension.resources:
        found.append(("", "an extension adds nothing"))
    found.extend(_placement_problems(extension.resources))
    problems = [Problem(file=file, kind="extension", entry=label, field=f, message=m) for f, m in found]
    for topic in extension.topics:
        problems.extend(check_topic(topic, file))
    return problems


def check_entries(
    entries: Sequence[Located],
    known_origin: Mapping[int, str],
    broken: Optional[Mapping[str, set[str]]] = None,
) -> list[tuple[int, Problem]]:
    """Problems across entries: duplicate ids, unknown references, groups and cycles.

    Returns each problem with the origin it is blamed on; a duplicate is blamed
    on the later registration and its message names the earlier one's origin
    from ``known_origin``. Ids in ``broken`` (by kind) belong to entries that
    failed to structure: references to them are not reported again.
    """
    broken = broken or {}
    broken_resources = broken.get("resource", set())
    broken_topics = broken.get("topic", set())
    broken_tracks = broken.get("track", set())
    found: list[tuple[int, Problem]] = []
    resources: dict[str, Located] = {}
    tracks: dict[str, Located] = {}
    topics: dict[str, tuple[Topic, Located]] = {}

    def duplicate(kind: str, key: str, first: Located, again: Located) -> None:
        where = first.file
        if first.origin != again.origin:
            where = f"{known_origin[first.origin]} ({first.file})"
        found.append(
            (
                again.origin,
                Problem(
                    file=again.file, kind=kind, entry=key, field="id",
                    message=f"duplicate {kind} id: already registered by {where}",
                ),
            )
        )

    def all_topics(item: Located) -> Iterable[Topic]:
        entry = item.entry
        if isinstance(entry, Track):
            return entry.topics
        if isinstance(entry, Extension):
            return entry.topics
        return ()

    for item in entries:
        entry = item.entry
        if isinstance(entry, Resource):
            if entry.id in resources:
                duplicate("resource", entry.id, resources[entry.id], item)
            else:
                resources[entry.id] = item
        elif isinstance(entry, Track):
            if entry.id in tracks:
                duplicate("track", entry.id, tracks[entry.id], item)
            else:
                tracks[entry.id] = item
        for topic in all_topics(item):
            if topic.id in topics:
                duplicate("topic", topic.id, topics[topic.id][1], item)
            else:
                topics[topic.id] = (topic, item)

    # Placements per topic, extensions included, to check references and groups.
    placements: dict[str, list[tuple[Placement, Located, str, str]]] = {}
    for topic_id, (topic, item) in topics.items():
        placements[topic_id] = [(p, item, topic_id, f"resources[{i}]") for i, p in enumerate(topic.resources)]
    for item in entries:
        entry = item.entry
        if not isinstance(entry, Extension):
            continue
        label = entry.track or entry.topic
        if entry.track and entry.track not in tracks and entry.track not in broken_tracks:
            found.append((item.origin, _problem(item, "extension", label, "track", "unknown track", entry.track, tracks)))
        if entry.topic:
            if entry.topic in broken_topics:
                pass
            elif entry.topic not in topics:
                found.append(
                    (item.origin, _problem(item, "extension", label, "topic", "unknown topic", entry.topic, topics))
                )
            else:
                placements[entry.topic].extend(
                    (p, item, entry.topic, f"extension resources[{i}]") for i, p in enumerate(entry.resources)
                )

    for topic_id, placed in placements.items():
        groups: dict[str, list[str]] = {}
        seen: dict[str, Located] = {}
        for placement, item, _, field in placed:
            if placement.resource in broken_resources:
                pass
            elif placement.resource not in resources:
                found.append(
                    (
                        item.origin,
                        _problem(item, "topic", topic_id, f"{field}.resource", "unknown resource",
                                 placement.resource, resources),
                    )
                )
            elif placement.resource in seen and seen[placement.resource] is not item:
                found.append(
                    (
                        item.origin,
                        Problem(file=item.file, kind="topic", entry=topic_id, field=f"{field}.resource",
                                message=f"resource {placement.resource!r} is already placed in this topic"),
                    )
                )
            seen.setdefault(placement.resource, item)
            if placement.role is Role.ALTERNATIVE and placement.group:
                groups.setdefault(placement.group, []).append(field)
        for group, fields in groups.items():
            if len(fields) < 2:
                _, item, _, _ = next(p for p in placed if p[3] == fields[0])
                found.append(
                    (
                        item.origin,
                        Problem(file=item.file, kind="topic", entry=topic_id, field=f"{fields[0]}.group",
                                message=f"group {group!r} has only one alternative; a group offers a choice"),
                    )
                )

    for topic_id, (topic, item) in topics.items():
        for index, prerequisite in enumerate(topic.prerequisites):
            if prerequisite not in topics and prerequisite not in broken_topics:
                found.append(
                    (
                        item.origin,
                        _problem(item, "topic", topic_id, f"prerequisites[{index}]", "unknown topic",
                                 prerequisite, topics),
                    )
                )
    found.extend(_cycles(topics))
    return found


def _problem(item: Located, kind: str, entry: str, field: str, what: str, key: str, known: Iterable[str]) -> Problem:
    import difflib

    close = difflib.get_close_matches(key, list(known), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return Problem(file=item.file, kind=kind, entry=entry, field=field, message=f"{what} {key!r}{hint}")


def _cycles(topics: Mapping[str, tuple[Topic, Located]]) -> list[tuple[int, Problem]]:
    # Depth-first search with colours; each cycle is reported once, on the topic
    # where the search closed it, with the whole loop spelt out.
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(topics, white)
    found: list[tuple[int, Problem]] = []
    for start in topics:
        if colour[start] != white:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(topics[start][0].prerequisites))]
        path = [start]
        colour[start] = grey
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in topics:
                    continue
                if colour[child] == grey:
                    loop = [*path[path.index(child):], child]
                    topic, item = topics[node]
                    index = topic.prerequisites.index(child)
                    found.append(
                        (
                            item.origin,
                            Problem(file=item.file, kind="topic", entry=node, field=f"prerequisites[{index}]",
                                    message="prerequisite cycle: " + " -> ".join(loop)),
                        )
                    )
                elif colour[child] == white:
                    colour[child] = grey
                    path.append(child)
                    stack.append((child, iter(topics[child][0].prerequisites)))
                    break
            else:
                colour[node] = black
                path.pop()
                stack.pop()
    return found
