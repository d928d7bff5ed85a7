"""Shell completion of ids: tracks, topics and exporters, from the loaded roadmap.

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

Completer = Callable[[click.Context, click.Parameter, str], "list[CompletionItem]"]


def _completer(pick: Callable[["Roadmap"], Any]) -> Completer:
    """A completer of the ids of the entries ``pick`` takes from the roadmap (titles as help)."""

    def complete(
        ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> "list[CompletionItem]":
        from click.shell_completion import CompletionItem

        from ..loading import load
        from ._settings import default_lang

        try:
            # During completion the group's callback does not run, so the --data
            # paths already typed are read from the parsed parameters. Standard
            # input (--data -) is the command's to read, not completion's.
            data = ctx.find_root().params.get("data") or ()
            entries = pick(load(paths=tuple(path for path in data if path != "-")))
            lang = ctx.params.get("lang") or ctx.find_root().params.get("lang") or default_lang()
        except Exception:
            return []
        return [
            CompletionItem(entry.id, help=entry.title.get(lang))
            for entry in entries
            if entry.id.startswith(incomplete)
        ]

    return complete


complete_tracks = _completer(lambda rm: rm.tracks)
complete_topics = _completer(lambda rm: rm.topics)
# A track or a topic (show, path).
complete_targets = _completer(lambda rm: (*rm.tracks, *rm.topics))
# Plugins' exporters too.
complete_exporters = _completer(lambda rm: sorted(rm.exporters.values(), key=lambda e: e.id))
