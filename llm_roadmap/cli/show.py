"""``llm-roadmap show``: a track or a topic with its resources, plain or as a rich page."""

from collections.abc import Sequence
from typing import Optional, Union

import click

from ..model import Lang, Topic, Track
from ..roadmap import Roadmap
from ._complete import complete_targets
from ._entries import find_entry, origin, role_label, topic_json, track_json
from ._output import console, emit_json, is_terminal, plain, text, tr, word
from ._settings import command_options, load_roadmap, resolve_lang, settings

__all__ = ["show"]


@click.command()
@click.argument("target", metavar="TRACK_OR_TOPIC", shell_complete=complete_targets)
@command_options
def show(target: str, lang: Optional[Lang]) -> None:
    """Show a track or a topic with its resources.

    A track shows each of its topics; a topic shows itself. Each topic lists
    its concepts, prerequisites and resources with their role (core, optional,
    pick one of a group) and notes.
    """
    rm = load_roadmap()
    found = find_entry(rm, target)
    if settings().json:
        emit_json(track_json(rm, found) if isinstance(found, Track) else topic_json(rm, found))
        return
    topics = found.topics if isinstance(found, Track) else (found,)
    chosen = resolve_lang(lang)
    if is_terminal():
        _show_rich(rm, found, topics, chosen)
    else:
        _show_plain(rm, found, topics, chosen)


def _show_plain(
    rm: Roadmap, found: Union[Track, Topic], topics: Sequence[Topic], lang: Lang
) -> None:
    if isinstance(found, Track):
        click.echo(f"{found.id}\t{plain(text(found.title, lang))}")
        click.echo(f"  {plain(text(found.summary, lang))}")
        emphasis, source = tr(lang, "侧重", "emphasis"), tr(lang, "来源", "origin")
        click.echo(
            f"  {emphasis}: {word(found.emphasis, lang)}; {source}: {origin(found.provenance)}"
        )
        if found.note:
            click.echo(f"  {tr(lang, '建议', 'note')}: {plain(text(found.note, lang))}")
    for number, topic in enumerate(topics, 1):
        click.echo("")
        prefix = f"{number}. " if isinstance(found, Track) else ""
        click.echo(
            f"{prefix}{topic.id}\t{plain(text(topic.title, lang))}\t[{word(topic.emphasis, lang)}]"
        )
        indent = " " * len(prefix) if prefix else "  "
        click.echo(f"{indent}{plain(text(topic.summary, lang))}")
        if isinstance(found, Topic):
            click.echo(f"{indent}{tr(lang, '路线', 'track')}: {topic.track}")
        if topic.concepts:
            click.echo(
                f"{indent}{tr(lang, '概念', 'concepts')}: "
                + "; ".join(plain(text(c, lang)) for c in topic.concepts)
            )
        if topic.prerequisites:
            click.echo(
                f"{indent}{tr(lang, '前置', 'prerequisites')}: " + ", ".join(topic.prerequisites)
            )
        if topic.note:
            click.echo(f"{indent}{tr(lang, '建议', 'note')}: {plain(text(topic.note, lang))}")
        for placement in topic.resources:
            resource = rm.resource(placement.resource)
            click.echo(
                f"{indent}- {role_label(placement, lang)}\t{resource.id}"
                f"\t{plain(text(resource.title, lang))}"
                f"\t{word(resource.kind, lang)}\t{resource.url}"
            )
            if placement.note:
                click.echo(f"{indent}    {plain(text(placement.note, lang))}")


def _show_rich(
    rm: Roadmap, found: Union[Track, Topic], topics: Sequence[Topic], lang: Lang
) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    if isinstance(found, Track):
        out.print(
            f"[bold]{escape(text(found.title, lang))}[/bold]  [cyan]{found.id}[/cyan]  "
            f"[dim]{escape(origin(found.provenance))}[/dim]"
        )
        out.print(escape(text(found.summary, lang)))
        if found.note:
            out.print(f"[italic]{escape(text(found.note, lang))}[/italic]")
    for number, topic in enumerate(topics, 1):
        out.print()
        prefix = f"{number}. " if isinstance(found, Track) else ""
        out.print(
            f"[bold]{prefix}{escape(text(topic.title, lang))}[/bold]  [cyan]{topic.id}[/cyan]  "
            f"[magenta]{escape(word(topic.emphasis, lang))}[/magenta]"
        )
        out.print(escape(text(topic.summary, lang)))
        if isinstance(found, Topic):
            out.print(f"[dim]{tr(lang, '路线', 'track')}:[/dim] {topic.track}")
        if topic.concepts:
            out.print(
                f"[dim]{tr(lang, '概念', 'concepts')}:[/dim] "
                + escape("; ".join(text(c, lang) for c in topic.concepts))
            )
        if topic.prerequisites:
            out.print(
                f"[dim]{tr(lang, '前置', 'prerequisites')}:[/dim] " + ", ".join(topic.prerequisites)
            )
        if topic.note:
            out.print(f"[italic]{escape(text(topic.note, lang))}[/italic]")
        if not topic.resources:
            continue
        grid = Table(show_header=True, header_style="bold", expand=False)
        grid.add_column(tr(lang, "角色", "role"), no_wrap=True)
        grid.add_column(tr(lang, "资源", "resource"), ratio=3)
        grid.add_column(tr(lang, "类型", "kind"), no_wrap=True)
        grid.add_column(tr(lang, "建议", "note"), ratio=2)
        for placement in topic.resources:
            resource = rm.resource(placement.resource)
            title = (
                f"{escape(text(resource.title, lang))}\n[cyan]{resource.id}[/cyan]\n"
                f"[dim]{escape(resource.url)}[/dim]"
            )
            grid.add_row(
                escape(role_label(placement, lang)),
                title,
                escape(word(resource.kind, lang)),
                escape(text(placement.note, lang)),
            )
        out.print(grid)
