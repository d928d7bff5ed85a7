"""``llm-roadmap path``: the learning path to a track or topic, and what to read at each step.

Under each step: its core resources, then each pick-one group as one choice,
then the optional ones (``--core-only`` hides them), each with its kind,
level, the curators' note and its further links. The step's emphasis comes
with its advice (`llm_roadmap.vocabulary.advice`), so a background topic
reads as background, not as a must. The text is the same on a terminal and
in a pipe; on a terminal it is wrapped to the window (at most 100
columns) and paged when longer than it; piped, each item stays on one line
for ``grep``.
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
from ._entries import existing_progress, find_entry, labelled, resource_item, time_json
from ._group import RoadmapCommand
from ._screen import Column, Page, Span, emit_json, page, table, text, tr, word
from ._settings import command_options, complete_targets, load_roadmap, resolve_lang, settings

if TYPE_CHECKING:
    from ..progress import Progress
    from ..roadmap import Roadmap


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
    data["study_time"] = {"core": time_json(time.core), "optional": time_json(time.optional)}
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


def _status_mark(status: Status, lang: Lang) -> str:
    return word(status, lang) if status is not Status.PENDING else ""


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
    out = page()
    count = len(topics)
    out.text(
        Span(
            tr(
                lang,
                f"学习路径：{target}（{count} 个主题，先修在前）",
                f"Learning path: {target} ({count} topics, prerequisites first)",
            ),
            "bold",
        )
    )
    study = rm.study_time(target)
    alone = core_only or study.total == study.core
    hours = _study_time(study.core, study.total, alone, lang)
    out.text(labelled(lang, "学习时长", "Study time", hours), hang="  ")
    for number, (t, time) in enumerate(zip(topics, study.topics), 1):
        out.blank()
        status = ""
        if progress is not None:
            status = _status_mark(progress.topic_status(rm, t.id), lang)
        where = "" if t.track == home else tr(lang, f" · 来自 {t.track}", f" · from {t.track}")
        out.text(
            [
                Span(f"{number}. "),
                Span(f"[{status}] " if status else "", "yellow"),
                Span(text(t.title, lang), "bold"),
                Span(" ("),
                Span(t.id, "cyan"),
                Span(f"){where}"),
            ],
            hang="   ",
        )
        pad = "   "
        # A step without optional resources needs no "with the optional ones".
        alone = core_only or time.optional == StudyTime()
        hours = _study_time(time.core, time.total, alone, lang)
        out.text(labelled(lang, "学习时长", "study time", hours), pad, pad + "  ")
        if t.emphasis is not Emphasis.STANDARD:
            # The source's advice: 十分重要, 略微过时, 选择性补充复习.
            sentence = advice(t.emphasis, lang)
            emphasis = word(t.emphasis, lang) + (f" — {sentence}" if sentence else "")
            out.text(Span(labelled(lang, "侧重", "emphasis", emphasis), "magenta"), pad, pad + "  ")
        if t.note:
            out.text(labelled(lang, "建议", "note", text(t.note, lang)), pad, pad + "  ")
        for role, _group, placements in _groups(t, core_only):
            heading = word(role, lang)
            if role is Role.ALTERNATIVE:
                heading += tr(lang, "（读其中一份即可）", " of")
            out.text(Span(labelled(lang, heading, heading, ""), "underline"), pad)
            for p in placements:
                _resource_lines(out, rm, p, progress, lang)
    out.flush()


def _resource_lines(
    out: Page, rm: Roadmap, p: Placement, progress: Optional[Progress], lang: Lang
) -> None:
    r = rm.resource(p.resource)
    details = [word(r.kind, lang)]
    if r.level is not None:
        details.append(word(r.level, lang))
    details.append(StudyTime.of([p]).label(lang))
    main = r.main_url(lang)
    also = [(text(link.label, lang), link.url) for link in r.links if link.url != main]
    if r.url != main and all(link.url != r.url for link in r.links):
        also.append(("", r.url))
    resource_item(
        out,
        r,
        lang,
        details=details,
        url=main,
        note=text(p.note, lang),
        status="" if progress is None else _status_mark(progress.status(r.id), lang),
        also=also,
    )


def _brief(target: str, topics: tuple[Topic, ...], home: str, lang: Lang) -> None:
    table(
        [
            Column("#", justify="right", wrap=False, priority=2),
            Column("id", style="cyan", wrap=False, priority=0),
            Column(tr(lang, "标题", "title"), priority=0),
            Column(tr(lang, "路线", "track"), wrap=False, priority=3),
            Column(tr(lang, "其他路线", "other track"), style="yellow", wrap=False, priority=4),
            Column(tr(lang, "学习时长", "study time"), wrap=False, justify="right", priority=1),
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
        lang=lang,
        title=tr(lang, f"学习路径：{target}", f"Learning path: {target}"),
    )


@click.command(cls=RoadmapCommand)
@click.argument("target", metavar="TRACK_OR_TOPIC", shell_complete=complete_targets)
@click.option("--core-only", is_flag=True)
@click.option("--brief", is_flag=True)
@command_options
def path(target: str, core_only: bool, brief: bool, lang: Optional[Lang]) -> None:
    """The learning path to a track or topic."""
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
