"""``llm-roadmap path``: the learning path to a track or topic, and what to read at each step.

Under each step: its core resources, then each pick-one group as one choice,
then the optional ones (``--core-only`` hides them), each with its kind,
level, the curators' note and its further links. The step's emphasis comes
with its advice (`llm_roadmap.vocabulary.advice`), so a background topic
reads as background, not as a must. The text is the same on a terminal and
in a pipe; on a terminal it is wrapped to the window (80 columns at most
100), piped each item stays on one line for ``grep``.
"""

# Annotations stay strings: the progress code is imported only when the
# learner has a progress file (`existing_progress`).
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import click

from ..model import Emphasis, Lang, Placement, Role, Status, Topic, Track
from ..roadmap import StudyTime, TopicStudyTime
from ..serialize import to_data
from ..vocabulary import advice
from ._complete import complete_targets
from ._entries import find_entry
from ._output import Column, emit_json, is_terminal, plain, table, text, tr, word
from ._progress import existing_progress
from ._settings import command_options, load_roadmap, resolve_lang, settings

if TYPE_CHECKING:
    from ..progress import Progress
    from ..roadmap import Roadmap

__all__ = ["path"]


def _groups(topic: Topic, core_only: bool) -> list[tuple[Role, Optional[str], list[Placement]]]:
    """The topic's placements as blocks: core, each pick-one group, optional."""
    core = [p for p in topic.resources if p.role is Role.CORE]
    groups: dict[str, list[Placement]] = {}
    for p in topic.resources:
        if p.role is Role.ALTERNATIVE:
            groups.setdefault(p.group or p.resource, []).append(p)
    blocks: list[tuple[Role, Optional[str], list[Placement]]] = []
    if core:
        blocks.append((Role.CORE, None, core))
    blocks.extend((Role.ALTERNATIVE, g, members) for g, members in groups.items())
    optional = [p for p in topic.resources if p.role is Role.OPTIONAL]
    if optional and not core_only:
        blocks.append((Role.OPTIONAL, None, optional))
    return blocks


def _resource_json(rm: Roadmap, p: Placement, progress: Optional[Progress]) -> dict[str, object]:
    r = rm.resource(p.resource)
    data: dict[str, object] = {
        "id": r.id,
        "title": to_data(r.title),
        "kind": r.kind.value,
        "level": None if r.level is None else r.level.value,
        "note": to_data(p.note),
        "url": r.url,
        "main_url": {"zh": r.main_url(Lang.ZH), "en": r.main_url(Lang.EN)},
        "links": [to_data(link) for link in r.links],
        "hours": p.hours,
        "hours_basis": to_data(p.hours_basis),
    }
    if progress is not None:
        data["status"] = progress.status(r.id).value
    return data


def _time_json(time: StudyTime) -> dict[str, object]:
    return {"hours": time.hours, "unknown": time.unknown}


def _topic_json(
    rm: Roadmap,
    position: int,
    t: Topic,
    home: str,
    core_only: bool,
    progress: Optional[Progress],
) -> dict[str, object]:
    data: dict[str, object] = {
        "position": position,
        "id": t.id,
        "track": t.track,
        "other_track": t.track != home,
        "title": to_data(t.title),
        "emphasis": t.emphasis.value,
        "prerequisites": list(t.prerequisites),
        "provenance": to_data(t.provenance),
        "advice": {"zh": advice(t.emphasis, Lang.ZH), "en": advice(t.emphasis, Lang.EN)},
        "background": t.emphasis is Emphasis.BACKGROUND,
        "note": to_data(t.note),
    }
    time = TopicStudyTime.of(t)
    data["study_time"] = {"core": _time_json(time.core), "optional": _time_json(time.optional)}
    blocks = _groups(t, core_only)
    data["core"] = [
        _resource_json(rm, p, progress) for role, _, ps in blocks if role is Role.CORE for p in ps
    ]
    data["pick_one"] = [
        {"group": g, "resources": [_resource_json(rm, p, progress) for p in ps]}
        for role, g, ps in blocks
        if role is Role.ALTERNATIVE
    ]
    data["optional"] = [
        _resource_json(rm, p, progress)
        for role, _, ps in blocks
        if role is Role.OPTIONAL
        for p in ps
    ]
    if progress is not None:
        data["status"] = progress.topic_status(rm, t.id).value
    return data


class _Writer:
    """Lines of the reading list: wrapped to the terminal, or one item per line when piped.

    The lines are printed together by `flush`: one write instead of hundreds
    (each `click.echo` costs about as much as building its line).
    """

    def __init__(self) -> None:
        self.width = 0
        if is_terminal():
            # On a terminal only: piped, nothing is wrapped (shutil and
            # textwrap cost a piped path a few milliseconds to import).
            import shutil

            self.width = min(shutil.get_terminal_size((80, 24)).columns, 100)
        self.lines: list[str] = []

    def flush(self) -> None:
        if self.lines:
            click.echo("\n".join(self.lines))
            self.lines.clear()

    def line(self, value: str, indent: str = "", hang: str = "") -> None:
        if not self.width:
            self.lines.append(indent + plain(value))
            return
        import textwrap

        wrapped = textwrap.wrap(
            plain(value),
            width=self.width,
            initial_indent=indent,
            # Spaces under a bullet ("   - "), so a wrapped title is not a second item.
            subsequent_indent=" " * len(indent) + hang,
            break_long_words=False,
            break_on_hyphens=False,
        )
        self.lines.extend(wrapped or [indent])


def _labelled(lang: Lang, zh: str, en: str, value: str) -> str:
    """``label: value`` with the colon of the language (full-width in Chinese)."""
    return f"{zh}：{value}" if lang is Lang.ZH else f"{en}: {value}".rstrip()


def _status_mark(status: Status, lang: Lang) -> str:
    return f"[{word(status, lang)}] " if status is not Status.PENDING else ""


def _study_time(core: StudyTime, total: StudyTime, core_only: bool, lang: Lang) -> str:
    """A step's or a path's study time: without the optional resources, then with them."""
    if core_only or not total.hours:
        # Nothing known at all reads "time unknown" once, not once for each sum.
        return core.label(lang)
    optional = word(Role.OPTIONAL, lang)
    return tr(
        lang,
        f"{core.label(lang)}；含{optional}资源{total.label(lang)}",
        f"{core.label(lang)}; {total.label(lang)} with the {optional} resources",
    )


def _print(
    rm: Roadmap,
    target: str,
    topics: tuple[Topic, ...],
    home: str,
    core_only: bool,
    progress: Optional[Progress],
    lang: Lang,
) -> None:
    out = _Writer()
    count = len(topics)
    out.line(
        tr(
            lang,
            f"学习路径：{target}（{count} 个主题，先修在前）",
            f"Learning path: {target} ({count} topics, prerequisites first)",
        )
    )
    study = rm.study_time(target)
    alone = core_only or study.total == study.core
    hours = _study_time(study.core, study.total, alone, lang)
    out.line(_labelled(lang, "学习时长", "Study time", hours))
    for number, (t, time) in enumerate(zip(topics, study.topics), 1):
        out.lines.append("")
        status = ""
        if progress is not None:
            status = _status_mark(progress.topic_status(rm, t.id), lang)
        where = "" if t.track == home else tr(lang, f" · 来自 {t.track}", f" · from {t.track}")
        out.line(f"{number}. {status}{text(t.title, lang)} ({t.id}){where}", hang="   ")
        pad = "   "
        # A step without optional resources needs no "with the optional ones".
        alone = core_only or time.optional == StudyTime()
        hours = _study_time(time.core, time.total, alone, lang)
        out.line(_labelled(lang, "学习时长", "study time", hours), pad, "  ")
        if t.emphasis is not Emphasis.STANDARD:
            # The source's advice: 十分重要, 略微过时, 选择性补充复习.
            sentence = advice(t.emphasis, lang)
            emphasis = word(t.emphasis, lang) + (f" — {sentence}" if sentence else "")
            out.line(_labelled(lang, "侧重", "emphasis", emphasis), pad, "  ")
        if t.note:
            out.line(_labelled(lang, "建议", "note", text(t.note, lang)), pad, "  ")
        for role, _group, placements in _groups(t, core_only):
            heading = word(role, lang)
            if role is Role.ALTERNATIVE:
                heading += tr(lang, "（读其中一份即可）", " of")
            out.line(_labelled(lang, heading, heading, ""), pad)
            for p in placements:
                _resource_lines(out, rm, p, progress, lang)
    out.flush()


def _resource_lines(
    out: _Writer, rm: Roadmap, p: Placement, progress: Optional[Progress], lang: Lang
) -> None:
    r = rm.resource(p.resource)
    pad = "   - "
    status = "" if progress is None else _status_mark(progress.status(r.id), lang)
    out.line(f"{status}{text(r.title, lang)} ({r.id})", pad, "  ")
    details = [word(r.kind, lang)]
    if r.level is not None:
        details.append(word(r.level, lang))
    details.append(StudyTime.of([p]).label(lang))
    main = r.main_url(lang)
    out.line(" · ".join(details) + f" · {main}", "     ", "  ")
    if p.note:
        out.line(text(p.note, lang), "     ", "  ")
    for link in r.links:
        if link.url != main:
            seen = _labelled(lang, "另见", "also", f"{text(link.label, lang)} {link.url}")
            out.line(seen, "     ", "  ")
    if r.url != main and all(link.url != r.url for link in r.links):
        out.line(_labelled(lang, "另见", "also", r.url), "     ", "  ")


def _brief(target: str, topics: tuple[Topic, ...], home: str, lang: Lang) -> None:
    table(
        [
            Column("#", justify="right"),
            Column("id", style="cyan", no_wrap=True),
            Column(tr(lang, "标题", "title"), ratio=2),
            Column(tr(lang, "路线", "track")),
            Column(tr(lang, "其他路线", "other track"), style="yellow"),
            Column(tr(lang, "学习时长", "study time"), no_wrap=True, justify="right"),
        ],
        [
            [
                i,
                t.id,
                text(t.title, lang),
                t.track,
                "*" if t.track != home else "",
                TopicStudyTime.of(t).core.label(lang),
            ]
            for i, t in enumerate(topics, 1)
        ],
        title=tr(lang, f"学习路径：{target}", f"Learning path: {target}"),
    )


@click.command()
@click.argument("target", metavar="TRACK_OR_TOPIC", shell_complete=complete_targets)
@click.option("--core-only", is_flag=True, help="Leave out the optional resources.")
@click.option(
    "--brief",
    is_flag=True,
    help="Only the topics, one line each: position, id, title, track, * for another track,"
    " study time (without the optional resources).",
)
@command_options
def path(target: str, core_only: bool, brief: bool, lang: Optional[Lang]) -> None:
    """The learning path to a track or topic.

    Every topic it needs, prerequisites first, numbered; under each, what to
    read: core resources, then each pick-one group as one choice, then
    optional ones (--core-only hides them), with kind, level, note and
    further links. Each step shows its emphasis with the source's advice.
    With progress marked, statuses are shown too. --brief lists only the
    topics, as a table.
    """
    rm = load_roadmap()
    found = find_entry(rm, target)
    home = found.id if isinstance(found, Track) else found.track
    topics = rm.path(target)
    progress = existing_progress()
    if settings().json:
        emit_json(
            [_topic_json(rm, i, t, home, core_only, progress) for i, t in enumerate(topics, 1)]
        )
        return
    if brief:
        _brief(target, topics, home, resolve_lang(lang))
        return
    _print(rm, target, topics, home, core_only, progress, resolve_lang(lang))
