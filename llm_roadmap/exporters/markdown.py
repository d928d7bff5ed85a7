"""The Markdown exporter: the roadmap as a document to read, share or tick off.

The output is CommonMark and GitHub-flavoured Markdown: a title, a table of
contents, a Mermaid overview of the tracks, then each track with a diagram of
its own topics (small enough to stay readable at GitHub's page width) and its
topics (summary, concepts, prerequisites, advice) and their resources (link,
authors, year, kind, role, note and secondary links). Every text from the
data is escaped (see ``_markdown_text``) so that it renders as the text it
is: no character of a title can open a link, emphasis, a code span, a table
cell, raw HTML or a block. The only HTML in the document is the anchor
``<a id="...">`` in each heading, built from the validated kebab-case ids.
"""

from collections.abc import Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, Callable, Optional

from .._version import __version__
from ..exporter import Exporter, ExportOptions
from ..hookspecs import hookimpl
from ..model import Emphasis, Kind, Level, Placement, Resource, Role, Text, Topic
from ..progress import export_statuses
from . import emphasis_advice, kind_label, level_label, words
from ._markdown_text import ASCII_BRACKETS as _ASCII_BRACKETS
from ._markdown_text import NEEDS_BRACKETS as _NEEDS_BRACKETS
from ._markdown_text import PROBE_EDGE as _PROBE_EDGE
from ._markdown_text import SPECIAL as _SPECIAL
from ._markdown_text import escape, link_destination
from .mermaid import overview, track_diagram

if TYPE_CHECKING:
    from ..roadmap import Roadmap

__all__ = ["escape", "link_destination", "register_exporters"]

_HTML_ANCHOR = '<a id="{}"></a>'
_AUTHORS_SHOWN = 3


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
        self.box = "[ ] " if self.checklist else ""
        colon = w["colon"].strip()
        self.note_label = f"**{w['note']}{colon}** "
        self.links_label = f"**{w['links']}{colon}** "
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
            if self.with_diagram and track.topics:
                chart = track_diagram(
                    roadmap, track, self.lang, self.numbers, direction=self.direction
                )
                lines += ["```mermaid", chart.rstrip("\n"), "```", ""]
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
                tick = self.progress
                box = tick.checkbox([m.resource for m in groups[group]]) if tick else self.box
                append(f"- {box}{self.pick_one}")
                for member in groups[group]:
                    member_resource = resources.get(member.resource)
                    if member_resource is not None:
                        placed(member.resource)
                        box = tick.checkbox([member.resource]) if tick else self.box
                        append(self.item(member_resource, f"  - {box}", "    ", member.note))
                continue
            head, description = entry_of(resource)
            if self.progress is not None:
                bullet = f"- {self.progress.checkbox([resource_id])}"
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
        head, description = self.entry(resource, indent)
        text = f"{bullet}{head} \\\n{indent}{description}"
        if note is None:
            return text
        return f"{text} \\\n{indent}{self.note_label}{self.text(note)}"

    def entry(self, resource: Resource, indent: str = "  ") -> tuple[str, str]:
        """A resource's link with its line of details, and its description.

        The description ends with a line of the resource's secondary links
        (mirrors, editions, re-uploads), if it has any, indented by ``indent``.
        """
        if resource.links:
            head, description = self.entry_only(resource)
            return head, f"{description} \\\n{indent}{self.secondary(resource)}"
        return self.entry_only(resource)

    def secondary(self, resource: Resource) -> str:
        """The line of a resource's secondary links."""
        links = " · ".join(
            f"[{self.text(link.label)}]({link_destination(link.url)})" for link in resource.links
        )
        return f"{self.links_label}{links}"

    def entry_only(self, resource: Resource) -> tuple[str, str]:
        """A resource's link with its line of details, and its description alone."""
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
