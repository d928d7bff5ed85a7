"""``llm-roadmap plan``: what is left on a path, week by week within an hours budget, to a date.

The plan is `Progress.plan`'s: the resources not done or skipped, in
learning-path order, in weeks filled up to ``--hours-per-week``; only a
resource longer than a week is split over weeks. Text lists each week with
its dates, items and hours, then the total and the finish; ``--json`` gives
`Plan.to_json`; ``--ics FILE`` also writes the weeks as calendar events
(the ``calendar`` extra).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import click

from ..model import Lang, Role
from ..roadmap import StudyTime
from ..util.output import open_output
from ._entries import open_progress
from ._group import RoadmapCommand, fail
from ._screen import emit_json, page, plain, text, tr, word
from ._settings import command_options, complete_targets, load_roadmap, resolve_lang, settings

if TYPE_CHECKING:
    from ..progress import Plan, PlanItem


def _item_line(item: PlanItem, lang: Lang) -> str:
    title = plain(text(item.resource.title, lang))
    time = StudyTime(unknown=1) if item.hours is None else StudyTime(hours=item.hours)
    hours = time.label(lang)
    if item.parts > 1:
        hours += tr(
            lang,
            f"（第 {item.part} 周，共 {item.parts} 周）",
            f", week {item.part} of {item.parts}",
        )
    return f"  - {title} ({item.resource.id}) · {item.topic.id} · {hours}"


def _lines(plan: Plan, lang: Lang) -> list[str]:
    where = plan.target or tr(lang, "整个路线图", "the whole roadmap")
    number = f"{round(plan.hours_per_week, 2):g}"
    budget = tr(lang, f"{number} 小时", f"{number} h")
    optional = word(Role.OPTIONAL, lang)
    scope = (
        tr(lang, f"含{optional}资源", f"with the {optional} resources")
        if plan.optional
        else tr(lang, f"不含{optional}资源", f"without the {optional} resources")
    )
    lines = [
        tr(
            lang,
            f"学习计划：{where}，每周 {budget}，{plan.start} 起（{scope}）",
            f"Study plan: {where}, {budget} a week from {plan.start} ({scope})",
        )
    ]
    if not plan.weeks:
        lines.append(
            tr(
                lang,
                "没有剩下要学的：这条路径上的资源都已完成或跳过。",
                "Nothing left: every resource on this path is done or skipped.",
            )
        )
        return lines
    total = StudyTime(hours=plan.total_hours, unknown=plan.unknown).label(lang)
    weeks = len(plan.weeks)
    lines.append(
        tr(
            lang,
            f"共 {weeks} 周，{total}，预计 {plan.finish} 学完",
            f"{weeks} weeks, {total}, finished by {plan.finish}",
        )
    )
    if plan.partial:
        lines.append(
            tr(
                lang,
                f"注意：有 {plan.unknown} 项资源没有学习时长，总时长和完成日期会偏早。",
                f"Note: resources without a study time: {plan.unknown}; the total and the"
                " finish are too early.",
            )
        )
    for week in plan.weeks:
        hours = StudyTime(hours=week.hours).label(lang)
        lines.append("")
        lines.append(
            tr(
                lang,
                f"第 {week.number} 周 · {week.start} 至 {week.end} · {hours}",
                f"Week {week.number} · {week.start} to {week.end} · {hours}",
            )
        )
        lines.extend(_item_line(item, lang) for item in week.items)
    return lines


@click.command(cls=RoadmapCommand)
@click.argument(
    "target", required=False, metavar="[TRACK_OR_TOPIC]", shell_complete=complete_targets
)
@click.option(
    "--hours-per-week",
    type=click.FloatRange(min=0, min_open=True, max=168),
    required=True,
    metavar="HOURS",
)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
)
@click.option("--include", type=click.Choice(["optional"]), multiple=True)
@click.option(
    "--ics",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
)
@command_options
def plan(
    target: Optional[str],
    hours_per_week: float,
    start: Optional[dt.datetime],
    include: tuple[str, ...],
    ics: Optional[Path],
    lang: Optional[Lang],
) -> None:
    """A weekly study plan to a date: what is left on the path, within your hours."""
    rm = load_roadmap()
    result = open_progress().plan(
        rm,
        target,
        hours_per_week=hours_per_week,
        start=start.date() if start is not None else None,
        optional="optional" in include,
    )
    as_json = settings().json
    if ics is not None:
        chosen = resolve_lang(lang)
        # Before anything is printed: a missing extra stops the command cleanly.
        calendar = result.to_ics(chosen)
        try:
            with open_output(ics, binary=True) as handle:
                handle.write(calendar)
        except OSError as exc:
            fail(f"cannot write {ics}: {exc.strerror or exc}")
        click.echo(
            tr(
                chosen,
                f"日历已写入 {ics}（{len(result.weeks)} 个事件，每周一个）",
                f"Calendar written to {ics} ({len(result.weeks)} events, one a week)",
            ),
            err=True,
        )
    if as_json:
        emit_json(result.to_json())
        return
    out = page()
    for line in _lines(result, resolve_lang(lang)):
        if line.startswith("  - "):
            # An item: wrapped under its title on a terminal, as path's are.
            out.text(line[4:], "  - ", "      ")
        else:
            out.text(line, hang="  ")
    out.flush()
