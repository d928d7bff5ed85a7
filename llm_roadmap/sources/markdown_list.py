"""Markdown list import: an awesome-list style document becomes a track.

How a document is read (``docs/sources.md`` has the full rules, with examples):

- The first ``#`` heading, when it comes before any other heading, names the
  track; the first paragraph before the first section is its summary.
- Every other heading opens a section. A section that holds links of its own
  becomes a topic, titled by its heading, summarised by its first paragraph.
  A section without links is folded into the nearest enclosing topic (its
  heading and its plain bullets become concepts there); a heading that only
  groups topics below it (``## Part 2`` over ``### 1. ...``) is left out.
- Every http(s) link in a list item, a table row or a paragraph of a section
  becomes a resource placed in that section's topic, except the further links
  of an entry that starts with a link (``- [Title](url): ... [video](url2)``),
  which become that resource's ``links``. ``- [Title](url): desc``,
  ``- [Title](url) desc`` and ``* [Title](url) by Author: desc`` give the title,
  the description and the authors; a link in running text gets the sentence
  around it as its description.
- A bullet that starts with a bold phrase (``- **Term**: ...``) or holds no link
  gives a concept of its topic.
- The kind is inferred from the URL (arXiv, GitHub, video sites, docs, courses,
  blogs; otherwise an article), arXiv and GitHub identifiers are filled in,
  tracking parameters are dropped, and the same page linked twice is one
  resource placed wherever it appears.
- Links that are not http(s) (anchors, relative paths, ``mailto:``), links made
  only of an image (badges) and links before the first section are skipped and
  counted; HTML is ignored.

Imported text is in one language; it fills both ``zh`` and ``en`` and the
track's note says so.
"""

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, Optional
from urllib.parse import unquote, urlsplit, urlunsplit

import attrs

from .._validate import is_tracking_param
from ..errors import DataError, Problem
from ..hookspecs import hookimpl
from ..model import Text
from ..source import ImportResult, Source
from .arxiv import arxiv_id, year_of
from .github import github_account, github_repo

__all__ = [
    "SOURCE",
    "canonical_url",
    "import_markdown",
    "infer_kind",
    "register_sources",
    "strip_tracking",
]

ID_SLUG_MAX = 60
"""Longest slug (before the prefix and any numeric suffix) of a generated id."""

COUNT_NAMES = (
    "topics",
    "resources",
    "placements",
    "duplicates_merged",
    "secondary_links",
    "skipped_non_http",
    "skipped_images",
    "skipped_outside_sections",
    "html_blocks",
    "sections_folded",
    "sections_dropped",
)
"""The counts an import reports, in the order they are printed."""

_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_SENTENCE_END_RE = re.compile(r"[。！？]+|[.!?]+(?=\s+[\"“(\[A-Z0-9])")
_SEPARATORS = " \t\n:：,，;；-–—|·"
# What a list says of an entry's role. Chinese markers anywhere in the entry's
# text; English ones only in brackets or as a label, because "an optional SQL
# agent" in a description says nothing about the entry.
_OPTIONAL_RE = re.compile(
    r"选看|选读|可选|(?:[(\[（【]\s*optional\s*[)\]）】])|(?:^|[—–-]\s*)optional\s*[:：.]", re.I
)
_PICK_ONE_RE = re.compile(
    r"二选一|任选其一|多选一|(?:[(\[（【]\s*(?:pick|choose) one\s*[)\]）】])|pick one of", re.I
)
_AUTHORS_RE = re.compile(r"^\s*by\s+(?P<who>[^:：]{1,80}?)\s*(?:[:：]\s*(?P<rest>.*))?$", re.S)


# -- URLs ----------------------------------------------------------------------


def _is_http(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def strip_tracking(url: str) -> str:
    """Return ``url`` without query parameters that only track clicks (``utm_*``, ``vd_source``...).

    Only whole ``name=value`` pieces are removed, so the other parameters keep
    their spelling, encoding and order.
    """
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [
        piece
        for piece in parts.query.split("&")
        if piece and not is_tracking_param(unquote(piece.split("=", 1)[0]))
    ]
    return urlunsplit(parts._replace(query="&".join(kept)))


def canonical_url(url: str) -> str:
    """Return the URL a resource is stored under.

    Tracking parameters go; an arXiv PDF or versioned page becomes the
    abstract page (``https://arxiv.org/abs/ID``); a GitHub repository's branch
    root becomes its home page; scheme and host are lower-cased.
    """
    url = strip_tracking(url.strip())
    found = arxiv_id(url)
    if found is not None:
        return f"https://arxiv.org/abs/{found[0]}"
    repo = github_repo(url)
    if repo is not None:
        return f"https://github.com/{repo}"
    parts = urlsplit(url)
    netloc = parts.netloc if "@" in parts.netloc else parts.netloc.lower()
    return urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=netloc))


def _dedup_key(url: str) -> str:
    # Two spellings of one page: scheme, "www.", a trailing slash don't matter;
    # GitHub paths are case-insensitive.
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host[len("www.") :] if host.startswith("www.") else host
    path = parts.path.rstrip("/")
    if host == "github.com":
        path = path.lower()
    key = host + (f":{parts.port}" if parts.port else "") + path
    if parts.query:
        key += "?" + parts.query
    if parts.fragment:
        key += "#" + parts.fragment
    return key


_VIDEO_HOSTS = ("youtube.com", "youtu.be", "bilibili.com", "b23.tv", "vimeo.com")
_COURSE_HOSTS = ("coursera.org", "edx.org", "udacity.com", "deeplearning.ai")


def _host_is(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def infer_kind(url: str) -> str:
    """Guess what sort of resource ``url`` leads to, from the URL alone.

    arXiv pages are papers; a GitHub repository's home page is a repo and an
    account's page a community; YouTube, Bilibili and Vimeo give videos;
    Coursera, edX, Udacity, ``*.stanford.edu/class/...``, ``course.*`` hosts and
    ``/learn/`` or ``/course/`` paths give courses; ``docs.*`` hosts, Read the
    Docs and ``/docs/`` paths give docs; Medium, Substack, ``blog`` hosts and
    ``/blog/`` paths give blogs; anything else is an article.
    """
    if arxiv_id(url) is not None:
        return "paper"
    if github_repo(url) is not None:
        return "repo"
    if github_account(url) is not None:
        return "community"
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    segments = [s.lower() for s in parts.path.split("/") if s]
    first = segments[0] if segments else ""
    if _host_is(host, _VIDEO_HOSTS):
        return "video"
    if (
        _host_is(host, _COURSE_HOSTS)
        or (host.endswith("stanford.edu") and "class" in segments)
        or host.startswith(("course.", "courses."))
        or first in {"learn", "course", "courses", "short-courses"}
    ):
        return "course"
    if (
        host.startswith("docs.")
        or _host_is(host, ("readthedocs.io", "readthedocs.org"))
        or first in {"docs", "documentation"}
    ):
        return "docs"
    if (
        _host_is(host, ("medium.com", "substack.com"))
        or "blog" in host
        or first == "blog"
        or (host.endswith(".github.io") and first in {"blog", "posts"})
    ):
        return "blog"
    return "article"


# -- text ----------------------------------------------------------------------


def _squash(text: str) -> str:
    return " ".join(text.split())


def _has_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


def _clean_title(text: str) -> str:
    """Drop leading emoji and symbols ("💾 LLM Datasets") and squash whitespace."""
    text = _squash(text)
    index = 0
    while index < len(text) and (
        text[index].isspace() or unicodedata.category(text[index]) in {"So", "Sk", "Cf", "Mn", "Co"}
    ):
        index += 1
    return text[index:].strip()


def _strip_separators(text: str) -> str:
    return text.strip(_SEPARATORS).strip()


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > ID_SLUG_MAX:
        cut = slug[: ID_SLUG_MAX + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else cut[:ID_SLUG_MAX]
        slug = slug.strip("-")
    return slug


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


# -- the document, as pieces ----------------------------------------------------


@attrs.define
class _Piece:
    """A run of inline text, or a link (``href`` set) with its visible text."""

    text: str
    href: Optional[str] = None
    image_only: bool = False
    strong: Optional[int] = None  # which bold span it sits in, for lead-ins


def _pieces(node: Any) -> list[_Piece]:
    """Flatten an inline node into text runs and links."""
    out: list[_Piece] = []
    spans = iter(range(1, 1_000_000))
    in_html_link = 0  # inside an inline <a>...</a>: its text belongs to HTML, which is ignored

    def walk(current: Any, strong: Optional[int]) -> None:
        nonlocal in_html_link
        for child in current.children:
            kind = child.type
            if kind == "html_inline":
                tag = child.content.strip().lower()
                if re.match(r"^<a[\s>]", tag):
                    in_html_link += 1
                elif tag.startswith("</a") and in_html_link:
                    in_html_link -= 1
                continue
            if in_html_link:
                continue
            if kind == "text" or kind == "code_inline":
                out.append(_Piece(child.content, strong=strong))
            elif kind in ("softbreak", "hardbreak"):
                out.append(_Piece(" ", strong=strong))
            elif kind == "link":
                text, images, words = _link_text(child)
                href = str(child.attrs.get("href", ""))
                out.append(_Piece(text, href=href, image_only=images and not words, strong=strong))
            elif kind == "strong":
                walk(child, strong if strong is not None else next(spans))
            elif kind in ("em", "s"):
                walk(child, strong)
            elif kind == "image":
                continue  # a picture in running text is not a link
            elif child.children:
                walk(child, strong)

    walk(node, None)
    return out


def _link_text(link: Any) -> tuple[str, bool, bool]:
    """Return the visible text of a link, whether it holds images, and whether it holds words."""
    parts: list[str] = []
    images = False
    words = False

    def walk(node: Any) -> None:
        nonlocal images, words
        for child in node.children:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
                words = words or bool(child.content.strip())
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "image":
                images = True
            elif child.children:
                walk(child)

    walk(link)
    return _squash("".join(parts)), images, words


def _plain(pieces: Sequence[_Piece]) -> str:
    return _squash("".join(p.text for p in pieces))


def _lead_in(pieces: Sequence[_Piece]) -> Optional[str]:
    """The bold phrase an entry starts with (``**Term**: ...``), if any."""
    first = next((p for p in pieces if p.href is not None or p.text.strip()), None)
    if first is None or first.strong is None:
        return None
    text = _squash("".join(p.text for p in pieces if p.strong == first.strong))
    return _strip_separators(text) or None


def _sentence_around(pieces: Sequence[_Piece], target: _Piece) -> str:
    """The sentence of ``pieces`` that holds the link ``target``."""
    text = ""
    start = 0
    for piece in pieces:
        if piece is target:
            start = len(text)
        text += piece.text
    cuts = [0, *(m.end() for m in _SENTENCE_END_RE.finditer(text)), len(text)]
    for begin, end in zip(cuts, cuts[1:]):
        if begin <= start < end:
            return _squash(text[begin:end])
    return _squash(text)


def _concept(pieces: Sequence[_Piece], lead: Optional[str]) -> Optional[str]:
    """The concept a plain bullet names: its bold lead-in, the words before a colon, or all."""
    if lead:
        return lead
    if any(p.href is not None for p in pieces):
        return None
    text = _plain(pieces)
    match = re.match(r"^(?P<head>[^:：]{1,40})[:：]", text)
    if match and match.group("head").strip():
        return match.group("head").strip()
    return text or None


def _role_of(text: str) -> str:
    """The role a list entry's own words give it: alternative, optional or core."""
    if _PICK_ONE_RE.search(text):
        return "alternative"
    if _OPTIONAL_RE.search(text):
        return "optional"
    return "core"


def _split_authors(who: str) -> tuple[str, ...]:
    names = [n.strip() for n in re.split(r"\s*(?:,|&|\band\b)\s*", who)]
    return tuple(n for n in names if n)


# -- sections and what they hold -------------------------------------------------


@attrs.define
class _Occurrence:
    """One appearance of a resource link in the document."""

    url: str
    title: str
    description: str
    authors: tuple[str, ...] = ()
    links: list[tuple[str, str]] = attrs.Factory(list)
    listed: bool = False  # an entry led by the link (or a table row), not a mention
    role: str = "core"  # "optional" or "alternative" when the entry says so (see _role_of)


@attrs.define(eq=False)
class _Section:
    level: int
    title: str
    parent: Optional["_Section"] = None
    summary: str = ""
    concepts: list[str] = attrs.Factory(list)
    occurrences: list[_Occurrence] = attrs.Factory(list)
    usable_links: int = 0  # http links it holds, secondary ones included
    secondary_links: int = 0


class _Reader:
    """Walks the parsed document and collects sections, links and counts."""

    def __init__(self) -> None:
        self.title: Optional[str] = None
        self.prelude = _Section(level=0, title="")
        self.sections: list[_Section] = []
        self.current = self.prelude
        self.counts = dict.fromkeys(COUNT_NAMES, 0)
        self._seen_heading = False
        self._quoted = 0

    # blocks

    def read(self, root: Any) -> None:
        self.blocks(root.children)

    def blocks(self, nodes: Iterable[Any]) -> None:
        for node in nodes:
            kind = node.type
            if kind == "heading":
                self.heading(node)
            elif kind == "paragraph":
                self.paragraph(node)
            elif kind in ("bullet_list", "ordered_list"):
                for item in node.children:
                    self.item(item, top=True)
            elif kind == "table":
                self.table(node)
            elif kind == "blockquote":
                # A quote is an aside (a "> [!NOTE]"), never a summary; its links still count.
                self._quoted += 1
                self.blocks(node.children)
                self._quoted -= 1
            elif kind == "html_block":
                self.counts["html_blocks"] += 1

    def heading(self, node: Any) -> None:
        level = int(node.tag[1:])
        pieces = _pieces(node.children[0]) if node.children else []
        text = _clean_title(_plain(pieces))
        if level == 1 and not self._seen_heading:
            self._seen_heading = True
            self.title = text or None
            return
        self._seen_heading = True
        parent: Optional[_Section] = self.current if self.current is not self.prelude else None
        while parent is not None and parent.level >= level:
            parent = parent.parent
        section = _Section(level=level, title=text, parent=parent)
        self.sections.append(section)
        self.current = section
        self.mentions(pieces, self.current)

    def paragraph(self, node: Any) -> None:
        pieces = _pieces(node.children[0]) if node.children else []
        text = _plain(pieces)
        if (
            text
            and not self._quoted
            and not self.current.summary
            and not text.endswith((":", "："))
        ):
            self.current.summary = text
        self.mentions(pieces, self.current)

    def item(self, node: Any, *, top: bool) -> None:
        pieces: list[_Piece] = []
        nested: list[Any] = []
        for child in node.children:
            if child.type == "paragraph" and child.children:
                if pieces:
                    pieces.append(_Piece(" "))
                pieces.extend(_pieces(child.children[0]))
            elif child.type in ("bullet_list", "ordered_list"):
                nested.extend(child.children)
        if pieces:
            lead = _lead_in(pieces)
            if top:
                concept = _concept(pieces, lead)
                if concept:
                    self.current.concepts.append(concept)
            first = next((p for p in pieces if p.href is not None or p.text.strip()), None)
            if first is not None and first.href is not None:
                self.entry(pieces, first)
            else:
                self.mentions(pieces, self.current)
        for child in nested:
            self.item(child, top=False)

    def table(self, node: Any) -> None:
        for part in node.children:
            if part.type != "tbody":
                continue
            for row in part.children:
                cells = [
                    _pieces(cell.children[0]) if cell.children else [] for cell in row.children
                ]
                self.row(cells)

    # links

    def usable(self, piece: _Piece) -> Optional[str]:
        """The canonical URL of a link, or None (counted) when it is skipped."""
        href = (piece.href or "").strip()
        if piece.image_only:
            self.counts["skipped_images"] += 1
            return None
        if not _is_http(href):
            self.counts["skipped_non_http"] += 1
            return None
        self.current.usable_links += 1
        return canonical_url(href)

    def secondary(self, pieces: Iterable[_Piece], into: _Occurrence) -> None:
        for piece in pieces:
            if piece.href is None:
                continue
            url = self.usable(piece)
            if url is None:
                continue
            self.counts["secondary_links"] += 1
            self.current.secondary_links += 1
            label = _clean_title(piece.text) or (urlsplit(url).hostname or url)
            if url != into.url and all(url != known for known, _ in into.links):
                into.links.append((url, label))

    def entry(self, pieces: list[_Piece], first: _Piece) -> None:
        """A list entry that starts with its link: ``- [Title](url) by Author: description``."""
        url = self.usable(first)
        rest = pieces[pieces.index(first) + 1 :]
        if url is None:
            self.mentions(rest, self.current)
            return
        title = _clean_title(first.text) or url
        description = _plain(rest)
        authors: tuple[str, ...] = ()
        match = _AUTHORS_RE.match(description)
        if match:
            authors = _split_authors(match.group("who"))
            description = match.group("rest") or ""
        occurrence = _Occurrence(
            url=url,
            title=title,
            description=_strip_separators(description) or title,
            authors=authors,
            listed=True,
            role=_role_of(_plain(rest)),
        )
        self.secondary(rest, occurrence)
        self.current.occurrences.append(occurrence)

    def row(self, cells: list[list[_Piece]]) -> None:
        """A table row: its first link is the resource, the first cell its title."""
        primary: Optional[tuple[int, _Piece, str]] = None
        for index, cell in enumerate(cells):
            for piece in cell:
                if piece.href is None:
                    continue
                url = self.usable(piece)
                if url is not None:
                    primary = (index, piece, url)
                    break
            if primary:
                break
        if primary is None:
            return
        where, link, url = primary
        first_cell = _clean_title(_plain(cells[0])) if cells else ""
        title = _clean_title(link.text) if where == 0 else first_cell or _clean_title(link.text)
        others = [
            _plain(cell)
            for index, cell in enumerate(cells)
            if index not in (0, where) and _plain(cell)
        ]
        occurrence = _Occurrence(
            url=url, title=title or url, description="; ".join(others) or title or url, listed=True
        )
        after = False
        rest: list[_Piece] = []
        for cell in cells[where:]:
            for piece in cell:
                if after:
                    rest.append(piece)
                after = after or piece is link
        self.secondary(rest, occurrence)
        self.current.occurrences.append(occurrence)

    def mentions(self, pieces: Sequence[_Piece], section: _Section) -> None:
        """Links in running text: each is a resource, described by its sentence."""
        for piece in pieces:
            if piece.href is None:
                continue
            url = self.usable(piece)
            if url is None:
                continue
            title = _clean_title(piece.text) or url
            sentence = _strip_separators(_sentence_around(pieces, piece))
            section.occurrences.append(
                _Occurrence(url=url, title=title, description=sentence or title)
            )


# -- from sections to data --------------------------------------------------------


@attrs.define
class _Resource:
    url: str
    first: _Occurrence
    links: list[tuple[str, str]] = attrs.Factory(list)
    id: str = ""


def _unique(base: str, used: set[str]) -> str:
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    used.add(candidate)
    return candidate


def _join_id(prefix: str, slug: str) -> str:
    return f"{prefix}-{slug}" if prefix else slug


def _resource_slug(title: str, url: str) -> str:
    slug = "" if _has_cjk(title) else _slug(title)
    if slug:
        return slug
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host[len("www.") :] if host.startswith("www.") else host
    slug = _slug(unquote(f"{host} {parts.path} {parts.query}"))
    return slug or f"link-{_short_hash(url)}"


def _topic_slug(title: str) -> str:
    slug = "" if _has_cjk(title) else _slug(title)
    return slug or f"topic-{_short_hash(title)}"


def _language_of(text: str) -> str:
    cjk = len(_CJK_RE.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    # One Chinese character carries about as much as a short English word.
    return "zh" if cjk and cjk * 4 >= latin else "en"


def _parse(text: str) -> Any:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return SyntaxTreeNode(parser.parse(text))


def import_markdown(
    text: str,
    *,
    track_id: str,
    location: str = "<text>",
    title: Optional[str] = None,
    id_prefix: Optional[str] = None,
    **_: Any,
) -> ImportResult:
    """Turn an awesome-list style Markdown document into roadmap data for one track.

    Args:
        text: The document.
        track_id: The id of the track to create (kebab-case).
        location: Where the document came from (a file name or URL), named in
            the track's note and in messages.
        title: The track's title; ``None`` takes the document's ``#`` heading,
            else the track id.
        id_prefix: Prefix of the generated topic and resource ids; ``None``
            uses the track id (ids are global, so a prefix keeps an imported
            list from colliding with other tracks), ``""`` none.

    Returns:
        The data (``{"tracks": [...], "resources": [...]}``), the counts listed
        in `COUNT_NAMES`, and notes for the curator.

    Raises:
        DataError: The track id or prefix is not kebab-case, or the document
            has no link to import.
    """
    prefix = track_id if id_prefix is None else id_prefix
    kebab = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    for name, value in (("track_id", track_id), ("id_prefix", prefix)):
        if (value or name == "track_id") and not kebab.match(value):
            raise DataError(
                [
                    Problem(
                        file=location,
                        entry="",
                        field=name,
                        message=f"{value!r} is not a kebab-case id",
                    )
                ],
                context="cannot import",
            )
    reader = _Reader()
    reader.read(_parse(text))
    counts = reader.counts
    notes: list[str] = []

    sections = list(reader.sections)
    if not any(s.occurrences for s in sections) and reader.prelude.occurrences:
        # A flat list without section headings: the whole document is one topic.
        reader.prelude.title = title or reader.title or track_id
        sections = [reader.prelude]
    else:
        # Links before the first section are skipped, whatever role they had.
        counts["skipped_outside_sections"] += reader.prelude.usable_links
        counts["secondary_links"] -= reader.prelude.secondary_links
    topics = [s for s in sections if s.occurrences]
    if not topics:
        raise DataError(
            [
                Problem(
                    file=location,
                    entry="",
                    field="",
                    message="no http(s) link in any section: nothing to import",
                )
            ],
            context="cannot import",
        )
    topic_set = set(map(id, topics))

    def topic_ancestor(section: _Section) -> Optional[_Section]:
        parent = section.parent
        while parent is not None and id(parent) not in topic_set:
            parent = parent.parent
        return parent

    # Sections that only group topics below them are neither folded nor dropped.
    has_topic_below: set[int] = set()
    for topic in topics:
        parent = topic.parent
        while parent is not None:
            has_topic_below.add(id(parent))
            parent = parent.parent
    for section in sections:
        if id(section) in topic_set:
            continue
        home = topic_ancestor(section)
        if home is not None:
            home.concepts.extend(
                [section.title, *section.concepts] if section.title else section.concepts
            )
            counts["sections_folded"] += 1
        elif id(section) not in has_topic_below:
            counts["sections_dropped"] += 1
            notes.append(f"section {section.title!r} has no links and no topic above it: left out")

    # Resources: one per page, described by its first listed appearance.
    resources: dict[str, _Resource] = {}
    placements: dict[int, list[str]] = {}
    roles: dict[tuple[int, str], str] = {}  # (topic, resource key) -> role said where first placed
    for topic in topics:
        placed = placements.setdefault(id(topic), [])
        for occurrence in topic.occurrences:
            key = _dedup_key(occurrence.url)
            found = resources.get(key)
            if found is None:
                found = resources[key] = _Resource(url=occurrence.url, first=occurrence)
            else:
                counts["duplicates_merged"] += 1
                if occurrence.listed and not found.first.listed:
                    found.first = occurrence
            for link in occurrence.links:
                if link[0] != found.url and all(link[0] != known for known, _ in found.links):
                    found.links.append(link)
            if key not in placed:
                placed.append(key)
                roles[id(topic), key] = occurrence.role

    used: set[str] = set()
    for resource in resources.values():
        resource.id = _unique(
            _join_id(prefix, _resource_slug(resource.first.title, resource.url)), used
        )
    topic_ids: set[str] = set()

    doc_language = _language_of(
        " ".join(
            [s.title for s in sections] + [s.summary for s in sections] + [reader.prelude.summary]
        )
    )
    track_title = title or reader.title or track_id
    summary = reader.prelude.summary if sections[0] is not reader.prelude else ""
    language_names = {"zh": ("中文", "Chinese"), "en": ("英文", "English")}[doc_language]
    track: dict[str, Any] = {
        "id": track_id,
        "title": _same(track_title),
        "summary": _same(summary)
        if summary
        else {"zh": f"从 {location} 导入的路线。", "en": f"A track imported from {location}."},
        "note": {
            "zh": f"由 llm-roadmap import 从 {location} 导入。"
            f"原文只有一种语言（{language_names[0]}），"
            "zh 与 en 两栏是同一段原文，有人翻译之前并不是双语内容。",
            "en": f"Imported from {location} by llm-roadmap import. The source is written in one "
            f"language ({language_names[1]}), so zh and en hold the same original text until "
            "someone translates them.",
        },
        "topics": [],
    }
    for topic in topics:
        entry: dict[str, Any] = {
            "id": _unique(_join_id(prefix, _topic_slug(topic.title)), topic_ids),
            "title": _same(topic.title or track_title),
            "summary": _same(topic.summary or topic.title or track_title),
        }
        concepts = list(dict.fromkeys(c for c in topic.concepts if c.strip()))
        if concepts:
            entry["concepts"] = [_same(c) for c in concepts]
        entry["resources"] = _placements(
            [(resources[key].id, roles[id(topic), key]) for key in placements[id(topic)]]
        )
        counts["placements"] += len(placements[id(topic)])
        track["topics"].append(entry)
    counts["topics"] = len(topics)
    counts["resources"] = len(resources)
    return ImportResult(
        data={"tracks": [track], "resources": [_resource_data(r) for r in resources.values()]},
        counts=dict(counts),
        notes=tuple(notes),
    )


def _placements(placed: list[tuple[str, str]]) -> list[dict[str, str]]:
    """A topic's placements with the roles the list gave them.

    The alternatives of a topic form one group when there are two or more; a
    lone "pick one of two" (the other choice not a link of this topic) offers
    no choice here, so it is optional.
    """
    alternatives = sum(1 for _, role in placed if role == "alternative")
    out: list[dict[str, str]] = []
    for resource_id, role in placed:
        if role == "alternative" and alternatives >= 2:
            out.append({"resource": resource_id, "role": "alternative", "group": "pick-one"})
        elif role in ("alternative", "optional"):
            out.append({"resource": resource_id, "role": "optional"})
        else:
            out.append({"resource": resource_id})
    return out


def _same(text: str) -> dict[str, str]:
    return {"zh": text, "en": text}


def _resource_data(resource: _Resource) -> dict[str, Any]:
    first = resource.first
    data: dict[str, Any] = {
        "id": resource.id,
        "title": first.title,
        "url": resource.url,
        "kind": infer_kind(resource.url),
        "language": "zh" if _has_cjk(first.title) else "en",
    }
    if first.authors:
        data["authors"] = list(first.authors)
    identifiers: dict[str, str] = {}
    paper = arxiv_id(resource.url)
    if paper is not None:
        identifiers["arxiv"] = paper[0]
        year = year_of(paper[0])
        if year is not None:
            data["year"] = year
    repo = github_repo(resource.url)
    if repo is not None:
        identifiers["github"] = repo
    if identifiers:
        data["identifiers"] = identifiers
    data["description"] = _same(first.description)
    if resource.links:
        data["links"] = [{"url": url, "label": _same(label)} for url, label in resource.links]
    return data


SOURCE = Source(
    id="markdown-list",
    title=Text(zh="Markdown 列表导入", en="Markdown list import"),
    description=Text(
        zh="把 awesome-list 风格的 Markdown 文档（文件或 URL）导入成一条路线："
        "标题成为主题，列表里的链接成为资源。",
        en="Imports an awesome-list style Markdown document (a file or a URL) as a track: "
        "headings become topics, list links become resources.",
    ),
    import_document=import_markdown,
)
"""The ``markdown-list`` source."""


@hookimpl
def register_sources(register: Any) -> None:
    """Register the ``markdown-list`` source."""
    register(SOURCE)
