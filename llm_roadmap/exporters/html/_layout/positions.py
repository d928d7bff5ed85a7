"""Where the items of each row go: their order, then their horizontal positions.

Order, as few edge crossings as the classic heuristics find: sweeps down and
up the rows sort each row by the barycentre of its neighbours in the row
just done, then a transposition pass swaps two neighbours whenever that
removes crossings; the best order seen is kept. Ties fall back to the
current order and then to the data's order, so the result is the same on
every run. A band's heading stays first in its row.

Positions, each item as near as it can be to its neighbours in its row's
order: for one row, with its items in order and a least distance between
each two, the positions nearest (least squares) to where each item would
like to be are an isotonic regression after shifting each item by the room
the items before it need: the pool-adjacent-violators algorithm solves it
exactly in one pass, and clipping to the graph's width keeps the solution
optimal. Sweeps down and up the rows move each item towards the items it is
joined to; dummy points pull harder, so long edges run straight. A band's
heading stays at the left edge.
"""

from collections.abc import Mapping, Sequence

import attrs

from .graph import DUMMY, HEAD, NODE, Graph

ORDER_SWEEPS = 24
"""At most this many ordering sweeps; the search stops after two without a gain."""


def crossings_between(
    upper: Sequence[str], down: Mapping[str, Sequence[str]], pos: Mapping[str, int]
) -> int:
    """How many segments from row ``upper`` to the next row cross each other."""
    # Sorted by upper end, then lower end: two segments cross when the later one
    # ends strictly left of the earlier (segments sharing an end never cross).
    segments = sorted((pos[a], pos[b]) for a in upper for b in down.get(a, ()))
    # Those inversions counted with a Fenwick tree over the positions.
    size = max((b for _, b in segments), default=0) + 2
    tree = [0] * (size + 1)
    count = 0
    for seen, (_, b) in enumerate(segments):
        # Segments seen so far whose lower end is right of b cross this one.
        i, below = b + 1, 0
        while i > 0:
            below += tree[i]
            i -= i & -i
        count += seen - below
        i = b + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
    return count


def crossings(rows: Sequence[Sequence[str]], graph: Graph) -> int:
    """All crossings of the graph with ``rows`` in this order."""
    pos = {key: i for row in rows for i, key in enumerate(row)}
    return sum(crossings_between(row, graph.down, pos) for row in rows[:-1])


def _pair_cost(
    u: str, v: str, neighbours: Mapping[str, Sequence[str]], pos: Mapping[str, int]
) -> int:
    """Crossings of the segments of ``u`` and ``v`` to a neighbouring row, ``u`` left of ``v``."""
    return sum(1 for a in neighbours.get(u, ()) for b in neighbours.get(v, ()) if pos[a] > pos[b])


def _transpose(rows: list[list[str]], graph: Graph, pos: dict[str, int]) -> None:
    """Swap neighbours in a row while that lowers the crossings with both neighbouring rows."""
    for _ in range(4):
        better = False
        for row in rows:
            for i in range(len(row) - 1):
                u, v = row[i], row[i + 1]
                if graph.kind[u] == HEAD or graph.kind[v] == HEAD:
                    continue
                now = _pair_cost(u, v, graph.up, pos) + _pair_cost(u, v, graph.down, pos)
                swapped = _pair_cost(v, u, graph.up, pos) + _pair_cost(v, u, graph.down, pos)
                if swapped < now:
                    row[i], row[i + 1] = v, u
                    pos[u], pos[v] = i + 1, i
                    better = True
        if not better:
            return


def _sort_row(
    row: list[str],
    neighbours: Mapping[str, Sequence[str]],
    pos: dict[str, int],
    graph: Graph,
    other: int,
) -> None:
    """Sort ``row`` by the barycentre of each item's neighbours in a row of ``other`` items."""
    scale = max(other - 1, 1)
    own = max(len(row) - 1, 1)

    def key(item: str) -> tuple[float, float, float]:
        if graph.kind[item] == HEAD:
            return (-1.0, 0.0, 0.0)
        near = neighbours.get(item, ())
        # With nothing to follow, an item keeps its place.
        centre = sum(pos[n] for n in near) / len(near) / scale if near else pos[item] / own
        return (centre, pos[item] / own, graph.rank[item])

    row.sort(key=key)
    for i, item in enumerate(row):
        pos[item] = i


def order(graph: Graph) -> list[list[str]]:
    """The rows of ``graph`` with their items in the order that crosses least."""
    rows = [sorted(row, key=lambda k: (graph.kind[k] != HEAD, graph.rank[k])) for row in graph.rows]
    pos = {key: i for row in rows for i, key in enumerate(row)}
    for i in range(1, len(rows)):
        _sort_row(rows[i], graph.up, pos, graph, len(rows[i - 1]))
    _transpose(rows, graph, pos)
    best, best_count = [list(r) for r in rows], crossings(rows, graph)
    still = 0
    for sweep in range(ORDER_SWEEPS):
        if best_count == 0 or still >= 2:
            break
        if sweep % 2 == 0:
            for i in range(len(rows) - 2, -1, -1):
                _sort_row(rows[i], graph.down, pos, graph, len(rows[i + 1]))
        else:
            for i in range(1, len(rows)):
                _sort_row(rows[i], graph.up, pos, graph, len(rows[i - 1]))
        _transpose(rows, graph, pos)
        count = crossings(rows, graph)
        if count < best_count:
            best, best_count, still = [list(r) for r in rows], count, 0
        else:
            still += 1
    return best


PLACE_SWEEPS = 8


@attrs.frozen
class Spacing:
    """The least gaps between neighbours in a row, by kind, in pixels."""

    box: float = 40.0
    """Between two boxes."""
    lane: float = 14.0
    """Between a box and an edge passing it."""
    lanes: float = 12.0
    """Between two edges passing side by side."""
    heading: float = 24.0
    """Between a band's heading and what follows it."""

    def between(self, a: str, b: str) -> float:
        """The least gap between items of kinds ``a`` and ``b``."""
        if HEAD in (a, b):
            return self.heading
        if a == NODE and b == NODE:
            return self.box
        if a == DUMMY and b == DUMMY:
            return self.lanes
        return self.lane


def isotonic(values: Sequence[float], weights: Sequence[float]) -> list[float]:
    """The non-decreasing sequence nearest to ``values`` in weighted least squares (PAV)."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for value, weight in zip(values, weights):
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, c2 = blocks.pop()
            v1, w1, c1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    out: list[float] = []
    for mean, _, count in blocks:
        out.extend([mean] * int(count))
    return out


def min_width(row: Sequence[str], graph: Graph, spacing: Spacing) -> float:
    """The least width ``row`` can have."""
    if not row:
        return 0.0
    total = sum(graph.width[k] for k in row)
    return total + sum(spacing.between(graph.kind[a], graph.kind[b]) for a, b in zip(row, row[1:]))


def place_row(
    row: Sequence[str],
    graph: Graph,
    spacing: Spacing,
    wishes: Sequence[float],
    weights: Sequence[float],
    width: float,
) -> list[float]:
    """The centres of ``row``'s items nearest to ``wishes``, in order, inside ``[0, width]``."""
    offsets = [0.0]
    for a, b in zip(row, row[1:]):
        step = graph.width[a] / 2 + graph.width[b] / 2
        offsets.append(offsets[-1] + step + spacing.between(graph.kind[a], graph.kind[b]))
    fitted = isotonic([w - o for w, o in zip(wishes, offsets)], weights)
    low = graph.width[row[0]] / 2
    high = max(low, width - graph.width[row[-1]] / 2 - offsets[-1])
    return [min(max(y, low), high) + o for y, o in zip(fitted, offsets)]


def place(
    rows: Sequence[Sequence[str]], graph: Graph, spacing: Spacing, width: float
) -> dict[str, float]:
    """The centre of every item, each row inside ``[0, width]`` where it fits.

    Args:
        rows: The rows, each in its order (see `order`).
        graph: The layered graph.
        spacing: The least gaps.
        width: The width to stay within; a row that needs more takes more.
    """
    x: dict[str, float] = {}
    for row in rows:  # each row packed, centred
        if not row:
            continue
        wishes = [width / 2] * len(row)
        x.update(zip(row, place_row(row, graph, spacing, wishes, [1.0] * len(row), width)))

    def sweep(order: Sequence[Sequence[str]], *towards: Mapping[str, Sequence[str]]) -> None:
        for row in order:
            if not row:
                continue
            wishes, weights = [], []
            for key in row:
                near = [n for links in towards for n in links.get(key, ())]
                if graph.kind[key] == HEAD:
                    wishes.append(0.0)
                    weights.append(1e6)
                elif near:
                    wishes.append(sum(x[n] for n in near) / len(near))
                    weights.append(4.0 if graph.kind[key] == DUMMY else 1.0)
                else:
                    wishes.append(x[key])
                    weights.append(0.05)
            x.update(zip(row, place_row(row, graph, spacing, wishes, weights, width)))

    for number in range(PLACE_SWEEPS):
        if number % 2 == 0:
            sweep(rows, graph.up)
        else:
            sweep(rows[::-1], graph.down)
    sweep(rows, graph.up, graph.down)
    return x


def straighten(
    rows: Sequence[Sequence[str]],
    graph: Graph,
    spacing: Spacing,
    x: dict[str, float],
    width: float,
) -> None:
    """Run each trunk of dummy points straight down wherever the gaps it passes allow.

    Each dummy point may move within the gap between its neighbours in its
    row; going down a trunk, the points whose gaps share an x form one
    vertical run, set at the x of the run nearest to where they were. Only
    points move, never past a neighbour, so the order and the gaps hold.
    """
    where = {key: (r, i) for r, row in enumerate(rows) for i, key in enumerate(row)}
    trunks: dict[str, list[str]] = {}
    for row in rows:
        for key in row:
            if graph.kind[key] == DUMMY:
                trunks.setdefault(key.rsplit(":", 1)[0], []).append(key)

    def room(key: str) -> tuple[float, float]:
        r, i = where[key]
        row = rows[r]
        low, high = 0.0, max(width, x[key])
        if i > 0:
            left = row[i - 1]
            low = x[left] + graph.width[left] / 2 + spacing.between(graph.kind[left], DUMMY)
        if i + 1 < len(row):
            right = row[i + 1]
            high = x[right] - graph.width[right] / 2 - spacing.between(DUMMY, graph.kind[right])
        return low, max(low, high)

    for points in sorted(trunks.values(), key=len, reverse=True):
        run: list[str] = []
        low, high = float("-inf"), float("inf")
        for key in [*points, ""]:
            if key:
                a, b = room(key)
                if max(low, a) <= min(high, b):
                    run.append(key)
                    low, high = max(low, a), min(high, b)
                    continue
            if run:
                here = sorted(x[k] for k in run)[len(run) // 2]
                for k in run:
                    x[k] = min(max(here, low), high)
            if key:
                run = [key]
                low, high = room(key)
