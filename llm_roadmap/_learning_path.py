"""`Roadmap.path`: the topics needed for a goal, prerequisites first, in a stable order."""

import heapq
from collections.abc import Iterable, Mapping

from .model import Topic

__all__ = ["ordered_path"]


def ordered_path(
    wanted: Iterable[str], topics: Mapping[str, Topic], position: Mapping[str, int]
) -> tuple[Topic, ...]:
    """The topics ``wanted`` and all their prerequisites, each after what it needs.

    Args:
        wanted: Ids of the topics to reach.
        topics: Every topic by id (prerequisites naming no topic are ignored).
        position: Each topic's place in the roadmap: among the topics whose
            prerequisites are met, the earliest comes first.
    """
    needed: set[str] = set()
    stack = list(wanted)
    while stack:
        topic_id = stack.pop()
        if topic_id in needed or topic_id not in topics:
            continue
        needed.add(topic_id)
        stack.extend(topics[topic_id].prerequisites)
    # Kahn's algorithm with a heap on roadmap position: stable, and a topic
    # comes as early as its prerequisites allow.
    waiting = {t: {p for p in topics[t].prerequisites if p in needed} for t in needed}
    dependants: dict[str, list[str]] = {}
    for topic_id, prerequisites in waiting.items():
        for p in prerequisites:
            dependants.setdefault(p, []).append(topic_id)
    ready = [(position[t], t) for t, pre in waiting.items() if not pre]
    heapq.heapify(ready)
    ordered: list[Topic] = []
    while ready:
        _, topic_id = heapq.heappop(ready)
        ordered.append(topics[topic_id])
        for dependant in dependants.get(topic_id, ()):
            waiting[dependant].discard(topic_id)
            if not waiting[dependant]:
                heapq.heappush(ready, (position[dependant], dependant))
    return tuple(ordered)
