"""What the browsing and progress commands share: entries, their origin and JSON, items, progress.

An item is how a resource is shown under a step (``path``, ``show``, ``next``).

``tracks`` and ``path`` use `existing_progress` to show progress only where
there is some, so that their output without a progress file stays as it was.
The progress code is imported when there is a file to read: without one,
``tracks`` and ``path`` pay nothing for it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Optional, Union

import click

from ..errors import NotFoundError
from ..model import Lang, Placement, Provenance, Resource, Topic, Track
from ..roadmap import Roadmap, StudyTime
from ..util.env import PROGRESS_FILE, data_dir
from ._screen import Page, Span, word

if TYPE_CHECKING:
    from ..progress import Progress


def origin(provenance: Optional[Provenance]) -> str:
    """Name where an entry came from: ``distribution version``, or ``local`` for ``--data``."""
    if provenance is None:
        return ""
    if not provenance.version:
        return provenance.distribution
    return f"{provenance.distribution} {provenance.version}"


def find_entry(rm: Roadmap, target: str) -> Union[Track, Topic]:
    """Return the track or topic with id ``target`` (tracks first).

    Raises:
        NotFoundError: Neither exists; it suggests close ids.
    """
    # Looked up without raising: a miss of `rm.track` would work out its
    # suggestions (difflib) for every topic shown.
    entries: tuple[Union[Track, Topic], ...] = (*rm.tracks, *rm.topics)
    for entry in entries:
        if entry.id == target:
            return entry
    known = [t.id for t in rm.tracks] + [t.id for t in rm.topics]
    import difflib  # by the first unknown id only

    raise NotFoundError(
        "track or topic", target, difflib.get_close_matches(target, known, n=3, cutoff=0.6)
    )


def time_json(time: StudyTime) -> dict[str, object]:
    """A study time for ``--json``: its hours and whether some are unknown."""
    return {"hours": time.hours, "unknown": time.unknown}


def role_label(placement: Placement, lang: Lang) -> str:
    """The role of a placement in ``lang``, with its group: ``pick one (basics-book)``."""
    label = word(placement.role, lang)
    if placement.group:
        label += f" ({placement.group})"
    return label


def labelled(lang: Lang, zh: str, en: str, value: str) -> str:
    """``label: value`` with the colon of the language (full-width in Chinese)."""
    return f"{zh}：{value}" if lang is Lang.ZH else f"{en}: {value}".rstrip()


def resource_item(
    out: Page,
    resource: Resource,
    lang: Lang,
    *,
    details: Sequence[str],
    url: str,
    note: str = "",
    status: str = "",
    also: Sequence[tuple[str, str]] = (),
    bullet: str = "   - ",
) -> None:
    """A resource under a step: its title and id, then details and the URL, its note, more links.

    ::

       - [learning] Attention Is All You Need (attention-is-all-you-need)
         paper · advanced · https://arxiv.org/abs/1706.03762
         Read sections 1 to 3 first.
         also: Chinese translation https://...

    Args:
        out: The page.
        resource: The resource.
        lang: The language of its title.
        details: Words before the URL (kind, level, role...), joined by `` · ``.
        url: The link to open.
        note: The curators' note on it here.
        status: The learner's status, shown in brackets before the title.
        also: Further links, ``(label, url)``.
        bullet: What starts the first line.
    """
    pad = " " * len(bullet)
    mark = f"[{status}] " if status else ""
    out.text(
        [
            Span(mark, "yellow"),
            Span(resource.title.get(lang), "bold"),
            Span(" ("),
            Span(resource.id, "cyan"),
            Span(")"),
        ],
        bullet,
        pad + "  ",
    )
    out.text([Span(" · ".join([*details, ""])), Span(url, "blue", url)], pad, pad + "  ")
    if note:
        out.text(note, pad, pad + "  ")
    for label, link in also:
        lead = labelled(lang, "另见", "also", label)
        if label or lang is not Lang.ZH:
            lead += " "
        out.text([Span(lead), Span(link, "blue", link)], pad, pad + "  ")


# -- the learner's progress ------------------------------------------------------------------


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


def bar(fraction: float, width: int = 20) -> str:
    """A text bar such as ``█████░░░░░`` for a share from 0.0 to 1.0."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)
