"""Layers: each track a band of rows, each topic in a row below its prerequisites.

The first step of the layered (Sugiyama) layout. Tracks are bands, top to
bottom in learning order; a band's first row is its heading. Inside a band a
topic goes in the first row below every prerequisite of the same track (a
prerequisite in an earlier track is above it anyway) that has room left: a
row holds as many boxes as fit the width it is given, so a wide layer wraps
onto the next rows instead of making the graph wider than the page. Topics are
taken in a topological order that keeps the data's order where it can, which
keeps each chain of prerequisites together. A prerequisite that would close a
cycle is not followed (the edge is drawn against the flow).
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
