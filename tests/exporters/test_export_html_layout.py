"""The HTML page's graph layout, computed at export time: ordered, readable, never overlapping."""

from hypothesis import given, settings
from hypothesis import strategies as st

from llm_roadmap.exporters.html._layout import MAX_COLUMNS, NODE_H, NODE_W, Box, layout
from llm_roadmap.model import Text, Topic, Track
from llm_roadmap.testing import roadmap_with


def _apart(a: Box, b: Box) -> bool:
    return a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y


def _inside(inner: Box, outer: Box) -> bool:
    return (
        outer.x <= inner.x
        and inner.x + inner.w <= outer.x + outer.w
        and outer.y <= inner.y
        and inner.y + inner.h <= outer.y + outer.h
    )


def _check(tracks):
    plan = layout(tracks)
    boxes = list(plan.nodes.items())
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert _apart(box_a, box_b), (a, b)
    bands = [plan.bands[t.id] for t in tracks]
    for upper, lower in zip(bands, bands[1:]):
        assert upper.y + upper.h <= lower.y  # tracks top to bottom, in learning order
    for track in tracks:
        local = {t.id for t in track.topics}
        for topic in track.topics:
            box = plan.nodes[topic.id]
            assert _inside(box, plan.bands[track.id])
            assert box.x + box.w <= plan.width and box.y + box.h <= plan.height
            assert (box.w, box.h) == (NODE_W, NODE_H)
            for p in topic.prerequisites:
                if p in local and p != topic.id:
                    assert plan.nodes[p].y < box.y or _cyclic(track, p, topic.id)
    return plan


def _cyclic(track, a, b):
    prereqs = {t.id: set(t.prerequisites) for t in track.topics}
    seen, todo = set(), [a]
    while todo:
        x = todo.pop()
        if x == b:
            return True
        if x not in seen:
            seen.add(x)
            todo.extend(prereqs.get(x, ()))
    return False


@st.composite
def _roadmaps(draw):
    tracks, every = [], []
    for t in range(draw(st.integers(1, 5))):
        topics = []
        for n in range(draw(st.integers(0, 25))):
            earlier = every + [x.id for x in topics]
            picks = (
                draw(st.lists(st.sampled_from(earlier), max_size=4, unique=True)) if earlier else []
            )
            if topics and draw(st.booleans()):
                picks.append(
                    f"t{t}-{draw(st.integers(0, len(topics) + 2))}"
                )  # maybe later, maybe a cycle
            topic_id = f"t{t}-{n}"
            topics.append(
                Topic(
                    id=topic_id,
                    title=Text.same(topic_id),
                    summary=Text.same(""),
                    prerequisites=tuple(dict.fromkeys(picks)),
                    track=f"track-{t}",
                )
            )
        every += [x.id for x in topics]
        tracks.append(
            Track(
                id=f"track-{t}",
                title=Text.same(str(t)),
                summary=Text.same(""),
                topics=tuple(topics),
            )
        )
    return tracks


@settings(max_examples=150, deadline=None)
@given(_roadmaps())
def test_no_two_boxes_overlap_and_order_holds_for_any_roadmap(tracks):
    _check(tracks)


def test_the_bundled_roadmap():
    roadmap = roadmap_with()
    plan = _check(roadmap.tracks)
    assert set(plan.nodes) == {t.id for t in roadmap.topics}
    # Readable at page width: at most MAX_COLUMNS boxes side by side.
    assert plan.width <= 2 * 24 + MAX_COLUMNS * NODE_W + (MAX_COLUMNS - 1) * 28
    # A topic with its only prerequisite in the same track sits right under it.
    attention, seq2seq = plan.nodes["attention-mechanism"], plan.nodes["seq2seq-rnn"]
    assert attention.y > seq2seq.y
    same_track = [e for e in plan.edges if not e[3]]
    assert ("seq2seq-rnn", "attention-mechanism") in {(a, b) for a, b, _, _ in same_track}


def test_a_wide_layer_wraps_instead_of_shrinking():
    topics = tuple(
        Topic(id=f"x-{n}", title=Text.same("x"), summary=Text.same(""), track="wide")
        for n in range(23)
    )
    track = Track(id="wide", title=Text.same("w"), summary=Text.same(""), topics=topics)
    plan = _check([track])
    rows = {box.y for box in plan.nodes.values()}
    assert len(rows) == 5  # 23 topics, 5 to a row
    assert max(box.x for box in plan.nodes.values()) + NODE_W <= plan.width


def test_edges_run_from_prerequisite_to_topic():
    roadmap = roadmap_with()
    plan = layout(roadmap.tracks)
    expected = {(p, t.id) for t in roadmap.topics for p in t.prerequisites}
    assert {(a, b) for a, b, _, _ in plan.edges} == expected
    for a, _, path, _ in plan.edges:
        start = plan.nodes[a]
        assert path.startswith(f"M{start.x + start.w // 2} {start.y + start.h}")
