"""What progress means over a roadmap: the answers `Progress` gives, and what a topic has left."""

import collections
from collections.abc import Mapping
from typing import Optional

import attrs

from ..model import Placement, Role, Status, Topic, Track
from ..roadmap import PlacedResource, StudyTime

SETTLED = frozenset({Status.DONE, Status.SKIPPED})
"""Statuses that count as finished for what comes after (and for a topic's requirements)."""


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
        counts = collections.Counter(t.status for t in self.topics)
        if self.total and counts[Status.DONE] + counts[Status.SKIPPED] == self.total:
            return Status.SKIPPED if counts[Status.SKIPPED] == self.total else Status.DONE
        if counts[Status.LEARNING] or counts[Status.DONE]:
            return Status.LEARNING
        return Status.PENDING


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
