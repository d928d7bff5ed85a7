"""The HTML page's graph layout, computed at export time: layered, routed, never through a box.

The geometry is checked the way a reader would see it: every edge's path is
sampled point by point along its curves, and no point may fall inside a box
other than the edge's two ends; boxes never overlap; prerequisites sit above
the topics that need them; the edges into one box meet it at distinct points.
Random roadmaps (hypothesis), the bundled one and generated ones of 64 and 200
topics.
"""

import bisect
import re
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_roadmap.exporters.html._layout import WIDTHS, Box, Layout, layouts
from llm_roadmap.exporters.html._layout.graph import Band, Fits, build, layering, topological
from llm_roadmap.exporters.html._layout.positions import crossings, isotonic, order
from llm_roadmap.exporters.html._layout.text import line_count
from llm_roadmap.model import Emphasis, Text, Topic, Track
from llm_roadmap.testing import roadmap_with

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
from html_browser import sized_roadmap

_NUMBER = r"-?\d+(?:\.\d+)?"


def _sample(path: str, step: float = 2.0) -> list[tuple[float, float]]:
    """Points along an SVG path of M, L and C commands, about ``step`` pixels apart."""
    tokens = re.findall(rf"[MLC]|{_NUMBER}", path)
    points: list[tuple[float, float]] = []
    here = (0.0, 0.0)
    i = 0
    while i < len(tokens):
        command = tokens[i]
        if command == "M":
            here = (float(tokens[i + 1]), float(tokens[i + 2]))
            points.append(here)
            i += 3
        elif command == "L":
            end = (float(tokens[i + 1]), float(tokens[i + 2]))
            n = max(1, int(abs(end[1] - here[1]) + abs(end[0] - here[0])) // int(step))
            points += [
                (here[0] + (end[0] - here[0]) * k / n, here[1] + (end[1] - here[1]) * k / n)
                for k in range(1, n + 1)
            ]
            here = end
            i += 3
        else:
            c1 = (float(tokens[i + 1]), float(tokens[i + 2]))
            c2 = (float(tokens[i + 3]), float(tokens[i + 4]))
            end = (float(tokens[i + 5]), float(tokens[i + 6]))
            n = max(4, int(abs(end[0] - here[0]) + abs(end[1] - here[1])) // int(step))
            for k in range(1, n + 1):
                t = k / n
                a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
                points.append(
                    (
                        a * here[0] + b * c1[0] + c * c2[0] + d * end[0],
                        a * here[1] + b * c1[1] + c * c2[1] + d * end[1],
                    )
                )
            here = end
            i += 7
    return points


def _inside(point: tuple[float, float], box: Box) -> bool:
    x, y = point
    return box.x < x < box.x + box.w and box.y < y < box.y + box.h


def _near(point, by_top, tops, tallest):
    """The boxes whose top is above ``point`` and within the tallest box's height of it."""
    start = bisect.bisect_left(tops, point[1] - tallest)
    for top in tops[start:]:
        if top >= point[1]:
            break
        yield from by_top[top]


def _apart(a: Box, b: Box) -> bool:
    return a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y


def _check(tracks: list[Track], plan: Layout) -> None:
    """Every geometric promise of the layout, for ``tracks``."""
    topics = [t for track in tracks for t in track.topics]
    assert set(plan.nodes) == {t.id for t in topics}
    obstacles = list(plan.nodes.items()) + [("head:" + k, b) for k, b in plan.heads.items()]
    for i, (a, box_a) in enumerate(obstacles):
        for b, box_b in obstacles[i + 1 :]:
            assert _apart(box_a, box_b), (a, b)
    bands = [plan.bands[t.id] for t in tracks]
    for upper, lower in zip(bands, bands[1:]):
        assert upper.y + upper.h <= lower.y  # tracks top to bottom, in learning order
    for track in tracks:
        band = plan.bands[track.id]
        for topic in track.topics:
            box = plan.nodes[topic.id]
            assert band.x <= box.x and box.x + box.w <= band.x + band.w
            assert band.y <= box.y and box.y + box.h <= band.y + band.h
            assert box.x >= 0 and box.x + box.w <= plan.width and box.y + box.h <= plan.height
    known = {t.id for t in topics}
    expected = {(p, t.id) for t in topics for p in t.prerequisites if p in known and p != t.id}
    assert {(e.source, e.target) for e in plan.edges} == expected
    # The boxes by their top, to test each sampled point against the boxes at its height only.
    by_top: dict[int, list[tuple[str, Box]]] = {}
    for name, box in obstacles:
        by_top.setdefault(box.y, []).append((name, box))
    tops = sorted(by_top)
    tallest = max((box.h for _, box in obstacles), default=0)
    entries: dict[str, list[tuple[int, int]]] = {}
    for edge in plan.edges:
        source, target = plan.nodes[edge.source], plan.nodes[edge.target]
        # Downwards from the prerequisite, unless drawn against the flow.
        assert (source.y < target.y) != edge.upward, edge
        points = _sample(edge.path)
        start, end = points[0], points[-1]
        near = source.y + source.h if not edge.upward else source.y
        assert start[1] == near and source.x < start[0] < source.x + source.w, edge
        far = target.y if not edge.upward else target.y + target.h
        assert end[1] == far and target.x < end[0] < target.x + target.w, edge
        entries.setdefault(edge.target, []).append((round(end[0]), round(end[1])))
        for point in points:
            for name, box in _near(point, by_top, tops, tallest):
                if name not in (edge.source, edge.target):
                    assert not _inside(point, box), (edge.source, edge.target, name, point)
    for target, points in entries.items():
        assert len(set(points)) == len(points), target  # distinct points into one box


def layout(tracks: list[Track], max_width: int = WIDTHS[0]) -> Layout:
    """The layout of ``tracks`` at one width, at most ``max_width`` wide where the rows fit."""
    return layouts(tracks, (max_width,))[0]


def _topic(topic_id: str, track: str, prerequisites=(), title: str = "") -> Topic:
    return Topic(
        id=topic_id,
        title=Text.same(title or topic_id),
        summary=Text.same(""),
        prerequisites=tuple(prerequisites),
        track=track,
    )


@st.composite
def _roadmaps(draw):
    tracks, every = [], []
    total = draw(st.integers(1, 5))
    later = [f"t{t}-{n}" for t in range(total) for n in range(3)]
    for t in range(total):
        topics = []
        for n in range(draw(st.integers(0, 14))):
            earlier = every + [x.id for x in topics]
            picks = (
                draw(st.lists(st.sampled_from(earlier), max_size=4, unique=True)) if earlier else []
            )
            if draw(st.booleans()):  # maybe later in the track, another track, a cycle, itself
                picks.append(draw(st.sampled_from(later)))
            title = draw(st.sampled_from(["x", "注意力机制与自注意力", "A rather long title " * 3]))
            topics.append(_topic(f"t{t}-{n}", f"track-{t}", dict.fromkeys(picks), title))
        every += [x.id for x in topics]
        tracks.append(
            Track(
                id=f"track-{t}",
                title=Text.same(str(t)),
                summary=Text.same(""),
                topics=tuple(topics),
            )
        )
    known = set(every)
    return [
        Track(
            id=tr.id,
            title=tr.title,
            summary=tr.summary,
            topics=tuple(
                Topic(
                    id=tp.id,
                    title=tp.title,
                    summary=tp.summary,
                    prerequisites=tuple(p for p in tp.prerequisites if p in known),
                    track=tp.track,
                )
                for tp in tr.topics
            ),
        )
        for tr in tracks
    ]


@settings(max_examples=120, deadline=None)
@given(_roadmaps(), st.sampled_from(WIDTHS))
def test_no_box_overlaps_and_no_edge_passes_through_a_box_for_any_roadmap(tracks, width):
    _check(tracks, layout(tracks, width))


def test_the_bundled_roadmap_at_every_width():
    roadmap = roadmap_with()
    plans = layouts(roadmap.tracks)
    assert plans[0].width <= WIDTHS[0]
    for plan in plans:
        _check(list(roadmap.tracks), plan)
        assert plan.width <= WIDTHS[0]
    # A narrower layout only when the wider one does not fit that width.
    for wider, narrower in zip(plans, plans[1:]):
        assert narrower.width < wider.width
    plan = plans[0]
    # The Transformer needs attention, which needs seq2seq: each a row lower.
    rows = plan.row_of
    assert rows["seq2seq-rnn"] < rows["attention-mechanism"] < rows["transformer"]
    same_track = {(e.source, e.target) for e in plan.edges if not e.cross}
    assert ("seq2seq-rnn", "attention-mechanism") in same_track
    assert layouts(roadmap.tracks) == plans  # the same on every run


@pytest.mark.parametrize("total", [64, 200])
def test_generated_roadmaps_of_64_and_200_topics_fit_the_widest_page(total):
    roadmap = sized_roadmap(total)
    assert len(roadmap.topics) == total
    plans = layouts(roadmap.tracks)
    for plan in plans:
        _check(list(roadmap.tracks), plan)
    assert plans[0].width <= WIDTHS[0]
    assert plans[-1].width <= WIDTHS[-1] + 200  # the narrowest stays near the narrowest width


def test_a_wide_layer_wraps_instead_of_widening_the_graph():
    topics = tuple(_topic(f"x-{n}", "wide") for n in range(23))
    track = Track(id="wide", title=Text.same("w"), summary=Text.same(""), topics=topics)
    plan = layout([track], WIDTHS[0])
    _check([track], plan)
    per_row: dict[int, int] = {}
    for box in plan.nodes.values():
        per_row[box.y] = per_row.get(box.y, 0) + 1
    assert max(per_row.values()) == 5 and len(per_row) == 5  # 23 topics, 5 to a row
    assert plan.width <= WIDTHS[0]
    narrow = layout([track], WIDTHS[-1])
    assert narrow.width <= WIDTHS[-1] and len({b.y for b in narrow.nodes.values()}) > 5


def test_a_long_edge_passes_the_rows_between_in_a_gap_and_runs_straight():
    # a -> d spans the rows of b and c, which sit right under a.
    topics = (
        _topic("a", "t"),
        _topic("b", "t", ["a"]),
        _topic("c", "t", ["b"]),
        _topic("d", "t", ["a", "c"]),
    )
    track = Track(id="t", title=Text.same("t"), summary=Text.same(""), topics=topics)
    plan = layout([track])
    _check([track], plan)
    edge = next(e for e in plan.edges if (e.source, e.target) == ("a", "d"))
    assert len(edge.points) == 4  # a's port, one point in the row of b and of c, d's port
    xs = {x for x, _ in edge.points[1:-1]}
    assert len(xs) == 1  # one straight line through both rows
    x = xs.pop()
    for topic in ("b", "c"):
        box = plan.nodes[topic]
        assert not box.x <= x <= box.x + box.w  # beside the boxes it passes


def test_edges_from_one_topic_share_their_way_down():
    # "hub" is needed by topics in three later rows: one trunk, not three lines.
    chain = [_topic("hub", "t"), _topic("s0", "t")]
    for n in range(1, 4):
        chain.append(_topic(f"s{n}", "t", [f"s{n - 1}"]))
    chain += [_topic(f"u{n}", "t", ["hub", f"s{n}"]) for n in range(1, 4)]
    track = Track(id="t", title=Text.same("t"), summary=Text.same(""), topics=tuple(chain))
    plan = layout([track])
    _check([track], plan)
    trunk = [e for e in plan.edges if e.source == "hub"]
    assert len(trunk) == 3
    longest = max(trunk, key=lambda e: len(e.points))
    for edge in trunk:  # each shorter route is the start of the longest
        assert edge.points[:-1] == longest.points[: len(edge.points) - 1]


def test_crossings_are_removed_where_the_data_order_makes_them():
    # In the data's order a->d and b->c cross; the ordering uncrosses them.
    topics = (
        _topic("a", "t"),
        _topic("b", "t"),
        _topic("c", "t", ["b"]),
        _topic("d", "t", ["a"]),
    )
    bands = [Band("t", tuple(t.id for t in topics))]
    prerequisites = {t.id: list(t.prerequisites) for t in topics}
    rows = layering(bands, prerequisites, {"t": Fits(1000, 200, 40, {})})
    graph = build(rows, [t.id for t in topics], prerequisites, 200, {"t": 300})
    data_order = [sorted(r, key=lambda k: graph.rank[k]) for r in graph.rows]
    assert crossings(data_order, graph) == 1
    assert crossings(order(graph), graph) == 0


def test_a_cycle_and_a_prerequisite_in_a_later_track_are_drawn_against_the_flow():
    first = Track(
        id="one",
        title=Text.same("1"),
        summary=Text.same(""),
        topics=(_topic("a", "one", ["b"]), _topic("b", "one", ["a"]), _topic("c", "one", ["z"])),
    )
    second = Track(
        id="two", title=Text.same("2"), summary=Text.same(""), topics=(_topic("z", "two"),)
    )
    plan = layout([first, second])
    _check([first, second], plan)
    upward = {(e.source, e.target) for e in plan.edges if e.upward}
    assert ("z", "c") in upward
    assert len(upward & {("a", "b"), ("b", "a")}) == 1
    assert topological(["a", "b"], {"a": ["b"], "b": ["a"]}) in (["b", "a"], ["a", "b"])


def test_box_heights_follow_the_titles():
    long_title = "Sequence-to-sequence models: RNN, LSTM, GRU and a little more besides"
    track = Track(
        id="t",
        title=Text.same("t"),
        summary=Text.same(""),
        topics=(
            _topic("short", "t", title="PyTorch"),
            _topic("long", "t", ["short"], title=long_title),
            attrs.evolve(
                _topic("bold", "t", ["short"], title=long_title), emphasis=Emphasis.ESSENTIAL
            ),
        ),
    )
    plan = layout([track])
    assert plan.nodes["long"].h > plan.nodes["short"].h
    assert plan.nodes["bold"].h >= plan.nodes["long"].h
    assert line_count("PyTorch", 10) == 1
    assert line_count("注意力机制与自注意力", 4) == 3  # Chinese breaks between characters
    assert line_count("a " * 30, 10) > 2
    assert line_count("x" * 40, 10) >= 3  # a long word breaks anywhere


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-1000, 1000), st.floats(0.01, 100)), min_size=1, max_size=12))
def test_isotonic_is_the_nearest_non_decreasing_sequence(pairs):
    values = [v for v, _ in pairs]
    weights = [w for _, w in pairs]
    fitted = isotonic(values, weights)
    assert all(a <= b + 1e-9 for a, b in zip(fitted, fitted[1:]))

    def cost(xs):
        return sum(w * (x - v) ** 2 for x, v, w in zip(xs, values, weights))

    # No small non-decreasing change of the fit is nearer.
    best = cost(fitted)
    for i in range(len(fitted)):
        for delta in (-0.5, 0.5):
            moved = list(fitted)
            moved[i] += delta
            if all(a <= b for a, b in zip(moved, moved[1:])):
                assert cost(moved) >= best - 1e-6
