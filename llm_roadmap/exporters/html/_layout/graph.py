"""The layered graph: topics in rows, and a dummy point wherever an edge passes a row.

Layers, the first step of the layered (Sugiyama) layout: tracks are bands, top to
bottom in learning order; a band's first row is its heading. Inside a band a
topic goes in the first row below every prerequisite of the same track (a
prerequisite in an earlier track is above it anyway) that has room left: a
row holds as many boxes as fit the width it is given, so a wide layer wraps
onto the next rows instead of making the graph wider than the page. Topics are
taken in a topological order that keeps the data's order where it can, which
keeps each chain of prerequisites together. A prerequisite that would close a
cycle is not followed (the edge is drawn against the flow).

Chains: an edge that spans several rows passes every row between its ends as a
dummy point, which the later steps place in a gap between the boxes of that
row, so the edge never crosses a box. The edges that leave one topic
downwards share their dummy points (a trunk that branches off to each
topic it leads to), so a topic needed by forty others adds one line to each
row, not forty. An edge against the flow (a prerequisite below the topic,
from a later track or a cycle) is routed from the upper end down like the
others and drawn with its arrow reversed.
"""

from collections.abc import Mapping, Sequence

import attrs


@attrs.frozen
class Band:
    """A track as the layout sees it: its id and its topics' ids, in the data's order."""

    id: str
    topics: tuple[str, ...]


@attrs.frozen
class Layering:
    """The rows of the graph, top to bottom.

    Attributes:
        bands: The band each row belongs to.
        heads: Each band's heading row.
        layer_of: Each topic's row.
    """

    bands: tuple[str, ...]
    heads: dict[str, int]
    layer_of: dict[str, int]


def topological(topics: Sequence[str], prerequisites: Mapping[str, Sequence[str]]) -> list[str]:
    """``topics`` with every prerequisite among them first, otherwise in their own order.

    A depth-first walk in the data's order; an edge back to a topic still being
    walked (a cycle) is ignored, so the result is defined for any data.
    """
    local = set(topics)
    done: set[str] = set()
    walking: set[str] = set()
    order: list[str] = []

    def walk(topic: str) -> None:
        walking.add(topic)
        for prerequisite in prerequisites.get(topic, ()):
            if prerequisite in local and prerequisite not in done and prerequisite not in walking:
                walk(prerequisite)
        walking.discard(topic)
        done.add(topic)
        order.append(topic)

    for topic in topics:
        if topic not in done:
            walk(topic)
    return order


def band_layers(
    order: Sequence[str],
    prerequisites: Mapping[str, Sequence[str]],
    fits: "Fits",
) -> dict[str, int]:
    """Each topic's row inside its band (0 is the first row of topics).

    Args:
        order: The band's topics, prerequisites first (see `topological`).
        prerequisites: Each topic's prerequisites (any track).
        fits: Whether a row of the band with this many boxes already takes one more.
    """
    position = {topic: i for i, topic in enumerate(order)}
    layer: dict[str, int] = {}
    filled: list[int] = []
    for topic in order:
        lowest = 0
        for prerequisite in prerequisites.get(topic, ()):
            # Only a prerequisite earlier in the order: a later one closes a cycle.
            if position.get(prerequisite, len(order)) < position[topic]:
                lowest = max(lowest, layer[prerequisite] + 1)
        row = lowest
        while row < len(filled) and filled[row] and not fits(row, filled[row]):
            row += 1
        while len(filled) <= row:
            filled.append(0)
        filled[row] += 1
        layer[topic] = row
    return layer


@attrs.frozen
class Fits:
    """The room in a band's rows: ``width`` wide, less ``less[row]`` for the edges passing it.

    A row holds ``box``-wide boxes ``gap`` apart.
    """

    width: float
    box: float
    gap: float
    less: Mapping[int, float]

    def __call__(self, row: int, count: int) -> bool:
        """Whether a row with ``count`` boxes has room for one more."""
        needed = (count + 1) * self.box + count * self.gap
        return needed <= self.width - self.less.get(row, 0.0)


def layering(
    bands: Sequence[Band],
    prerequisites: Mapping[str, Sequence[str]],
    fits: Mapping[str, Fits],
) -> Layering:
    """The rows of the whole graph: each band's heading, then its rows of topics.

    Args:
        bands: The tracks in learning order.
        prerequisites: Each topic's prerequisites.
        fits: Each band's room per row (see `Fits`).
    """
    rows: list[str] = []
    heads: dict[str, int] = {}
    layer_of: dict[str, int] = {}
    for band in bands:
        heads[band.id] = len(rows)
        rows.append(band.id)
        local = band_layers(topological(band.topics, prerequisites), prerequisites, fits[band.id])
        first = len(rows)
        for topic, row in local.items():
            layer_of[topic] = first + row
        rows.extend([band.id] * (max(local.values()) + 1 if local else 0))
    return Layering(bands=tuple(rows), heads=heads, layer_of=layer_of)


NODE = "node"
DUMMY = "dummy"
HEAD = "head"


@attrs.frozen
class Route:
    """One prerequisite edge through the rows.

    Attributes:
        source: The prerequisite's topic id.
        target: The id of the topic that needs it.
        items: The items it passes, top to bottom: the upper topic, dummy
            points, the lower topic.
        upward: The prerequisite is the lower end (the arrow points up).
    """

    source: str
    target: str
    items: tuple[str, ...]
    upward: bool


@attrs.frozen
class Graph:
    """The items of each row and the segments that join items of neighbouring rows.

    Item keys: ``n:<topic>`` for a topic's box, ``h:<track>`` for a band's
    heading, ``d:<upper topic>:<d, or u-<lower topic>>:<row>`` for a dummy point
    (the trunk's key, then its row).
    """

    rows: list[list[str]]
    kind: dict[str, str]
    width: dict[str, float]
    row_of: dict[str, int]
    down: dict[str, list[str]]
    up: dict[str, list[str]]
    routes: list[Route]
    rank: dict[str, float]
    """A stable order of the items: the data's order (for ties)."""


def node(topic: str) -> str:
    """The item key of a topic's box."""
    return "n:" + topic


def build(
    layering: Layering,
    topics: Sequence[str],
    prerequisites: Mapping[str, Sequence[str]],
    node_width: float,
    head_width: Mapping[str, float],
) -> Graph:
    """The layered graph of ``topics`` (in the data's order) on the rows of ``layering``.

    Args:
        layering: Each topic's row and each band's heading row.
        topics: Every topic id, tracks in order, each track's topics in order.
        prerequisites: Each topic's prerequisites among ``topics``, each once, never
            the topic itself.
        node_width: The width of a topic's box.
        head_width: The width of each band's heading.
    """
    rows: list[list[str]] = [[] for _ in layering.bands]
    kind: dict[str, str] = {}
    width: dict[str, float] = {}
    row_of: dict[str, int] = {}
    rank: dict[str, float] = {}

    def add(key: str, what: str, row: int, wide: float, order: float) -> None:
        rows[row].append(key)
        kind[key], width[key], row_of[key], rank[key] = what, wide, row, order

    for track, row in layering.heads.items():
        add("h:" + track, HEAD, row, head_width[track], -1.0)
    index = {topic: i for i, topic in enumerate(topics)}
    for topic in topics:
        add(node(topic), NODE, layering.layer_of[topic], node_width, float(index[topic]))

    # The edges down from one prerequisite share one trunk. An edge against
    # the flow has its own: its arrow points into the upper box, and the
    # arrows into one box must meet it at distinct points.
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for topic in topics:
        for prerequisite in prerequisites.get(topic, ()):
            upward = layering.layer_of[prerequisite] > layering.layer_of[topic]
            group = (topic, "u-" + prerequisite) if upward else (prerequisite, "d")
            groups.setdefault(group, []).append((prerequisite, topic))

    down: dict[str, list[str]] = {}
    up: dict[str, list[str]] = {}

    def join(a: str, b: str) -> None:
        if b not in down.setdefault(a, []):
            down[a].append(b)
            up.setdefault(b, []).append(a)

    routes: list[Route] = []
    for (upper, way), edges in groups.items():
        upward = way != "d"
        top = layering.layer_of[upper]
        lowest = max(layering.layer_of[p if upward else t] for p, t in edges)
        trunk: dict[int, str] = {}
        for row in range(top + 1, lowest):
            point = f"d:{upper}:{way}:{row}"
            add(point, DUMMY, row, 0.0, index[upper] + 0.5)
            trunk[row] = point
        for prerequisite, topic in edges:
            lower = prerequisite if upward else topic
            items = [node(upper)]
            items += [trunk[row] for row in range(top + 1, layering.layer_of[lower])]
            items.append(node(lower))
            for a, b in zip(items, items[1:]):
                join(a, b)
            routes.append(Route(prerequisite, topic, tuple(items), upward))
    # Routes in the data's order: by topic, then by its prerequisites' order.
    pairs = [(p, t) for t in topics for p in prerequisites.get(t, ())]
    order = {pair: i for i, pair in enumerate(pairs)}
    routes.sort(key=lambda r: order[(r.source, r.target)])
    return Graph(rows, kind, width, row_of, down, up, routes, rank)
