"""The graph's layout, computed at export time: a layered (Sugiyama) drawing with routed edges.

The classic steps:

1. ``graph``: tracks are bands top to bottom, each opened by a heading
   row; a topic goes in a row below its prerequisites, rows no wider than
   the page;
2. ``graph``: an edge longer than one row gets a dummy point in each row it
   passes (edges from one topic share them);
3. ``positions``: the items of each row ordered for few crossings;
4. ``positions``: horizontal positions, boxes and dummy points apart by at
   least a gap, long edges straight;
5. here: ports (the edges into or out of a box meet it at distinct points),
   row heights from the measured titles, and each edge's path: straight down
   through a row (in a gap between boxes), an S-curve across the gap between
   two rows. No edge passes through a box other than its ends.

The page gets the rows and the horizontal positions and recomputes the
vertical ones from the heights the browser measures (see ``docs/html.md``);
the heights here are estimates from the text (``text``), used when nothing
measures them.
"""

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Optional

import attrs

from .graph import NODE, Band, Fits, Graph, Layering, build, layering, node
from .positions import Spacing, isotonic, min_width, order, place, straighten
from .text import line_count, text_em

if TYPE_CHECKING:
    from ....model import Track

__all__ = ["WIDTHS", "Box", "Edge", "Layout", "Metrics", "Row", "layouts"]

WIDTHS = (1340, 1100, 860, 620)
"""The widths (pixels) the page's graph is laid out for; a narrower screen gets the flow."""


@attrs.frozen
class Metrics:
    """The sizes of the drawing, in CSS pixels; the page's style sheet agrees with them."""

    node_width: int = 200
    min_node_height: int = 48
    font: float = 14.0
    line: float = 18.5
    node_pad_x: float = 40.0
    """A box's left and right padding and borders: the title wraps in the rest."""
    node_pad_y: float = 18.0
    head_font: float = 15.0
    head_height: int = 40
    head_pad_x: float = 28.0
    row_gap: int = 44
    """Between two rows: where the edges change lanes."""
    head_gap: int = 26
    """Between a band's heading and its first row of topics."""
    margin_x: int = 20
    top: int = 8
    band_pad_top: int = 8
    band_pad_bottom: int = 14
    band_gap: int = 22
    band_inset: int = 16
    """How far a band reaches beyond the outermost boxes."""
    port_gap: float = 12.0
    """The least distance between two edges at a box."""
    spacing: Spacing = attrs.field(factory=Spacing)

    def as_json(self) -> dict[str, float]:
        """What the page needs to place the rows again after measuring them."""
        return {
            "rowGap": self.row_gap,
            "headGap": self.head_gap,
            "top": self.top,
            "padTop": self.band_pad_top,
            "padBottom": self.band_pad_bottom,
            "bandGap": self.band_gap,
            "minNode": self.min_node_height,
            "minHead": self.head_height,
        }


@attrs.frozen
class Box:
    """A rectangle in the graph's pixel space."""

    x: int
    y: int
    w: int
    h: int


@attrs.frozen
class Row:
    """A row of the graph: its band, whether it is the band's heading, its top and height."""

    band: str
    heading: bool
    y: int
    h: int


@attrs.frozen
class Edge:
    """A prerequisite edge: from ``source`` (learn first) to ``target``.

    Attributes:
        source: The prerequisite.
        target: The topic that needs it.
        cross: The two topics are in different tracks.
        upward: The prerequisite is below the topic (a later track, or a cycle).
        points: ``(x, row)`` from the upper end to the lower: the port on the
            upper box's bottom, a point per row passed (the edge runs down
            through that row), the port on the lower box's top.
        path: The SVG path, from source to target, at the estimated heights.
    """

    source: str
    target: str
    cross: bool
    upward: bool
    points: tuple[tuple[int, int], ...]
    path: str


@attrs.frozen
class Layout:
    """Where everything goes at one width."""

    width: int
    height: int
    rows: tuple[Row, ...]
    bands: dict[str, Box]
    heads: dict[str, Box]
    nodes: dict[str, Box]
    row_of: dict[str, int]
    edges: list[Edge]
    metrics: Metrics


def _heads(
    tracks: Sequence["Track"], metrics: Metrics, max_width: float
) -> tuple[dict[str, float], dict[str, int]]:
    """Each band heading's width and height, estimated from its title in both languages."""
    head_width: dict[str, float] = {}
    head_height: dict[str, int] = {}
    widest = min(460.0, max_width * 0.45)
    for t_number, track in enumerate(tracks, 1):
        titles = {f"{t_number} {track.title.zh}", f"{t_number} {track.title.en}"}
        # The title, a possible emphasis tag, and a progress bar with its words beside it.
        wanted = max(text_em(t) for t in titles) * metrics.head_font * 1.05 + 90
        wanted = max(wanted, 300.0)
        head_width[track.id] = min(wanted + metrics.head_pad_x, widest)
        lines = max(
            line_count(t, (head_width[track.id] - metrics.head_pad_x) / metrics.head_font)
            for t in titles
        )
        # A line more for the study hours under the bar, when the track has any.
        timed = any(p.hours is not None for t in track.topics for p in t.resources)
        lines += 1 if timed else 0
        head_height[track.id] = round(metrics.head_height + (lines - 1) * metrics.line + 22)
    return head_width, head_height


def _boxes(tracks: Sequence["Track"], metrics: Metrics) -> dict[str, int]:
    """Each box's height, estimated from its numbered title in both languages."""
    box_height: dict[str, int] = {}
    inner = (metrics.node_width - metrics.node_pad_x) / metrics.font
    for t_number, track in enumerate(tracks, 1):
        for p_number, topic in enumerate(track.topics, 1):
            number = f"{t_number}.{p_number} "
            # Bold boxes (essential topics) set their title a little wider.
            scale = 1.08 if topic.emphasis.value == "essential" else 1.0
            lines = max(
                line_count(number + title, inner / scale)
                for title in (topic.title.zh, topic.title.en)
            )
            height = metrics.node_pad_y + lines * metrics.line
            box_height[topic.id] = max(metrics.min_node_height, round(height))
    return box_height


def _layered(
    bands: Sequence[Band],
    topics: Sequence[str],
    prerequisites: Mapping[str, Sequence[str]],
    head_width: Mapping[str, float],
    metrics: Metrics,
    max_width: float,
) -> Layering:
    """The rows, fewer boxes in a row where edges passing it need the room."""
    less: dict[str, dict[int, float]] = {band.id: {} for band in bands}
    for _ in range(8):
        fits = {
            band.id: Fits(max_width, metrics.node_width, metrics.spacing.box, less[band.id])
            for band in bands
        }
        rows = layering(bands, prerequisites, fits)
        graph = build(rows, topics, prerequisites, metrics.node_width, head_width)
        over = False
        for number, row in enumerate(graph.rows):
            boxes = sum(1 for k in row if graph.kind[k] == NODE)
            need = min_width(row, graph, metrics.spacing)
            if boxes > 1 and need > max_width:
                band = rows.bands[number]
                local = number - rows.heads[band] - 1
                less[band][local] = less[band].get(local, 0.0) + need - max_width
                over = True
        if not over:
            break
    return rows


@attrs.frozen
class _Plan:
    """The rows and their order: what a narrower width can reuse when every row fits it."""

    layering: Layering
    order: list[list[str]]


def _ports(
    item: str, ends: Sequence[str], x: Mapping[str, float], graph: Graph, metrics: Metrics
) -> dict[str, float]:
    """Where the segments to ``ends`` meet box ``item``: apart, in order, under them if they can."""
    if not ends:
        return {}
    ends = sorted(ends, key=lambda e: (x[e], graph.rank[e]))
    half = graph.width[item] / 2
    low, high = x[item] - half + 10, x[item] + half - 10
    gap = min(metrics.port_gap, (high - low) / max(len(ends) - 1, 1))
    wishes = [min(max(x[e], low), high) - i * gap for i, e in enumerate(ends)]
    fitted = isotonic(wishes, [1.0] * len(ends))
    top = high - (len(ends) - 1) * gap
    return {e: min(max(v, low), top) + i * gap for i, (e, v) in enumerate(zip(ends, fitted))}


def path(points: Sequence[tuple[float, float]]) -> str:
    """An SVG path through ``points``: vertical lines through rows, S-curves across the gaps.

    ``points`` alternate between a gap's two sides and a row's top and
    bottom: the first pair crosses a gap, the next runs down a row, and so on.
    An S-curve with vertical tangents stays between the ys of its ends, so it
    never leaves its gap.
    """
    x0, y0 = points[0]
    parts = [f"M{x0:g} {y0:g}"]
    for i in range(1, len(points)):
        (xa, ya), (xb, yb) = points[i - 1], points[i]
        if i % 2:  # across a gap
            mid = (ya + yb) / 2
            parts.append(f"C{xa:g} {mid:g} {xb:g} {mid:g} {xb:g} {yb:g}")
        else:  # down through a row
            parts.append(f"L{xb:g} {yb:g}")
    return "".join(parts)


def row_tops(
    bands: Sequence[str], heights: Sequence[float], metrics: Metrics
) -> tuple[list[float], dict[str, tuple[float, float]], float]:
    """The top of each row, each band's top and bottom, and the height of the whole graph.

    The page does the same sum with the heights it measures.
    """
    tops: list[float] = []
    extent: dict[str, tuple[float, float]] = {}
    y = float(metrics.top)
    for i, band in enumerate(bands):
        first = i == 0 or bands[i - 1] != band
        last = i + 1 == len(bands) or bands[i + 1] != band
        if first:
            band_top = y
            y += metrics.band_pad_top
        tops.append(y)
        y += heights[i]
        if last:
            y += metrics.band_pad_bottom
            extent[band] = (band_top, y)
            y += metrics.band_gap
        else:
            y += metrics.head_gap if first else metrics.row_gap
    return tops, extent, y - metrics.band_gap + metrics.top


def _draw(
    tracks: Sequence["Track"],
    plan: _Plan,
    graph: Graph,
    heads_size: tuple[dict[str, float], dict[str, int]],
    box_height: Mapping[str, int],
    max_width: int,
    metrics: Metrics,
) -> Layout:
    """Positions, ports, heights and paths for the rows of ``plan`` (joined by ``graph``)."""
    content = max_width - 2 * metrics.margin_x
    head_width, head_height = heads_size
    topics = [topic.id for track in tracks for topic in track.topics]
    row_bands, heads = plan.layering.bands, plan.layering.heads
    rows = plan.order
    needed = max((min_width(row, graph, metrics.spacing) for row in rows), default=0.0)
    # Some room beyond the widest row lets edges run straight; never past the page.
    room = max(needed, min(content, needed * 1.1 + 60))
    x = place(rows, graph, metrics.spacing, room)
    straighten(rows, graph, metrics.spacing, x, room)
    right = max((x[k] + graph.width[k] / 2 for row in rows for k in row), default=0.0)
    width = round(right) + 2 * metrics.margin_x

    heading_rows = set(heads.values())
    heights = [
        head_height[row_bands[i]]
        if i in heading_rows
        else max([box_height[k[2:]] for k in row if graph.kind[k] == NODE] or [0])
        for i, row in enumerate(rows)
    ]
    tops, extent, height = row_tops(row_bands, heights, metrics)

    shift = metrics.margin_x
    nodes: dict[str, Box] = {}
    for topic in topics:
        key = node(topic)
        i = graph.row_of[key]
        left = round(x[key] - metrics.node_width / 2) + shift
        nodes[topic] = Box(left, round(tops[i]), metrics.node_width, round(heights[i]))
    heads_out = {
        track: Box(shift, round(tops[i]), round(head_width[track]), round(heights[i]))
        for track, i in heads.items()
    }
    band_boxes = {
        track.id: Box(
            shift - metrics.band_inset,
            round(extent[track.id][0]),
            round(right) + 2 * metrics.band_inset,
            round(extent[track.id][1] - extent[track.id][0]),
        )
        for track in tracks
    }
    bottoms = {k: _ports(k, graph.down.get(k, ()), x, graph, metrics) for k in graph.kind}
    tops_ports = {k: _ports(k, graph.up.get(k, ()), x, graph, metrics) for k in graph.kind}
    track_of = {topic.id: track.id for track in tracks for topic in track.topics}
    edges: list[Edge] = []
    for route in graph.routes:
        items = route.items
        points = [(round(bottoms[items[0]][items[1]]) + shift, graph.row_of[items[0]])]
        points += [(round(x[k]) + shift, graph.row_of[k]) for k in items[1:-1]]
        points.append((round(tops_ports[items[-1]][items[-2]]) + shift, graph.row_of[items[-1]]))
        drawn: list[tuple[float, float]] = [
            (points[0][0], tops[points[0][1]] + heights[points[0][1]])
        ]
        for px, row in points[1:-1]:
            drawn += [(px, tops[row]), (px, tops[row] + heights[row])]
        drawn.append((points[-1][0], tops[points[-1][1]]))
        if route.upward:
            drawn.reverse()
        edges.append(
            Edge(
                source=route.source,
                target=route.target,
                cross=track_of[route.source] != track_of[route.target],
                upward=route.upward,
                points=tuple(points),
                path=path(drawn),
            )
        )
    return Layout(
        width=width,
        height=round(height),
        rows=tuple(
            Row(band=b, heading=i in heading_rows, y=round(tops[i]), h=round(heights[i]))
            for i, b in enumerate(row_bands)
        ),
        bands=band_boxes,
        heads=heads_out,
        nodes=nodes,
        row_of={topic: graph.row_of[node(topic)] for topic in topics},
        edges=edges,
        metrics=metrics,
    )


def layouts(tracks: Sequence["Track"], widths: Sequence[int] = WIDTHS) -> list[Layout]:
    """The layouts for the page: one per width in ``widths`` (widest first) that differs.

    Each is at most its width wide, margins included (wider only if a row
    cannot fit). A narrower width is laid out only when the layout before it
    does not fit it, and keeps the rows of the one before when they all fit.
    """
    metrics = Metrics()
    topics = [topic.id for track in tracks for topic in track.topics]
    known = set(topics)
    prerequisites = {
        topic.id: [p for p in dict.fromkeys(topic.prerequisites) if p in known and p != topic.id]
        for track in tracks
        for topic in track.topics
    }
    bands = [Band(track.id, tuple(t.id for t in track.topics)) for track in tracks]
    boxes = _boxes(tracks, metrics)
    found: list[Layout] = []
    plan: Optional[_Plan] = None
    for width in widths:
        if found and found[-1].width <= width:
            continue
        content = width - 2 * metrics.margin_x
        heads_size = _heads(tracks, metrics, content)
        fits = False
        if plan is not None:
            graph = build(plan.layering, topics, prerequisites, metrics.node_width, heads_size[0])
            fits = all(min_width(row, graph, metrics.spacing) <= content for row in plan.order)
        if plan is None or not fits:
            rows = _layered(bands, topics, prerequisites, heads_size[0], metrics, content)
            graph = build(rows, topics, prerequisites, metrics.node_width, heads_size[0])
            plan = _Plan(rows, order(graph))
        found.append(_draw(tracks, plan, graph, heads_size, boxes, width, metrics))
    return found
