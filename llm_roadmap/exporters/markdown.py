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
from collections.abc import Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, Callable, Optional

from .._version import __version__
from ..exporter import Exporter, ExportOptions
from ..hookspecs import hookimpl
from ..model import Emphasis, Kind, Level, Placement, Resource, Role, Text, Topic
from . import Specials, emphasis_advice, kind_label, level_label, words
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
_SPECIAL = Specials(
    r"[\\`*_\[\]<>|~&$#\x00-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_RISKY_FIRST = " +=-0123456789"
# Destinations without these characters are written as they are.
_NEEDS_BRACKETS = re.compile(r"[()<>\\&\s\x00-\x1f\x7f]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# The shortcut for a resource's texts checks them all in one string, each
# after " ^": a text is left as it is when the string has no special
# character, no double space (which also catches a text that ends with a
# space: "x  ^"), and no "^" followed by a space or a character that can
# start a block (a text that starts with one; "^" itself is no special
# character, so texts that hold it only take the full path needlessly).
_PROBE_EDGE = re.compile(r"\^[-+= \d]")
_ASCII_BRACKETS = bytes(c for c in range(128) if _NEEDS_BRACKETS.match(chr(c)))
_HTML_ANCHOR = '<a id="{}"></a>'
_AUTHORS_SHOWN = 3


def escape(text: str) -> str:
    """Return ``text`` as Markdown that renders exactly as ``text``, on one line.

    Runs of whitespace (newlines included) become one space, so a text can
    never end a paragraph or start a block; Markdown metacharacters are
    backslash-escaped, and a leading list marker or digit-and-dot is too.
    """
    if (
        _SPECIAL.none_in(text)
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
        self.words = w = words(options.lang)
        self.checklist = options.flag("checklist")
        self.toc = options.flag("toc", True)
        self.with_diagram = options.flag("diagram", True)
        self.title = str(options.params.get("title") or w["title"])
        self.direction = str(options.params.get("direction", "TD"))
        self.numbers: dict[str, str] = {}
        for t_number, track in enumerate(roadmap.tracks, 1):
            for p_number, topic in enumerate(track.topics, 1):
                self.numbers[topic.id] = f"{t_number}.{p_number}"
        self.box = "[ ] " if self.checklist else ""
        colon = w["colon"].strip()
        self.note_label = f"**{w['note']}{colon}** "
        self.optional = f" · *{w['optional']}*"
        self.pick_one = f"**{w['pick_one']}{colon}**"
        self.resources = {r.id: r for r in roadmap.resources}
        self.placed: set[str] = set()
        zh = self.code == "zh"
        self.list_sep, self.et_al = w["list_sep"], " " + w["et_al"]
        self.kinds = {kind: kind_label(kind, self.lang) for kind in Kind}
        self.levels: dict[Optional[Level], str] = {None: ""}
        self.levels.update({level: " · " + level_label(level, self.lang) for level in Level})
        self.paid = " · " + w["paid"]
        # The details after the authors repeat across resources (a few dozen
        # years, a dozen kinds, two or three languages): each is built once.
        self.tails: dict[tuple[Optional[int], Kind, Optional[Level], str, bool], str] = {}
        self.zh = zh

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
            # A track and its topics are one string: fewer, larger writes.
            lines = [
                f"## {_HTML_ANCHOR.format('track-' + track.id)}{number}. {self.text(track.title)}",
                "",
                self.text(track.summary),
                "",
            ]
            lines += self.advice(track.emphasis, track.note)
            for topic in track.topics:
                self.topic(topic, lines)
            out.write("\n".join(lines))
            out.write("\n")
        if len(self.placed) < len(self.resources):
            placed = self.placed
            heading = "其他资源" if self.code == "zh" else "Other resources"
            lines = [f"## {_HTML_ANCHOR.format('other-resources')}{heading}", ""]
            lines.extend(
                self.item(r, "- ", "  ", None) for r in roadmap.resources if r.id not in placed
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
        self.placements(topic.resources, lines)
        lines.append("")

    def placements(self, placements: Sequence[Placement], lines: list[str]) -> None:
        # The hot loop of the exporter: one item per placement, from its
        # resource's entry (see entry()).
        append = lines.append
        resources = self.resources
        entry_of = self.entry
        placed = self.placed.add
        bullet = f"- {self.box}"
        optional = self.optional
        note_label = self.note_label
        zh = self.code == "zh"
        alternative, optional_role = Role.ALTERNATIVE, Role.OPTIONAL
        groups: Optional[dict[str, list[Placement]]] = None
        done: set[str] = set()
        for placement in placements:
            resource_id = placement.resource
            resource = resources.get(resource_id)
            if resource is None:
                continue
            placed(resource_id)
            role = placement.role
            if role is alternative and placement.group:
                # Members of a group are listed together where its first one is.
                group = placement.group
                if group in done:
                    continue
                done.add(group)
                if groups is None:
                    groups = {}
                    for member in placements:
                        if member.role is alternative and member.group:
                            groups.setdefault(member.group, []).append(member)
                append(f"{bullet}{self.pick_one}")
                for member in groups[group]:
                    member_resource = resources.get(member.resource)
                    if member_resource is not None:
                        placed(member.resource)
                        append(self.item(member_resource, f"  - {self.box}", "    ", member.note))
                continue
            head, description = entry_of(resource)
            # A backslash at the end of a line is a hard line break: the item
            # stays one block, with its description and note on lines of their own.
            note = placement.note
            if note is None:
                if role is optional_role:
                    append(f"{bullet}{head}{optional} \\\n  {description}")
                else:
                    append(f"{bullet}{head} \\\n  {description}")
            else:
                role_text = optional if role is optional_role else ""
                append(
                    f"{bullet}{head}{role_text} \\\n  {description} \\\n"
                    f"  {note_label}{escape(note.zh if zh else note.en)}"
                )

    def item(self, resource: Resource, bullet: str, indent: str, note: Optional[Text]) -> str:
        """One resource's item without a role (its lines joined), outside the hot loop."""
        head, description = self.entry(resource)
        text = f"{bullet}{head} \\\n{indent}{description}"
        if note is None:
            return text
        return f"{text} \\\n{indent}{self.note_label}{self.text(note)}"

    def entry(self, resource: Resource) -> tuple[str, str]:
        """A resource's link with its line of details, and its description."""
        if self.zh:
            title, description = resource.title.zh, resource.description.zh
        else:
            title, description = resource.title.en, resource.description.en
        authors = resource.authors
        shown = authors[:_AUTHORS_SHOWN]
        # The shortcut of escape() for the title, description and names at
        # once: most texts need no escaping (see _PROBE_EDGE).
        if shown:
            probe = f" ^{title} ^{description} ^{' ^'.join(shown)} ^"
        else:
            probe = f" ^{title} ^{description} ^"
        if _SPECIAL.none_in(probe) and "  " not in probe and not _PROBE_EDGE.search(probe):
            names = self.list_sep.join(shown)
        else:
            title, description = escape(title), escape(description)
            names = self.list_sep.join(map(escape, shown))
        url = resource.url
        if url.isascii():
            raw = url.encode()
            if raw != raw.translate(None, _ASCII_BRACKETS):
                url = link_destination(url)
        elif _NEEDS_BRACKETS.search(url):
            url = link_destination(url)
        # The line of details: authors, year, kind, level, language, cost (never empty).
        key = (resource.year, resource.kind, resource.level, resource.language, resource.free)
        tail = self.tails.get(key)
        if tail is None:
            year, kind, level, language, free = key
            tail = self.tails[key] = (
                f"{'' if year is None else f'{year} · '}{self.kinds[kind]}{self.levels[level]}"
                f"{self.language(language)}{'' if free else self.paid}"
            )
        if resource.fetched:
            tail += self.fetched(resource.fetched)
        if not authors:
            return f"[{title}]({url}) — {tail}", description
        if len(authors) > _AUTHORS_SHOWN:
            names += self.et_al
        return f"[{title}]({url}) — {names} · {tail}", description

    def fetched(self, fetched: Mapping[str, Mapping[str, Any]]) -> str:
        """What sources fetched, after the details: stars, archived, latest arXiv version."""
        # Only numbers and our own words are written: fetched values come from
        # the network, and nothing of them is taken as text.
        github, arxiv = fetched.get("github") or {}, fetched.get("arxiv") or {}
        extra = ""
        stars = github.get("stars")
        if isinstance(stars, int) and not isinstance(stars, bool):
            extra += f" · ★ {stars:,}"
        if github.get("archived") is True:
            extra += f" · **{self.words['archived']}**"
        version = arxiv.get("version")
        if isinstance(version, int) and not isinstance(version, bool):
            extra += f" · arXiv v{version}"
        return extra

    def language(self, code: str) -> str:
        """How to mention a resource's language (after " · "): nothing when it is the document's."""
        base = code.split("-")[0].lower()
        if base == self.code:
            return ""
        named = _LANGUAGE.get(base)
        label = named[0 if self.code == "zh" else 1] if named else escape(code)
        return " · " + label if label else ""


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
