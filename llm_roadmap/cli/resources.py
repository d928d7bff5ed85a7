"""``llm-roadmap resources``: resources filtered by kind, track, topic, tag, language, level."""

from collections.abc import Sequence
from typing import Optional

import click

from ..model import Kind, Lang, Level, Resource
from ..serialize import to_data
from ._group import RoadmapCommand, nothing_found
from ._screen import Column, emit_json, table, text, tr, word
from ._settings import (
    command_options,
    complete_topics,
    complete_tracks,
    load_roadmap,
    resolve_lang,
    settings,
)


def _resource_rows(found: Sequence[Resource], lang: Lang) -> list[list[object]]:
    return [
        [
            r.id,
            text(r.title, lang),
            word(r.kind, lang),
            r.year or "",
            r.language,
            word(r.level, lang) if r.level else "",
            tr(lang, "免费", "free") if r.free else tr(lang, "付费", "paid"),
            r.url,
        ]
        for r in found
    ]


@click.command(cls=RoadmapCommand)
@click.option("--kind", "kinds", multiple=True, type=click.Choice([k.value for k in Kind]))
@click.option(
    "--track",
    "track_ids",
    multiple=True,
    shell_complete=complete_tracks,
    metavar="TRACK",
)
@click.option(
    "--topic",
    "topic_ids",
    multiple=True,
    shell_complete=complete_topics,
    metavar="TOPIC",
)
@click.option("--tag", "tags", multiple=True, metavar="TAG")
@click.option("--language", "languages", multiple=True, metavar="CODE")
@click.option("--level", "levels", multiple=True, type=click.Choice([v.value for v in Level]))
@click.option("--free/--not-free", "free", default=None)
@command_options
def resources(
    kinds: tuple[str, ...],
    track_ids: tuple[str, ...],
    topic_ids: tuple[str, ...],
    tags: tuple[str, ...],
    languages: tuple[str, ...],
    levels: tuple[str, ...],
    free: Optional[bool],
    lang: Optional[Lang],
) -> None:
    """List resources, filtered."""
    rm = load_roadmap()
    found = rm.filter(
        kind=kinds or None,
        track=track_ids or None,
        topic=topic_ids or None,
        tag=tags or None,
        language=languages or None,
        level=levels or None,
        free=free,
    )
    if settings().json:
        emit_json([to_data(r) for r in found])
        if not found:
            raise click.exceptions.Exit(1)
        return
    chosen = resolve_lang(lang)
    if not found:
        nothing_found(tr(chosen, "没有符合条件的资源。", "No resources match."))
    table(
        [
            Column("id", style="cyan", wrap=False, priority=0),
            Column(tr(chosen, "标题", "title"), priority=0),
            Column(tr(chosen, "类型", "kind"), wrap=False, priority=2),
            Column(tr(chosen, "年份", "year"), justify="right", wrap=False, priority=4),
            Column(tr(chosen, "语言", "lang"), wrap=False, priority=4),
            Column(tr(chosen, "难度", "level"), wrap=False, priority=3),
            Column(tr(chosen, "免费", "free"), wrap=False, priority=5),
            Column("url", style="blue", wrap=False, priority=0, link=True),
        ],
        _resource_rows(found, chosen),
        lang=chosen,
        title=tr(chosen, f"资源（{len(found)}）", f"Resources ({len(found)})"),
    )
