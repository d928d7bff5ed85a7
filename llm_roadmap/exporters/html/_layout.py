"""The graph's layout, computed at export time: tracks as bands, topics as boxes, edges as paths.

Tracks are stacked top to bottom in learning order. Inside a track, a topic
sits one row below the lowest of its prerequisites in the same track (its
layer); prerequisites in other tracks do not move it, so every track starts
at its own top. A layer wider than the graph is wrapped onto further rows.
Within a row, topics are ordered by where their prerequisites are (the
barycentre heuristic), then given the free columns nearest to that, so most
edges run straight down. Every box has the same size and sits in its own
grid cell, which is what guarantees that no two boxes overlap, whatever the
titles and however many topics there are.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Optional

import attrs

if TYPE_CHECKING:
    from ...model import Topic, Track

NODE_W = 196
NODE_H = 68
GAP_X = 28
GAP_Y = 40
BAND_HEAD = 52
BAND_PAD = 18
BAND_GAP = 20
MARGIN = 24
MAX_COLUMNS = 5
MIN_COLUMNS = 3


@attrs.frozen
class Box:
    """A rectangle in the graph's pixel space."""

    x: int
    y: int
    w: int
    h: int


@attrs.frozen
class Layout:
    """Where everything goes: the graph's size, a band per track, a box per topic, edge paths."""

    width: int
    height: int
    bands: dict[str, Box]
    nodes: dict[str, Box]
    rows: dict[str, int]
    edges: list[tuple[str, str, str, bool]]


def _layers(topics: Sequence["Topic"]) -> dict[str, int]:
    """Each topic's depth among the prerequisites inside its own track (cycles are cut)."""
    local = {t.id: t for t in topics}
    depth: dict[str, int] = {}
    visiting: set[str] = set()

    def visit(topic_id: str) -> int:
        known = depth.get(topic_id)
        if known is not None:
            return known
        visiting.add(topic_id)
        level = 0
        for prerequisite in local[topic_id].prerequisites:
            if prerequisite in local and prerequisite not in visiting:
                level = max(level, visit(prerequisite) + 1)
        visiting.discard(topic_id)
        depth[topic_id] = level
        return level

    for topic in topics:
        visit(topic.id)
    return depth


def _slots(wishes: Sequence[float], columns: int) -> list[int]:
    """Give ordered items distinct, increasing columns as near as possible to their wishes.

    A small dynamic programme (items and columns are both at most a handful):
    cost[i][c] is the least total distance with item i in column c.
    """
    count = len(wishes)
    inf = float("inf")
    cost = [[inf] * columns for _ in range(count)]
    back = [[0] * columns for _ in range(count)]
    for c in range(columns):
        cost[0][c] = abs(c - wishes[0])
    for i in range(1, count):
        best, best_c = inf, 0
        for c in range(columns):
            if c - 1 >= 0 and cost[i - 1][c - 1] < best:
                best, best_c = cost[i - 1][c - 1], c - 1
            if best < inf:
                cost[i][c] = best + abs(c - wishes[i])
                back[i][c] = best_c
    column = min(range(columns), key=lambda c: (cost[count - 1][c], c))
    chosen = [column]
    for i in range(count - 1, 0, -1):
        column = back[i][column]
        chosen.append(column)
    return chosen[::-1]


def _edge_path(a: Box, b: Box) -> str:
    """An SVG path from prerequisite ``a`` to ``b``: down when ``b`` is lower, else around."""
    if b.y > a.y:
        x1, y1 = a.x + a.w // 2, a.y + a.h
        x2, y2 = b.x + b.w // 2, b.y
        bend = max(18, min(60, (y2 - y1) // 2))
        return f"M{x1} {y1}C{x1} {y1 + bend} {x2} {y2 - bend} {x2} {y2}"
    # A prerequisite in a later track or row: leave from the left, loop round in the margin.
    x1, y1 = a.x, a.y + a.h // 2
    x2, y2 = b.x, b.y + b.h // 2
    reach = min(x1, x2) - MARGIN + 6
    return f"M{x1} {y1}C{reach} {y1} {reach} {y2} {x2} {y2}"


def layout(tracks: Sequence["Track"], max_columns: int = MAX_COLUMNS) -> Layout:
    """Lay out ``tracks``: bands in order, topics on a grid of equal cells, edges between them.

    Args:
        tracks: The tracks in learning order, with their topics.
        max_columns: The most topics side by side; wider layers wrap.
    """
    layers = {track.id: _layers(track.topics) for track in tracks}
    widest = 1
    for track in tracks:
        counts: dict[int, int] = {}
        for level in layers[track.id].values():
            counts[level] = counts.get(level, 0) + 1
        widest = max(widest, *counts.values()) if counts else widest
    columns = max(MIN_COLUMNS, min(max_columns, widest))
    pitch_x, pitch_y = NODE_W + GAP_X, NODE_H + GAP_Y
    width = 2 * MARGIN + columns * NODE_W + (columns - 1) * GAP_X
    nodes: dict[str, Box] = {}
    rows: dict[str, int] = {}
    bands: dict[str, Box] = {}
    row_number = 0
    y = MARGIN
    for track in tracks:
        depth = layers[track.id]
        by_layer: dict[int, list[Topic]] = {}
        for topic in track.topics:
            by_layer.setdefault(depth[topic.id], []).append(topic)
        top = y
        y += BAND_HEAD
        # Only prerequisites in the same track pull a topic sideways: those
        # from other tracks would drag every band towards the first one.
        local: dict[str, Box] = {}
        for level in sorted(by_layer):
            members = by_layer[level]
            for start in range(0, len(members), columns):
                chunk = members[start : start + columns]
                wishes = [
                    _wish(t, local, pitch_x, index, len(chunk), columns)
                    for index, t in enumerate(chunk)
                ]
                order = sorted(range(len(chunk)), key=lambda i: (wishes[i], i))
                chosen = _slots([wishes[i] for i in order], columns)
                for i, column in zip(order, chosen):
                    box = Box(MARGIN + column * pitch_x, y, NODE_W, NODE_H)
                    nodes[chunk[i].id] = local[chunk[i].id] = box
                    rows[chunk[i].id] = row_number
                row_number += 1
                y += pitch_y
        if not track.topics:
            y += BAND_PAD
        y += BAND_PAD - GAP_Y if track.topics else 0
        bands[track.id] = Box(MARGIN // 2, top, width - MARGIN, y - top)
        y += BAND_GAP
    edges: list[tuple[str, str, str, bool]] = []
    track_of = {topic.id: track.id for track in tracks for topic in track.topics}
    for track in tracks:
        for topic in track.topics:
            for prerequisite in topic.prerequisites:
                source: Optional[Box] = nodes.get(prerequisite)
                if source is not None and prerequisite != topic.id:
                    path = _edge_path(source, nodes[topic.id])
                    cross = track_of[prerequisite] != track.id
                    edges.append((prerequisite, topic.id, path, cross))
    return Layout(
        width=width,
        height=y - BAND_GAP + MARGIN,
        bands=bands,
        nodes=nodes,
        rows=rows,
        edges=edges,
    )


def _wish(
    topic: "Topic", placed: dict[str, Box], pitch_x: int, index: int, count: int, columns: int
) -> float:
    """The column a topic would like: under its placed prerequisites, else centred in its row."""
    xs = [(placed[p].x - MARGIN) / pitch_x for p in topic.prerequisites if p in placed]
    if xs:
        return sum(xs) / len(xs)
    return (columns - count) / 2 + index
