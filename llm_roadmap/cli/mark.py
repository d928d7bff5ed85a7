"""``llm-roadmap mark`` and ``unmark``: set the learner's status of resources and topics."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import click

from ..model import Lang, Status
from ._entries import editing_progress
from ._group import RoadmapCommand, fail, help_lang
from ._screen import emit_json, tr, word
from ._settings import command_options, load_roadmap, resolve_lang, settings

if TYPE_CHECKING:
    # The progress code is imported by what runs a command, not by every command.
    from ..progress import Progress
    from ..roadmap import Roadmap

Target = tuple[str, bool]
"""An id to mark and whether it is a topic's (else a resource's)."""


def _topic_statuses(rm: Roadmap, progress: Progress) -> dict[str, Status]:
    return {t.id: progress.topic_status(rm, t.id) for t in rm.topics}


def _resolve_targets(rm: Roadmap, ids: tuple[str, ...], lang: Lang) -> list[Target]:
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
        message = tr(
            lang, f"没有 id 为 {item!r} 的资料或主题", f"no resource or topic with id {item!r}"
        )
        if near:
            hint = ", ".join(near)
            message += tr(lang, f"；是不是：{hint}？", f"; did you mean {hint}?")
        problems.append(message)
    if problems:
        fail("\n".join(problems) + tr(lang, "\n（未做任何更改）", "\n(nothing was changed)"))
    return found


def _apply(ids: tuple[str, ...], status: Status, lang_option: Optional[Lang]) -> None:
    rm = load_roadmap()
    as_json = settings().json
    lang = Lang.EN if as_json else resolve_lang(lang_option)
    targets = _resolve_targets(rm, ids, lang)
    with editing_progress() as progress:
        before = _topic_statuses(rm, progress)
        changed: list[tuple[Target, bool]] = [
            ((item, topic), progress.mark(item, status, topic=topic)) for item, topic in targets
        ]
        after = _topic_statuses(rm, progress)
    # Topics whose status moved because of what was marked (not those marked themselves).
    marked_topics = {item for item, topic in targets if topic}
    moved = [t for t in after if after[t] is not before[t] and t not in marked_topics]
    if as_json:
        entries = [
            {
                "id": item,
                "type": "topic" if topic else "resource",
                "status": status.value,
                "changed": did,
                "at": (progress.topics if topic else progress.resources)[item].at
                if item in (progress.topics if topic else progress.resources)
                else None,
            }
            for (item, topic), did in changed
        ]
        data: dict[str, object] = {
            "file": str(progress.path),
            "marked": entries,
            "topics": [{"id": t, "status": after[t].value} for t in moved],
        }
        emit_json(data)
        return
    label = word(status, lang)
    for (item, topic), did in changed:
        what = tr(lang, "主题", "topic") if topic else tr(lang, "资料", "resource")
        if did:
            click.echo(tr(lang, f"{what} {item}：{label}", f"{what} {item}: {label}"))
        else:
            click.echo(tr(lang, f"{what} {item}：已是{label}", f"{what} {item}: already {label}"))
    for topic_id in moved:
        now = word(after[topic_id], lang)
        click.echo(
            tr(lang, f"  → 主题 {topic_id} 现为：{now}", f"  → topic {topic_id} is now {now}")
        )


def _complete_status(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    from click.shell_completion import CompletionItem

    return [CompletionItem(s.value) for s in Status if s.value.startswith(incomplete)]


def _status(ctx: click.Context, status: str, ids: tuple[str, ...]) -> Status:
    """STATUS as given, or a usage error; ``mark d2l-zh done`` is told the order."""
    statuses = [s.value for s in Status]
    if status in statuses:
        return Status(status)
    lang = help_lang(ctx)
    given = [i for i in ids if i in statuses]
    if given:
        rest = " ".join([status, *(i for i in ids if i != given[0])])
        right = f"llm-roadmap mark {given[0]} {rest}"
        raise click.UsageError(
            tr(
                lang,
                f"状态要写在编号前面：{right}",
                f"the status comes before the ids: {right}",
            ),
            ctx,
        )
    raise click.BadParameter(
        tr(
            lang,
            f"“{status}”不是可用的状态；可用：{'、'.join(statuses)}",
            f"{status!r} is not one of {', '.join(map(repr, statuses))}",
        ),
        ctx,
        param_hint="'STATUS'",
    )


@click.command(cls=RoadmapCommand)
@click.argument("status", metavar="STATUS", shell_complete=_complete_status)
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@command_options
@click.pass_context
def mark(ctx: click.Context, status: str, ids: tuple[str, ...], lang: Optional[Lang]) -> None:
    """Mark resources or topics: learning, done, skipped (or pending)."""
    _apply(ids, _status(ctx, status, ids), lang)


@click.command(cls=RoadmapCommand)
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@command_options
def unmark(ids: tuple[str, ...], lang: Optional[Lang]) -> None:
    """Take a mark back: the resources or topics are pending again."""
    _apply(ids, Status.PENDING, lang)
