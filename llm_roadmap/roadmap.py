"""The `Roadmap`: loaded tracks and resources, their indexes, and the queries over them."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from typing import IO, TYPE_CHECKING, Literal, Optional, TypeVar, Union, overload

import attrs

from .errors import NotFoundError
from .model import SETTLED, Kind, Lang, Level, Placement, Resource, Role, Status, Topic, Track
from .search import Entry as SearchEntry
from .search import SearchHit, build_index, search_index

if TYPE_CHECKING:
    import os

    from .exporters import Exporter, Output
    from .plugin.records import PluginInfo
    from .sources import Source

__all__ = [
    "PathStudyTime",
    "PlacedResource",
    "Roadmap",
    "SearchHit",
    "StudyTime",
    "TextFormat",
    "TopicStudyTime",
    "counted_placements",
]

TextFormat = Literal["markdown", "csv", "json", "bibtex", "mermaid", "html"]
"""The ids of the built-in exporters whose output is text (``sqlite`` writes bytes)."""

E = TypeVar("E")


@attrs.frozen(kw_only=True)
class PlacedResource:
    """A resource where it appears: its track, its topic, and its placement there.

    Attributes:
        track: The track.
        topic: The topic within the track.
        placement: Role, group and note of the resource in that topic.
        resource: The resource itself.
    """

    track: Track
    topic: Topic
    placement: Placement
    resource: Resource


@attrs.frozen(kw_only=True)
class StudyTime:
    """A sum of study times (`Placement.hours`), and how many of the times summed were unknown.

    ```python
    from llm_roadmap import StudyTime

    total = StudyTime(hours=12.5) + StudyTime(hours=3, unknown=1)
    total.hours, total.partial            # (15.5, True)
    total.label("en")                     # '≈ 15.5 h (1 without a time)'
    ```

    Attributes:
        hours: The sum of the known times, in hours.
        unknown: How many of the placements summed have no time: the sum
            leaves them out, so it is partial when this is not 0.
    """

    hours: float = 0.0
    unknown: int = 0

    @classmethod
    def of(cls, placements: Iterable[Placement]) -> StudyTime:
        """The sum of the times of ``placements`` (each counted as it comes)."""
        hours = 0.0
        unknown = 0
        for placement in placements:
            if placement.hours is None:
                unknown += 1
            else:
                hours += placement.hours
        return cls(hours=hours, unknown=unknown)

    @property
    def partial(self) -> bool:
        """Whether some of the times summed are unknown (the total is a lower bound)."""
        return self.unknown > 0

    def __add__(self, other: StudyTime) -> StudyTime:
        """The two sums together."""
        return StudyTime(hours=self.hours + other.hours, unknown=self.unknown + other.unknown)

    def label(self, lang: Union[Lang, str]) -> str:
        """The time as a learner reads it: ``≈ 3 h`` / ``约 3 小时``.

        A partial sum says how many times it lacks (``≈ 39 h (2 without a
        time)``); a sum of unknown times alone is ``time unknown`` /
        ``时长未知``.
        """
        zh = Lang.parse(lang) is Lang.ZH
        if self.unknown and not self.hours:
            return "时长未知" if zh else "time unknown"
        number = f"{round(self.hours, 2):g}"  # 2 decimals at most, and no ".0": 3, 1.5, 0.25
        shown = f"约 {number} 小时" if zh else f"≈ {number} h"
        if not self.unknown:
            return shown
        if zh:
            return f"{shown}（另有 {self.unknown} 项时长未知）"
        return f"{shown} ({self.unknown} without a time)"


def counted_placements(
    topic: Topic, *, optional: bool = False, statuses: Optional[Mapping[str, Status]] = None
) -> tuple[Placement, ...]:
    """The placements of ``topic`` that its study time counts, in the order a learner takes them.

    Its core resources; then, for each pick-one group, the group's first
    member (what `Progress.next` proposes when none is begun: the curators
    list the one they recommend first), counted once per group; then, with
    ``optional``, the optional ones.

    Given the learner's ``statuses`` (by resource id), what is left of the
    topic: resources done or skipped drop out, a pick-one group with a member
    done or skipped drops out whole, and a group's member being learnt comes
    in place of its first.
    """
    known = statuses or {}

    def left(p: Placement) -> bool:
        return known.get(p.resource) not in SETTLED

    core = [p for p in topic.resources if p.role is Role.CORE and left(p)]
    groups: dict[str, list[Placement]] = {}
    for p in topic.resources:
        if p.role is Role.ALTERNATIVE:
            groups.setdefault(p.group or p.resource, []).append(p)
    chosen = [
        next((m for m in members if known.get(m.resource) is Status.LEARNING), members[0])
        for members in groups.values()
        if all(map(left, members))
    ]
    extra = [p for p in topic.resources if optional and p.role is Role.OPTIONAL and left(p)]
    return (*core, *chosen, *extra)


@attrs.frozen(kw_only=True)
class TopicStudyTime:
    """The study time of one topic: what it asks, and its optional resources apart.

    Attributes:
        topic: The topic.
        core: Its core resources and one member of each pick-one group (see
            `counted_placements`).
        optional: Its optional resources.
    """

    topic: Topic
    core: StudyTime
    optional: StudyTime

    @classmethod
    def of(cls, topic: Topic) -> TopicStudyTime:
        """The study time of ``topic``."""
        return cls(
            topic=topic,
            core=StudyTime.of(counted_placements(topic)),
            optional=StudyTime.of(p for p in topic.resources if p.role is Role.OPTIONAL),
        )

    @property
    def total(self) -> StudyTime:
        """`core` and `optional` together."""
        return self.core + self.optional


@attrs.frozen(kw_only=True)
class PathStudyTime:
    """The study time of a learning path (`Roadmap.study_time`), step by step.

    Attributes:
        target: The track or topic the path leads to.
        topics: Each step's study time, in path order.
    """

    target: str
    topics: tuple[TopicStudyTime, ...]

    @property
    def core(self) -> StudyTime:
        """The whole path without the optional resources."""
        return sum((t.core for t in self.topics), StudyTime())

    @property
    def total(self) -> StudyTime:
        """The whole path with the optional resources."""
        return sum((t.total for t in self.topics), StudyTime())


@attrs.frozen(kw_only=True)
class Roadmap:
    """A loaded roadmap: tracks in order, resources, and what the plugins registered.

    Build one with `llm_roadmap.load`; every lookup is by stable id.

    Attributes:
        tracks: The tracks, in learning order.
        resources: Every resource, in order of first appearance along the tracks.
        exporters: The registered exporters, by id.
        sources: The registered sources, by id.
        plugins: What each plugin did during the load.
    """

    tracks: tuple[Track, ...]
    resources: tuple[Resource, ...]
    exporters: Mapping[str, Exporter[Roadmap]] = attrs.field(factory=dict, eq=False, repr=False)
    sources: Mapping[str, Source] = attrs.field(factory=dict, eq=False, repr=False)
    plugins: tuple[PluginInfo, ...] = attrs.field(default=(), eq=False, repr=False)
    _tracks_by_id: dict[str, Track] = attrs.field(init=False, eq=False, repr=False)
    _topics_by_id: dict[str, Topic] = attrs.field(init=False, eq=False, repr=False)
    _resources_by_id: dict[str, Resource] = attrs.field(init=False, eq=False, repr=False)
    _placed: dict[str, tuple[PlacedResource, ...]] = attrs.field(init=False, eq=False, repr=False)
    _position: dict[str, int] = attrs.field(init=False, eq=False, repr=False)
    _search_index: list[SearchEntry] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Indexes are derived once; the instance stays immutable from outside.
        tracks = {t.id: t for t in self.tracks}
        topics = {topic.id: topic for t in self.tracks for topic in t.topics}
        resources = {r.id: r for r in self.resources}
        setter = object.__setattr__
        setter(self, "_tracks_by_id", tracks)
        setter(self, "_topics_by_id", topics)
        setter(self, "_resources_by_id", resources)
        setter(self, "_placed", {})  # filled by the first `placements`
        setter(self, "_position", {topic_id: i for i, topic_id in enumerate(topics)})
        setter(self, "_search_index", [])

    # -- lookups --------------------------------------------------------------

    @property
    def topics(self) -> tuple[Topic, ...]:
        """Every topic, track by track, in learning order."""
        return tuple(self._topics_by_id.values())

    def track(self, track_id: str) -> Track:
        """Return the track with this id.

        Raises:
            NotFoundError: No such track (a `LookupError`); the message suggests near ids.
        """
        return _lookup("track", self._tracks_by_id, track_id)

    def topic(self, topic_id: str) -> Topic:
        """Return the topic with this id (topic ids are unique across tracks).

        Raises:
            NotFoundError: No such topic; the message suggests near ids.
        """
        return _lookup("topic", self._topics_by_id, topic_id)

    def resource(self, resource_id: str) -> Resource:
        """Return the resource with this id.

        Raises:
            NotFoundError: No such resource; the message suggests near ids.
        """
        return _lookup("resource", self._resources_by_id, resource_id)

    def exporter(self, exporter_id: str) -> Exporter[Roadmap]:
        """Return the exporter with this id (``"markdown"``, ``"csv"``...).

        Raises:
            NotFoundError: No such exporter; the message suggests near ids.
        """
        return _lookup("exporter", dict(self.exporters), exporter_id)

    def placements(self, resource_id: str) -> tuple[PlacedResource, ...]:
        """Where a resource appears: each track and topic that uses it, with its role there.

        Raises:
            NotFoundError: No such resource.
        """
        self.resource(resource_id)
        if not self._placed:
            placed: dict[str, list[PlacedResource]] = {}
            for item in self.placed_resources():
                placed.setdefault(item.resource.id, []).append(item)
            # Equal answers if two threads race here: the index only grows once.
            self._placed.update((k, tuple(v)) for k, v in placed.items())
        return self._placed.get(resource_id, ())

    def placed_resources(self) -> tuple[PlacedResource, ...]:
        """Every placement of every resource, in track and topic order."""
        return tuple(
            PlacedResource(
                track=track, topic=topic, placement=p, resource=self._resources_by_id[p.resource]
            )
            for track in self.tracks
            for topic in track.topics
            for p in topic.resources
            if p.resource in self._resources_by_id
        )

    # -- filters --------------------------------------------------------------

    def filter(
        self,
        *,
        kind: Union[Kind, str, Iterable[Union[Kind, str]], None] = None,
        track: Union[str, Iterable[str], None] = None,
        topic: Union[str, Iterable[str], None] = None,
        tag: Union[str, Iterable[str], None] = None,
        language: Union[str, Iterable[str], None] = None,
        level: Union[Level, str, Iterable[Union[Level, str]], None] = None,
        free: Optional[bool] = None,
    ) -> tuple[Resource, ...]:
        """Return the resources that match every given criterion, in roadmap order.

        Each criterion takes one value or several (any of them matches). Tracks
        and topics select the resources placed in them.

        Raises:
            NotFoundError: A track or topic id that does not exist.
            ValueError: A kind or level that does not exist.
        """
        kinds = {Kind(k) for k in _many(kind)}
        levels = {Level(v) for v in _many(level)}
        tags = set(_many(tag))
        languages = {lang.lower() for lang in _many(language)}
        where: Optional[set[str]] = None
        if track is not None or topic is not None:
            where = set()
            for track_id in _many(track):
                for t in self.track(track_id).topics:
                    where.update(p.resource for p in t.resources)
            for topic_id in _many(topic):
                where.update(p.resource for p in self.topic(topic_id).resources)
        return tuple(
            r
            for r in self.resources
            if (not kinds or r.kind in kinds)
            and (not levels or r.level in levels)
            and (not tags or tags.intersection(r.tags))
            and (
                not languages
                or r.language.lower() in languages
                or r.language.split("-")[0] in languages
            )
            and (free is None or r.free is free)
            and (where is None or r.id in where)
        )

    # -- search ---------------------------------------------------------------

    def search(
        self, query: str, *, lang: Union[Lang, str, None] = None, limit: Optional[int] = None
    ) -> tuple[SearchHit, ...]:
        """Search tracks, topics and resources by title, description, concepts, tags and authors.

        Matching ignores case and width (full-width and half-width forms are the
        same) and works on Chinese text. Every word of the query must match
        somewhere in an item. Results are ordered by score, then roadmap order.

        Args:
            query: Words to look for; empty queries find nothing.
            lang: Search only the texts in this language (both by default).
            limit: Return at most this many hits.
        """
        if not self._search_index:
            self._search_index.extend(build_index(self.tracks, self.resources))
        return search_index(self._search_index, query, lang, limit)

    # -- learning paths -------------------------------------------------------

    def path(self, target: str) -> tuple[Topic, ...]:
        """Return every topic needed to learn ``target``, prerequisites first.

        ``target`` is a track id (all its topics) or a topic id. The result
        includes prerequisites from other tracks. The order is stable: among
        topics whose prerequisites are met, the one earliest in the roadmap
        comes first.

        Raises:
            NotFoundError: ``target`` is neither a track nor a topic.
        """
        if target in self._tracks_by_id:
            wanted = [t.id for t in self._tracks_by_id[target].topics]
        elif target in self._topics_by_id:
            wanted = [target]
        else:
            known = {**self._tracks_by_id, **self._topics_by_id}
            raise NotFoundError("track or topic", target, _close(target, known))
        return ordered_path(wanted, self._topics_by_id, self._position)

    def study_time(self, target: str) -> PathStudyTime:
        """Return the study time of the path to ``target``, step by step and in all.

        Each step counts its core resources and one member of each pick-one
        group (see `counted_placements`); its optional resources are summed
        apart. A resource placed in two topics counts in each, with the time
        of the part each asks for. Times that are unknown are left out of the
        sums and counted (`StudyTime.partial`).

        ```python
        time = rm.study_time("llm-foundations")
        time.core.hours, time.total.hours     # without and with the optional ones
        ```

        Raises:
            NotFoundError: ``target`` is neither a track nor a topic.
        """
        return PathStudyTime(
            target=target, topics=tuple(TopicStudyTime.of(t) for t in self.path(target))
        )

    # -- subsets and exports --------------------------------------------------

    def subset(
        self,
        *,
        tracks: Iterable[str] = (),
        topics: Iterable[str] = (),
        kinds: Iterable[Union[Kind, str]] = (),
    ) -> Roadmap:
        """Return a roadmap with only the given tracks, topics and kinds of resource.

        Empty selections keep everything. Selecting topics keeps their tracks
        with only those topics; prerequisites that point outside the subset are
        dropped so the result is self-contained.

        Raises:
            NotFoundError: A track or topic id that does not exist.
            ValueError: A kind that does not exist.
        """
        track_ids = {self.track(t).id for t in tracks}
        topic_ids = {self.topic(t).id for t in topics}
        kind_set = {Kind(k) for k in kinds}
        if not track_ids and not topic_ids and not kind_set:
            return self
        everything = not track_ids and not topic_ids
        # A topic is kept when its track or the topic itself is selected.
        kept_topic_ids = {
            t.id
            for track in self.tracks
            for t in track.topics
            if everything or track.id in track_ids or t.id in topic_ids
        }
        final_tracks: list[Track] = []
        for track in self.tracks:
            new_topics = []
            for topic in track.topics:
                if topic.id not in kept_topic_ids:
                    continue
                placements = tuple(
                    p
                    for p in topic.resources
                    if not kind_set or self._resources_by_id[p.resource].kind in kind_set
                )
                if kind_set and not placements:
                    continue
                prerequisites = tuple(p for p in topic.prerequisites if p in kept_topic_ids)
                new_topics.append(
                    attrs.evolve(topic, resources=placements, prerequisites=prerequisites)
                )
            if new_topics:
                final_tracks.append(attrs.evolve(track, topics=tuple(new_topics)))
        used = {
            p.resource for track in final_tracks for topic in track.topics for p in topic.resources
        }
        resources = tuple(r for r in self.resources if r.id in used)
        return Roadmap(
            tracks=tuple(final_tracks),
            resources=resources,
            exporters=self.exporters,
            sources=self.sources,
            plugins=self.plugins,
        )

    @overload
    def export(
        self,
        format: Literal["sqlite"],
        out: None = None,
        *,
        lang: Union[Lang, str] = ...,
        tracks: Iterable[str] = ...,
        topics: Iterable[str] = ...,
        kinds: Iterable[Union[Kind, str]] = ...,
        **params: object,
    ) -> bytes: ...

    @overload
    def export(
        self,
        format: TextFormat,
        out: None = None,
        *,
        lang: Union[Lang, str] = ...,
        tracks: Iterable[str] = ...,
        topics: Iterable[str] = ...,
        kinds: Iterable[Union[Kind, str]] = ...,
        **params: object,
    ) -> str: ...

    @overload
    def export(
        self,
        format: str,
        out: Union[str, os.PathLike[str], IO[str], IO[bytes]],
        *,
        lang: Union[Lang, str] = ...,
        tracks: Iterable[str] = ...,
        topics: Iterable[str] = ...,
        kinds: Iterable[Union[Kind, str]] = ...,
        **params: object,
    ) -> None: ...

    @overload
    def export(
        self,
        format: str,
        out: Output = None,
        *,
        lang: Union[Lang, str] = ...,
        tracks: Iterable[str] = ...,
        topics: Iterable[str] = ...,
        kinds: Iterable[Union[Kind, str]] = ...,
        **params: object,
    ) -> Union[str, bytes, None]: ...

    def export(
        self,
        format: str,
        out: Output = None,
        *,
        lang: Union[Lang, str] = Lang.EN,
        tracks: Iterable[str] = (),
        topics: Iterable[str] = (),
        kinds: Iterable[Union[Kind, str]] = (),
        **params: object,
    ) -> Union[str, bytes, None]:
        """Export the roadmap (or the selected part) with the exporter ``format``.

        Args:
            format: An exporter id: ``"markdown"``, ``"csv"``, ``"json"``... (see `exporters`).
            out: A path (written atomically), an open file, or ``None`` to get the output back.
            lang: The language of the texts.
            tracks: Only these tracks.
            topics: Only these topics.
            kinds: Only resources of these kinds.
            **params: Options of this exporter (see its ``params``).

        Returns:
            The output when ``out`` is ``None``, else ``None``: text (`str`)
            for a text format, `bytes` for a binary one (``sqlite``); type
            checkers know which for the built-in formats.

        Raises:
            NotFoundError: No such exporter, track or topic.
            ExportError: The exporter failed; a file at ``out`` is left untouched.
        """
        from .exporters import ExportOptions

        exporter = self.exporter(format)
        part = self.subset(tracks=tracks, topics=topics, kinds=kinds)
        return exporter.export(part, out, ExportOptions(lang=Lang.parse(lang), params=params))


def _many(value: Union[str, Iterable[str], None]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def _lookup(what: str, index: Mapping[str, E], key: str) -> E:
    try:
        return index[key]
    except KeyError:
        raise NotFoundError(what, key, _close(key, list(index))) from None


def _close(key: str, known: Iterable[str]) -> list[str]:
    # difflib is imported by the first unknown id, not by every load.
    import difflib

    return difflib.get_close_matches(key, known, n=3, cutoff=0.6)


def ordered_path(
    wanted: Iterable[str], topics: Mapping[str, Topic], position: Mapping[str, int]
) -> tuple[Topic, ...]:
    """The topics ``wanted`` and all their prerequisites, each after what it needs.

    Args:
        wanted: Ids of the topics to reach.
        topics: Every topic by id (prerequisites naming no topic are ignored).
        position: Each topic's place in the roadmap: among the topics whose
            prerequisites are met, the earliest comes first.
    """
    needed: set[str] = set()
    stack = list(wanted)
    while stack:
        topic_id = stack.pop()
        if topic_id in needed or topic_id not in topics:
            continue
        needed.add(topic_id)
        stack.extend(topics[topic_id].prerequisites)
    # Kahn's algorithm with a heap on roadmap position: stable, and a topic
    # comes as early as its prerequisites allow.
    waiting = {t: {p for p in topics[t].prerequisites if p in needed} for t in needed}
    dependants: dict[str, list[str]] = {}
    for topic_id, prerequisites in waiting.items():
        for p in prerequisites:
            dependants.setdefault(p, []).append(topic_id)
    ready = [(position[t], t) for t, pre in waiting.items() if not pre]
    heapq.heapify(ready)
    ordered: list[Topic] = []
    while ready:
        _, topic_id = heapq.heappop(ready)
        ordered.append(topics[topic_id])
        for dependant in dependants.get(topic_id, ()):
            waiting[dependant].discard(topic_id)
            if not waiting[dependant]:
                heapq.heappush(ready, (position[dependant], dependant))
    return tuple(ordered)
