"""The Markdown exporter's resource items: each placement of a topic as a list item.

An item is a resource's link with its line of details (authors, year, kind,
level, language, cost, the placement's study time, fetched figures), then on lines of their own its
description, its secondary links and the placement's note. This is the hot
loop of the exporter: a topic's items are made together, and the texts of a
whole topic are checked for escaping at once (`all_plain`), since most need
none and one check of them all costs a fraction of one check of each.
"""

from collections.abc import Mapping, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Optional

from ..model import OTHERS, Kind, Lang, Level, Link, Placement, Resource, Role, Text
from ..roadmap import StudyTime
from ._markdown_text import all_plain, escape, link_destination, plain_destinations
from .text import kind_label, level_label

if TYPE_CHECKING:
    from . import ExportStatuses

__all__ = ["Items"]

_AUTHORS_SHOWN = 3
_LANGUAGE = {"en": ("英文", "in English"), "zh": ("中文", "in Chinese")}
# A backslash at the end of a line is a hard line break: an item stays one
# block, with its description, links and note on lines of their own.
_BREAK = " \\\n"

_TailKey = tuple[Optional[int], Kind, Optional[Level], str, bool]


class Items:
    """Writes placements as Markdown list items; holds the per-export words and caches.

    Attributes:
        placed: The ids of the resources written so far.
    """

    def __init__(
        self,
        resources: Mapping[str, Resource],
        lang: Lang,
        words: Mapping[str, str],
        progress: Optional["ExportStatuses"],
        box: str,
    ) -> None:
        """Items of ``resources`` in ``lang``, each with ``box`` or a ``progress`` checkbox."""
        self.resources = resources
        self.code = lang.value
        self.zh = lang is Lang.ZH
        self.progress = progress
        self.box = box
        self.placed: set[str] = set()
        colon = words["colon"].strip()
        self.note_label = f"**{words['note']}{colon}** "
        self.links_label = f"**{words['links']}{colon}** "
        self.optional = f" · *{words['optional']}*"
        self.pick_one = f"**{words['pick_one']}{colon}**"
        self.archived = f" · **{words['archived']}**"
        self.list_sep, self.et_al = words["list_sep"], " " + words["et_al"]
        self.paid = " · " + words["paid"]
        self.kinds = {kind: kind_label(kind, lang) for kind in Kind}
        self.levels: dict[Optional[Level], str] = {None: ""}
        self.levels.update({level: " · " + level_label(level, lang) for level in Level})
        # The details after the authors repeat across resources (a few dozen
        # years, a dozen kinds, two or three languages): each is built once.
        self.tails: dict[_TailKey, str] = {}
        # A placement's study time, " · ≈ 3 h", by its hours (a few dozen values).
        self.hours: dict[Optional[float], str] = {}

    def placements(self, placements: Sequence[Placement], lines: list[str]) -> None:
        """Append the items of a topic's placements to ``lines``, one string each.

        The members of a group of alternatives are listed together, under
        "Pick one", where its first member is. Placements of resources that
        do not exist are left out.
        """
        ids = [p.resource for p in placements]
        resources = list(map(self.resources.get, ids))
        if not all(resources):
            kept = [(p, r) for p, r in zip(placements, resources) if r is not None]
            placements, resources = [p for p, _ in kept], [r for _, r in kept]
            ids = [p.resource for p in placements]
        if not resources:
            return
        self.placed.update(ids)
        notes = [p.note for p in placements if p.note is not None]
        texts = self.texts(resources, notes)  # type: ignore[arg-type]
        titles, urls, names, descriptions, others, plain = texts
        append, zh, tick = lines.append, self.zh, self.progress
        bullet, optional, note_label = f"- {self.box}", self.optional, self.note_label
        alternative, optional_role = Role.ALTERNATIVE, Role.OPTIONAL
        tails, et_al = self.tails, self.et_al
        groups: dict[str, list[str]] = {}  # each group's lines, from "Pick one"
        starts: dict[str, int] = {}  # where each group goes in ``lines``
        # The head of each item is made here rather than by heads(): one loop
        # over the resources instead of two, in the hot loop (same text).
        for placement, resource, title, url, shown, description, other in zip(
            placements, resources, titles, urls, names, descriptions, others
        ):
            key = (resource.year, resource.kind, resource.level, resource.language, resource.free)
            tail = tails.get(key) or self.tail(key)
            tail += self.hours.get(placement.hours) or self.study_time(placement.hours)
            if resource.fetched:
                tail += self.fetched(resource.fetched)
            authors = resource.authors
            if not authors:
                head = f"[{title}]({url}) — {tail}"
            elif len(authors) > _AUTHORS_SHOWN or authors[-1] == OTHERS:
                head = f"[{title}]({url}) — {shown}{et_al} · {tail}"
            else:
                head = f"[{title}]({url}) — {shown} · {tail}"
            role, note = placement.role, placement.note
            group = placement.group if role is alternative else None
            if group:
                indent = "    "
                item = f"  - {tick.checkbox([placement.resource]) if tick else self.box}{head}"
            else:
                if tick is not None:
                    bullet = f"- {tick.checkbox([placement.resource])}"
                if note is None and not other:  # the most common item, in one step
                    role_text = optional if role is optional_role else ""
                    append(f"{bullet}{head}{role_text}{_BREAK}  {description}")
                    continue
                indent = "  "
                item = f"{bullet}{head}{optional if role is optional_role else ''}"
            item = f"{item}{_BREAK}{indent}{description}"
            if other:
                item = f"{item}{_BREAK}{indent}{other}"
            if note is not None:
                text = note.zh if zh else note.en
                item = f"{item}{_BREAK}{indent}{note_label}{text if plain else escape(text)}"
            if not group:
                append(item)
            elif group in groups:
                groups[group].append(item)
            else:
                # The group's lines take the place of its first member, filled in below.
                groups[group] = [self.pick_one_line(group, placements), item]
                starts[group] = len(lines)
                append("")
        for group, group_lines in groups.items():
            lines[starts[group]] = "\n".join(group_lines)

    def pick_one_line(self, group: str, placements: Sequence[Placement]) -> str:
        """The first line of a group of alternatives, with the group's checkbox."""
        if self.progress is None:
            return f"- {self.box}{self.pick_one}"
        # The group's box is ticked when any member is done, missing ones included.
        alternative = Role.ALTERNATIVE
        ids = [p.resource for p in placements if p.role is alternative and p.group == group]
        return f"- {self.progress.checkbox(ids)}{self.pick_one}"

    def item(self, resource: Resource, bullet: str, indent: str, note: Optional[Text]) -> str:
        """One resource's item without a role (its lines joined), outside the hot loop."""
        head, description = self.entry(resource, indent)
        text = f"{bullet}{head}{_BREAK}{indent}{description}"
        if note is None:
            return text
        return f"{text}{_BREAK}{indent}{self.note_label}{escape(note.zh if self.zh else note.en)}"

    def entry(self, resource: Resource, indent: str = "  ") -> tuple[str, str]:
        """A resource's link with its line of details, and its description.

        The description ends with a line of the resource's secondary links
        (mirrors, editions, re-uploads), if it has any, indented by ``indent``.
        """
        titles, urls, names, descriptions, others, _ = self.texts([resource], [])
        head = self.heads([resource], titles, urls, names)[0]
        if others[0]:
            return head, f"{descriptions[0]}{_BREAK}{indent}{others[0]}"
        return head, descriptions[0]

    def texts(
        self, resources: list[Resource], notes: list[Text]
    ) -> tuple[list[str], list[str], list[str], list[str], list[str], bool]:
        """Each resource's escaped title, URL, shown authors, description, line of links.

        The line of links is empty for a resource without any. The last value
        tells whether ``notes`` need no escaping.
        """
        zh = self.zh
        if zh:
            titles = [r.title.zh for r in resources]
            descriptions = [r.description.zh for r in resources]
        else:
            titles = [r.title.en for r in resources]
            descriptions = [r.description.en for r in resources]
        shown = [r.named_authors[:_AUTHORS_SHOWN] for r in resources]
        links = [r.links for r in resources]
        every_link = list(chain.from_iterable(links))
        texts = list(chain(titles, descriptions, chain.from_iterable(shown)))
        if notes:
            texts += [t.zh for t in notes] if zh else [t.en for t in notes]
        if every_link:
            texts += [x.label.zh for x in every_link] if zh else [x.label.en for x in every_link]
        sep = self.list_sep
        plain = all_plain(texts)
        if plain:
            all_names = list(map(sep.join, shown))
        else:
            titles = [escape(title) for title in titles]
            descriptions = [escape(description) for description in descriptions]
            all_names = [sep.join(map(escape, names)) for names in shown]
        urls = [r.url for r in resources]
        plain_urls = plain_destinations(urls + [x.url for x in every_link])
        if not plain_urls:
            urls = [link_destination(url) for url in urls]
        if every_link:
            others = [self.secondary(x, plain, plain_urls) if x else "" for x in links]
        else:
            others = [""] * len(resources)
        return titles, urls, all_names, descriptions, others, plain

    def heads(
        self, resources: list[Resource], titles: list[str], urls: list[str], names: list[str]
    ) -> list[str]:
        """Each resource's link (from its escaped title and URL) with its line of details."""
        tails, et_al = self.tails, self.et_al
        heads: list[str] = []
        append = heads.append
        for resource, title, url, shown in zip(resources, titles, urls, names):
            key = (resource.year, resource.kind, resource.level, resource.language, resource.free)
            tail = tails.get(key) or self.tail(key)
            fetched = resource.fetched
            if fetched:
                tail += self.fetched(fetched)
            authors = resource.authors
            if not authors:
                append(f"[{title}]({url}) — {tail}")
            elif len(authors) > _AUTHORS_SHOWN or authors[-1] == OTHERS:
                append(f"[{title}]({url}) — {shown}{et_al} · {tail}")
            else:
                append(f"[{title}]({url}) — {shown} · {tail}")
        return heads

    def secondary(self, links: Sequence[Link], plain: bool, plain_urls: bool) -> str:
        """The line of a resource's secondary links (``plain``: its labels need no escaping)."""
        zh = self.zh
        if plain and plain_urls:
            line = " · ".join([f"[{x.label.zh if zh else x.label.en}]({x.url})" for x in links])
        else:
            line = " · ".join(
                f"[{escape(x.label.zh if zh else x.label.en)}]({link_destination(x.url)})"
                for x in links
            )
        return f"{self.links_label}{line}"

    def tail(self, key: _TailKey) -> str:
        """The details after the authors: year, kind, level, language, cost (never empty)."""
        year, kind, level, language, free = key
        tail = self.tails[key] = (
            f"{'' if year is None else f'{year} · '}{self.kinds[kind]}{self.levels[level]}"
            f"{self.language(language)}{'' if free else self.paid}"
        )
        return tail

    def study_time(self, hours: Optional[float]) -> str:
        """A placement's study time, after its cost: `` · ≈ 3 h``, or `` · time unknown``."""
        time = StudyTime(unknown=1) if hours is None else StudyTime(hours=hours)
        found = self.hours[hours] = " · " + time.label(self.code)
        return found

    def fetched(self, fetched: Mapping[str, Mapping[str, object]]) -> str:
        """What sources fetched, after the details: stars, archived, latest arXiv version."""
        # Only numbers and our own words are written: fetched values come from
        # the network, and nothing of them is taken as text.
        extra = ""
        github = fetched.get("github")
        if github:
            stars = github.get("stars")
            if isinstance(stars, int) and not isinstance(stars, bool):
                extra = f" · ★ {stars:,}"
            if github.get("archived") is True:
                extra += self.archived
        arxiv = fetched.get("arxiv")
        if arxiv:
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
        label = named[0 if self.zh else 1] if named else escape(code)
        return " · " + label if label else ""
