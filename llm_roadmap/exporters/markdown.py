"""The Markdown exporter: the roadmap as a document to read, share or tick off.

The output is CommonMark and GitHub-flavoured Markdown: a title, a table of
contents, a Mermaid overview of the tracks, then each track with a diagram of
its own topics (small enough to stay readable at GitHub's page width) and its
topics (summary, concepts, prerequisites, advice, study time) and their
resources (link, authors, year, kind, study time, role, note and secondary
links); resources no topic lists come last. Every text from the data is
escaped (``escape`` and ``link_destination``) so that
it renders as the text it is: no character of a title can open a link,
emphasis, a code span, a table cell, raw HTML or a block. The only HTML in the
document is the anchor ``<a id="...">`` in each heading, built from the
validated kebab-case ids.
"""

import re
from collections.abc import Mapping, Sequence
from typing import IO, TYPE_CHECKING, Callable, Optional

from .._version import __version__
from ..hookspecs import hookimpl
from ..model import Emphasis, Lang, Placement, Resource, Role, Text, Topic
from ..roadmap import StudyTime, TopicStudyTime
from ..vocabulary import advice, label
from . import Exporter, ExportOptions, export_statuses
from .mermaid import overview, track_diagram
from .text import words

if TYPE_CHECKING:
    from ..roadmap import Roadmap

__all__ = ["escape", "link_destination", "register_exporters"]

# Backslash-escaping is defined for every ASCII punctuation character and is
# always rendered as the character itself, so over-escaping is harmless. These
# are the characters that can start inline structure anywhere in a line:
# emphasis, code spans, links, raw HTML and autolinks, entities, GFM tables,
# strikethrough and math, and heading closing sequences.
_INLINE = {c: "\\" + c for c in "\\`*_[]<>|~&$#"}
_INLINE_TABLE = str.maketrans(_INLINE)
# Control characters other than whitespace have no business in a document.
# They go before the whitespace is folded: "\x00 - x" is "- x", a list marker.
# (0x1C to 0x1F are whitespace to str.split(): they fold into a space.)
_NOT_TEXT = str.maketrans({chr(c): "" for c in (*range(0x09), *range(0x0E, 0x1C), 0x7F)})
# At the start of a line these open a block: a list item (``-``, ``+``, ``1.``,
# ``1)``), a setext underline (``=``) or a thematic break; ``#`` and ``>`` are
# escaped everywhere already.
_BLOCK_START = re.compile(r"[-+=]|\d{1,9}[.)]")
# escape() returns a text as it is when it holds none of these characters (the
# ones above, and every whitespace character but the space: all that
# str.isspace() knows), no double space, no space at its end and none of
# _RISKY_FIRST at its start (any digit, not only a list number: a simpler test).
_SPECIAL = re.compile(
    r"[\\`*_\[\]<>|~&$#\x00-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_RISKY_FIRST = " +=-0123456789"
# Destinations without these characters are written as they are.
_NEEDS_BRACKETS = re.compile(r"[()<>\\&\s\x00-\x1f\x7f]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def escape(text: str) -> str:
    """Return ``text`` as Markdown that renders exactly as ``text``, on one line.

    Runs of whitespace (newlines included) become one space, so a text can
    never end a paragraph or start a block; Markdown metacharacters are
    backslash-escaped, and a leading list marker or digit-and-dot is too.
    """
    if (
        not _SPECIAL.search(text)
        and "  " not in text
        and text[:1] not in _RISKY_FIRST
        and text[-1:] != " "
    ):
        return text  # nothing to escape: most texts
    flat = " ".join(text.translate(_NOT_TEXT).split()).translate(_INLINE_TABLE)
    match = _BLOCK_START.match(flat)
    if match:
        end = match.end()
        flat = flat[: end - 1] + "\\" + flat[end - 1 :]
    return flat


def link_destination(url: str) -> str:
    """Return ``url`` as a Markdown link destination that parses back to exactly ``url``.

    Plain URLs are written as they are. A URL with parentheses, angle
    brackets, backslashes, spaces or something that reads as an HTML entity is
    written in angle brackets with those characters escaped.
    """
    if not _NEEDS_BRACKETS.search(url):
        return url
    if url.isprintable() and not any(c in url for c in "()<>\\ ") and not _ENTITY.search(url):
        return url  # an & that starts no entity needs nothing
    body = url.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>")
    body = _ENTITY.sub(lambda m: "\\" + m.group(0), body)
    return (
        "<" + "".join(c if c.isprintable() and c != "\n" else f"%{ord(c):02X}" for c in body) + ">"
    )


_HTML_ANCHOR = '<a id="{}"></a>'
_AUTHORS_SHOWN = 3
_LANGUAGE = {"en": ("英文", "in English"), "zh": ("中文", "in Chinese")}
# A backslash at the end of a line is a hard line break: an item stays one
# block, with its description, links and note on lines of their own.
_BREAK = " \\\n"

# The study-time line of a track and a topic (its times' labels are `StudyTime.label`'s,
# the role's word the vocabulary's).
_STUDY_TIME = {
    Lang.ZH: ("学习时长", "；含{optional}资源{total}"),
    Lang.EN: ("Study time", "; {total} with the {optional} resources"),
}


class _Writer:
    """Renders one document, top to bottom: heading, contents, diagram, tracks, the rest."""

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
        # The resources some topic lists: the others go under "Other resources".
        self.placed: set[str] = set()

    def text(self, text: Text) -> str:
        """A text of the data in the document's language, escaped."""
        return escape(text.zh if self.code == "zh" else text.en)

    def label(self, word: str) -> str:
        """A bold label, such as ``**Note:**``."""
        return f"**{word}{self.words['colon'].strip()}**"

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
            # A track and its topics are one string: one write each, not one per line.
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
                lines += self.topic(topic)
            out.write("\n".join(lines))
            out.write("\n")
        others = [r for r in roadmap.resources if r.id not in self.placed]
        if others:
            heading = "其他资源" if self.code == "zh" else "Other resources"
            lines = [f"## {_HTML_ANCHOR.format('other-resources')}{heading}", ""]
            # A plain list, even in a checklist: these belong to no topic to study.
            for resource in others:
                head, description = self.entry(resource)
                lines.append(f"- {head}{_BREAK}  {description}")
            out.write("\n".join(lines))
            out.write("\n\n")

    def advice(self, emphasis: Emphasis, note: Optional[Text]) -> list[str]:
        parts = []
        sentence = advice(emphasis, self.lang)
        if sentence:
            parts.append(escape(sentence))
        if note is not None:
            parts.append(self.text(note))
        if not parts:
            return []
        return [f"> {self.label(self.words['advice'])} {' '.join(parts)}", ""]

    def study_time(self, core: StudyTime, total: StudyTime) -> list[str]:
        """The line of a track's or topic's study time: core (and one of each group), then all.

        Nothing when nothing in it has a time or lacks one (an empty topic).
        """
        if core == total == StudyTime():
            return []
        heading, optional = _STUDY_TIME[self.lang]
        text = core.label(self.lang)
        if total != core:
            text += optional.format(total=total.label(self.lang), optional=self.words["optional"])
        return [f"{self.label(heading)} {text}", ""]

    def topic(self, topic: Topic) -> list[str]:
        """A topic's section: heading, summary, concepts, prerequisites, advice, time, items."""
        w = self.words
        number = self.numbers[topic.id]
        lines = [
            f"### {_HTML_ANCHOR.format('topic-' + topic.id)}{number} {self.text(topic.title)}",
            "",
            self.text(topic.summary),
            "",
        ]
        if topic.concepts:
            concepts = " · ".join(self.text(c) for c in topic.concepts)
            lines += [f"{self.label(w['concepts'])} {concepts}", ""]
        prerequisites = [p for p in topic.prerequisites if p in self.numbers]
        if prerequisites:
            links = w["list_sep"].join(
                f"[{self.numbers[p]} {self.text(self.roadmap.topic(p).title)}](#topic-{p})"
                for p in prerequisites
            )
            lines += [f"{self.label(w['prerequisites'])} {links}", ""]
        lines += self.advice(topic.emphasis, topic.note)
        time = TopicStudyTime.of(topic)
        lines += self.study_time(time.core, time.total)
        lines += self.items(topic.resources)
        lines.append("")
        return lines

    def items(self, placements: Sequence[Placement]) -> list[str]:
        """The list items of a topic's placements, one string each.

        The members of a group of alternatives are listed together, under
        "Pick one", where its first member is. Placements of resources that
        do not exist are left out.
        """
        placements = [p for p in placements if p.resource in self.resources]
        groups: dict[str, list[Placement]] = {}  # each group's members, in order
        for placement in placements:
            group = _group(placement)
            if group:
                groups.setdefault(group, []).append(placement)
        items = []
        for placement in placements:
            self.placed.add(placement.resource)
            group = _group(placement)
            if not group:
                items.append(self.item(placement, "- ", "  "))
            elif group in groups:  # its first member: the whole group goes here (popped: once)
                members = groups.pop(group)
                # The group's box is ticked when any of its members is done.
                box = self.checkbox([m.resource for m in members])
                lines = [f"- {box}{self.label(self.words['pick_one'])}"]
                lines += [self.item(m, "  - ", "    ") for m in members]
                items.append("\n".join(lines))
        return items

    def item(self, placement: Placement, bullet: str, indent: str) -> str:
        """One placement's list item, its lines joined by hard breaks.

        Its checkbox, its resource's entry (`entry`), "optional" for an
        optional placement, then the description and the placement's note on
        lines of their own, indented by ``indent``.
        """
        head, description = self.entry(self.resources[placement.resource], indent, placement)
        box = self.checkbox([placement.resource])
        optional = f" · *{self.words['optional']}*" if placement.role is Role.OPTIONAL else ""
        item = f"{bullet}{box}{head}{optional}{_BREAK}{indent}{description}"
        if placement.note is not None:
            item += f"{_BREAK}{indent}{self.label(self.words['note'])} {self.text(placement.note)}"
        return item

    def checkbox(self, resource_ids: list[str]) -> str:
        """An item's checkbox, ticked when one of the resources is done; none if no checklist."""
        if self.progress is not None:
            return self.progress.checkbox(resource_ids)
        return "[ ] " if self.checklist else ""

    def entry(
        self, resource: Resource, indent: str = "  ", placement: Optional[Placement] = None
    ) -> tuple[str, str]:
        """A resource's link with its line of details, and its description.

        The details are the authors, year, kind, level, language and cost, the
        ``placement``'s study time when one is given, and what sources fetched.
        The description ends with a line of the resource's secondary links
        (mirrors, editions, re-uploads), if it has any, indented by ``indent``.
        """
        w = self.words
        details = []
        if resource.authors:
            # At most three names, then "et al." for more or for a list cut short ("others").
            shown = resource.named_authors[:_AUTHORS_SHOWN]
            names = w["list_sep"].join(escape(name) for name in shown)
            if len(resource.authors) > _AUTHORS_SHOWN or resource.authors_cut:
                names += " " + w["et_al"]
            details.append(names)
        if resource.year is not None:
            details.append(str(resource.year))
        details.append(label(resource.kind, self.lang))
        if resource.level is not None:
            details.append(label(resource.level, self.lang))
        language = self.language(resource.language)
        if language:
            details.append(language)
        if not resource.free:
            details.append(w["paid"])
        if placement is not None:
            hours = placement.hours
            time = StudyTime(unknown=1) if hours is None else StudyTime(hours=hours)
            details.append(time.label(self.lang))
        details += self.fetched(resource.fetched)
        link = f"[{self.text(resource.title)}]({link_destination(resource.url)})"
        head = f"{link} — {' · '.join(details)}"
        description = self.text(resource.description)
        if resource.links:
            links = " · ".join(
                f"[{self.text(x.label)}]({link_destination(x.url)})" for x in resource.links
            )
            description += f"{_BREAK}{indent}{self.label(w['links'])} {links}"
        return head, description

    def fetched(self, fetched: Mapping[str, Mapping[str, object]]) -> list[str]:
        """What sources fetched, as details: stars, archived, latest arXiv version."""
        # Only numbers and our own words are written: fetched values come from
        # the network, and nothing of them is taken as text.
        found = []
        github = fetched.get("github")
        if github:
            stars = github.get("stars")
            if isinstance(stars, int) and not isinstance(stars, bool):
                found.append(f"★ {stars:,}")
            if github.get("archived") is True:
                found.append(f"**{self.words['archived']}**")
        arxiv = fetched.get("arxiv")
        if arxiv:
            version = arxiv.get("version")
            if isinstance(version, int) and not isinstance(version, bool):
                found.append(f"arXiv v{version}")
        return found

    def language(self, code: str) -> str:
        """How to mention a resource's language: nothing when it is the document's."""
        base = code.split("-")[0].lower()
        if base == self.code:
            return ""
        named = _LANGUAGE.get(base)
        return named[0 if self.code == "zh" else 1] if named else escape(code)


def _group(placement: Placement) -> Optional[str]:
    """The group of alternatives ``placement`` belongs to, or None if it stands alone."""
    return placement.group if placement.role is Role.ALTERNATIVE else None


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
