"""``llm-roadmap progress`` (with ``export`` and ``import``) and ``llm-roadmap next``."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

import click

from ..model import Lang, Role
from ..roadmap import Roadmap, StudyTime
from ..serialize import to_data
from ._entries import bar, editing_progress, open_progress, resource_item, role_label, time_json
from ._group import RoadmapCommand, RoadmapGroup
from ._screen import Column, Screen, Span, emit_json, is_terminal, page, text, tr, word, wrap
from ._settings import command_options, load_roadmap, resolve_lang, settings
from ._stdio import STDIN_NAME, is_stdio, stdin_text

if TYPE_CHECKING:
    # The progress code is imported by what runs a command, not by every command.
    from ..progress import NextStep, Pace, ProgressReport, TopicProgress, TrackProgress

# -- progress ------------------------------------------------------------------------


def _hours_json(item: Union[TrackProgress, TopicProgress]) -> dict[str, object]:
    return {
        "done": time_json(item.hours_done),
        "left": time_json(item.hours_left),
        "optional_left": time_json(item.optional_hours_left),
    }


def _pace_json(pace: Pace) -> dict[str, object]:
    return {
        "since": None if pace.since is None else pace.since.isoformat(),
        "marks": pace.marks,
        "hours": pace.hours,
        "weeks": round(pace.weeks, 2),
        "hours_per_week": pace.hours_per_week,
        "left": time_json(pace.left),
        "finish": None if pace.finish is None else pace.finish.isoformat(),
    }


def _number(hours: StudyTime) -> str:
    """Hours in a plain column: the number, ``+`` after it when some times are unknown."""
    return f"{round(hours.hours, 2):g}" + ("+" if hours.partial else "")


def _pace_line(pace: Pace, target: Optional[str], lang: Lang) -> str:
    from ..progress import MIN_MARKS, MIN_WEEKS

    if pace.since is None:
        return tr(
            lang,
            "学习速度：每学完一项就标记为已完成，几周后这里会算出你每周实际学习的时长。",
            "Pace: mark each resource done when you finish it; after a few weeks this line"
            " tells the hours a week you actually study.",
        )
    since = pace.since.astimezone().date()
    weeks = f"{pace.weeks:.1f}"
    rate, finish = pace.hours_per_week, pace.finish
    if rate is None or finish is None:
        return tr(
            lang,
            f"学习速度：现在还算不出。需要在第一次标记完成的那天之后，"
            f"再标记完成至少 {MIN_MARKS} 项，并且距那天满 {MIN_WEEKS:g} 周"
            f"（目前：{pace.marks} 项，{weeks} 周）。",
            f"Pace: too early to tell. It needs {MIN_MARKS} resources marked done after your"
            f" first day of marks, and {MIN_WEEKS:g} weeks since that day (so far: {pace.marks},"
            f" and {weeks} weeks).",
        )
    per_week = StudyTime(hours=round(rate, 1)).label(lang)
    if not pace.left.hours and not pace.left.unknown:
        then = tr(lang, "这条路径已经学完。", "nothing is left on this path.")
    else:
        left = pace.left.label(lang)
        if target is None:
            then = tr(
                lang,
                f"照这个速度，剩下的{left}将在 {finish} 前学完。",
                f"at this pace the {left} left are done by {finish}.",
            )
        else:
            # The path's hours, prerequisites from other tracks included, as `plan` counts them.
            then = tr(
                lang,
                f"照这个速度，通往 {target} 的路径上剩下的{left}将在 {finish} 前学完。",
                f"at this pace the {left} left on the path to {target} are done by {finish}.",
            )
    return tr(
        lang,
        f"学习速度：自 {since} 起平均每周{per_week}（{weeks} 周学完"
        f"{StudyTime(hours=pace.hours).label(lang)}的内容）；{then}",
        f"Pace: {per_week} a week since {since} ({StudyTime(hours=pace.hours).label(lang)}"
        f" finished in {weeks} weeks); {then}",
    )


def _track_json(track: TrackProgress) -> dict[str, object]:
    return {
        "id": track.track.id,
        "status": track.status.value,
        "settled": track.settled,
        "total": track.total,
        "hours": _hours_json(track),
        "topics": [
            {
                "id": t.topic.id,
                "status": t.status.value,
                "derived": t.derived.value,
                "explicit": None if t.explicit is None else t.explicit.value,
                "met": t.met,
                "required": t.required,
                "resources": {key: value.value for key, value in t.resources.items()},
                "hours": _hours_json(t),
            }
            for t in track.topics
        ],
    }


def _report_unknown(report: ProgressReport, lang: Lang) -> None:
    if not report.unknown_resources and not report.unknown_topics:
        return
    paragraphs = [
        (
            tr(
                lang,
                "已保留、但当前路线图中没有的 id（也许卸载了某个插件）：",
                "Kept, though the loaded roadmap does not have them (an uninstalled plugin?):",
            ),
            "",
        )
    ]
    for what, ids in (
        (tr(lang, "资料", "resources"), report.unknown_resources),
        (tr(lang, "主题", "topics"), report.unknown_topics),
    ):
        if ids:
            paragraphs.append((f"{what}: {', '.join(sorted(ids, key=_in_number_order))}", "  "))
    # Wrapped to the error stream's width, between words and ids, never inside one.
    screen = Screen.detect(sys.stderr, use_pager=False)
    for paragraph, indent in paragraphs:
        if not screen.terminal:
            click.echo(indent + paragraph, err=True)
            continue
        for line in wrap(paragraph, screen.width, indent, indent + "  "):
            click.echo("".join(span.text for span in line), err=True)


def _in_number_order(item_id: str) -> list[object]:
    # "x-2" before "x-10", as a person counts. re.split with a group puts the
    # runs of digits at the odd places, so two keys compare text with text and
    # numbers with numbers, place by place.
    parts = re.split(r"(\d+)", item_id)
    return [int(part) if place % 2 else part for place, part in enumerate(parts)]


def _hours_line(track: TrackProgress, lang: Lang) -> str:
    done = track.hours_done.label(lang)
    left = track.hours_left.label(lang)
    optional = track.optional_hours_left
    role = word(Role.OPTIONAL, lang)
    if optional == StudyTime():
        return tr(lang, f"已学{done} · 还剩{left}", f"{done} done · {left} left")
    return tr(
        lang,
        f"已学{done} · 还剩{left}（另有{role}资源{optional.label(lang)}）",
        f"{done} done · {left} left (and {optional.label(lang)} of {role} resources)",
    )


def _print_report(tracks: tuple[TrackProgress, ...], pace: str, lang: Lang) -> None:
    if not is_terminal():
        # Plain: one line per track, then one per topic: track, topic, status, count,
        # hours done, hours left (each with "+" when some times are unknown).
        for track in tracks:
            lines: list[tuple[Union[TrackProgress, TopicProgress], str, str]]
            lines = [(track, "", f"{track.settled}/{track.total}")]
            lines += [(t, t.topic.id, f"{t.met}/{t.required}") for t in track.topics]
            for item, topic_id, count in lines:
                cells = [track.track.id, topic_id, word(item.status, lang), count]
                cells += [_number(item.hours_done), _number(item.hours_left)]
                click.echo("\t".join(cells))
        # Piped, stdout keeps its columns: the pace goes to stderr, like the unknown ids.
        click.echo(pace, err=True)
        return
    out = page()
    for track in tracks:
        out.blank()
        out.text(
            [
                Span(text(track.track.title, lang), "bold"),
                Span(" ("),
                Span(track.track.id, "cyan"),
                Span(")"),
            ]
        )
        out.text(
            f"{bar(track.fraction)} {track.settled}/{track.total} "
            + tr(lang, "个主题", "topics")
            + f" · {word(track.status, lang)}"
        )
        out.text(_hours_line(track, lang))
        # Its topics: status (* when marked by hand), id, title, requirements met.
        out.table(
            [
                Column(tr(lang, "状态", "status"), wrap=False, priority=1),
                Column("id", style="cyan", wrap=False, priority=0),
                Column(tr(lang, "标题", "title"), priority=0),
                Column(tr(lang, "进度", "progress"), wrap=False, justify="right", priority=2),
            ],
            [
                [
                    word(t.status, lang) + ("*" if t.explicit is not None else ""),
                    t.topic.id,
                    text(t.topic.title, lang),
                    f"{bar(t.met / t.required if t.required else 0.0, 8)} {t.met}/{t.required}",
                ]
                for t in track.topics
            ],
            lang=lang,
        )
    out.blank()
    out.text(
        Span(tr(lang, "* 为手动标记的主题状态", "* a topic status you marked yourself"), "dim")
    )
    out.text(pace)
    out.flush()


@click.group(cls=RoadmapGroup, invoke_without_command=True)
@click.option("--track", "track_id", metavar="ID")
@command_options
@click.pass_context
def progress(ctx: click.Context, track_id: Optional[str], lang: Optional[Lang]) -> None:
    """Show your progress per track and topic; export and import it."""
    if ctx.invoked_subcommand is not None:
        return
    rm = load_roadmap()
    if track_id is not None:
        rm.track(track_id)
    current = open_progress()
    report = current.report(rm)
    tracks = tuple(t for t in report.tracks if track_id is None or t.track.id == track_id)
    pace = current.pace(rm, track_id)
    if settings().json:
        emit_json(
            {
                "file": str(current.path),
                "tracks": [_track_json(t) for t in tracks],
                "unknown": {
                    "resources": list(report.unknown_resources),
                    "topics": list(report.unknown_topics),
                },
                "pace": _pace_json(pace),
            }
        )
        return
    lang = resolve_lang(lang)
    _print_report(tracks, _pace_line(pace, track_id, lang), lang)
    _report_unknown(report, lang)


@progress.command("export")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
)
def export_progress(output: Optional[Path]) -> None:
    """Write your progress as JSON, to move it to another machine."""
    current = open_progress()
    if output is None or is_stdio(str(output)):
        emit_json(current.to_json())
        return
    current.export(output)


@progress.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")
@command_options
def import_progress(file: Path, lang: Optional[Lang]) -> None:
    """Merge a progress file into yours: per id, the status set later wins."""
    from ..progress import Progress

    if is_stdio(str(file)):
        from ..loading.files import MAX_FILE_BYTES

        incoming = Progress.from_json(
            stdin_text(MAX_FILE_BYTES, "the progress file"), source=STDIN_NAME
        )
    else:
        incoming = Progress.read(file)
    with editing_progress() as current:
        result = current.merge(incoming)
    if settings().json:
        emit_json(
            {
                "file": str(current.path),
                "added": list(result.added),
                "updated": list(result.updated),
                "kept": list(result.kept),
            }
        )
        return
    chosen = resolve_lang(lang)
    shown = STDIN_NAME if is_stdio(str(file)) else file
    click.echo(
        tr(
            chosen,
            f"已合并 {shown}：新增 {len(result.added)}，更新 {len(result.updated)}，"
            f"保留本地较新的 {len(result.kept)}。",
            f"Merged {shown}: {len(result.added)} added, {len(result.updated)} updated,"
            f" {len(result.kept)} kept (newer here).",
        )
    )


# -- next ------------------------------------------------------------------------------


def _step_json(step: NextStep) -> dict[str, object]:
    return {
        "id": step.topic.id,
        "track": step.topic.track,
        "title": to_data(step.topic.title),
        "status": step.status.value,
        "emphasis": step.topic.emphasis.value,
        "resources": [
            {
                "id": p.resource.id,
                "title": to_data(p.resource.title),
                "kind": p.resource.kind.value,
                "level": None if p.resource.level is None else p.resource.level.value,
                "role": p.placement.role.value,
                "group": p.placement.group,
                "url": p.resource.url,
                "main_url": {"zh": p.resource.main_url("zh"), "en": p.resource.main_url("en")},
                "note": to_data(p.placement.note),
                "hours": p.placement.hours,
            }
            for p in step.resources
        ],
        "hours": time_json(step.hours),
    }


def _print_steps(steps: tuple[NextStep, ...], lang: Lang) -> None:
    if not is_terminal():
        # Plain: a line per resource to start with (topic, status, resource, role, kind, title,
        # url, hours: empty when unknown); a topic with none gets one line of its own.
        for step in steps:
            rows = step.resources
            if not rows:
                click.echo(
                    "\t".join([step.topic.id, word(step.status, lang), "", "", "", "", "", ""])
                )
            for p in rows:
                click.echo(
                    "\t".join(
                        [
                            step.topic.id,
                            word(step.status, lang),
                            p.resource.id,
                            role_label(p.placement, lang),
                            word(p.resource.kind, lang),
                            " ".join(text(p.resource.title, lang).split()),
                            p.resource.main_url(lang),
                            ""
                            if p.placement.hours is None
                            else _number(StudyTime.of([p.placement])),
                        ]
                    )
                )
        return
    out = page()
    out.text(Span(tr(lang, "现在可以学习的主题", "Open to you now"), "bold"))
    for number, step in enumerate(steps, 1):
        out.blank()
        out.text(
            [
                Span(f"{number}. "),
                Span(text(step.topic.title, lang), "bold"),
                Span(" ("),
                Span(step.topic.id, "cyan"),
                Span(f") · {word(step.status, lang)} · {step.hours.label(lang)}"),
            ],
            hang="   ",
        )
        for p in step.resources:
            resource_item(
                out,
                p.resource,
                lang,
                details=[
                    role_label(p.placement, lang),
                    word(p.resource.kind, lang),
                    StudyTime.of([p.placement]).label(lang),
                ],
                url=p.resource.main_url(lang),
            )
    out.flush()


@click.command("next", cls=RoadmapCommand)
@click.argument("target", required=False, metavar="[TRACK_OR_TOPIC]")
@command_options
def next_command(target: Optional[str], lang: Optional[Lang]) -> None:
    """What to study next: the topics open to you, with the resources to start with."""
    rm: Roadmap = load_roadmap()
    steps = open_progress().next(rm, target)
    if settings().json:
        emit_json([_step_json(s) for s in steps])
        return
    chosen = resolve_lang(lang)
    if not steps:
        click.echo(
            tr(
                chosen,
                "没有待学的主题：全部已完成或已跳过。",
                "Nothing open: everything is done or skipped.",
            )
        )
        return
    _print_steps(steps, chosen)
