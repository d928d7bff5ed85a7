"""What progress means over a roadmap: statuses, what is left and its hours, the next topics."""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Optional, Protocol

import attrs

from ..model import Placement, Role, Status, Topic, Track
from ..roadmap import PlacedResource, StudyTime, ordered_path

if TYPE_CHECKING:
    from ..roadmap import Roadmap


class Statuses(Protocol):
    """What derivation reads of the learner's progress: a status per resource or topic id."""

    def status(self, item_id: str, *, topic: bool = False) -> Status:
        """The status set for ``item_id`` (pending when none is)."""

    def unknown(self, roadmap: "Roadmap") -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Ids with an entry that ``roadmap`` lacks: ``(resource ids, topic ids)``."""


SETTLED = frozenset({Status.DONE, Status.SKIPPED})
"""Statuses that count as finished for what comes after (and for a topic's requirements)."""


def _status_of(counts: Mapping[Status, int], total: int) -> Status:
    if total and counts.get(Status.DONE, 0) + counts.get(Status.SKIPPED, 0) == total:
        return Status.SKIPPED if counts.get(Status.SKIPPED, 0) == total else Status.DONE
    if counts.get(Status.LEARNING, 0) or counts.get(Status.DONE, 0):
        return Status.LEARNING
    return Status.PENDING


@attrs.frozen(kw_only=True)
class TopicProgress:
    """Where a learner stands with one topic.

    Attributes:
        topic: The topic.
        status: Its status: the one set by the learner, else the derived one.
        derived: The status its resources give it (what `status` would be
            without an explicit mark).
        explicit: The status the learner set for the topic itself, if any
            (an explicit pending counts as none).
        met: Requirements met: core resources done or skipped, and pick-one
            groups with a member done or skipped.
        required: Requirements in all: core resources and pick-one groups.
        resources: The status of each of its resources, by id, in topic order.
        hours_done: The study time of its placements whose resource is done
            (every role; each member of a pick-one group that is done).
        hours_left: The study time of what it still asks (`left_placements`:
            core resources not done or skipped, one member of each pick-one
            group not yet satisfied); nothing once the topic is marked done
            or skipped.
        optional_hours_left: The study time of its optional resources not
            done or skipped (nothing once the topic is marked done or skipped).
    """

    topic: Topic
    status: Status
    derived: Status
    explicit: Optional[Status]
    met: int
    required: int
    resources: Mapping[str, Status]
    hours_done: StudyTime = attrs.Factory(StudyTime)
    hours_left: StudyTime = attrs.Factory(StudyTime)
    optional_hours_left: StudyTime = attrs.Factory(StudyTime)

    @property
    def settled(self) -> bool:
        """Whether the topic is done or skipped (so topics after it are open)."""
        return self.status in SETTLED


def topic_progress(progress: "Statuses", topic: Topic) -> TopicProgress:
    """Derive one topic's progress (see `Progress.topic_status` for the rule)."""
    statuses = {p.resource: progress.status(p.resource) for p in topic.resources}
    required = met = 0
    groups: dict[str, bool] = {}
    for placement in topic.resources:
        done = statuses[placement.resource] in SETTLED
        if placement.role is Role.CORE:
            required += 1
            met += done
        elif placement.role is Role.ALTERNATIVE:
            group = placement.group or placement.resource
            groups[group] = groups.get(group, False) or done
    required += len(groups)
    met += sum(groups.values())
    if required and met == required:
        derived = Status.DONE
    elif any(s in (Status.LEARNING, Status.DONE) for s in statuses.values()):
        derived = Status.LEARNING
    else:
        derived = Status.PENDING
    explicit: Optional[Status] = progress.status(topic.id, topic=True)
    if explicit is Status.PENDING:
        explicit = None
    state = TopicProgress(
        topic=topic,
        status=explicit or derived,
        derived=derived,
        explicit=explicit,
        met=met,
        required=required,
        resources=statuses,
    )
    left = left_placements(state)
    # The optional ones come last: what is left with them, past what is left without.
    optional = left_placements(state, optional=True)[len(left) :]
    return attrs.evolve(
        state,
        hours_done=StudyTime.of(p for p in topic.resources if statuses[p.resource] is Status.DONE),
        hours_left=StudyTime.of(left),
        optional_hours_left=StudyTime.of(optional),
    )


def left_placements(state: TopicProgress, *, optional: bool = False) -> tuple[Placement, ...]:
    """What is left to study of a topic, in the order a learner takes it.

    Its core resources not done or skipped; then, for each pick-one group
    with no member done or skipped, the member being learnt, else the first
    (one per group); then, with ``optional``, its optional resources not
    done or skipped. Nothing when the learner marked the topic itself done
    or skipped. With nothing marked this is `llm_roadmap.roadmap.counted_placements`.
    """
    if state.explicit in SETTLED:
        return ()
    statuses = state.resources
    core = [
        p
        for p in state.topic.resources
        if p.role is Role.CORE and statuses[p.resource] not in SETTLED
    ]
    groups: dict[str, list[Placement]] = {}
    satisfied: set[str] = set()
    for p in state.topic.resources:
        if p.role is Role.ALTERNATIVE:
            group = p.group or p.resource
            groups.setdefault(group, []).append(p)
            if statuses[p.resource] in SETTLED:
                satisfied.add(group)
    chosen = []
    for group, members in groups.items():
        if group in satisfied:
            continue
        learning = [m for m in members if statuses[m.resource] is Status.LEARNING]
        chosen.append((learning or members)[0])
    extra = [
        p
        for p in state.topic.resources
        if optional and p.role is Role.OPTIONAL and statuses[p.resource] not in SETTLED
    ]
    return (*core, *chosen, *extra)


@attrs.frozen(kw_only=True)
class TrackProgress:
    """Where a learner stands with one track: each topic's progress.

    Attributes:
        track: The track.
        topics: The progress of each of its topics, in track order.
    """

    track: Track
    topics: tuple[TopicProgress, ...]

    @property
    def settled(self) -> int:
        """How many of its topics are done or skipped."""
        return sum(t.settled for t in self.topics)

    @property
    def total(self) -> int:
        """How many topics it has."""
        return len(self.topics)

    @property
    def fraction(self) -> float:
        """The share of its topics done or skipped, from 0.0 to 1.0 (0.0 for an empty track)."""
        return self.settled / self.total if self.total else 0.0

    @property
    def hours_done(self) -> StudyTime:
        """The study time of what is done in its topics (`TopicProgress.hours_done`)."""
        return sum((t.hours_done for t in self.topics), StudyTime())

    @property
    def hours_left(self) -> StudyTime:
        """The study time its topics still ask (`TopicProgress.hours_left`)."""
        return sum((t.hours_left for t in self.topics), StudyTime())

    @property
    def optional_hours_left(self) -> StudyTime:
        """The study time of its optional resources still to do."""
        return sum((t.optional_hours_left for t in self.topics), StudyTime())

    @property
    def status(self) -> Status:
        """Done (skipped) when every topic is; learning when any is started; else pending."""
        counts: dict[Status, int] = {}
        for t in self.topics:
            counts[t.status] = counts.get(t.status, 0) + 1
        return _status_of(counts, self.total)


@attrs.frozen(kw_only=True)
class ProgressReport:
    """Progress over a whole roadmap (`Progress.report`).

    Attributes:
        tracks: Each track's progress, in roadmap order.
        unknown_resources: Resource ids with an entry the roadmap does not
            have (kept in the file: a plugin may come back).
        unknown_topics: Topic ids likewise.
    """

    tracks: tuple[TrackProgress, ...]
    unknown_resources: tuple[str, ...] = ()
    unknown_topics: tuple[str, ...] = ()

    def track(self, track_id: str) -> TrackProgress:
        """The progress of one track.

        Raises:
            KeyError: The report has no such track.
        """
        for found in self.tracks:
            if found.track.id == track_id:
                return found
        raise KeyError(track_id)

    def topic(self, topic_id: str) -> TopicProgress:
        """The progress of one topic.

        Raises:
            KeyError: The report has no such topic.
        """
        for track in self.tracks:
            for found in track.topics:
                if found.topic.id == topic_id:
                    return found
        raise KeyError(topic_id)


def report(progress: "Statuses", roadmap: "Roadmap") -> ProgressReport:
    """Every track's and topic's progress, and the ids the roadmap does not know."""
    unknown_resources, unknown_topics = progress.unknown(roadmap)
    return ProgressReport(
        tracks=tuple(
            TrackProgress(track=t, topics=tuple(topic_progress(progress, x) for x in t.topics))
            for t in roadmap.tracks
        ),
        unknown_resources=unknown_resources,
        unknown_topics=unknown_topics,
    )


@attrs.frozen(kw_only=True)
class NextStep:
    """A topic open to the learner now (`Progress.next`), with the resources to start with.

    Attributes:
        topic: The topic: not done or skipped, every prerequisite done or skipped.
        status: Its status (pending, or learning when begun).
        resources: What to read: its core resources not yet done or skipped,
            then one resource of each pick-one group not yet satisfied (the
            one being learnt, else the first); never optional ones.
    """

    topic: Topic
    status: Status
    resources: tuple[PlacedResource, ...]

    @property
    def hours(self) -> StudyTime:
        """The study time of `resources` (each for the part its placement asks)."""
        return StudyTime.of(p.placement for p in self.resources)


def path_order(roadmap: "Roadmap", target: Optional[str] = None) -> tuple[Topic, ...]:
    """The topics of the path to ``target`` (every topic when ``None``), prerequisites first.

    Raises:
        NotFoundError: ``target`` is neither a track nor a topic.
    """
    if target is not None:
        return roadmap.path(target)
    # Every topic, prerequisites first; among those ready, the earliest in the roadmap.
    topics = {t.id: t for t in roadmap.topics}
    return ordered_path(topics, topics, {topic_id: i for i, topic_id in enumerate(topics)})


def placed(
    roadmap: "Roadmap", track: Track, topic: Topic, placements: Iterable[Placement]
) -> list[PlacedResource]:
    """``placements`` of ``topic`` as `PlacedResource` (those of unknown resources left out)."""
    known = {r.id: r for r in roadmap.resources}
    return [
        PlacedResource(track=track, topic=topic, placement=p, resource=known[p.resource])
        for p in placements
        if p.resource in known
    ]


def next_steps(
    roadmap: "Roadmap", progress: "Statuses", target: Optional[str] = None
) -> tuple[NextStep, ...]:
    """The topics open now, in path order (see `Progress.next`).

    Raises:
        NotFoundError: ``target`` is neither a track nor a topic.
    """
    order = path_order(roadmap, target)
    tracks = {t.id: t for t in roadmap.tracks}
    states = {t.id: topic_progress(progress, t) for t in roadmap.topics}
    steps = []
    for topic in order:
        state = states[topic.id]
        if state.settled:
            continue
        if all(states[p].settled for p in topic.prerequisites if p in states):
            steps.append(
                NextStep(
                    topic=topic,
                    status=state.status,
                    resources=tuple(
                        placed(roadmap, tracks[topic.track], topic, left_placements(state))
                    ),
                )
            )
    return tuple(steps)
