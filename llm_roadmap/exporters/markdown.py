"""The Markdown exporter: the roadmap as a document to read, share or tick off.

The output is CommonMark and GitHub-flavoured Markdown: a title, a table of
contents, the Mermaid diagram, then each track with its topics (summary,
concepts, prerequisites, advice) and their resources (link, authors, year,
kind, role and note). Every text from the data is escaped so that it renders
as the text it is: no character of a title can open a link, emphasis, a code
span, a table cell, raw HTML or a block. The only HTML in the document is the
``<a id="...">`` anchor in each heading, built from the validated kebab-case ids.
"""

import re
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Callable, Optional

from .. import __version__
from ..exporter import Exporter, ExportOptions
from ..hookspecs import hookimpl
from ..model import Emphasis, Kind, Level, Placement, Resource, Role, Text, Topic
from . import emphasis_advice, kind_label, level_label, words
from .mermaid import diagram

if TYPE_CHECKING:
    from ..roadmap import Roadmap

__all__ = ["escape", "link_destination", "register_exporters"]

# Backslash-escaping is defined for every ASCII punctuation character and is
# always rendered as the character itself, so over-escaping is harmless. These
# are the characters that can start inline structure anywhere in a line:
# emphasis, code spans, links, raw HTML and autolinks, entities, GFM tables,
# strikethrough and math, and heading closing sequences.
_INLINE = {c: "\\" + c for c in "\\`*_[]<>|~&$#"}
# Control characters other than whitespace have no business in a document.
_INLINE.update({chr(c): "" for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)})
_INLINE_TABLE = str.maketrans(_INLINE)
# At the start of a line these open a block: a list item (``-``, ``+``, ``1.``,
# ``1)``), a setext underline (``=``) or a thematic break; ``#`` and ``>`` are
# escaped everywhere already.
_BLOCK_START = re.compile(r"[-+=]|\d{1,9}[.)]")
# Texts that need none of the work above (the great majority) are returned as
# they are: no special character, no whitespace but single spaces (the class
# holds every character str.isspace() knows, but the space), and nothing at
# the start that could open a block. One character-class search is fast.
_SPECIAL = re.compile(
    r"[\\`*_\[\]<>|~&$#\x00-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_RISKY_FIRST = " +=-0123456789"
# Destinations without these characters are written as they are.
_NEEDS_BRACKETS = re.compile(r"[()<>\\&\s\x00-\x1f\x7f]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HTML_ANCHOR = '<a id="{}"></a>'
_AUTHORS_SHOWN = 3


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
        return text
    flat = " ".join(text.split()).translate(_INLINE_TABLE)
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


class _Writer:
    """Renders one document; holds the per-export caches and words."""

    def __init__(self, roadmap: "Roadmap", options: ExportOptions) -> None:
        self.roadmap = roadmap
        self.lang = options.lang
        self.code = options.lang.value
        self.words = words(options.lang)
        self.checklist = options.flag("checklist")
        self.toc = options.flag("toc", True)
        self.with_diagram = options.flag("diagram", True)
        self.title = str(options.params.get("title") or self.words["title"])
        self.direction = str(options.params.get("direction", "TD"))
        self.resources = {r.id: r for r in roadmap.resources}
        self.numbers: dict[str, str] = {}
        for t_number, track in enumerate(roadmap.tracks, 1):
            for p_number, topic in enumerate(track.topics, 1):
                self.numbers[topic.id] = f"{t_number}.{p_number}"
        self.box = "[ ] " if self.checklist else ""
        # Per export: labels looked up once, and each resource's line of
        # details built once however many topics place it.
        self.kinds = {kind: kind_label(kind, self.lang) for kind in Kind}
        self.note_label = f"**{self.words['note']}{self.words['colon'].strip()}** "
        self.metas: dict[str, str] = {}
        self.levels = {level: level_label(level, self.lang) for level in Level}
        self.names: dict[str, str] = {}
        self.languages: dict[str, str] = {}
        self.et_al = " " + self.words["et_al"]

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
            lines.append(diagram(roadmap, self.lang, self.direction).rstrip("\n"))
            lines += ["```", ""]
        out.write("\n".join(lines))
        out.write("\n")
        for number, track in enumerate(roadmap.tracks, 1):
            lines = [
                f"## {_HTML_ANCHOR.format('track-' + track.id)}{number}. {self.text(track.title)}",
                "",
            ]
            lines += [self.text(track.summary), ""]
            lines += self.advice(track.emphasis, track.note)
            out.write("\n".join(lines))
            out.write("\n")
            for topic in track.topics:
                out.write("\n".join(self.topic(topic)))
                out.write("\n")
        placed = {
            p.resource
            for track in roadmap.tracks
            for topic in track.topics
            for p in topic.resources
        }
        unplaced = [r for r in roadmap.resources if r.id not in placed]
        if unplaced:
            heading = "其他资源" if self.code == "zh" else "Other resources"
            lines = [f"## {_HTML_ANCHOR.format('other-resources')}{heading}", ""]
            for resource in unplaced:
                lines += self.item(resource, "", "- ", "  ")
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

    def topic(self, topic: Topic) -> list[str]:
        w = self.words
        number = self.numbers[topic.id]
        lines = [
            f"### {_HTML_ANCHOR.format('topic-' + topic.id)}{number} {self.text(topic.title)}",
            "",
        ]
        lines += [self.text(topic.summary), ""]
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
        lines += self.placements(topic.resources)
        lines.append("")
        return lines

    def placements(self, placements: Sequence[Placement]) -> list[str]:
        lines: list[str] = []
        groups: dict[str, list[Placement]] = {}
        for placement in placements:
            if placement.role is Role.ALTERNATIVE and placement.group:
                groups.setdefault(placement.group, []).append(placement)
        done: set[str] = set()
        for placement in placements:
            resource = self.resources.get(placement.resource)
            if resource is None:
                continue
            group = placement.group if placement.role is Role.ALTERNATIVE else None
            if group is None or group not in groups:
                lines += self.item(
                    resource, self.role(placement), f"- {self.box}", "  ", placement.note
                )
                continue
            if group in done:
                continue
            done.add(group)
            lines.append(f"- {self.box}**{self.words['pick_one']}{self.words['colon'].strip()}**")
            for member in groups[group]:
                member_resource = self.resources.get(member.resource)
                if member_resource is not None:
                    lines += self.item(member_resource, "", f"  - {self.box}", "    ", member.note)
        return lines

    def role(self, placement: Placement) -> str:
        return f"*{self.words['optional']}*" if placement.role is Role.OPTIONAL else ""

    def item(
        self, resource: Resource, role: str, bullet: str, indent: str, note: Optional[Text] = None
    ) -> list[str]:
        zh = self.code == "zh"
        meta = self.metas.get(resource.id)
        if meta is None:
            meta = self.metas[resource.id] = self.meta(resource)
        if role:
            meta = f"{meta} · {role}"
        title = escape(resource.title.zh if zh else resource.title.en)
        head = f"{bullet}[{title}]({link_destination(resource.url)}) — {meta} \\"
        # A backslash at the end of a line is a hard line break: the item
        # stays one block, with its description and note on lines of their own.
        description = indent + escape(resource.description.zh if zh else resource.description.en)
        if note is None:
            return [head, description]
        return [head, description + " \\", indent + self.note_label + self.text(note)]

    def meta(self, resource: Resource) -> str:
        """The line of details: authors, year, kind, level, language, cost (never empty)."""
        parts = []
        authors = resource.authors
        if authors:
            names = self.names
            shown = []
            for name in authors[:_AUTHORS_SHOWN]:
                # The same people write many resources: escape each name once.
                escaped = names.get(name)
                if escaped is None:
                    escaped = names[name] = escape(name)
                shown.append(escaped)
            joined = self.words["list_sep"].join(shown)
            parts.append(joined + self.et_al if len(authors) > _AUTHORS_SHOWN else joined)
        if resource.year is not None:
            parts.append(str(resource.year))
        parts.append(self.kinds[resource.kind])
        if resource.level is not None:
            parts.append(self.levels[resource.level])
        language = self.languages.get(resource.language)
        if language is None:
            language = self.languages[resource.language] = self.language(resource.language)
        if language:
            parts.append(language)
        if not resource.free:
            parts.append(self.words["paid"])
        return " · ".join(parts)

    def language(self, code: str) -> str:
        """How to mention a resource's language: nothing when it is the document's."""
        base = code.split("-")[0].lower()
        if base == self.code:
            return ""
        named = _LANGUAGE.get(base)
        return named[0 if self.code == "zh" else 1] if named else escape(code)


_LANGUAGE = {"en": ("英文", "in English"), "zh": ("中文", "in Chinese")}


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    _Writer(roadmap, options).write(out)


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
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
    "toc": Text(zh="目录（默认 true）", en="include a table of contents (default true)"),
    "diagram": Text(
        zh="嵌入 Mermaid 路线图（默认 true）", en="embed the Mermaid diagram (default true)"
    ),
    "title": Text(zh="文档标题", en="the document's title"),
    "direction": Text(
        zh="路线图方向：TD、LR、BT、RL", en="direction of the diagram: TD, LR, BT, RL"
    ),
}
