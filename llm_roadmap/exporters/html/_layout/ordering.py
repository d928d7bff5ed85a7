"""The order of the items in each row: as few edge crossings as the classic heuristics find.

Sweeps down and up the rows sort each row by the barycentre of its
neighbours in the row just done, then a transposition pass swaps two
neighbours whenever that removes crossings; the best order seen is kept.
Ties fall back to the current order and then to the data's order, so the
result is the same on every run. A band's heading stays first in its row.
"""

from collections.abc import Mapping, Sequence

from .chains import HEAD, Graph

SWEEPS = 24
"""At most this many sweeps; the search stops after two without a gain."""


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
    for sweep in range(SWEEPS):
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
