"""``llm-roadmap tracks``: the tracks in order."""

from typing import Optional

import click

from ..model import Lang, Track
from ..serialize import to_data
from ._entries import bar, existing_progress, origin
from ._group import RoadmapCommand, nothing_found
from ._screen import Column, emit_json, is_terminal, table, text, tr, word
from ._settings import command_options, load_roadmap, resolve_lang, settings


@click.command(cls=RoadmapCommand)
@command_options
def tracks(lang: Optional[Lang]) -> None:
    """List the tracks in order."""
    rm = load_roadmap()
    progress = existing_progress()
    # Progress per track, only once something is marked: output stays as it was before.
    done = {} if progress is None else {t.track.id: t for t in progress.report(rm).tracks}
    if settings().json:
        emit_json(
            [
                {
                    "id": t.id,
                    "order": t.order,
                    "title": to_data(t.title),
                    "summary": to_data(t.summary),
                    "emphasis": t.emphasis.value,
                    "topic_count": len(t.topics),
                    "topics": [topic.id for topic in t.topics],
                    "provenance": to_data(t.provenance),
                    **(
                        {
                            "progress": {
                                "status": done[t.id].status.value,
                                "settled": done[t.id].settled,
                                "total": done[t.id].total,
                            }
                        }
                        if t.id in done
                        else {}
                    ),
                }
                for t in rm.tracks
            ]
        )
        if not rm.tracks:
            raise click.exceptions.Exit(1)
        return
    chosen = resolve_lang(lang)
    if not rm.tracks:
        nothing_found(tr(chosen, "没有任何路线。", "No tracks."))
    table(
        [
            Column("#", justify="right", wrap=False, priority=2),
            Column("id", style="cyan", wrap=False, priority=0),
            Column(tr(chosen, "标题", "title"), priority=0),
            Column(tr(chosen, "主题数", "topics"), justify="right", wrap=False, priority=2),
            Column(tr(chosen, "侧重", "emphasis"), wrap=False, priority=3),
            Column(tr(chosen, "来源", "origin"), style="dim", priority=4),
            # Last, as piped scripts expect; on a narrow screen it outlasts the three before.
            *([Column(tr(chosen, "进度", "progress"), wrap=False, priority=1)] if done else []),
        ],
        [
            [
                i,
                t.id,
                text(t.title, chosen),
                len(t.topics),
                word(t.emphasis, chosen),
                origin(t.provenance),
                *([_progress_cell(done[t.id].fraction, done[t.id].settled, t)] if done else []),
            ]
            for i, t in enumerate(rm.tracks, 1)
        ],
        lang=chosen,
        title=tr(chosen, "路线", "Tracks"),
    )


def _progress_cell(fraction: float, settled: int, track: Track) -> str:
    count = f"{settled}/{len(track.topics)}"
    return f"{bar(fraction, 10)} {count}" if is_terminal() else count
