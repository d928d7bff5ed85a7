"""``llm-roadmap show``: a track or a topic with its resources, as plain lines or a page."""

from collections.abc import Sequence
from typing import Optional, Union

import click

from ..model import Lang, Placement, Topic, Track
from ..roadmap import Roadmap
from ..serialize import to_data
from ._entries import find_entry, labelled, origin, resource_item, role_label
from ._group import RoadmapCommand
from ._screen import Span, emit_json, is_terminal, page, plain, text, tr, word
from ._settings import command_options, complete_targets, load_roadmap, resolve_lang, settings


def _placement_json(rm: Roadmap, placement: Placement) -> dict[str, object]:
    """A placement for ``show --json``: its role, group and note, and its resource in full."""
    return {
        "role": placement.role.value,
        "group": placement.group,
        "note": to_data(placement.note),
        "resource": to_data(rm.resource(placement.resource)),
    }


def _topic_json(rm: Roadmap, topic: Topic) -> dict[str, object]:
    """A topic for ``show --json``: every field, its placements with their resources in full."""
    data = to_data(topic)
    data["resources"] = [_placement_json(rm, p) for p in topic.resources]
    return {"type": "topic", **data}


def _track_json(rm: Roadmap, track: Track) -> dict[str, object]:
    """A track for ``show --json``: every field, each topic as `_topic_json` writes it."""
    data = to_data(track)
    data["topics"] = [_topic_json(rm, t) for t in track.topics]
    return {"type": "track", **data}


@click.command(cls=RoadmapCommand)
@click.argument("target", metavar="TRACK_OR_TOPIC", shell_complete=complete_targets)
@command_options
def show(target: str, lang: Optional[Lang]) -> None:
    """Show a track or a topic with its resources."""
    rm = load_roadmap()
    found = find_entry(rm, target)
    if settings().json:
        emit_json(_track_json(rm, found) if isinstance(found, Track) else _topic_json(rm, found))
        return
    topics = found.topics if isinstance(found, Track) else (found,)
    chosen = resolve_lang(lang)
    if is_terminal():
        _show_page(rm, found, topics, chosen)
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


def _show_page(
    rm: Roadmap, found: Union[Track, Topic], topics: Sequence[Topic], lang: Lang
) -> None:
    out = page()
    if isinstance(found, Track):
        out.text(
            [
                Span(text(found.title, lang), "bold"),
                Span(" ("),
                Span(found.id, "cyan"),
                Span(") · "),
                Span(origin(found.provenance), "dim"),
            ]
        )
        out.text(text(found.summary, lang))
        if found.note:
            out.text(Span(text(found.note, lang), "italic"))
    for number, topic in enumerate(topics, 1):
        if out.lines:
            out.blank()
        prefix = f"{number}. " if isinstance(found, Track) else ""
        pad = " " * len(prefix)
        out.text(
            [
                Span(prefix),
                Span(text(topic.title, lang), "bold"),
                Span(" ("),
                Span(topic.id, "cyan"),
                Span(") · "),
                Span(word(topic.emphasis, lang), "magenta"),
            ],
            hang=pad,
        )
        out.text(text(topic.summary, lang), pad)
        if isinstance(found, Topic):
            out.text(labelled(lang, "路线", "track", topic.track), pad, pad + "  ")
        if topic.concepts:
            concepts = tr(lang, "；", "; ").join(text(c, lang) for c in topic.concepts)
            out.text(labelled(lang, "概念", "concepts", concepts), pad, pad + "  ")
        if topic.prerequisites:
            needs = ", ".join(topic.prerequisites)
            out.text(labelled(lang, "前置", "prerequisites", needs), pad, pad + "  ")
        if topic.note:
            out.text(Span(text(topic.note, lang), "italic"), pad)
        for placement in topic.resources:
            resource = rm.resource(placement.resource)
            resource_item(
                out,
                resource,
                lang,
                details=[role_label(placement, lang), word(resource.kind, lang)],
                url=resource.url,
                note=text(placement.note, lang),
                bullet=pad + "- ",
            )
    out.flush()
