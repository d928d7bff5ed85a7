"""The typed model: resources, topics, tracks and the vocabularies they use.

Every class is an attrs class that is frozen, slotted and keyword-only, so a
loaded roadmap can be shared freely and hashed. Annotations use ``Optional``
rather than ``X | None`` because attrs and cattrs evaluate them at runtime and
Python 3.9 must be able to.
"""

import enum
from collections.abc import Mapping
from typing import Optional, Union

import attrs

__all__ = [
    "OTHERS",
    "Concept",
    "Emphasis",
    "Extension",
    "Identifiers",
    "Kind",
    "Lang",
    "Level",
    "Link",
    "Placement",
    "Provenance",
    "Resource",
    "Role",
    "Status",
    "Text",
    "Topic",
    "Track",
]


OTHERS = "others"
"""The last entry of an author list cut short, as BibTeX writes it (``and others``)."""


class Lang(str, enum.Enum):
    """A language that every user-facing text of the roadmap exists in."""

    ZH = "zh"
    """Simplified Chinese."""
    EN = "en"
    """English."""

    @classmethod
    def parse(cls, value: Union["Lang", str]) -> "Lang":
        """Return the language named by ``value`` (``"zh"``, ``"en"``, ``"zh-CN"``...).

        Raises:
            ValueError: ``value`` names neither language.
        """
        if isinstance(value, Lang):
            return value
        code = value.strip().lower().replace("_", "-").split("-", 1)[0]
        try:
            return cls(code)
        except ValueError:
            raise ValueError(f"unknown language {value!r}: expected 'zh' or 'en'") from None


class Kind(str, enum.Enum):
    """What sort of thing a resource is."""

    BOOK = "book"
    PAPER = "paper"
    COURSE = "course"
    VIDEO = "video"
    REPO = "repo"
    ARTICLE = "article"
    BLOG = "blog"
    DOCS = "docs"
    TUTORIAL = "tutorial"
    CHEATSHEET = "cheatsheet"
    COMMUNITY = "community"
    TOOL = "tool"
    DATASET = "dataset"


class Level(str, enum.Enum):
    """How much a resource expects of its reader."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Role(str, enum.Enum):
    """The part a resource plays in a topic."""

    CORE = "core"
    """Study it: the topic is built on it."""
    OPTIONAL = "optional"
    """Worth it if you have time (the source's 选看)."""
    ALTERNATIVE = "alternative"
    """One of a group of interchangeable resources: pick one (二选一)."""


class Emphasis(str, enum.Enum):
    """How much weight a learner should give a topic or a track."""

    ESSENTIAL = "essential"
    """Very important: learn it in depth (十分重要)."""
    STANDARD = "standard"
    """Learn it as usual."""
    SELECTIVE = "selective"
    """Review selectively, look things up as needed (选择性补充复习)."""
    BACKGROUND = "background"
    """Somewhat dated: understand the principle, skip the details (略微过时)."""


class Status(str, enum.Enum):
    """Where a learner stands with a resource or a topic (their progress, not roadmap data)."""

    PENDING = "pending"
    """Not started (the default for everything)."""
    LEARNING = "learning"
    """Started, not finished."""
    DONE = "done"
    """Finished."""
    SKIPPED = "skipped"
    """Deliberately left out; counts as settled for what comes after it."""


SETTLED = frozenset({Status.DONE, Status.SKIPPED})
"""Statuses that count as finished for what comes after (and for a topic's requirements)."""


@attrs.frozen(kw_only=True)
class Text:
    """A user-facing text in both languages of the roadmap.

    Attributes:
        zh: The Chinese text.
        en: The English text.
    """

    zh: str
    en: str

    @classmethod
    def same(cls, text: str) -> "Text":
        """Return a text that reads the same in every language (a proper name, a title)."""
        return cls(zh=text, en=text)

    def get(self, lang: Union[Lang, str]) -> str:
        """Return the text in ``lang`` (a `Lang` or a code such as ``"en"``)."""
        return self.zh if Lang.parse(lang) is Lang.ZH else self.en


@attrs.frozen(kw_only=True)
class Concept(Text):
    """A concept a topic covers: its name in both languages, a short key, its primary sources.

    A `Text` (``concept.zh``, ``concept.get(lang)``) with what placements and
    the curation rules refer to it by.

    Attributes:
        key: A kebab-case key, unique in its topic, that placements name in
            `Placement.teaches`; ``None`` in data that does not say.
        primary: Ids of the resources it comes from (the paper that introduced
            it), which the topic should place to teach it.
    """

    key: Optional[str] = None
    primary: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Link:
    """A further link of a resource: a mirror, an edition, the source document's original URL.

    Attributes:
        url: An http(s) URL.
        label: What the link leads to.
        language: The language of the page behind the link (``"en"``, ``"zh"``),
            when it is another edition of the resource in that language; a
            reader of that language is sent there first (see
            `Resource.main_url`).
    """

    url: str
    label: Text
    language: Optional[str] = None


@attrs.frozen(kw_only=True)
class Identifiers:
    """Identifiers that name a resource outside this roadmap.

    Attributes:
        arxiv: An arXiv id such as ``"1706.03762"`` (no version suffix).
        doi: A DOI such as ``"10.18653/v1/N19-1423"``.
        isbn: An ISBN-13 (or ISBN-10), digits only.
        github: A GitHub repository as ``"owner/name"``.
    """

    arxiv: Optional[str] = None
    doi: Optional[str] = None
    isbn: Optional[str] = None
    github: Optional[str] = None


@attrs.frozen(kw_only=True)
class Provenance:
    """Where an entry came from: the plugin that registered it.

    Attributes:
        plugin: The plugin's name (its entry point, or module for built-ins).
        distribution: The distribution (PyPI package) that ships the plugin.
        version: That distribution's version.
        file: The data file the entry was read from, if any.
    """

    plugin: str
    distribution: str
    version: str
    file: Optional[str] = None


@attrs.frozen(kw_only=True)
class Resource:
    """A book, paper, course, video, repository... that teaches something.

    Attributes:
        id: Stable kebab-case id; never changes once published.
        title: The real title, in both languages (a title that is not translated
            reads the same in both).
        url: The canonical http(s) URL, without tracking parameters.
        kind: What sort of resource it is.
        language: The language the resource itself is written in (``"en"``, ``"zh"``...).
        authors: Authors or owners, as they are credited.
        year: Year of publication (or of the edition linked).
        publisher: The publisher of a book (or of the edition linked), as it
            names itself ("MIT Press", "人民邮电出版社").
        identifiers: arXiv id, DOI, ISBN, GitHub repository.
        description: What it is and why it is here, in both languages.
        level: How much it expects of its reader.
        tags: Kebab-case keywords.
        free: Whether it can be read or watched at no cost.
        links: Further links: mirrors, editions, companion material.
        fetched: Generated fields from sources, by source id (for example
            ``{"github": {"stars": 1200, "archived": False}}``), kept apart from
            the curated fields; empty until ``llm-roadmap sources refresh`` has run.
            Never part of data files, nor of equality.
        provenance: The plugin that registered it (set by the loader).
    """

    id: str
    title: Text
    url: str
    kind: Kind
    language: str
    authors: tuple[str, ...] = ()
    year: Optional[int] = None
    publisher: Optional[str] = None
    identifiers: Identifiers = Identifiers()
    description: Text
    level: Optional[Level] = None
    tags: tuple[str, ...] = ()
    free: bool = True
    links: tuple[Link, ...] = ()
    fetched: Mapping[str, Mapping[str, object]] = attrs.field(factory=dict, eq=False, repr=False)
    provenance: Optional[Provenance] = attrs.field(default=None, eq=False)

    @property
    def named_authors(self) -> tuple[str, ...]:
        """The authors named: `authors` without the marker ``"others"`` of a list cut short."""
        return self.authors[:-1] if self.authors[-1:] == (OTHERS,) else self.authors

    @property
    def authors_cut(self) -> bool:
        """Whether the author list is cut short (it ends with the marker ``"others"``)."""
        return self.authors[-1:] == (OTHERS,)

    def main_url(self, lang: Union[Lang, str]) -> str:
        """The link to open first for a reader of ``lang``.

        `url`, unless the resource is in another language and one of its
        `links` is an edition in ``lang`` (the English Python tutorial for a
        resource whose main page is the Chinese translation).
        """
        code = Lang.parse(lang).value
        if self.language.split("-", 1)[0] == code:
            return self.url
        for link in self.links:
            if link.language is not None and link.language.split("-", 1)[0] == code:
                return link.url
        return self.url


@attrs.frozen(kw_only=True)
class Placement:
    """A resource as it appears in a topic.

    Attributes:
        resource: The id of the resource.
        role: Core, optional, or one of a group of alternatives.
        group: For alternatives, the kebab-case id of the group to pick one from.
        note: Advice on how to use the resource here.
        teaches: Keys of the topic's concepts (`Concept.key`) that the
            resource teaches here.
        hours: Estimated study time, in hours, for the part the note asks
            for, for a beginner who does the exercises; ``None`` when unknown.
        hours_basis: How ``hours`` was estimated ("8 lectures × 80 min +
            exercises"); set whenever ``hours`` is.
    """

    resource: str
    role: Role = Role.CORE
    group: Optional[str] = None
    note: Optional[Text] = None
    teaches: tuple[str, ...] = ()
    hours: Optional[float] = None
    hours_basis: Optional[Text] = None


@attrs.frozen(kw_only=True)
class Topic:
    """One step of a track: something to learn, with the resources to learn it from.

    Attributes:
        id: Stable kebab-case id, unique across all tracks.
        title: The topic's name.
        summary: What the topic is about.
        concepts: The concepts it covers, in order.
        resources: Its resources, in the order to use them.
        prerequisites: Ids of topics to learn first (in any track).
        emphasis: How much weight to give it.
        note: Advice on the topic as a whole.
        track: The id of the track it belongs to (set by the loader).
        provenance: The plugin that registered it (set by the loader).
    """

    id: str
    title: Text
    summary: Text
    concepts: tuple[Concept, ...] = ()
    resources: tuple[Placement, ...] = ()
    prerequisites: tuple[str, ...] = ()
    emphasis: Emphasis = Emphasis.STANDARD
    note: Optional[Text] = None
    track: str = ""
    provenance: Optional[Provenance] = attrs.field(default=None, eq=False)


@attrs.frozen(kw_only=True)
class Track:
    """A sequence of topics that makes one part of the roadmap.

    Attributes:
        id: Stable kebab-case id.
        title: The track's name.
        summary: What it covers and who it is for.
        order: Where it sits among tracks (lower first; ties by id).
        topics: Its topics, in learning order.
        emphasis: How much weight to give it.
        note: Advice on the track as a whole.
        provenance: The plugin that registered it (set by the loader).
    """

    id: str
    title: Text
    summary: Text
    order: int = 100
    topics: tuple[Topic, ...] = ()
    emphasis: Emphasis = Emphasis.STANDARD
    note: Optional[Text] = None
    provenance: Optional[Provenance] = attrs.field(default=None, eq=False)


@attrs.frozen(kw_only=True)
class Extension:
    """An addition to a track or topic that another plugin registered (``[[extensions]]``).

    Extending is the one explicit way to add to someone else's track: a
    plugin may append topics to a track or resources to a topic, but never
    re-register an id.

    Attributes:
        track: The id of the track to append ``topics`` to.
        topic: The id of the topic to append ``resources`` to.
        topics: New topics, appended in order (their ids must be new).
        resources: New placements, appended in order.
    """

    track: str = ""
    topic: str = ""
    topics: tuple[Topic, ...] = ()
    resources: tuple[Placement, ...] = ()
