"""Browsing commands: ``tracks``, ``show``, ``resources``, ``search``, ``path``, ``validate``.

Each prints a rich table on a terminal, tab-separated lines when piped and
JSON with ``--json``; docs/cli.md documents the columns and JSON shapes.
"""

import difflib
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Optional, Union

import click

from ..errors import DataError, NotFoundError, PluginWarning, Problem
from ..model import Kind, Level, Placement, Provenance, Resource, Topic, Track
from ..roadmap import Roadmap
from ._common import (
    Column,
    command_options,
    console,
    emit_json,
    is_terminal,
    load_roadmap,
    nothing_found,
    plain,
    settings,
    table,
    text,
    to_json,
    tr,
)

__all__ = ["path", "resources", "search", "show", "tracks", "validate"]


# -- shared pieces -------------------------------------------------------------


def origin(provenance: Optional[Provenance]) -> str:
    """Name where an entry came from: ``distribution version``, or ``local`` for ``--data``."""
    if provenance is None:
        return ""
    if not provenance.version:
        return provenance.distribution
    return f"{provenance.distribution} {provenance.version}"


def _find(rm: Roadmap, target: str) -> Union[Track, Topic]:
    """Return the track or topic with id ``target`` (tracks first)."""
    for lookup in (rm.track, rm.topic):
        try:
            return lookup(target)
        except NotFoundError:
            pass
    known = [t.id for t in rm.tracks] + [t.id for t in rm.topics]
    raise NotFoundError(
        "track or topic", target, difflib.get_close_matches(target, known, n=3, cutoff=0.6)
    )


def _placement_json(rm: Roadmap, placement: Placement) -> dict[str, Any]:
    return {
        "role": placement.role.value,
        "group": placement.group,
        "note": to_json(placement.note),
        "resource": to_json(rm.resource(placement.resource)),
    }


def _topic_json(rm: Roadmap, topic: Topic) -> dict[str, Any]:
    data = to_json(topic)
    data["resources"] = [_placement_json(rm, p) for p in topic.resources]
    return {"type": "topic", **data}


def _track_json(rm: Roadmap, track: Track) -> dict[str, Any]:
    data = to_json(track)
    data["topics"] = [_topic_json(rm, t) for t in track.topics]
    return {"type": "track", **data}


def _role_label(placement: Placement) -> str:
    labels = {
        "core": tr("必学", "core"),
        "optional": tr("选看", "optional"),
        "alternative": tr("多选一", "pick one"),
    }
    label = labels[placement.role.value]
    if placement.group:
        label += f" ({placement.group})"
    return label


# -- tracks --------------------------------------------------------------------


@click.command()
@command_options
def tracks() -> None:
    """List the tracks in order.

    Columns: position, id, title, number of topics, emphasis, origin (the
    plugin's distribution and version).
    """
    rm = load_roadmap()
    if settings().json:
        emit_json(
            [
                {
                    "id": t.id,
                    "order": t.order,
                    "title": to_json(t.title),
                    "summary": to_json(t.summary),
                    "emphasis": t.emphasis.value,
                    "topic_count": len(t.topics),
                    "topics": [topic.id for topic in t.topics],
                    "provenance": to_json(t.provenance),
                }
                for t in rm.tracks
            ]
        )
        if not rm.tracks:
            raise click.exceptions.Exit(1)
        return
    if not rm.tracks:
        nothing_found(tr("没有任何路线。", "No tracks."))
    table(
        [
            Column("#", justify="right"),
            Column("id", style="cyan", no_wrap=True),
            Column(tr("标题", "title")),
            Column(tr("主题数", "topics"), justify="right"),
            Column(tr("侧重", "emphasis")),
            Column(tr("来源", "origin"), style="dim"),
        ],
        [
            [i, t.id, text(t.title), len(t.topics), t.emphasis.value, origin(t.provenance)]
            for i, t in enumerate(rm.tracks, 1)
        ],
        title=tr("路线", "Tracks"),
    )


# -- show ----------------------------------------------------------------------


@click.command()
@click.argument("target", metavar="TRACK_OR_TOPIC")
@command_options
def show(target: str) -> None:
    """Show a track or a topic with its resources.

    A track shows each of its topics; a topic shows itself. Each topic lists
    its concepts, prerequisites and resources with their role (core, optional,
    pick one of a group) and notes.
    """
    rm = load_roadmap()
    found = _find(rm, target)
    if settings().json:
        emit_json(_track_json(rm, found) if isinstance(found, Track) else _topic_json(rm, found))
        return
    topics = found.topics if isinstance(found, Track) else (found,)
    if is_terminal():
        _show_rich(rm, found, topics)
    else:
        _show_plain(rm, found, topics)


def _show_plain(rm: Roadmap, found: Union[Track, Topic], topics: Sequence[Topic]) -> None:
    if isinstance(found, Track):
        click.echo(f"{found.id}\t{plain(text(found.title))}")
        click.echo(f"  {plain(text(found.summary))}")
        emphasis, source = tr("侧重", "emphasis"), tr("来源", "origin")
        click.echo(f"  {emphasis}: {found.emphasis.value}; {source}: {origin(found.provenance)}")
        if found.note:
            click.echo(f"  {tr('建议', 'note')}: {plain(text(found.note))}")
    for number, topic in enumerate(topics, 1):
        click.echo("")
        prefix = f"{number}. " if isinstance(found, Track) else ""
        click.echo(f"{prefix}{topic.id}\t{plain(text(topic.title))}\t[{topic.emphasis.value}]")
        indent = " " * len(prefix) if prefix else "  "
        click.echo(f"{indent}{plain(text(topic.summary))}")
        if isinstance(found, Topic):
            click.echo(f"{indent}{tr('路线', 'track')}: {topic.track}")
        if topic.concepts:
            click.echo(
                f"{indent}{tr('概念', 'concepts')}: "
                + "; ".join(plain(text(c)) for c in topic.concepts)
            )
        if topic.prerequisites:
            click.echo(f"{indent}{tr('前置', 'prerequisites')}: " + ", ".join(topic.prerequisites))
        if topic.note:
            click.echo(f"{indent}{tr('建议', 'note')}: {plain(text(topic.note))}")
        for placement in topic.resources:
            resource = rm.resource(placement.resource)
            click.echo(
                f"{indent}- {_role_label(placement)}\t{resource.id}\t{plain(text(resource.title))}"
                f"\t{resource.kind.value}\t{resource.url}"
            )
            if placement.note:
                click.echo(f"{indent}    {plain(text(placement.note))}")


def _show_rich(rm: Roadmap, found: Union[Track, Topic], topics: Sequence[Topic]) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    if isinstance(found, Track):
        out.print(
            f"[bold]{escape(text(found.title))}[/bold]  [cyan]{found.id}[/cyan]  "
            f"[dim]{escape(origin(found.provenance))}[/dim]"
        )
        out.print(escape(text(found.summary)))
        if found.note:
            out.print(f"[italic]{escape(text(found.note))}[/italic]")
    for number, topic in enumerate(topics, 1):
        out.print()
        prefix = f"{number}. " if isinstance(found, Track) else ""
        out.print(
            f"[bold]{prefix}{escape(text(topic.title))}[/bold]  [cyan]{topic.id}[/cyan]  "
            f"[magenta]{topic.emphasis.value}[/magenta]"
        )
        out.print(escape(text(topic.summary)))
        if isinstance(found, Topic):
            out.print(f"[dim]{tr('路线', 'track')}:[/dim] {topic.track}")
        if topic.concepts:
            out.print(
                f"[dim]{tr('概念', 'concepts')}:[/dim] "
                + escape("; ".join(text(c) for c in topic.concepts))
            )
        if topic.prerequisites:
            out.print(
                f"[dim]{tr('前置', 'prerequisites')}:[/dim] " + ", ".join(topic.prerequisites)
            )
        if topic.note:
            out.print(f"[italic]{escape(text(topic.note))}[/italic]")
        if not topic.resources:
            continue
        grid = Table(show_header=True, header_style="bold", expand=False)
        grid.add_column(tr("角色", "role"), no_wrap=True)
        grid.add_column(tr("资源", "resource"), ratio=3)
        grid.add_column(tr("类型", "kind"), no_wrap=True)
        grid.add_column(tr("建议", "note"), ratio=2)
        for placement in topic.resources:
            resource = rm.resource(placement.resource)
            title = (
                f"{escape(text(resource.title))}\n[cyan]{resource.id}[/cyan]\n"
                f"[dim]{escape(resource.url)}[/dim]"
            )
            grid.add_row(
                _role_label(placement), title, resource.kind.value, escape(text(placement.note))
            )
        out.print(grid)


# -- resources -----------------------------------------------------------------


def _resource_rows(found: Sequence[Resource]) -> list[list[Any]]:
    return [
        [
            r.id,
            text(r.title),
            r.kind.value,
            r.year or "",
            r.language,
            r.level.value if r.level else "",
            tr("免费", "free") if r.free else tr("付费", "paid"),
            r.url,
        ]
        for r in found
    ]


@click.command()
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([k.value for k in Kind]),
    help="Only resources of this kind (repeatable: any of them).",
)
@click.option(
    "--track",
    "track_ids",
    multiple=True,
    metavar="TRACK",
    help="Only resources placed in this track (repeatable).",
)
@click.option(
    "--topic",
    "topic_ids",
    multiple=True,
    metavar="TOPIC",
    help="Only resources placed in this topic (repeatable).",
)
@click.option(
    "--tag",
    "tags",
    multiple=True,
    metavar="TAG",
    help="Only resources with this tag (repeatable: any of them).",
)
@click.option(
    "--language",
    "languages",
    multiple=True,
    metavar="CODE",
    help="Only resources written in this language (en, zh...).",
)
@click.option(
    "--level",
    "levels",
    multiple=True,
    type=click.Choice([v.value for v in Level]),
    help="Only resources of this level (repeatable).",
)
@click.option(
    "--free/--not-free", "free", default=None, help="Only free resources, or only paid ones."
)
@command_options
def resources(
    kinds: tuple[str, ...],
    track_ids: tuple[str, ...],
    topic_ids: tuple[str, ...],
    tags: tuple[str, ...],
    languages: tuple[str, ...],
    levels: tuple[str, ...],
    free: Optional[bool],
) -> None:
    """List resources, filtered.

    Every filter given must match; a filter given several times matches any of
    its values. Resources come in roadmap order. Columns: id, title, kind,
    year, language, level, free or paid, url.
    """
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
        emit_json([to_json(r) for r in found])
        if not found:
            raise click.exceptions.Exit(1)
        return
    if not found:
        nothing_found(tr("没有符合条件的资源。", "No resources match."))
    table(
        [
            Column("id", style="cyan", no_wrap=True),
            Column(tr("标题", "title"), ratio=3),
            Column(tr("类型", "kind"), no_wrap=True),
            Column(tr("年份", "year"), justify="right"),
            Column(tr("语言", "lang")),
            Column(tr("难度", "level")),
            Column(tr("免费", "free")),
            Column("url", style="dim", ratio=2),
        ],
        _resource_rows(found),
        title=tr(f"资源（{len(found)}）", f"Resources ({len(found)})"),
    )


# -- search --------------------------------------------------------------------


@click.command()
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Show at most this many hits.",
)
@command_options
def search(query: tuple[str, ...], limit: int) -> None:
    """Search tracks, topics and resources.

    Every word must match (case- and width-insensitive, Chinese included) in a
    title, summary, description, concept, tag or author. Columns: type, id,
    title, score, matched fields.
    """
    rm = load_roadmap()
    hits = rm.search(" ".join(query), limit=limit)
    if settings().json:
        emit_json(
            [
                {
                    "type": hit.kind,
                    "id": hit.item.id,
                    "title": to_json(hit.item.title),
                    "track": hit.item.track if isinstance(hit.item, Topic) else None,
                    "score": hit.score,
                    "fields": list(hit.fields),
                    "provenance": to_json(hit.item.provenance),
                }
                for hit in hits
            ]
        )
        if not hits:
            raise click.exceptions.Exit(1)
        return
    if not hits:
        nothing_found(tr(f"没有找到：{' '.join(query)}", f"Nothing found for: {' '.join(query)}"))
    table(
        [
            Column(tr("类别", "type")),
            Column("id", style="cyan", no_wrap=True),
            Column(tr("标题", "title"), ratio=3),
            Column(tr("得分", "score"), justify="right"),
            Column(tr("匹配", "matched"), style="dim"),
        ],
        [
            [hit.kind, hit.item.id, text(hit.item.title), f"{hit.score:g}", ",".join(hit.fields)]
            for hit in hits
        ],
    )


# -- path ----------------------------------------------------------------------


@click.command()
@click.argument("target", metavar="TRACK_OR_TOPIC")
@command_options
def path(target: str) -> None:
    """The learning path to a track or topic.

    Every topic it needs, prerequisites first, numbered. Topics from another
    track than the target's are marked. Columns: position, id, title, track,
    ``*`` when the topic is from another track.
    """
    rm = load_roadmap()
    found = _find(rm, target)
    home = found.id if isinstance(found, Track) else found.track
    topics = rm.path(target)
    if settings().json:
        emit_json(
            [
                {
                    "position": i,
                    "id": t.id,
                    "track": t.track,
                    "other_track": t.track != home,
                    "title": to_json(t.title),
                    "emphasis": t.emphasis.value,
                    "prerequisites": list(t.prerequisites),
                    "provenance": to_json(t.provenance),
                }
                for i, t in enumerate(topics, 1)
            ]
        )
        return
    table(
        [
            Column("#", justify="right"),
            Column("id", style="cyan", no_wrap=True),
            Column(tr("标题", "title"), ratio=2),
            Column(tr("路线", "track")),
            Column(tr("其他路线", "other track"), style="yellow"),
        ],
        [
            [i, t.id, text(t.title), t.track, "*" if t.track != home else ""]
            for i, t in enumerate(topics, 1)
        ],
        title=tr(f"学习路径：{target}", f"Learning path: {target}"),
    )


# -- validate ------------------------------------------------------------------


def _problem_json(problem: Problem) -> dict[str, str]:
    return {
        "file": problem.file,
        "kind": problem.kind,
        "entry": problem.entry,
        "field": problem.field,
        "message": problem.message,
    }


def _unique(paths: Sequence[str]) -> list[str]:
    # A path given both as --data and as PATH would otherwise clash with itself.
    seen: set[Path] = set()
    out = []
    for item in paths:
        key = Path(item).resolve()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(), metavar="[PATH]...")
@click.option(
    "--standalone",
    is_flag=True,
    help="Check PATHs alone: they may not refer to the bundled data or plugins.",
)
@command_options
def validate(paths: tuple[str, ...], standalone: bool) -> None:
    """Validate roadmap data files.

    Without PATH, validate the bundled data and every installed plugin (a
    plugin that fails counts as a problem). With PATHs (TOML files or
    directories), validate them together with the roadmap, or alone with
    --standalone. Prints every problem as ``file: kind 'entry': field:
    message`` and exits with status 1 if there is any.
    """
    from ..loader import load, validate_paths

    state = settings()
    problems: list[Problem] = []
    if standalone:
        if not paths:
            raise click.UsageError("--standalone needs at least one PATH")
        problems = validate_paths(_unique([*state.data, *paths]), with_roadmap=False)
    else:
        with warnings.catch_warnings(record=True) as caught:
            # Plugin failures are reported below (no paths) or re-emitted (paths).
            warnings.simplefilter("always", PluginWarning)
            try:
                rm = load(paths=_unique([*state.data, *paths]), strict=state.strict)
            except DataError as exc:
                problems = list(exc.problems)
                rm = None
        if not paths:
            if rm is not None:
                problems.extend(
                    Problem(
                        file=f"plugin {p.name}", entry="", field="", message=p.error or "failed"
                    )
                    for p in rm.plugins
                    if p.status.value == "failed"
                )
            else:
                problems.extend(
                    Problem(file="plugins", entry="", field="", message=str(w.message))
                    for w in caught
                    if issubclass(w.category, PluginWarning)
                )
        else:
            for w in caught:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if settings().json:
        emit_json({"valid": not problems, "problems": [_problem_json(p) for p in problems]})
    else:
        for problem in problems:
            click.echo(str(problem))
        what = ", ".join(paths) if paths else tr("内置数据和插件", "the bundled data and plugins")
        if problems:
            count = len(problems)
            click.secho(
                tr(
                    f"{what}：{count} 个问题", f"{what}: {count} problem{'s' if count != 1 else ''}"
                ),
                err=True,
                fg="red",
            )
        else:
            click.secho(tr(f"{what}：有效", f"{what}: valid"), err=True, fg="green")
    if problems:
        raise click.exceptions.Exit(1)
