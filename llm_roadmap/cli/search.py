"""``llm-roadmap search``: tracks, topics and resources that match every word of a query."""

from typing import Optional

import click

from ..model import Lang, Topic
from ..serialize import to_data
from ._group import RoadmapCommand, nothing_found
from ._screen import Column, emit_json, table, text, tr
from ._settings import command_options, load_roadmap, resolve_lang, settings
from ._words import interface_word


@click.command(cls=RoadmapCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@command_options
def search(query: tuple[str, ...], limit: int, lang: Optional[Lang]) -> None:
    """Search tracks, topics and resources."""
    rm = load_roadmap()
    found = rm.search(" ".join(query))
    hits = found[:limit]
    if settings().json:
        emit_json(
            [
                {
                    "type": hit.kind,
                    "id": hit.item.id,
                    "title": to_data(hit.item.title),
                    "track": hit.item.track if isinstance(hit.item, Topic) else None,
                    "score": hit.score,
                    "fields": list(hit.fields),
                    "provenance": to_data(hit.item.provenance),
                }
                for hit in hits
            ]
        )
        if not hits:
            raise click.exceptions.Exit(1)
        return
    chosen = resolve_lang(lang)
    if not hits:
        words = " ".join(query)
        nothing_found(tr(chosen, f"没有找到：{words}", f"Nothing found for: {words}"))
    table(
        [
            Column(tr(chosen, "类别", "type"), wrap=False, priority=1),
            Column("id", style="cyan", wrap=False, priority=0),
            Column(tr(chosen, "标题", "title"), priority=0),
            Column(tr(chosen, "得分", "score"), justify="right", wrap=False, priority=3),
            Column(tr(chosen, "匹配", "matched"), style="dim", priority=2),
        ],
        [
            [
                interface_word(hit.kind, chosen),
                hit.item.id,
                text(hit.item.title, chosen),
                f"{hit.score:g}",
                tr(chosen, "、", ", ").join(
                    dict.fromkeys(interface_word(f, chosen) for f in hit.fields)
                ),
            ]
            for hit in hits
        ],
        lang=chosen,
    )
    if len(found) > len(hits):
        # On stderr: the table (tab-separated when piped) stays the hits alone.
        click.echo(
            tr(
                chosen,
                f"共 {len(found)} 条，显示前 {len(hits)} 条；用 --limit {len(found)} 显示全部",
                f"{len(hits)} of {len(found)} hits shown; --limit {len(found)} shows them all",
            ),
            err=True,
        )
