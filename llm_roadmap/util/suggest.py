"""Suggestions ("did you mean ...?") for an unknown id, without comparing it with every id.

`difflib.get_close_matches` compares the unknown id with each candidate in
turn, a few microseconds each: over 100,000 resource ids, 1,000 unknown
references took minutes. Up to `EXACT_LIMIT` ids it is still asked about every
one of them (so suggestions over the bundled data, or any roadmap of a few
thousand entries, are exactly difflib's). Over more, an index of three-letter
pieces picks the `SHORTLIST` ids that share the most pieces with the unknown
one, and difflib ranks those with the same cutoff: the index is built once per
set of ids, on the first unknown id, and each lookup costs about a millisecond.
"""

import difflib
from collections import Counter
from collections.abc import Iterable
from typing import Optional

__all__ = ["EXACT_LIMIT", "SHORTLIST", "Suggester"]

EXACT_LIMIT = 2000
"""Up to this many known ids, every one is compared (difflib's own answer)."""

SHORTLIST = 64
"""Over `EXACT_LIMIT` ids, how many of those sharing the most pieces difflib ranks."""


def _pieces(text: str) -> set[str]:
    # Boundary marks make the first and last letters count, and give ids of
    # one or two characters a piece at all.
    padded = f"\x02{text}\x03"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Suggester:
    """Close matches among one fixed set of ids (build it once, ask it many times).

    Args:
        known: The ids; read once (an index is built over them only when they
            are more than `EXACT_LIMIT` and a suggestion is asked for).
    """

    def __init__(self, known: Iterable[str]) -> None:
        self._known = list(known)
        self._index: Optional[dict[str, list[str]]] = None
        self._common = 0

    def _build(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for key in self._known:
            for piece in _pieces(key):
                bucket = index.get(piece)
                if bucket is None:
                    index[piece] = [key]
                else:
                    bucket.append(key)
        # A piece most ids share (a common prefix) says nothing about which is meant.
        self._common = max(SHORTLIST, len(self._known) // 20)
        return index

    def close(self, key: str, n: int = 3, cutoff: float = 0.6) -> list[str]:
        """The ids closest to ``key``, best first, as `difflib.get_close_matches` ranks them."""
        if len(self._known) <= EXACT_LIMIT:
            return difflib.get_close_matches(key, self._known, n=n, cutoff=cutoff)
        if self._index is None:
            self._index = self._build()
        buckets = [b for b in map(self._index.get, _pieces(key)) if b]
        if not buckets:
            return []
        rare = [b for b in buckets if len(b) <= self._common] or [min(buckets, key=len)]
        counts: Counter[str] = Counter()
        for bucket in rare:
            counts.update(bucket)
        shortlist = [candidate for candidate, _ in counts.most_common(SHORTLIST)]
        return difflib.get_close_matches(key, shortlist, n=n, cutoff=cutoff)
