"""The Markdown exporter: the roadmap as a document to read, share or tick off.

The output is CommonMark and GitHub-flavoured Markdown: a title, a table of
contents, a Mermaid overview of the tracks, then each track with a diagram of
its own topics (small enough to stay readable at GitHub's page width) and its
topics (summary, concepts, prerequisites, advice, study time) and their
resources (link, authors, year, kind, study time, role, note and secondary
links). Every text from the
data is escaped (see ``_markdown_text``) so that it renders as the text it
is: no character of a title can open a link, emphasis, a code span, a table
cell, raw HTML or a block. The only HTML in the document is the anchor
``<a id="...">`` in each heading, built from the validated kebab-case ids.
"""

from typing import IO, TYPE_CHECKING, Callable, Optional

from .._version import __version__
from ..hookspecs import hookimpl
from ..model import Emphasis, Lang, Resource, Text, Topic
from ..roadmap import StudyTime, TopicStudyTime
from . import Exporter, ExportOptions, export_statuses
from ._markdown_items import Items
from ._markdown_text import escape, link_destination
from .mermaid import overview, track_diagram
from .text import emphasis_advice, words

if TYPE_CHECKING:
    from ..roadmap import Roadmap

__all__ = ["escape", "link_destination", "register_exporters"]

_HTML_ANCHOR = '<a id="{}"></a>'

# The study-time line of a track and a topic (its times' labels are `StudyTime.label`'s,
# the role's word the vocabulary's).
_STUDY_TIME = {
    Lang.ZH: ("学习时长", "；含{optional}资源{total}"),
    Lang.EN: ("Study time", "; {total} with the {optional} resources"),
}


class _Writer:
    """Renders one document; holds the per-export caches and words."""

    def __init__(self, roadmap: "Roadmap", options: ExportOptions) -> None:
        self.roadmap = roadmap
        self.lang = options.lang
        self.code = options.lang.value
        self.words = w = words(options.lang)
        self.progress = export_statuses(options)  # --progress: the checklist ticks what is done
        self.checklist = options.flag("checklist") or self.progress is not None
        self.toc = options.flag("toc", True)
        self.with_diagram = options.flag("diagram", True)
        self.title = str(options.params.get("title") or w["title"])
        self.direction = str(options.params.get("direction", "TD"))
        self.numbers: dict[str, str] = {}
        for t_number, track in enumerate(roadmap.tracks, 1):
            for p_number, topic in enumerate(track.topics, 1):
                self.numbers[topic.id] = f"{t_number}.{p_number}"
        self.resources = {r.id: r for r in roadmap.resources}
        # The resources' items: the hot loop of the exporter (see _markdown_items).
        self.items = Items(
            self.resources, self.lang, w, self.progress, "[ ] " if self.checklist else ""
        )

    def text(self, text: Text) -> str:
        return escape(text.zh if self.code == "zh" else text.en)

    def write(self, out: IO[str]) -> None:
        roadmap, w = self.roadmap, self.words
        lines: list[str] = [f"# {escape(self.title)}", ""]
        topics = sum(len(t.topics) for t in roadmap.tracks)
        counts = w["counts"].format(
            tracks=len(roadmap.tracks), topics=topics, resources=len(roadmap.resources)
        )
        lines += [f"*{escape(w['generated'].format(version=__version__))} · {escape(counts)}*", ""]
        if self.toc:
            lines += [f"## {w['contents']}", ""]
            if self.with_diagram:
                lines.append(f"- [{w['diagram']}](#diagram)")
            for number, track in enumerate(roadmap.tracks, 1):
                lines.append(f"- [{number}. {self.text(track.title)}](#track-{track.id})")
                lines.extend(
                    f"  - [{self.numbers[topic.id]} {self.text(topic.title)}](#topic-{topic.id})"
                    for topic in track.topics
                )
            lines.append("")
        if self.with_diagram:
            lines += [f"## {_HTML_ANCHOR.format('diagram')}{w['diagram']}", "", "```mermaid"]
            lines.append(overview(roadmap, self.lang).rstrip("\n"))
            lines += ["```", ""]
        out.write("\n".join(lines))
        out.write("\n")
        for number, track in enumerate(roadmap.tracks, 1):
            # A track and its topics are one string: fewer, larger writes.
            lines = [
                f"## {_HTML_ANCHOR.format('track-' + track.id)}{number}. {self.text(track.title)}",
                "",
                self.text(track.summary),
                "",
            ]
            lines += self.advice(track.emphasis, track.note)
            times = [TopicStudyTime.of(topic) for topic in track.topics]
            lines += self.study_time(
                sum((t.core for t in times), StudyTime()),
                sum((t.total for t in times), StudyTime()),
            )
            if self.with_diagram and track.topics:
                chart = track_diagram(
                    roadmap, track, self.lang, self.numbers, direction=self.direction
                )
                lines += ["```mermaid", chart.rstrip("\n"), "```", ""]
            for topic in track.topics:
                self.topic(topic, lines)
            out.write("\n".join(lines))
            out.write("\n")
        placed = self.items.placed
        if len(placed) < len(self.resources):
            heading = "其他资源" if self.code == "zh" else "Other resources"
            lines = [f"## {_HTML_ANCHOR.format('other-resources')}{heading}", ""]
            lines.extend(
                self.items.item(r, "- ", "  ", None)
                for r in roadmap.resources
                if r.id not in placed
            )
            out.write("\n".join(lines))
            out.write("\n\n")

    def advice(self, emphasis: Emphasis, note: Optional[Text]) -> list[str]:
        parts = []
        sentence = emphasis_advice(emphasis, self.lang)
        if sentence:
            parts.append(escape(sentence))
        if note is not None:
            parts.append(self.text(note))
        if not parts:
            return []
        return [f"> **{self.words['advice']}{self.words['colon'].strip()}** {' '.join(parts)}", ""]

    def study_time(self, core: StudyTime, total: StudyTime) -> list[str]:
        """The line of a track's or topic's study time: core (and one of each group), then all.

        Nothing when nothing in it has a time or lacks one (an empty topic).
        """
        if core == total == StudyTime():
            return []
        label, optional = _STUDY_TIME[self.lang]
        text = core.label(self.lang)
        if total != core:
            text += optional.format(total=total.label(self.lang), optional=self.words["optional"])
        return [f"**{label}{self.words['colon'].strip()}** {text}", ""]

    def topic(self, topic: Topic, lines: list[str]) -> None:
        w = self.words
        number = self.numbers[topic.id]
        lines += [
            f"### {_HTML_ANCHOR.format('topic-' + topic.id)}{number} {self.text(topic.title)}",
            "",
            self.text(topic.summary),
            "",
        ]
        if topic.concepts:
            concepts = " · ".join(self.text(c) for c in topic.concepts)
            lines += [f"**{w['concepts']}{w['colon'].strip()}** {concepts}", ""]
        prerequisites = [p for p in topic.prerequisites if p in self.numbers]
        if prerequisites:
            links = w["list_sep"].join(
                f"[{self.numbers[p]} {self.text(self.roadmap.topic(p).title)}](#topic-{p})"
                for p in prerequisites
            )
            lines += [f"**{w['prerequisites']}{w['colon'].strip()}** {links}", ""]
        lines += self.advice(topic.emphasis, topic.note)
        time = TopicStudyTime.of(topic)
        lines += self.study_time(time.core, time.total)
        self.items.placements(topic.resources, lines)
        lines.append("")

    def entry(self, resource: Resource, indent: str = "  ") -> tuple[str, str]:
        """A resource's link with its line of details, and its description (see `Items.entry`)."""
        return self.items.entry(resource, indent)


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    _Writer(roadmap, options).write(out)


@hookimpl
def register_exporters(register: Callable[[Exporter["Roadmap"]], None]) -> None:
    """Register the ``markdown`` exporter."""
    register(
        Exporter(
            id="markdown",
            title=Text(zh="Markdown 文档", en="Markdown document"),
            suffix=".md",
            media_type="text/markdown",
            write=_write,
            params=_PARAMS,
        )
    )


_PARAMS: dict[str, Text] = {
    "checklist": Text(
        zh="资源前加复选框（- [ ]），供学习者勾选", en="put a checkbox (- [ ]) before each resource"
    ),
    "progress": Text(
        zh="学习进度（Progress.statuses）：复选框勾上已完成的资源",
        en="the learner's progress (Progress.statuses): the checklist ticks what is done",
    ),
    "toc": Text(zh="目录（默认 true）", en="include a table of contents (default true)"),
    "diagram": Text(
        zh="嵌入 Mermaid 路线图（默认 true）", en="embed the Mermaid diagram (default true)"
    ),
    "title": Text(zh="文档标题", en="the document's title"),
    "direction": Text(
        zh="路线图方向：TD、LR、BT、RL", en="direction of the diagram: TD, LR, BT, RL"
    ),
}
