"""The exceptions and warnings llm-roadmap raises, all under `RoadmapError`."""

from collections.abc import Iterable
from typing import Optional

import attrs

__all__ = [
    "DataError",
    "ExportError",
    "IdentityWarning",
    "NetworkError",
    "NotFoundError",
    "PluginError",
    "PluginWarning",
    "Problem",
    "RoadmapError",
]


class RoadmapError(Exception):
    """Base of every error llm-roadmap raises on purpose."""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with the data, located as precisely as it can be.

    Attributes:
        file: The data file (or plugin, for data registered without a file).
        entry: The id of the track, topic or resource (or its position when it has no id).
        field: The dotted path of the field inside the entry, or ``""`` for the entry itself.
        message: What is wrong, in one line.
        kind: What the entry is: ``"track"``, ``"topic"``, ``"resource"``,
            ``"extension"``, or ``""`` for the file as a whole.
    """

    file: str
    entry: str
    field: str
    message: str
    kind: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.entry:
            where += f": {self.kind} {self.entry!r}" if self.kind else f": {self.entry}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message}"


class DataError(RoadmapError):
    """The data did not validate; `problems` lists every problem found.

    Attributes:
        problems: Every problem, in file order.
    """

    def __init__(self, problems: Iterable[Problem], *, context: Optional[str] = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        head = context or "invalid roadmap data"
        count = len(self.problems)
        lines = [f"{head}: {count} problem{'s' if count != 1 else ''}"]
        lines.extend(f"  {p}" for p in self.problems)
        super().__init__("\n".join(lines))


class NotFoundError(RoadmapError, LookupError):
    """A lookup by id found nothing.

    Attributes:
        what: What was looked up (``"track"``, ``"topic"``, ``"resource"``...).
        key: The id that was asked for.
        suggestions: Known ids close to it.
    """

    def __init__(self, what: str, key: str, suggestions: Iterable[str] = ()) -> None:
        self.what = what
        self.key = key
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        message = f"no {what} with id {key!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:
        # LookupError would otherwise render the message as a repr of the args.
        return str(self.args[0])


class PluginError(RoadmapError):
    """A plugin could not be loaded, or broke a rule (only raised in strict mode)."""


class ExportError(RoadmapError):
    """An export could not be produced or written."""


class NetworkError(RoadmapError):
    """A network request failed, or the network was needed in offline mode."""


class PluginWarning(UserWarning):
    """A plugin failed and was left out; the rest of the roadmap loaded."""


class IdentityWarning(PluginWarning):
    """Two resources with different ids are the same resource (same arXiv id, DOI, URL...).

    `llm_roadmap.load` warns and keeps both; ``llm-roadmap validate`` (and
    `llm_roadmap.validate_paths`, for resources of the paths checked) reports
    it as a problem.

    Attributes:
        problem: The later resource's `Problem`; its message names the earlier
            resource's id and where it came from.
        from_paths: The later resource comes from the caller's ``paths``.
    """

    def __init__(self, problem: Problem, *, from_paths: bool = False) -> None:
        self.problem = problem
        self.from_paths = from_paths
        super().__init__(str(problem))
