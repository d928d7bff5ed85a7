"""Entry shapes of the Markdown import: what one list item, table row or sentence says of its links.

Each function gets the item's pieces and the canonical URL of every usable
link among them (``urls``: the piece's ``id()`` → URL; links that were skipped
are absent) and returns the `Occurrence` of each resource it names and how
many further links it kept as secondary links.
"""

import re
from collections.abc import Mapping, Sequence
from typing import Optional
from urllib.parse import unquote, urlsplit

from ...identity import arxiv_id, github_account, github_repo
from .inline import Piece, plain, sentence_around
from .labels import is_date_like, is_generic_label, label_key
from .occurrences import Occurrence
from .text import (
    AUTHORS_RE,
    clean_title,
    drop_role_markers,
    role_of,
    split_authors,
    squash,
    strip_separators,
)

__all__ = [
    "identity_title",
    "labelled_entry",
    "list_entry",
    "mentions",
    "table_row",
    "weak_label",
]

Urls = Mapping[int, str]

TITLE_MAX = 120
"""Longest text taken from around a link as its title."""

_YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_QUOTED_RE = re.compile(r'^\s*["“«「『](?P<title>[^"”»」』]{3,300})["”»」』]')
# Labels that name the paper itself, so that link is the resource and the others secondary.
_MAIN_LABELS = {"paper", "pdf", "arxiv", "abs", "abstract", "论文", "link", "url", "链接", "html"}
_MAIN_LABELS |= {"openreview", "acl", "full paper", "the paper", "论文地址", "地址", "here"}
_HEADER_ROLES = (
    ("year", re.compile(r"year|date|time|released?|年份|日期|时间|发布", re.I)),
    ("authors", re.compile(r"authors?|作者", re.I)),
    ("paper", re.compile(r"paper|blog|article|link|url|resource|论文|文章|链接|地址|资源", re.I)),
    ("title", re.compile(r"^(name|title|model|project|language model|项目|名称|标题|模型)", re.I)),
    ("description", re.compile(r"desc|summary|notes?|about|说明|描述|简介|介绍|备注", re.I)),
    ("minor", re.compile(r"licen[cs]e|context|param|try|demo|stars?|许可|协议|参数", re.I)),
)


def weak_label(piece: Piece) -> bool:
    """Whether a link's text cannot be a title: empty, generic, a date or number, or the URL."""
    text = clean_title(piece.text)
    return piece.bare or is_generic_label(text) or is_date_like(text) or text == piece.href


def identity_title(url: str) -> str:
    """A title made of what the URL names: ``arXiv:ID``, ``owner/name``, or host and path."""
    found = arxiv_id(url)
    if found is not None:
        return f"arXiv:{found[0]}"
    repo = github_repo(url) or github_account(url)
    if repo is not None:
        return repo
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host[len("www.") :] if host.startswith("www.") else host
    path = unquote(parts.path).strip("/")
    return f"{host}/{path}" if path else host


def _context_title(text: str) -> Optional[str]:
    text = strip_separators(clean_title(drop_role_markers(text)))
    if not text or len(text) > TITLE_MAX or is_generic_label(text) or is_date_like(text):
        return None
    return text


def _titled(occurrence: Occurrence, candidates: Sequence[Optional[str]], quality: int) -> None:
    """Give ``occurrence`` the first usable title: a real one, else the URL's identity."""
    for rank, candidate in enumerate(candidates):
        if candidate:
            occurrence.title = candidate
            occurrence.quality = quality - rank if rank else quality
            return
    occurrence.title = identity_title(occurrence.url)
    occurrence.quality = 0


def _secondary(runs: Sequence[Piece], urls: Urls, into: Occurrence, prefix: str = "") -> int:
    count = 0
    for piece in runs:
        url = urls.get(id(piece))
        if url is None:
            continue
        count += 1
        label = clean_title(piece.text)
        if piece.bare or not label:
            label = urlsplit(url).hostname or url
        elif prefix and (is_generic_label(label) or is_date_like(label)):
            label = f"{prefix}: {label}"
        if url != into.url and all(url != known for known, _ in into.links):
            into.links.append((url, label))
    return count


def list_entry(runs: list[Piece], first: Piece, urls: Urls) -> tuple[list[Occurrence], int]:
    """An item that starts with its link: ``- [Title](url) by Author: description``."""
    url = urls[id(first)]
    rest = runs[runs.index(first) + 1 :]
    description = plain(rest)
    authors: tuple[str, ...] = ()
    match = AUTHORS_RE.match(description)
    if match:
        authors = split_authors(match.group("who"))
        description = match.group("rest") or ""
    description = strip_separators(drop_role_markers(description))
    occurrence = Occurrence(
        url=url, title="", description="", authors=authors, listed=True, role=role_of(plain(rest))
    )
    words = _context_title(plain([p for p in rest if p.href is None]))
    if weak_label(first):
        _titled(occurrence, [words], 1)
        if occurrence.title == words:
            description = ""
    else:
        _titled(occurrence, [clean_title(first.text)], 3)
    occurrence.description = description or occurrence.title
    occurrence.context = f"{first.text} {description}"
    return [occurrence], _secondary(rest, urls, occurrence)


def labelled_entry(runs: list[Piece], urls: Urls) -> Optional[tuple[list[Occurrence], int]]:
    """An item whose links are only labels: a paper-list entry, or words then ``[link](url)``.

    ``1. **"Title"**. *Authors*. Venue 2023. [[Paper](url)] [[Code](url2)]``:
    the bold or quoted title is the title, the italic names the authors, the
    year comes from the text; the paper's link is the resource and the others
    (code, project, checkpoint...) its links. ``- Some tool: https://x.org``
    takes the words before the link as its title.
    """
    links = [p for p in runs if urls.get(id(p))]
    if not links or not all(weak_label(p) for p in links):
        return None
    main = next((p for p in links if label_key(p.text) in _MAIN_LABELS), links[0])
    text_runs = [p for p in runs if p.href is None]
    first_text = next((p for p in text_runs if p.text.strip()), None)
    title: Optional[str] = None
    if first_text is not None and first_text.strong is not None:
        title = squash("".join(p.text for p in text_runs if p.strong == first_text.strong))
    quoted = _QUOTED_RE.match(plain(text_runs))
    if quoted:
        title = quoted.group("title")
    authors: tuple[str, ...] = ()
    em = next((p.em for p in text_runs if p.em is not None and p.strong is None), None)
    if title and em is not None:
        authors = split_authors(squash("".join(p.text for p in text_runs if p.em == em)))
    if title:
        title = strip_separators(title.strip().strip('"“”').rstrip("."))
    before = plain(runs[: runs.index(main)]) if not title else ""
    whole = plain(text_runs)
    occurrence = Occurrence(
        url=urls[id(main)], title="", description="", authors=authors, listed=True
    )
    occurrence.role = role_of(whole)
    _titled(occurrence, [title, _context_title(before)], 3 if title else 1)
    rest = whole
    for used in (occurrence.title, *authors):
        rest = rest.replace(used, " ")
    venue = strip_separators(re.sub(r'["“”*]+|\[\s*\]|\(\s*\)', " ", squash(rest)).strip(" .,;"))
    occurrence.description = drop_role_markers(venue) if len(venue) > 3 else occurrence.title
    year = _YEAR_RE.search(venue)
    occurrence.year = int(year.group(1)) if year else None
    occurrence.context = f"paper {whole}" if title and (authors or year) else whole
    others = [p for p in runs if p is not main]
    return [occurrence], _secondary(others, urls, occurrence)


def mentions(runs: Sequence[Piece], urls: Urls) -> list[Occurrence]:
    """Links in running text: each is a resource, described by its sentence."""
    out: list[Occurrence] = []
    for piece in runs:
        url = urls.get(id(piece))
        if url is None:
            continue
        sentence = strip_separators(sentence_around(runs, piece))
        occurrence = Occurrence(url=url, title="", description=sentence)
        if weak_label(piece):
            start = sentence.find(piece.text) if piece.text else -1
            before = sentence[:start] if start > 0 else ""
            _titled(occurrence, [_context_title(before)], 1)
        else:
            _titled(occurrence, [clean_title(piece.text)], 2)
        occurrence.description = occurrence.description or occurrence.title
        occurrence.context = sentence
        out.append(occurrence)
    return out


def _roles(header: Sequence[str]) -> list[str]:
    out = []
    for name in header:
        role = next((r for r, pattern in _HEADER_ROLES if pattern.search(name)), "")
        out.append(role)
    return out


def table_row(
    header: Sequence[str], cells: Sequence[list[Piece]], urls: Urls
) -> tuple[list[Occurrence], int]:
    """A table row: its main link is the resource, wherever its column.

    The main link is the first in a paper/blog/link column, else in the name
    column, else the first not in a minor column (licence, context, demo).
    Its text is the title unless that is a label, a date or a number; then the
    name column's text, then the first cell with words. A "year"/"date" column
    gives the year, an "authors" column the authors; the other cells, with
    their header, make the description; further links are secondary links.
    """
    roles = _roles(header) + [""] * max(0, len(cells) - len(header))
    found = [(i, p) for i, cell in enumerate(cells) for p in cell if urls.get(id(p))]
    if not found:
        return [], 0
    rank = {"paper": 0, "title": 1, "minor": 3, "year": 3}
    where, main = min(found, key=lambda item: rank.get(roles[item[0]], 2))
    texts = [strip_separators(clean_title(plain(cell))) for cell in cells]
    name_column = next((i for i, r in enumerate(roles) if r == "title"), None)
    candidates: list[Optional[str]] = []
    if not weak_label(main):
        candidates.append(clean_title(main.text))
    if name_column is not None and name_column < len(texts):
        candidates.append(texts[name_column])
    candidates.extend(t for i, t in enumerate(texts) if i != where and roles[i] != "year")
    candidates = [c for c in candidates if c and not is_date_like(c) and not is_generic_label(c)]
    occurrence = Occurrence(url=urls[id(main)], title="", description="", listed=True)
    _titled(occurrence, candidates[:1], 3)
    described: list[str] = []
    for index, text in enumerate(texts):
        role = roles[index]
        if not text or text == occurrence.title or index == where:
            continue
        if role == "year":
            year = _YEAR_RE.search(text)
            occurrence.year = int(year.group(1)) if year else occurrence.year
        elif role == "authors":
            occurrence.authors = split_authors(text)
        else:
            label = header[index] if index < len(header) and header[index] else ""
            described.append(f"{label}: {text}" if label and role != "description" else text)
    occurrence.description = "; ".join(described) or occurrence.title
    occurrence.context = " ".join([*header, *texts])
    secondary = 0
    for index, cell in enumerate(cells):
        label = header[index] if index < len(header) else ""
        others = [p for p in cell if p is not main]
        secondary += _secondary(others, urls, occurrence, prefix=label)
    return [occurrence], secondary
