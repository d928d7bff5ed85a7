"""``llm-roadmap progress`` (with ``export`` and ``import``) and ``llm-roadmap next``."""

from pathlib import Path
from typing import Optional

import click

from ..model import Lang
from ..progress import NextStep, Progress, ProgressReport, TrackProgress
from ..roadmap import Roadmap
from ..serialize import to_data
from ._entries import resource_item, role_label
from ._group import RoadmapCommand, RoadmapGroup
from ._output import Column, Span, emit_json, is_terminal, left_out_note, page, text, tr, word
from ._progress import bar, counted, editing_progress, open_progress, status_word
from ._settings import command_options, load_roadmap, resolve_lang, settings
from ._stdio import STDIN_NAME, is_stdio, stdin_text

__all__ = ["next_command", "progress"]


# -- progress ------------------------------------------------------------------------


def _track_json(track: TrackProgress) -> dict[str, object]:
    return {
        "id": track.track.id,
        "status": track.status.value,
        "settled": track.settled,
        "total": track.total,
        "topics": [
            {
                "id": t.topic.id,
                "status": t.status.value,
                "derived": t.derived.value,
                "explicit": None if t.explicit is None else t.explicit.value,
                "met": t.met,
                "required": t.required,
                "resources": {key: value.value for key, value in t.resources.items()},
            }
            for t in track.topics
        ],
    }


def _report_unknown(report: ProgressReport, lang: Lang) -> None:
    if not report.unknown_resources and not report.unknown_topics:
        return
    click.echo(
        tr(
            lang,
            "已保留、但当前路线图中没有的 id（也许卸载了某个插件）：",
            "Kept, though the loaded roadmap does not have them (an uninstalled plugin?):",
        ),
        err=True,
    )
    if report.unknown_resources:
        what = tr(lang, "资料", "resources")
        click.echo(f"  {what}: {', '.join(report.unknown_resources)}", err=True)
    if report.unknown_topics:
        what = tr(lang, "主题", "topics")
        click.echo(f"  {what}: {', '.join(report.unknown_topics)}", err=True)


def _print_report(tracks: tuple[TrackProgress, ...], lang: Lang) -> None:
    if not is_terminal():
        # Plain: one line per track, then one per topic: track, topic, status, count.
        for track in tracks:
            click.echo(
                "\t".join(
                    [
                        track.track.id,
                        "",
                        status_word(track.status, lang),
                        counted(track.settled, track.total),
                    ]
                )
            )
            for t in track.topics:
                click.echo(
                    "\t".join(
                        [
                            track.track.id,
                            t.topic.id,
                            status_word(t.status, lang),
                            counted(t.met, t.required),
                        ]
                    )
                )
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
            f"{bar(track.fraction)} {counted(track.settled, track.total)} "
            + tr(lang, "个主题", "topics")
            + f" · {status_word(track.status, lang)}"
        )
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
                    status_word(t.status, lang) + ("*" if t.explicit is not None else ""),
                    t.topic.id,
                    text(t.topic.title, lang),
                    f"{bar(t.met / t.required if t.required else 0.0, 8)}"
                    f" {counted(t.met, t.required)}",
                ]
                for t in track.topics
            ],
            left_out=left_out_note(lang),
        )
    out.blank()
    out.text(
        Span(tr(lang, "* 为手动标记的主题状态", "* a topic status you marked yourself"), "dim")
    )
    out.flush()


@click.group(cls=RoadmapGroup, invoke_without_command=True)
@click.option("--track", "track_id", metavar="ID", help="Only this track.")
@command_options
@click.pass_context
def progress(ctx: click.Context, track_id: Optional[str], lang: Optional[Lang]) -> None:
    """Show your progress per track and topic; export and import it.

    Each topic's status is the one you marked, else derived from its
    resources: done when every core resource is done or skipped and every
    pick-one group has one; learning when any resource is started. Columns
    when piped: track, topic (empty on a track's own line), status, count
    (topics settled, or requirements met). Ids the roadmap no longer has are
    kept and listed on stderr.
    """
    if ctx.invoked_subcommand is not None:
        return
    rm = load_roadmap()
    if track_id is not None:
        rm.track(track_id)
    current = open_progress()
    report = current.report(rm)
    tracks = tuple(t for t in report.tracks if track_id is None or t.track.id == track_id)
    if settings().json:
        emit_json(
            {
                "file": str(current.path),
                "tracks": [_track_json(t) for t in tracks],
                "unknown": {
                    "resources": list(report.unknown_resources),
                    "topics": list(report.unknown_topics),
                },
            }
        )
        return
    lang = resolve_lang(lang)
    _print_report(tracks, lang)
    _report_unknown(report, lang)


@progress.command("export")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Write to FILE (atomically) instead of stdout.",
)
def export_progress(output: Optional[Path]) -> None:
    """Write your progress as JSON, to move it to another machine.

    The layout is published as progress.schema.json; progress import on the
    other machine merges it.
    """
    current = open_progress()
    if output is None or is_stdio(str(output)):
        emit_json(current.to_json())
        return
    current.export(output)


@progress.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")
@command_options
def import_progress(file: Path, lang: Optional[Lang]) -> None:
    """Merge a progress file into yours: per id, the status set later wins.

    Ids the roadmap does not know are taken in too (they may belong to a
    plugin not installed here).
    """
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
            }
            for p in step.resources
        ],
    }


def _print_steps(steps: tuple[NextStep, ...], lang: Lang) -> None:
    if not is_terminal():
        # Plain: a line per resource to start with (topic, status, resource, role, kind, title,
        # url); a topic with none gets one line of its own.
        for step in steps:
            rows = step.resources
            if not rows:
                click.echo(
                    "\t".join([step.topic.id, status_word(step.status, lang), "", "", "", "", ""])
                )
            for p in rows:
                click.echo(
                    "\t".join(
                        [
                            step.topic.id,
                            status_word(step.status, lang),
                            p.resource.id,
                            role_label(p.placement, lang),
                            word(p.resource.kind, lang),
                            " ".join(text(p.resource.title, lang).split()),
                            p.resource.main_url(lang),
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
                Span(f") · {status_word(step.status, lang)}"),
            ],
            hang="   ",
        )
        for p in step.resources:
            resource_item(
                out,
                p.resource,
                lang,
                details=[role_label(p.placement, lang), word(p.resource.kind, lang)],
                url=p.resource.main_url(lang),
            )
    out.flush()


@click.command("next", cls=RoadmapCommand)
@click.argument("target", required=False, metavar="[TRACK_OR_TOPIC]")
@command_options
def next_command(target: Optional[str], lang: Optional[Lang]) -> None:
    """What to study next: the topics open to you, with the resources to start with.

    A topic is open when it is not done or skipped and every prerequisite is
    done or skipped; topics come in path order (only those on the path to
    TRACK_OR_TOPIC when given). Each lists its core resources still to do,
    then one of each pick-one group.
    """
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
