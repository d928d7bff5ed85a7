"""`Progress`: the learner's statuses by id, and what they mean over a roadmap.

Marked, merged, loaded and saved; read against a roadmap, they give each
topic's and track's progress, what is left, and the next steps.
"""

import collections
import contextlib
import datetime as dt
import os
import warnings
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

import attrs

from ..model import SETTLED, Placement, Status, Topic, Track
from ..roadmap import PlacedResource, StudyTime, counted_placements, ordered_path
from ..util.ids import is_id
from . import _file
from ._file import ProgressEntry, now, now_key, time_key
from ._plan import START_BATCH, Pace, Plan, make_plan

if TYPE_CHECKING:
    from ..exporters import ExportStatuses
    from ..roadmap import Roadmap

PathLike = Union[str, "os.PathLike[str]"]


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
        hours_left: The study time of what it still asks (`counted_placements` with its statuses:
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


FUTURE_TOLERANCE = 300.0
"""Seconds an imported time may be ahead of this machine's clock (another machine's clock).

An imported entry set later than that is recorded as set now, with a
`ProgressWarning`: a time in the future would otherwise win over every mark
made until then.
"""


@attrs.frozen(kw_only=True)
class MergeResult:
    """What `Progress.merge` took from the other progress.

    Attributes:
        added: Ids (resources and topics) that only the other progress had.
        updated: Ids whose entry the other progress had set later.
        kept: Ids where this progress's entry was as new or newer, and stayed.
    """

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()

    @property
    def changed(self) -> int:
        """How many entries the merge added or replaced."""
        return len(self.added) + len(self.updated)


@attrs.define(kw_only=True, eq=False)
class Progress:
    """A learner's progress: one status per resource and per topic, with the time it was set.

    Resources and topics are separate maps, as their ids are separate. Ids the
    loaded roadmap does not know (a plugin that was uninstalled) are kept as
    they are, and saved again, so they come back with the plugin.

    ```python
    from llm_roadmap import Progress

    p = Progress()
    p.mark("attention-is-all-you-need", "done")
    p.mark("transformer", "learning", topic=True)
    p.status("attention-is-all-you-need")        # Status.DONE
    ```

    Attributes:
        resources: Entries by resource id.
        topics: Entries by topic id (a topic marked explicitly; otherwise its
            status is derived from its resources, see `topic_status`).
        updated: When the file was last written, if it was.
        path: The file it was loaded from and is saved to (``None``: not yet chosen).
    """

    resources: dict[str, ProgressEntry] = attrs.Factory(dict)
    topics: dict[str, ProgressEntry] = attrs.Factory(dict)
    updated: Optional[str] = None
    path: Optional[Path] = None

    # -- files ------------------------------------------------------------------

    @classmethod
    def load(
        cls, path: Optional[PathLike] = None, *, environ: Optional[Mapping[str, str]] = None
    ) -> "Progress":
        """Read the learner's progress file (empty progress when there is none yet).

        Args:
            path: The file (default: `progress_path`, in the data directory).
            environ: Environment to find the data directory in (default: ``os.environ``).

        A damaged file is renamed aside (``progress.json.damaged-<time>``) with
        a `ProgressWarning`, and progress starts empty; nothing is thrown away.

        Raises:
            DataError: The file was written by a newer version of llm-roadmap.
            RoadmapError: The file cannot be read.
        """
        target = Path(path) if path is not None else _file.progress_path(environ)
        resources, topics, updated = _file.read_store(target)
        return cls(resources=resources, topics=topics, updated=updated, path=target)

    @classmethod
    def read(cls, path: PathLike) -> "Progress":
        """Read a progress file someone hands over (an export), without adopting it as the store.

        Only a regular file, or ``"-"`` for standard input, no larger than
        16 MiB, is read (a FIFO or a device is refused before anything is
        read). An entry set more than `FUTURE_TOLERANCE` seconds ahead of this
        machine's clock is recorded as set now, with a `ProgressWarning`.

        Raises:
            DataError: It is not a valid progress file (every problem names the
                entry and field), not a regular file, or too large.
            RoadmapError: It cannot be read.
        """
        return cls._handed_over(_file.read_file(path), os.fspath(path))

    @classmethod
    def from_json(
        cls, data: Union[str, Mapping[str, object]], *, source: str = "<json>"
    ) -> "Progress":
        """Build progress from the JSON layout (a string, or the decoded object) handed over.

        Read as `read` reads a file: every field's shape checked, and an entry
        set more than `FUTURE_TOLERANCE` seconds ahead recorded as set now,
        with a `ProgressWarning`.

        Raises:
            DataError: The data is not a valid progress file (not JSON, nested
                too deep, a field of the wrong shape); ``source`` names it in
                the problems.
        """
        if isinstance(data, str):
            try:
                data = _file.decode_text(data)
            except ValueError as exc:
                from ..errors import DataError, Problem

                raise DataError(
                    [Problem(file=source, entry="", field="", message=str(exc))],
                    context="invalid progress file",
                ) from None
        return cls._handed_over(_file.parse(data, source=source), source)

    def to_json(self) -> dict[str, object]:
        """The progress in the published layout (``progress.schema.json``), ids sorted."""
        return _file.dump(self.resources, self.topics, self.updated)

    def save(self, path: Optional[PathLike] = None) -> None:
        """Write the progress to its file, atomically, under the file's lock.

        What another process saved in the meantime is merged in first (per
        id, the newer entry wins; on a tie this one's), so two processes
        marking at the same time lose nothing.

        Args:
            path: Where to save (default: the file it was loaded from, else `progress_path`).

        Raises:
            RoadmapError: The file cannot be written or stays locked; it is left as it was.
        """
        target = Path(path) if path is not None else self.path or _file.progress_path()
        with _file.locked(target):
            self._save_locked(target)

    @classmethod
    @contextlib.contextmanager
    def editing(
        cls, path: Optional[PathLike] = None, *, environ: Optional[Mapping[str, str]] = None
    ) -> Iterator["Progress"]:
        """Load, change and save the progress file while holding its lock the whole time.

        ```python
        with Progress.editing("progress.json") as p:
            p.mark("d2l-zh", "learning")
        ```

        Nothing is saved when the block raises.
        """
        target = Path(path) if path is not None else _file.progress_path(environ)
        with _file.locked(target):
            progress = cls.load(target)
            yield progress
            progress._save_locked(target)

    def export(self, path: PathLike) -> None:
        """Write this progress to ``path`` as it is (no merge): for another machine.

        A file is replaced atomically; a device, a FIFO or ``/dev/stdout`` is
        written into; a directory is refused.

        Raises:
            RoadmapError: It cannot be written (the message is the system's reason).
        """
        _file.write(Path(path), self.to_json(), what="the progress export")

    @classmethod
    def _handed_over(cls, contents: _file.Contents, source: str) -> "Progress":
        # What is set more than FUTURE_TOLERANCE ahead is brought back to now.
        resources, topics, updated = contents
        limit = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=FUTURE_TOLERANCE)
        cut = time_key(limit.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
        stamp = now()
        moved: list[str] = []
        latest, latest_key = "", ""
        for entries in (resources, topics):
            for item_id, entry in entries.items():
                key = time_key(entry.at)
                if key > cut:
                    moved.append(item_id)
                    if key > latest_key:
                        latest, latest_key = entry.at, key
                    entries[item_id] = ProgressEntry(status=entry.status, at=stamp)
        if moved:
            count = len(moved)
            warnings.warn(
                f"{source}: {count} {'entry was' if count == 1 else 'entries were'} set in the"
                f" future (the latest at {latest}, e.g. {moved[0]}); recorded as set now",
                _file.ProgressWarning,
                stacklevel=3,
            )
        return cls(resources=resources, topics=topics, updated=updated)

    def _save_locked(self, target: Path) -> None:
        # What another process saved since we loaded comes in; ours wins ties.
        self.merge(Progress.load(target))
        self.updated = now()
        _file.write(target, self.to_json())
        self.path = target

    # -- marking ----------------------------------------------------------------

    def mark(
        self,
        item_id: str,
        status: Union[Status, str],
        *,
        topic: bool = False,
        at: Optional[str] = None,
    ) -> bool:
        """Set the status of a resource (or, with ``topic=True``, of a topic).

        Marking with the status it already has changes nothing (its time is kept).

        Args:
            item_id: The resource or topic id.
            status: ``"pending"``, ``"learning"``, ``"done"`` or ``"skipped"`` (or a `Status`).
            topic: ``item_id`` is a topic id.
            at: The time to record (default: now).

        Returns:
            Whether anything changed.

        Raises:
            ValueError: The id is not a kebab-case id, or the status or time is not valid.
        """
        if not is_id(item_id):
            raise ValueError(f"{item_id!r} is not a kebab-case id")
        new = ProgressEntry(status=Status(status), at=at or now())
        entries = self.topics if topic else self.resources
        old = entries.get(item_id)
        if old is not None and old.status is new.status and not old.in_future():
            # The same status, set in the past: nothing to change. One set in
            # the future is stamped again, so that it stops beating new marks.
            return False
        if old is None and new.status is Status.PENDING:
            # Nothing to take back: pending is already the default.
            return False
        entries[item_id] = new
        return True

    def unmark(self, item_id: str, *, topic: bool = False, at: Optional[str] = None) -> bool:
        """Take a status back: the id is pending again (recorded, so merges carry it).

        Returns:
            Whether anything changed.
        """
        return self.mark(item_id, Status.PENDING, topic=topic, at=at)

    def status(self, item_id: str, *, topic: bool = False) -> Status:
        """The status recorded for a resource (or a topic): `Status.PENDING` when none.

        For a topic this is only what the learner set; `topic_status` derives
        the status from its resources.
        """
        entry = (self.topics if topic else self.resources).get(item_id)
        return Status.PENDING if entry is None else entry.status

    def __bool__(self) -> bool:
        """Whether anything is marked other than pending."""
        return any(
            e.status is not Status.PENDING
            for entries in (self.resources, self.topics)
            for e in entries.values()
        )

    def merge(self, other: "Progress") -> MergeResult:
        """Take in another progress (an import): per id, the entry set later wins.

        On a tie this progress's entry stays. An entry whose time is still in
        the future (a wrong clock) never wins over one that is not: a new
        mark always replaces it. Ids unknown to any roadmap are merged like
        the others.
        """
        added: list[str] = []
        updated: list[str] = []
        kept: list[str] = []
        present = now_key()
        for mine, theirs in ((self.resources, other.resources), (self.topics, other.topics)):
            for item_id, entry in theirs.items():
                current = mine.get(item_id)
                if current is None:
                    mine[item_id] = entry
                    added.append(item_id)
                elif _wins(entry, current, present):
                    mine[item_id] = entry
                    updated.append(item_id)
                elif entry != current:
                    kept.append(item_id)
        return MergeResult(added=tuple(added), updated=tuple(updated), kept=tuple(kept))

    # -- against a roadmap ------------------------------------------------------

    def topic_status(self, roadmap: "Roadmap", topic_id: str) -> Status:
        """A topic's status: the one the learner set, else derived from its resources.

        Derived: done when every core resource is done or skipped and every
        pick-one group has a member done or skipped (and there is at least one
        such requirement); learning when any of its resources is being learnt
        or done; pending otherwise.

        Raises:
            NotFoundError: The roadmap has no such topic.
        """
        return self.topic_progress(roadmap, topic_id).status

    def topic_progress(self, roadmap: "Roadmap", topic_id: str) -> TopicProgress:
        """A topic's status with the counts behind it (see `TopicProgress`).

        Raises:
            NotFoundError: The roadmap has no such topic.
        """
        return self._topic(roadmap.topic(topic_id))

    def _topic(self, topic: Topic) -> TopicProgress:
        statuses = {p.resource: self.status(p.resource) for p in topic.resources}
        explicit: Optional[Status] = self.status(topic.id, topic=True)
        if explicit is Status.PENDING:
            explicit = None
        # Each requirement not met is one placement of what the topic still asks.
        asked = counted_placements(topic, statuses=statuses)
        required = len(counted_placements(topic))
        if required and not asked:
            derived = Status.DONE
        elif any(s in (Status.LEARNING, Status.DONE) for s in statuses.values()):
            derived = Status.LEARNING
        else:
            derived = Status.PENDING
        # Nothing is left once the learner marked the topic itself done or skipped.
        left = () if explicit in SETTLED else asked
        # The optional ones come last: what is left with them, past what is left without.
        optional = counted_placements(topic, optional=True, statuses=statuses)[len(asked) :]
        return TopicProgress(
            topic=topic,
            status=explicit or derived,
            derived=derived,
            explicit=explicit,
            met=required - len(asked),
            required=required,
            resources=statuses,
            hours_done=StudyTime.of(
                p for p in topic.resources if statuses[p.resource] is Status.DONE
            ),
            hours_left=StudyTime.of(left),
            optional_hours_left=StudyTime.of(() if explicit in SETTLED else optional),
        )

    def report(self, roadmap: "Roadmap") -> ProgressReport:
        """Progress per track and topic over ``roadmap``, and the ids it does not know."""
        unknown_resources, unknown_topics = self.unknown(roadmap)
        return ProgressReport(
            tracks=tuple(
                TrackProgress(track=t, topics=tuple(self._topic(x) for x in t.topics))
                for t in roadmap.tracks
            ),
            unknown_resources=unknown_resources,
            unknown_topics=unknown_topics,
        )

    def next(self, roadmap: "Roadmap", target: Optional[str] = None) -> tuple[NextStep, ...]:
        """The topics open now (not done or skipped, prerequisites done or skipped), in path order.

        Each `NextStep` has what to read first.

        Args:
            roadmap: The roadmap to follow.
            target: Only the path to this track or topic.

        Raises:
            NotFoundError: ``target`` is neither a track nor a topic.
        """
        states = {t.id: self._topic(t) for t in roadmap.topics}
        steps = []
        for topic in _path_order(roadmap, target):
            state = states[topic.id]
            if state.settled:
                continue
            if all(states[p].settled for p in topic.prerequisites if p in states):
                left = counted_placements(topic, statuses=state.resources)
                placed = _placed(roadmap, topic, left)
                steps.append(NextStep(topic=topic, status=state.status, resources=placed))
        return tuple(steps)

    def left(
        self, roadmap: "Roadmap", target: Optional[str] = None, *, optional: bool = False
    ) -> tuple[PlacedResource, ...]:
        """What is left to study on the path to ``target``, in the order to study it.

        Topic by topic in path order (the whole roadmap when ``target`` is
        ``None``): the core resources not done or skipped, one member of
        each pick-one group not yet satisfied (the one being learnt, else
        the first), and with ``optional`` the optional resources not done or
        skipped; nothing of a topic marked done or skipped. A resource placed
        in two topics of the path comes twice, once for each part.

        Raises:
            NotFoundError: ``target`` is neither a track nor a topic.
        """
        found: list[PlacedResource] = []
        for topic in _path_order(roadmap, target):
            state = self._topic(topic)
            if state.explicit not in SETTLED:
                left = counted_placements(topic, optional=optional, statuses=state.resources)
                found.extend(_placed(roadmap, topic, left))
        return tuple(found)

    def plan(
        self,
        roadmap: "Roadmap",
        target: Optional[str] = None,
        *,
        hours_per_week: float,
        start: Optional[dt.date] = None,
        optional: bool = False,
    ) -> Plan:
        """A weekly plan of what is left (`left`) on the path to ``target``, from ``start``.

        Weeks are filled in path order up to ``hours_per_week``; a resource
        that does not fit in what is left of a week starts the next one, and
        only a resource longer than a week is split over weeks. With nothing
        marked, the plan's hours are those of `Roadmap.study_time` for the
        same path (``core``, or ``total`` with ``optional``).

        ```python
        import datetime as dt

        plan = p.plan(rm, "llm-foundations", hours_per_week=6, start=dt.date(2027, 1, 4))
        plan.finish, plan.total_hours
        ```

        Args:
            roadmap: The roadmap to follow.
            target: A track or topic id (default: every topic of the roadmap).
            hours_per_week: The hours a week to plan for (more than 0).
            start: The first day of the first week (default: today).
            optional: Include the optional resources.

        Raises:
            NotFoundError: ``target`` is neither a track nor a topic.
            ValueError: ``hours_per_week`` is not more than 0.
        """
        return make_plan(
            self.left(roadmap, target, optional=optional),
            hours_per_week=hours_per_week,
            start=start or dt.date.today(),
            target=target,
            optional=optional,
        )

    def pace(
        self,
        roadmap: "Roadmap",
        target: Optional[str] = None,
        *,
        now: Optional[dt.datetime] = None,
        optional: bool = False,
    ) -> Pace:
        """The hours a week you study, read from the times of your marks, and your finish at it.

        The span runs from the first resource marked done to ``now``. What
        was marked done within a day of that first mark is the starting
        batch: its study lies before the span, so it does not count. The
        hours of every later mark (`Placement.hours` of each of the
        resource's placements) over the weeks of the span are the pace.
        `Pace.finish` is when what is left on the path to ``target`` (the
        whole roadmap by default) is done at that pace. With fewer than
        `MIN_MARKS` marks after the batch, or a span shorter than
        `MIN_WEEKS`, `Pace.enough` is false and there is no pace and no
        finish. Marks of topics, of resources the roadmap does not have, and
        learning or skipped marks are not study finished, and are left out.

        Args:
            roadmap: The roadmap (the resources' study times).
            target: A track or topic id: what is left on its path.
            now: The time to measure at (default: now); a naive time is taken as UTC.
            optional: Count the optional resources in what is left.

        Raises:
            NotFoundError: ``target`` is neither a track nor a topic.
        """
        left = StudyTime.of(p.placement for p in self.left(roadmap, target, optional=optional))
        if now is None:
            now = dt.datetime.now(dt.timezone.utc).astimezone()
        elif now.tzinfo is None:
            now = now.replace(tzinfo=dt.timezone.utc)
        # A resource's time: its placements' times together (what marking it done covers).
        hours: dict[str, float] = {}
        for item in roadmap.placed_resources():
            if item.placement.hours is not None:
                rid = item.resource.id
                hours[rid] = hours.get(rid, 0.0) + item.placement.hours
        done = sorted(
            (entry.time, rid)
            for rid, entry in self.resources.items()
            if entry.status is Status.DONE and rid in hours and entry.time <= now
        )
        if not done:
            return Pace(now=now, since=None, marks=0, hours=0.0, left=left)
        since = done[0][0]
        later = [rid for time, rid in done if time - since >= START_BATCH]
        return Pace(
            now=now,
            since=since,
            marks=len(later),
            hours=sum(hours[rid] for rid in later),
            left=left,
        )

    def statuses(self, roadmap: "Roadmap") -> "ExportStatuses":
        """Every resource's and topic's status over ``roadmap``: the ``progress`` export option.

        ```python
        rm.export("csv", progress=p.statuses(rm))      # a status column
        ```
        """
        from ..exporters import ExportStatuses

        return ExportStatuses(
            resources={r.id: self.status(r.id) for r in roadmap.resources},
            topics={t.id: self._topic(t).status for t in roadmap.topics},
            entries=self.to_json(),
        )

    def unknown(self, roadmap: "Roadmap") -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Ids with an entry that ``roadmap`` lacks: ``(resource ids, topic ids)``, sorted."""
        resources = {r.id for r in roadmap.resources}
        topics = {t.id for t in roadmap.topics}
        return (
            tuple(sorted(i for i in self.resources if i not in resources)),
            tuple(sorted(i for i in self.topics if i not in topics)),
        )


def _wins(theirs: ProgressEntry, mine: ProgressEntry, present: str) -> bool:
    """Whether ``theirs`` replaces ``mine`` in a merge (``present``: `now_key`)."""
    theirs_ahead, mine_ahead = theirs.in_future(present), mine.in_future(present)
    if theirs_ahead != mine_ahead:
        return mine_ahead
    return theirs.newer_than(mine)


def _path_order(roadmap: "Roadmap", target: Optional[str]) -> tuple[Topic, ...]:
    if target is not None:
        return roadmap.path(target)
    # Every topic, prerequisites first; among those ready, the earliest in the roadmap.
    topics = {t.id: t for t in roadmap.topics}
    return ordered_path(topics, topics, {topic_id: i for i, topic_id in enumerate(topics)})


def _placed(
    roadmap: "Roadmap", topic: Topic, placements: Iterable[Placement]
) -> tuple[PlacedResource, ...]:
    # Those of resources the roadmap does not have are left out.
    track = roadmap.track(topic.track)
    known = {r.id: r for r in roadmap.resources}
    return tuple(
        PlacedResource(track=track, topic=topic, placement=p, resource=known[p.resource])
        for p in placements
        if p.resource in known
    )
