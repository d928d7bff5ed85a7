"""Entry shapes of the Markdown import: what one list item, table row or sentence says of its links.

Each function gets the item's pieces and the canonical URL of every usable
link among them (``urls``: the piece's ``id()`` → URL; links that were skipped
are absent) and returns the `Occurrence` of each resource it names and how
many further links it kept as secondary links. Table rows are in `tables`.
"""

import re
from collections.abc import Mapping, Sequence
from typing import Optional
from urllib.parse import unquote, urlsplit

from ...identity import arxiv_id, github_account, github_repo
from .inline import Piece, plain, sentences
from .labels import is_date_like, is_generic_label, is_site_name, label_key
from .occurrences import Occurrence
from .text import (
    AUTHORS_RE,
    clean_title,
    drop_role_markers,
    role_of,
    split_authors,
    split_name,
    squash,
    strip_separators,
)

__all__ = [
    "MAIN_LABELS",
    "MANY_LINKS",
    "TITLE_MAX",
    "YEAR_RE",
    "add_link",
    "identity_title",
    "labelled_entry",
    "list_entry",
    "mentions",
    "secondary",
    "strong_name",
    "titled",
    "weak_label",
]

Urls = Mapping[int, str]

TITLE_MAX = 120
"""Longest text taken from around a link as its title."""

_OPEN_BRACKETS_RE = re.compile(r"[\s\[(（【]+$")
YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_QUOTED_RE = re.compile(r'["“«「『《](?P<title>[^"”»」』》]{3,300})["”»」』》]')
# Labels that name the paper itself, so that link is the resource and the others secondary.
MAIN_LABELS = {"paper", "pdf", "arxiv", "abs", "abstract", "论文", "link", "url", "链接", "html"}
MAIN_LABELS |= {"openreview", "acl", "full paper", "the paper", "论文地址", "地址", "here"}


def weak_label(piece: Piece) -> bool:
    """Whether a link's text cannot be a title: empty, generic, a date or number, or the URL."""
    text = clean_title(piece.text)
    return (
        piece.bare
        or is_generic_label(text)
        or is_date_like(text)
        or text == piece.href
        or text.lower().startswith(("http://", "https://", "www."))
    )


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


def titled(occurrence: Occurrence, candidates: Sequence[Optional[str]], quality: int) -> None:
    """Give ``occurrence`` the first usable title: a real one, else the URL's identity.

    An occurrence titled from its URL is ``unnamed``: the heading above it may name it.
    """
    for rank, candidate in enumerate(candidates):
        if candidate:
            occurrence.title = candidate
            occurrence.quality = quality - rank if rank else quality
            return
    occurrence.title = identity_title(occurrence.url)
    occurrence.quality = 0
    occurrence.unnamed = True


def _name_of(text: str) -> tuple[Optional[str], str]:
    """The name at the head of ``text`` (a label or a date is none) and the rest."""
    text = _OPEN_BRACKETS_RE.sub("", text)
    name, rest = split_name(drop_role_markers(text))
    return _context_title(name), rest


def add_link(into: Occurrence, url: str, label: str) -> None:
    """Add ``(url, label)`` to ``into``'s further links, unless it is there (or is its URL)."""
    if url != into.url and all(url != known for known, _ in into.links):
        into.links.append((url, label))


def strong_name(runs: Sequence[Piece]) -> tuple[Optional[str], list[Piece]]:
    """The first bold phrase of ``runs`` that can be a name, and the pieces after it.

    Text before it may be a short tag (``- ModelX **ModelX: full title**``,
    ``3. <u>ModelX</u>: **"Full title"**``); quotes around the phrase go.
    """
    seen: set[int] = set()
    for piece in runs:
        span = piece.strong
        if span is None or span in seen or piece.href is not None:
            continue
        seen.add(span)
        inside = [p for p in runs if p.strong == span and p.href is None]
        text = strip_separators(
            squash("".join(p.text for p in inside)).strip('"“”「」《》').rstrip(".")
        )
        text = text.strip('"“”「」《》 ')
        if text and not is_generic_label(text) and not is_date_like(text) and len(text) <= 300:
            last = max(i for i, p in enumerate(runs) if p.strong == span)
            return text, list(runs[last + 1 :])
    return None, list(runs)


def secondary(runs: Sequence[Piece], urls: Urls, into: Occurrence, prefix: str = "") -> int:
    """Add the usable links of ``runs`` to ``into``'s further links; how many there were.

    A link with no words of its own is labelled by its host; one that only
    says what it is gets ``prefix`` (its column's header) before its label.
    """
    count = 0
    known = {into.url, *(url for url, _ in into.links)}
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
        if url not in known:
            known.add(url)
            into.links.append((url, label))
    return count


def list_entry(runs: list[Piece], first: Piece, urls: Urls) -> tuple[list[Occurrence], int]:
    """An item that starts with its link: ``- [Title](url) by Author: description``.

    When the link only says what it is (``- [Paper](url) Attention Is All You
    Need - the transformer``), the words after it give the name and the rest
    the description.
    """
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
    if weak_label(first):
        name, after = _name_of(plain([p for p in rest if p.href is None]))
        if name is None and is_site_name(first.text):
            name = clean_title(first.text)  # "- [HuggingFace](https://huggingface.co/)"
        titled(occurrence, [name], 1)
        occurrence.unnamed = occurrence.unnamed and not first.bare
        if name:
            description = after
    else:
        titled(occurrence, [clean_title(first.text)], 3)
    occurrence.description = description or occurrence.title
    occurrence.context = f"{first.text} {description}"
    return [occurrence], secondary(rest, urls, occurrence)


def labelled_entry(runs: list[Piece], urls: Urls) -> Optional[tuple[list[Occurrence], int]]:
    """An item whose links are only labels: a paper-list entry, or words then ``[link](url)``.

    ``1. **"Title"**. *Authors*. Venue 2023. [[Paper](url)] [[Code](url2)]``:
    the bold (else quoted) title is the title, wherever it stands
    (``3. <u>ModelX</u>: **"Title"**``), the italic names the authors, the
    year comes from the text; the paper's link is the resource and the others
    (code, project, checkpoint...) its links. ``- Some tool: https://x.org``
    takes the words before the link as its name, up to a break
    (``logiqa-zh，逻辑理解数据集 https://...``: the name, then the description).
    """
    links = [p for p in runs if urls.get(id(p))]
    text_runs = [p for p in runs if p.href is None]
    title, _ = strong_name(text_runs)
    bracketed = _bracketed(runs) if title else set()
    if not links or not all(weak_label(p) or id(p) in bracketed for p in links):
        return None
    main = next((p for p in links if label_key(p.text) in MAIN_LABELS), links[0])
    quoted = _QUOTED_RE.search(plain(runs[: runs.index(main)]))
    if quoted and (title is None or quoted.group("title") in title):
        title = quoted.group("title")
    authors: tuple[str, ...] = ()
    em_text = ""
    em = next((p.em for p in text_runs if p.em is not None and p.strong is None), None)
    if title and em is not None:
        em_text = squash("".join(p.text for p in text_runs if p.em == em))
        authors = split_authors(em_text)
    if title:
        title = strip_separators(title.strip().strip('"“”').rstrip("."))
    whole = plain(text_runs)
    occurrence = Occurrence(
        url=urls[id(main)], title="", description="", authors=authors, listed=True
    )
    occurrence.role = role_of(whole)
    if title:
        titled(occurrence, [title], 3)
        rest = whole
        for used in (title, em_text, *authors):
            rest = rest.replace(used, " ")
        rest = re.sub(r"\bet al\.?", " ", rest) if authors else rest
        venue = re.sub(r'["“”*《》]+|\[\s*\]|\(\s*\)', " ", squash(rest))
        venue = re.sub(r"\s*([.,;:：])(?:\s*[.,;:：])+", r"\1", squash(venue))
        venue = strip_separators(squash(venue).strip(" .,;"))
        description = drop_role_markers(venue) if len(venue) > 3 else ""
        year = YEAR_RE.search(venue)
        occurrence.year = int(year.group(1)) if year else None
    else:
        before = plain(runs[: runs.index(main)])
        name, description = _name_of(before)
        titled(occurrence, [name], 1)
        occurrence.unnamed = occurrence.unnamed and not (main.bare and not before)
        after = plain([p for p in runs[runs.index(main) + 1 :] if p.href is None])
        after = re.sub(r"\[\s*\]|\(\s*\)|【\s*】", " ", after)
        description = description or strip_separators(after.strip(" []()【】"))
    occurrence.description = description or occurrence.title
    occurrence.context = f"paper {whole}" if title and (authors or occurrence.year) else whole
    others = [p for p in runs if p is not main]
    return [occurrence], secondary(others, urls, occurrence)


def _bracketed(runs: Sequence[Piece]) -> set[int]:
    """The links of ``runs`` in brackets (``[[Collection](url)]``): labels, whatever they say."""
    out: set[int] = set()
    for index, piece in enumerate(runs):
        if piece.href is None or index == 0 or index + 1 >= len(runs):
            continue
        before, after = runs[index - 1], runs[index + 1]
        if before.text.rstrip().endswith(("[", "【")) and after.text.lstrip().startswith(
            ("]", "】")
        ):
            out.add(id(piece))
    return out


MANY_LINKS = 8
"""A sentence with more links than this (or with two bare URLs) describes none of them."""


def mentions(runs: Sequence[Piece], urls: Urls) -> tuple[list[Occurrence], int]:
    """Links in running text: each is a resource, described by its sentence.

    A link that only says what it is, right after a named one in the same
    sentence (``[nanoGPT](url) and its [code](url2)``), is that one's further
    link. In a sentence crowded with links (a paragraph of bare URLs), each
    link is described by its own words only, never by its neighbours'; this
    also keeps a paragraph of N links linear in N.

    Returns:
        The occurrences, and how many links became further links.
    """
    text, spans = sentences(runs)
    linked = [(p, urls[id(p)]) for p in runs if id(p) in urls]
    per_sentence: dict[int, list[int]] = {}
    for piece, _ in linked:
        begin = spans[id(piece)][0]
        tally = per_sentence.setdefault(begin, [0, 0])
        tally[0] += 1
        tally[1] += piece.bare
    out: list[Occurrence] = []
    secondary = 0
    previous: Optional[Occurrence] = None
    previous_sentence = -1
    previous_end = 0
    for piece, url in linked:
        begin, end, start = spans[id(piece)]
        local_start = previous_end if previous_sentence == begin else begin
        local = text[local_start:start]
        previous_end = start + len(piece.text)
        weak = weak_label(piece)
        after_named = (
            previous is not None
            and previous_sentence == begin
            and previous.quality >= 2
            and len(squash(local)) <= 12
        )
        if weak and not piece.bare and after_named and is_site_name(piece.text):
            weak = False  # one more name in a run of names: "[OpenRouter](x), [Hugging Face](y)"
        elif weak and not piece.bare and after_named and previous is not None:
            label = clean_title(piece.text) or (urlsplit(url).hostname or url)
            add_link(previous, url, label)
            secondary += 1
            continue
        total, bare = per_sentence[begin]
        crowded = total > MANY_LINKS or bare > 1
        sentence = strip_separators(squash(local if crowded else text[begin:end]))
        occurrence = Occurrence(url=url, title="", description=sentence)
        if weak:
            name, rest = _name_of(local)
            titled(occurrence, [name], 1)
            occurrence.unnamed = occurrence.unnamed and not (piece.bare and not squash(local))
            if name:
                # "推荐系统论文学习笔记：https://..." names it; the rest, if any, describes it.
                after = text[previous_end:end] if not crowded else ""
                occurrence.description = strip_separators(squash(f"{rest} {after}")) or name
        else:
            titled(occurrence, [clean_title(piece.text)], 2)
        occurrence.description = occurrence.description or occurrence.title
        occurrence.context = sentence
        out.append(occurrence)
        previous, previous_sentence = occurrence, begin
    return out, secondary
