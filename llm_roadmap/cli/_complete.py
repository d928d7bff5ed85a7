"""Shell completion of ids: tracks, topics, resources and exporters, from the loaded roadmap.

click completes commands and options by itself; these functions, given as
``shell_complete=`` to an argument or option, complete the values that come
from the roadmap. They load it as the command would (``--data`` paths on the
command line being completed are honoured, installed plugins included), and
never fail: a roadmap that does not load completes to nothing.
"""

from typing import TYPE_CHECKING, Any, Callable

import click

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from ..roadmap import Roadmap

__all__ = [
    "complete_exporters",
    "complete_ids",
    "complete_resources",
    "complete_targets",
    "complete_topics",
    "complete_tracks",
]

Completer = Callable[[click.Context, click.Parameter, str], "list[CompletionItem]"]


def _roadmap(ctx: click.Context) -> "Roadmap":
    from ..loading import load

    # During completion the group's callback does not run, so the --data
    # paths already typed are read from the parsed parameters.
    data = ctx.find_root().params.get("data") or ()
    # Standard input (--data -) is the command's to read, not completion's.
    return load(paths=tuple(path for path in data if path != "-"))


def _lang(ctx: click.Context) -> Any:
    from ._settings import default_lang

    chosen = ctx.params.get("lang") or ctx.find_root().params.get("lang")
    return chosen if chosen is not None else default_lang()


def _items(ctx: click.Context, incomplete: str, pick: Callable[..., Any]) -> "list[CompletionItem]":
    from click.shell_completion import CompletionItem

    try:
        roadmap = _roadmap(ctx)
        lang = _lang(ctx)
        entries = pick(roadmap)
    except Exception:
        return []
    return [
        CompletionItem(entry.id, help=entry.title.get(lang))
        for entry in entries
        if entry.id.startswith(incomplete)
    ]


def complete_tracks(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> "list[CompletionItem]":
    """Complete a track id (its title as the help text, for zsh and fish)."""
    return _items(ctx, incomplete, lambda rm: rm.tracks)


def complete_topics(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> "list[CompletionItem]":
    """Complete a topic id."""
    return _items(ctx, incomplete, lambda rm: rm.topics)


def complete_targets(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> "list[CompletionItem]":
    """Complete a track or a topic id (``show``, ``path``)."""
    return _items(ctx, incomplete, lambda rm: (*rm.tracks, *rm.topics))


def complete_resources(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> "list[CompletionItem]":
    """Complete a resource id."""
    return _items(ctx, incomplete, lambda rm: rm.resources)


def complete_ids(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> "list[CompletionItem]":
    """Complete any id: a track, topic or resource."""
    return _items(ctx, incomplete, lambda rm: (*rm.tracks, *rm.topics, *rm.resources))


def complete_exporters(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> "list[CompletionItem]":
    """Complete an exporter id (plugins' too)."""
    return _items(ctx, incomplete, lambda rm: sorted(rm.exporters.values(), key=lambda e: e.id))
