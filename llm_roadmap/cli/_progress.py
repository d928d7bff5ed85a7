"""What the progress commands share: opening the learner's file, ids, statuses, bars.

``tracks`` and ``path`` use `existing_progress` to show progress only where
there is some, so that their output without a progress file stays as it was.
The progress code is imported when there is a file to read: without one,
``tracks`` and ``path`` pay nothing for it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Optional

import click

from ..model import Lang
from ..util.env import PROGRESS_FILE, data_dir
from ._errors import fail
from ._output import tr

if TYPE_CHECKING:
    from ..progress import Progress
    from ..roadmap import Roadmap

Target = tuple[str, bool]
"""An id to mark and whether it is a topic's (else a resource's)."""


@contextmanager
def _warnings_as_lines() -> Iterator[None]:
    # A damaged file's ProgressWarning reads as one "Warning: ..." line, like a plugin's.
    from ..progress import ProgressWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ProgressWarning)
        yield
    for warning in caught:
        if issubclass(warning.category, ProgressWarning):
            click.echo(f"Warning: {warning.message}", err=True)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


def open_progress() -> Progress:
    """Read the learner's progress file (a damaged one is moved aside with a warning line)."""
    from ..progress import Progress

    with _warnings_as_lines():
        return Progress.load()


@contextmanager
def editing_progress() -> Iterator[Progress]:
    """Load, change and save the learner's file under its lock (see `Progress.editing`)."""
    from ..progress import Progress

    with _warnings_as_lines(), Progress.editing() as progress:
        yield progress


def existing_progress() -> Optional[Progress]:
    """The learner's progress when anything is marked, else ``None`` (no file: nothing read)."""
    # `progress_path`'s answer, without importing the progress code.
    if not (data_dir() / PROGRESS_FILE).is_file():
        return None
    progress = open_progress()
    return progress if progress else None


def resolve_targets(rm: Roadmap, ids: Sequence[str], lang: Lang) -> list[Target]:
    """Say for each id whether it is a resource or a topic; stop on any unknown id.

    ``topic:ID`` and ``resource:ID`` choose when an id is both. Unknown ids
    stop the command before anything changes, each with the nearest known ids.
    """
    resources = {r.id for r in rm.resources}
    topics = {t.id for t in rm.topics}
    found: list[Target] = []
    problems: list[str] = []
    for item in ids:
        prefix, _, rest = item.partition(":")
        if rest and prefix in ("topic", "resource"):
            known = topics if prefix == "topic" else resources
            if rest in known:
                found.append((rest, prefix == "topic"))
                continue
            item = rest
        elif item in resources and item in topics:
            problems.append(
                tr(
                    lang,
                    f"{item!r} 既是资料也是主题：请写 resource:{item} 或 topic:{item}",
                    f"{item!r} is both a resource and a topic:"
                    f" write resource:{item} or topic:{item}",
                )
            )
            continue
        elif item in resources or item in topics:
            found.append((item, item in topics))
            continue
        import difflib

        near = difflib.get_close_matches(item, sorted(resources | topics), n=3, cutoff=0.6)
        hint = ", ".join(near)
        if near:
            problems.append(
                tr(
                    lang,
                    f"没有 id 为 {item!r} 的资料或主题；是不是：{hint}？",
                    f"no resource or topic with id {item!r}; did you mean {hint}?",
                )
            )
        else:
            problems.append(
                tr(
                    lang,
                    f"没有 id 为 {item!r} 的资料或主题",
                    f"no resource or topic with id {item!r}",
                )
            )
    if problems:
        fail("\n".join(problems) + tr(lang, "\n（未做任何更改）", "\n(nothing was changed)"))
    return found


def bar(fraction: float, width: int = 20) -> str:
    """A text bar such as ``█████░░░░░`` for a share from 0.0 to 1.0."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)
