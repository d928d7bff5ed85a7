"""Progress over a roadmap: derived topic statuses, track progress, and `Roadmap.next`."""

from pathlib import Path

import pytest
from _progress_data import load

import llm_roadmap
from llm_roadmap import NotFoundError, Progress, Roadmap, Status


@pytest.fixture
def rm(tmp_path: Path) -> Roadmap:
    return load(tmp_path / "study")


def test_nothing_marked_is_pending(rm: Roadmap) -> None:
    p = Progress()
    state = p.topic_progress(rm, "basics")
    assert state.status is Status.PENDING
    # Two core resources and one pick-one group; the optional one is no requirement.
    assert (state.met, state.required) == (0, 3)


def test_core_and_one_member_of_the_group_make_a_topic_done(rm: Roadmap) -> None:
    p = Progress()
    p.mark("core-a", "done")
    assert p.topic_status(rm, "basics") is Status.LEARNING
    p.mark("core-b", "skipped")
    # Core settled, but the pick-one group has no member yet.
    assert p.topic_status(rm, "basics") is Status.LEARNING
    p.mark("pick-y", "done")  # one member satisfies the group; pick-x stays pending
    state = p.topic_progress(rm, "basics")
    assert state.status is Status.DONE
    assert (state.met, state.required) == (3, 3)
    assert state.resources["pick-x"] is Status.PENDING


def test_a_skipped_member_satisfies_its_group(rm: Roadmap) -> None:
    p = Progress()
    for rid in ("core-a", "core-b"):
        p.mark(rid, "done")
    p.mark("pick-x", "skipped")
    assert p.topic_status(rm, "basics") is Status.DONE


def test_optional_resources_alone_only_start_a_topic(rm: Roadmap) -> None:
    p = Progress()
    p.mark("extra", "done")
    assert p.topic_status(rm, "basics") is Status.LEARNING
    # In "advanced" the same resource is core and its only requirement.
    assert p.topic_status(rm, "advanced") is Status.DONE


def test_a_resource_being_learnt_starts_its_topic(rm: Roadmap) -> None:
    p = Progress()
    p.mark("pick-x", "learning")
    assert p.topic_status(rm, "basics") is Status.LEARNING
    p.mark("pick-x", "pending")
    assert p.topic_status(rm, "basics") is Status.PENDING


def test_an_explicit_topic_status_wins_and_pending_means_unset(rm: Roadmap) -> None:
    p = Progress()
    for rid in ("core-a", "core-b", "pick-x"):
        p.mark(rid, "done")
    p.mark("basics", "learning", topic=True)
    state = p.topic_progress(rm, "basics")
    assert (state.status, state.derived, state.explicit) == (
        Status.LEARNING,
        Status.DONE,
        Status.LEARNING,
    )
    p.unmark("basics", topic=True)
    assert p.topic_status(rm, "basics") is Status.DONE
    assert p.topic_progress(rm, "basics").explicit is None


def test_unknown_topic_is_not_found(rm: Roadmap) -> None:
    with pytest.raises(NotFoundError):
        Progress().topic_status(rm, "no-such-topic")


def test_report_counts_settled_topics_per_track(rm: Roadmap) -> None:
    p = Progress()
    p.mark("tools", "skipped", topic=True)
    p.mark("gone-resource", "done")
    p.mark("gone-topic", "done", topic=True)
    report = p.report(rm)
    track = report.track("study")
    assert (track.settled, track.total) == (1, 3)
    assert track.fraction == pytest.approx(1 / 3)
    assert track.status is Status.PENDING
    p.mark("core-a", "learning")
    assert p.report(rm).track("study").status is Status.LEARNING
    assert report.topic("tools").status is Status.SKIPPED
    assert report.unknown_resources == ("gone-resource",)
    assert report.unknown_topics == ("gone-topic",)


def test_next_starts_with_topics_without_prerequisites(rm: Roadmap) -> None:
    steps = Progress().next(rm)
    assert [s.topic.id for s in steps] == ["basics", "tools"]
    basics = steps[0]
    # Core first, then one of the pick-one group; never the optional one.
    assert [p.resource.id for p in basics.resources] == ["core-a", "core-b", "pick-x"]


def test_next_offers_the_member_being_learnt_and_drops_what_is_done(rm: Roadmap) -> None:
    p = Progress()
    p.mark("core-a", "done")
    p.mark("pick-y", "learning")
    basics = p.next(rm)[0]
    assert basics.status is Status.LEARNING
    assert [r.resource.id for r in basics.resources] == ["core-b", "pick-y"]


def test_skipped_topics_unblock_next(rm: Roadmap) -> None:
    p = Progress()
    p.mark("basics", "skipped", topic=True)
    assert [s.topic.id for s in p.next(rm)] == ["tools"]
    p.mark("tools", "skipped", topic=True)
    assert [s.topic.id for s in p.next(rm)] == ["advanced"]


def test_derived_done_unblocks_next(rm: Roadmap) -> None:
    p = Progress()
    for rid in ("core-a", "core-b", "pick-x", "tool-docs"):
        p.mark(rid, "done")
    assert [s.topic.id for s in p.next(rm)] == ["advanced"]
    p.mark("extra", "done")
    assert p.next(rm) == ()


def test_next_on_a_target_keeps_to_its_path(rm: Roadmap) -> None:
    assert [s.topic.id for s in Progress().next(rm, "tools")] == ["tools"]
    with pytest.raises(NotFoundError):
        Progress().next(rm, "nowhere")


# -- the bundled roadmap ---------------------------------------------------------------------

FOUNDATION_TRACKS = ("math-foundations", "programming-foundations")


@pytest.fixture(scope="module")
def bundled() -> Roadmap:
    return llm_roadmap.load(plugins=[])


def test_next_on_empty_progress_starts_with_the_foundations(bundled: Roadmap) -> None:
    steps = Progress().next(bundled)
    tracks = [s.topic.track for s in steps]
    # First the math and programming foundations, nothing of NLP or LLMs yet.
    foundations = [t for t in tracks if t in FOUNDATION_TRACKS]
    assert set(foundations) == set(FOUNDATION_TRACKS)
    assert tracks[: len(foundations)] == foundations
    assert "nlp-foundations" not in tracks
    assert "llm-foundations" not in tracks
    # Every step says what to read.
    assert all(step.resources for step in steps)


def test_after_the_foundations_next_offers_nlp(bundled: Roadmap) -> None:
    p = Progress()
    for track_id in FOUNDATION_TRACKS:
        for topic in bundled.track(track_id).topics:
            p.mark(topic.id, "done", topic=True)
    steps = p.next(bundled)
    tracks = [s.topic.track for s in steps]
    assert tracks[0] == "nlp-foundations"
    assert not set(tracks) & set(FOUNDATION_TRACKS)
    assert "llm-foundations" not in tracks


def test_marking_resources_not_topics_reaches_the_same_point(bundled: Roadmap) -> None:
    p = Progress()
    for track_id in FOUNDATION_TRACKS:
        for topic in bundled.track(track_id).topics:
            for step in p.next(bundled, topic.id):
                for placed in step.resources:
                    p.mark(placed.resource.id, "done")
    for track_id in FOUNDATION_TRACKS:
        assert p.report(bundled).track(track_id).settled == len(bundled.track(track_id).topics)
    assert p.next(bundled)[0].topic.track == "nlp-foundations"
