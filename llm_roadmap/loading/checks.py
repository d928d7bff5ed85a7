"""The validation rules: each returns every problem it finds, located by file, entry and field.

Entry rules look at one structured entry; the roadmap rules look across all
entries (ids, references, cycles, what placements teach). The loader runs both
and decides what a problem costs (a failed plugin, or a `DataError`).
"""

import datetime
import difflib
import re
from collections.abc import Container, Iterator, Mapping, Sequence
from typing import Any, Optional, Union
from urllib.parse import parse_qsl

import attrs

from ..errors import Problem
from ..identity import ARXIV_ID_PATTERN, is_tracking_param
from ..model import Extension, Link, Placement, Resource, Role, Text, Topic, Track
from ..util.ids import is_id
from ..util.suggest import Suggester
from ..util.text import text_problem
from ..util.urls import UrlProblem, parse_http_url

__all__ = [
    "Located",
    "check_entries",
    "check_extension",
    "check_resource",
    "check_track",
    "text_problems",
    "url_problem",
]

# Every pattern is applied with fullmatch: "$" would also match before a
# trailing newline, and "en\n" would then pass and break Markdown and Mermaid.
LANGUAGE_RE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
ARXIV_RE = re.compile(ARXIV_ID_PATTERN)
DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
ISBN_RE = re.compile(r"\d{9}[\dX]|\d{13}")
GITHUB_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")


@attrs.frozen
class Located:
    """An entry with the file it came from and the index of the contribution that registered it."""

    entry: "Resource | Track | Extension"
    file: str
    origin: int


def _kebab(value: str, what: str = "id") -> Optional[str]:
    if not is_id(value):
        return (
            f"{value!r} is not a kebab-case {what} (lowercase letters, digits and single hyphens)"
        )
    return None


def _named_problems(entry: Union[Resource, Track, Topic]) -> Iterator[tuple[str, str]]:
    # What resources, tracks and topics share: a kebab-case id and their texts.
    bad_id = _kebab(entry.id)
    if bad_id:
        yield "id", bad_id
    yield from text_problems(entry.title, "title")
    for field in ("description", "summary", "note"):
        yield from text_problems(getattr(entry, field, None), field)


def text_problems(text: Optional[Text], field: str) -> Iterator[tuple[str, str]]:
    """Yield ``(field.lang, message)`` for each language of ``text`` that is blank or unsafe.

    Unsafe: it holds a control character other than tab and line feed, which
    a terminal would obey, or a lone surrogate, which no file can hold
    (`llm_roadmap.util.text.text_problem`).
    """
    if text is None:
        return
    for lang in ("zh", "en"):
        value = getattr(text, lang)
        if not value.strip():
            yield f"{field}.{lang}", f"missing translation ({lang})"
        else:
            yield from _controls(value, f"{field}.{lang}")


def _controls(value: Optional[str], field: str) -> Iterator[tuple[str, str]]:
    # Every free-text field goes through here: one rule, shared with what the CLI prints.
    bad = None if value is None else text_problem(value)
    if bad:
        yield field, bad


def url_problem(url: str) -> Optional[str]:
    """What is wrong with ``url`` (unparsable, not http(s), no host, tracking), or ``None``."""
    try:
        parts = parse_http_url(url)
    except UrlProblem as problem:
        return str(problem)
    tracking = [
        k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if is_tracking_param(k)
    ]
    if tracking:
        return f"URL {url!r} carries tracking parameter(s) {', '.join(tracking)}: remove them"
    return None


def check_resource(resource: Resource, file: str) -> list[Problem]:
    """Problems of one resource on its own (no cross-references)."""
    found = list(_named_problems(resource))
    bad_url = url_problem(resource.url)
    if bad_url:
        found.append(("url", bad_url))
    if not LANGUAGE_RE.fullmatch(resource.language):
        found.append(
            ("language", f"{resource.language!r} is not a language code such as 'en' or 'zh'")
        )
    this_year = datetime.date.today().year
    if resource.year is not None and not 1600 <= resource.year <= this_year + 1:
        found.append(("year", f"{resource.year} is not a plausible year"))
    for index, author in enumerate(resource.authors):
        if not author.strip():
            found.append((f"authors[{index}]", "empty author"))
        found.extend(_controls(author, f"authors[{index}]"))
    found.extend(_controls(resource.publisher, "publisher"))
    ids = resource.identifiers
    for name, value, pattern in (
        ("arxiv", ids.arxiv, ARXIV_RE),
        ("doi", ids.doi, DOI_RE),
        ("isbn", ids.isbn, ISBN_RE),
        ("github", ids.github, GITHUB_RE),
    ):
        if value is not None and not pattern.fullmatch(value):
            found.append((f"identifiers.{name}", f"{value!r} is not a valid {name} identifier"))
        else:
            # A DOI's suffix is any non-space character: ESC included.
            found.extend(_controls(value, f"identifiers.{name}"))
    for index, tag in enumerate(resource.tags):
        bad_tag = _kebab(tag)
        if bad_tag:
            found.append((f"tags[{index}]", bad_tag))
    found.extend(_link_problems(resource.links))
    return [
        Problem(file=file, kind="resource", entry=resource.id, field=f, message=m) for f, m in found
    ]


def _link_problems(links: Sequence[Link]) -> Iterator[tuple[str, str]]:
    for index, link in enumerate(links):
        bad = url_problem(link.url)
        if bad:
            yield f"links[{index}].url", bad
        yield from text_problems(link.label, f"links[{index}].label")


def check_track(track: Track, file: str) -> list[Problem]:
    """Problems of one track and its topics on their own (no cross-references)."""
    found = list(_named_problems(track))
    if not track.topics:
        found.append(("topics", "a track needs at least one topic"))
    problems = [
        Problem(file=file, kind="track", entry=track.id, field=f, message=m) for f, m in found
    ]
    for topic in track.topics:
        problems.extend(check_topic(topic, file))
    return problems


def check_topic(topic: Topic, file: str) -> list[Problem]:
    """Problems of one topic on its own (no cross-references)."""
    found = list(_named_problems(topic))
    for index, concept in enumerate(topic.concepts):
        found.extend(text_problems(concept, f"concepts[{index}]"))
    found.extend(_concept_problems(topic))
    if not topic.resources:
        found.append(("resources", "a topic needs at least one resource"))
    found.extend(_placement_problems(topic.resources))
    if topic.id in topic.prerequisites:
        found.append(("prerequisites", "a topic cannot be its own prerequisite"))
    return [Problem(file=file, kind="topic", entry=topic.id, field=f, message=m) for f, m in found]


def _concept_problems(topic: Topic) -> Iterator[tuple[str, str]]:
    # Keys are kebab-case and unique in the topic; ``primary`` holds resource ids.
    seen: set[str] = set()
    for index, concept in enumerate(topic.concepts):
        where = f"concepts[{index}]"
        # getattr: a topic built in code may hold plain `Text` concepts.
        key = getattr(concept, "key", None)
        if key is not None:
            if not is_id(key):
                yield f"{where}.key", str(_kebab(key, "key"))
            elif key in seen:
                yield f"{where}.key", f"concept key {key!r} is used twice in this topic"
            seen.add(key)
        for i, resource in enumerate(getattr(concept, "primary", ())):
            if not is_id(resource):
                yield f"{where}.primary[{i}]", str(_kebab(resource, "resource id"))


def _placement_problems(
    placements: Sequence[Placement], start: int = 0
) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for index, placement in enumerate(placements, start):
        where = f"resources[{index}]"
        if placement.resource in seen:
            yield (
                f"{where}.resource",
                f"resource {placement.resource!r} is placed twice in this topic",
            )
        seen.add(placement.resource)
        if placement.role is Role.ALTERNATIVE:
            if placement.group is None:
                yield (
                    f"{where}.group",
                    "an alternative needs a group (the id of the set to pick one from)",
                )
            elif _kebab(placement.group):
                yield f"{where}.group", str(_kebab(placement.group))
        elif placement.group is not None:
            yield f"{where}.group", "only alternatives belong to a group; set role = 'alternative'"
        yield from text_problems(placement.note, f"{where}.note")
        yield from _hours_problems(placement, where)


MAX_HOURS = 500.0
"""The most study time one placement may ask for (a long book read whole)."""


def _hours_problems(placement: Placement, where: str) -> Iterator[tuple[str, str]]:
    hours = placement.hours
    if hours is not None and not 0 < hours <= MAX_HOURS:
        yield f"{where}.hours", f"study time must be more than 0 and at most {MAX_HOURS:g} hours"
    if hours is not None and placement.hours_basis is None:
        yield f"{where}.hours_basis", "say how the study time was estimated (zh and en)"
    elif hours is None and placement.hours_basis is not None:
        yield f"{where}.hours", "a basis without a study time: add hours, or remove the basis"
    yield from text_problems(placement.hours_basis, f"{where}.hours_basis")


def check_extension(extension: Extension, file: str, label: str) -> list[Problem]:
    """Problems of one ``[[extensions]]`` entry on its own."""
    found: list[tuple[str, str]] = []
    if bool(extension.track) == bool(extension.topic):
        found.append(("", "an extension names exactly one of 'track' or 'topic'"))
    if extension.track and extension.resources:
        found.append(
            ("resources", "a track extension adds topics; add resources with 'topic = ...'")
        )
    if extension.topic and extension.topics:
        found.append(("topics", "a topic extension adds resources; add topics with 'track = ...'"))
    if not extension.topics and not extension.resources:
        found.append(("", "an extension adds nothing"))
    found.extend(_placement_problems(extension.resources))
    problems = [
        Problem(file=file, kind="extension", entry=label, field=f, message=m) for f, m in found
    ]
    for topic in extension.topics:
        problems.extend(check_topic(topic, file))
    return problems


def check_entries(
    entries: Sequence[Located],
    known_origin: Mapping[int, str],
    broken: Mapping[str, set[str]],
) -> list[tuple[int, Problem]]:
    """Problems across entries: duplicate ids, unknown references, groups and cycles.

    Returns each problem with the origin it is blamed on; a duplicate is blamed
    on the later registration and its message names the earlier one's origin
    from ``known_origin``. Ids in ``broken`` (by kind) belong to entries that
    failed to structure: references to them are not reported again.
    """
    found: list[tuple[int, Problem]] = []
    suggesters: dict[str, Suggester] = {}
    resources: dict[str, Located] = {}
    tracks: dict[str, Located] = {}
    topics: dict[str, tuple[Topic, Located]] = {}
    known: dict[str, Mapping[str, object]] = {
        "resource": resources,
        "track": tracks,
        "topic": topics,
    }

    def report(item: Located, kind: str, entry: str, field: str, message: str) -> None:
        problem = Problem(file=item.file, kind=kind, entry=entry, field=field, message=message)
        found.append((item.origin, problem))

    def unknown(item: Located, kind: str, entry: str, field: str, what: str, key: str) -> None:
        if key in broken.get(what, ()):
            return
        # One index per set of ids, built on its first unknown id.
        suggester = suggesters.get(what)
        if suggester is None:
            suggester = suggesters[what] = Suggester(known[what])
        close = suggester.close(key, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        report(item, kind, entry, field, f"unknown {what} {key!r}{hint}")

    def register(index: dict[str, Any], kind: str, key: str, item: Located, value: Any) -> None:
        if key not in index:
            index[key] = value
            return
        first = index[key] if isinstance(index[key], Located) else index[key][1]
        where = first.file
        if first.origin != item.origin:
            where = f"{known_origin[first.origin]} ({first.file})"
        report(item, kind, key, "id", f"duplicate {kind} id: already registered by {where}")

    for item in entries:
        entry = item.entry
        if isinstance(entry, Resource):
            register(resources, "resource", entry.id, item, item)
        elif isinstance(entry, Track):
            register(tracks, "track", entry.id, item, item)
        if isinstance(entry, (Track, Extension)):
            for topic in entry.topics:
                register(topics, "topic", topic.id, item, (topic, item))

    # Placements per topic, extensions included, to check references and groups.
    placements: dict[str, list[tuple[Placement, Located, str]]] = {
        topic_id: [(p, item, f"resources[{i}]") for i, p in enumerate(topic.resources)]
        for topic_id, (topic, item) in topics.items()
    }
    for item in entries:
        entry = item.entry
        if not isinstance(entry, Extension):
            continue
        label = entry.track or entry.topic
        if entry.track and entry.track not in tracks:
            unknown(item, "extension", label, "track", "track", entry.track)
        if entry.topic and entry.topic not in topics:
            unknown(item, "extension", label, "topic", "topic", entry.topic)
        elif entry.topic:
            placements[entry.topic].extend(
                (p, item, f"extension resources[{i}]") for i, p in enumerate(entry.resources)
            )

    for topic_id, placed in placements.items():
        groups: dict[str, list[tuple[Located, str]]] = {}
        seen: dict[str, Located] = {}
        for placement, item, field in placed:
            if placement.resource not in resources:
                where = f"{field}.resource"
                unknown(item, "topic", topic_id, where, "resource", placement.resource)
            elif seen.get(placement.resource, item) is not item:
                message = f"resource {placement.resource!r} is already placed in this topic"
                report(item, "topic", topic_id, f"{field}.resource", message)
            seen.setdefault(placement.resource, item)
            for j, message in _unknown_teaches(topics[topic_id][0], placement):
                report(item, "topic", topic_id, f"{field}.teaches[{j}]", message)
            if placement.role is Role.ALTERNATIVE and placement.group:
                groups.setdefault(placement.group, []).append((item, field))
        for group, members in groups.items():
            if len(members) < 2:
                item, field = members[0]
                message = f"group {group!r} has only one alternative; a group offers a choice"
                report(item, "topic", topic_id, f"{field}.group", message)

    for topic_id, (topic, item) in topics.items():
        for field, message in _unknown_primaries(topic, resources):
            report(item, "topic", topic_id, field, message)
        for index, prerequisite in enumerate(topic.prerequisites):
            if prerequisite not in topics:
                where = f"prerequisites[{index}]"
                unknown(item, "topic", topic_id, where, "topic", prerequisite)
    found.extend(_cycles(topics))
    return found


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
                    loop = [*path[path.index(child) :], child]
                    topic, item = topics[node]
                    where = f"prerequisites[{topic.prerequisites.index(child)}]"
                    message = "prerequisite cycle: " + " -> ".join(loop)
                    problem = Problem(
                        file=item.file, kind="topic", entry=node, field=where, message=message
                    )
                    found.append((item.origin, problem))
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


def _unknown_teaches(topic: Topic, placement: Placement) -> Iterator[tuple[int, str]]:
    # Keys in the placement's ``teaches`` that name no concept of the topic.
    known = [key for key in (getattr(c, "key", None) for c in topic.concepts) if key]
    for index, key in enumerate(placement.teaches):
        if key in known:
            continue
        if known:
            close = difflib.get_close_matches(key, known, n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            yield index, f"unknown concept {key!r} of topic {topic.id!r}{hint}"
        else:
            yield (
                index,
                f"topic {topic.id!r} gives its concepts no keys, so nothing can name {key!r}",
            )


def _unknown_primaries(topic: Topic, resources: Container[str]) -> Iterator[tuple[str, str]]:
    for index, concept in enumerate(topic.concepts):
        for i, resource in enumerate(getattr(concept, "primary", ())):
            if resource not in resources and is_id(resource):
                yield f"concepts[{index}].primary[{i}]", f"unknown resource {resource!r}"
