"""Entry shapes of the Markdown import: what one list item, table row, record or sentence says.

Each reading gets the item's pieces, their usable links already given their
canonical URL by the reader (`Piece.url`; ``""`` for links that were skipped),
and returns the `Occurrence` of each resource it names and how many further
links it kept as secondary links.
"""

import re
from collections.abc import Sequence
from typing import Optional
from urllib.parse import unquote, urlsplit

import attrs

from ...identity import arxiv_id, github_account, github_repo
from .inline import Piece, plain, sentences, split_lines
from .text import (
    AUTHORS_RE,
    FIELD_LABEL_MAX,
    NAME_MAX,
    clean_title,
    drop_role_markers,
    field_role,
    is_date_like,
    is_generic_label,
    is_site_name,
    label_key,
    looks_like_authors,
    role_of,
    split_authors,
    split_name,
    squash,
    strip_numbering,
    strip_separators,
)


@attrs.define
class Occurrence:
    """One appearance of a resource link in the document.

    Attributes:
        url: The canonical URL.
        title: The title the entry gives it.
        description: The words around it.
        authors: The authors the entry names.
        links: Further links of the entry: ``(url, label)``.
        listed: An entry led by the link (or a table row), not a mention.
        role: ``"optional"`` or ``"alternative"`` when the entry says so, else ``"core"``.
        quality: How good the title is: 3 an entry's own link text, 2 a
            mention's link text, 1 words around a link that only says "link",
            0 made from the URL (needs curation).
        year: A year the entry gives.
        context: Words around the link (its label, entry, column headers) that
            tell its kind ("paper", "书籍").
        unnamed: The entry names it with a label only ("[点击查看答案](url)",
            "该项目的开源地址是：url"): the heading above may name it.
    """

    url: str
    title: str = ""
    description: str = ""
    authors: tuple[str, ...] = ()
    links: list[tuple[str, str]] = attrs.Factory(list)
    listed: bool = False
    role: str = "core"
    quality: int = 2
    year: Optional[int] = None
    context: str = ""
    unnamed: bool = False


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
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = unquote(parts.path).strip("/")
    return f"{host}/{path}" if path else host


def _context_title(text: str) -> Optional[str]:
    text = strip_separators(clean_title(drop_role_markers(text)))
    if not text or len(text) > TITLE_MAX or is_generic_label(text) or is_date_like(text):
        return None
    return text


def titled(occurrence: Occurrence, title: Optional[str], quality: int) -> None:
    """Give ``occurrence`` ``title`` (of ``quality``), or when there is none the URL's identity.

    An occurrence titled from its URL is ``unnamed``: the heading above it may name it.
    """
    if title:
        occurrence.title = title
        occurrence.quality = quality
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


def secondary(runs: Sequence[Piece], into: Occurrence, prefix: str = "") -> int:
    """Add the usable links of ``runs`` to ``into``'s further links; how many there were.

    A link with no words of its own is labelled by its host; one that only
    says what it is gets ``prefix`` (its column's header) before its label.
    """
    count = 0
    known = {into.url, *(url for url, _ in into.links)}
    for piece in runs:
        url = piece.url
        if not url:
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


def list_entry(runs: list[Piece], first: Piece) -> tuple[list[Occurrence], int]:
    """An item that starts with its link: ``- [Title](url) by Author: description``.

    When the link only says what it is (``- [Paper](url) Attention Is All You
    Need - the transformer``), the words after it give the name and the rest
    the description.
    """
    url = first.url
    rest = runs[runs.index(first) + 1 :]
    description = plain(rest)
    authors: tuple[str, ...] = ()
    match = AUTHORS_RE.match(description)
    if match:
        authors = split_authors(match.group("who"))
        description = match.group("rest") or ""
    description = strip_separators(drop_role_markers(description))
    occurrence = Occurrence(url=url, authors=authors, listed=True, role=role_of(plain(rest)))
    if weak_label(first):
        name, after = _name_of(plain([p for p in rest if p.href is None]))
        if name is None and is_site_name(first.text):
            name = clean_title(first.text)  # "- [HuggingFace](https://huggingface.co/)"
        titled(occurrence, name, 1)
        occurrence.unnamed = occurrence.unnamed and not first.bare
        if name:
            description = after
    else:
        titled(occurrence, clean_title(first.text), 3)
    occurrence.description = description or occurrence.title
    occurrence.context = f"{first.text} {description}"
    return [occurrence], secondary(rest, occurrence)


def labelled_entry(runs: list[Piece]) -> Optional[tuple[list[Occurrence], int]]:
    """An item whose links are only labels: a paper-list entry, or words then ``[link](url)``.

    ``1. **"Title"**. *Authors*. Venue 2023. [[Paper](url)] [[Code](url2)]``:
    the bold (else quoted) title is the title, wherever it stands
    (``3. <u>ModelX</u>: **"Title"**``), the italic names the authors, the
    year comes from the text; the paper's link is the resource and the others
    (code, project, checkpoint...) its links. ``- Some tool: https://x.org``
    takes the words before the link as its name, up to a break
    (``logiqa-zh，逻辑理解数据集 https://...``: the name, then the description).
    """
    links = [p for p in runs if p.url]
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
    occurrence = Occurrence(url=main.url, authors=authors, listed=True)
    occurrence.role = role_of(whole)
    if title:
        titled(occurrence, title, 3)
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
        titled(occurrence, name, 1)
        occurrence.unnamed = occurrence.unnamed and not (main.bare and not before)
        after = plain([p for p in runs[runs.index(main) + 1 :] if p.href is None])
        after = re.sub(r"\[\s*\]|\(\s*\)|【\s*】", " ", after)
        description = description or strip_separators(after.strip(" []()【】"))
    occurrence.description = description or occurrence.title
    occurrence.context = f"paper {whole}" if title and (authors or occurrence.year) else whole
    others = [p for p in runs if p is not main]
    return [occurrence], secondary(others, occurrence)


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


def mentions(runs: Sequence[Piece]) -> tuple[list[Occurrence], int]:
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
    linked = [(p, p.url) for p in runs if p.url]
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
        occurrence = Occurrence(url=url, description=sentence)
        if weak:
            name, rest = _name_of(local)
            titled(occurrence, name, 1)
            occurrence.unnamed = occurrence.unnamed and not (piece.bare and not squash(local))
            if name:
                # "推荐系统论文学习笔记：https://..." names it; the rest, if any, describes it.
                after = text[previous_end:end] if not crowded else ""
                occurrence.description = strip_separators(squash(f"{rest} {after}")) or name
        else:
            titled(occurrence, clean_title(piece.text), 2)
        occurrence.description = occurrence.description or occurrence.title
        occurrence.context = sentence
        out.append(occurrence)
        previous, previous_sentence = occurrence, begin
    return out, secondary


_HEADER_ROLES = (
    ("year", re.compile(r"year|date|time|released?|年份|日期|时间|发布", re.I)),
    ("authors", re.compile(r"authors?|作者", re.I)),
    ("paper", re.compile(r"paper|blog|article|link|url|resource|论文|文章|链接|地址|资源", re.I)),
    ("title", re.compile(r"^(name|title|model|project|language model)|项目|名称|标题|模型", re.I)),
    ("description", re.compile(r"desc|summary|notes?|about|说明|描述|简介|介绍|备注", re.I)),
    ("minor", re.compile(r"licen[cs]e|context|param|try|demo|stars?|许可|协议|参数", re.I)),
)


def _roles(header: Sequence[str]) -> list[str]:
    # What each column holds, by its header ("" when the header says nothing known).
    return [next((r for r, pattern in _HEADER_ROLES if pattern.search(h)), "") for h in header]


def cell_name(cell: Sequence[Piece]) -> tuple[str, str]:
    """The name a table cell gives and the rest of its words (its description).

    ``1) **Model X**: a method that ...`` gives ``("Model X", "a method that
    ...")``; without bold, the name runs to the first break (``1) Model X  This
    paper ...``). A short cell is all name; a numbering prefix is never part of it.
    """
    words = [p for p in cell if p.href is None]
    text = strip_numbering("".join(p.text for p in words))
    first = next(
        (
            p
            for p in words
            if p.text.strip() and not re.fullmatch(r"\s*[(（]?\d{1,4}[).）、．]?\s*", p.text)
        ),
        None,
    )
    if first is not None and first.strong is not None:
        name, after = strong_name(words)
        if name:
            return name, strip_separators(plain(after))
    squashed = strip_separators(clean_title(squash(text)))
    if len(squashed) <= NAME_MAX // 2:
        return squashed, ""
    name, rest = split_name(text)
    return clean_title(name), rest


def table_row(header: Sequence[str], cells: Sequence[list[Piece]]) -> tuple[list[Occurrence], int]:
    """A table row: its main link is the resource, wherever its column.

    The main link is the first in a paper/blog/link column, else in the name
    column, else the first not in a minor column (licence, context, demo),
    a link with a real text always before one that only says "Paper" or "GitHub".
    Its text is the title unless that is a label, a date or a number; then the
    name column's, then the first cell with words, cut to its name
    (`cell_name`: ``1) **Model X** - a method...`` is named "Model X", and the
    rest describes it). A "year"/"date" column gives the year, an "authors"
    column, or a line of names under the title (``[Title](url) <br> A. Author,
    B. Author``), the authors; the other cells, with their header, make the
    description; further links are secondary links. A cell that lists several
    named links, one a line (``1. [Post](url)<br>2. [Post](url2)``), gives
    each its own resource, described like the row.
    """
    roles = _roles(header) + [""] * max(0, len(cells) - len(header))
    found = [(i, p) for i, cell in enumerate(cells) for p in cell if p.url]
    if not found:
        return [], 0
    rank = {"paper": 0, "title": 1, "minor": 3, "year": 3}

    def weakness(piece: Piece) -> int:
        if not weak_label(piece):
            return 0
        return 1 if label_key(piece.text) in MAIN_LABELS else 2

    order = {id(p): n for n, (_, p) in enumerate(found)}
    where, main = min(
        found,
        key=lambda item: (
            weakness(item[1]) > 0,
            rank.get(roles[item[0]], 2),
            weakness(item[1]),
            order[id(item[1])],
        ),
    )
    # Lines of names under a title are authors; lines of named links are entries of their own.
    authors: tuple[str, ...] = ()
    listed: list[tuple[int, list[Piece]]] = []
    kept_cells: list[list[Piece]] = []
    for index, cell in enumerate(cells):
        lines = split_lines(cell)
        named = [line for line in lines if any(p.url and not weak_label(p) for p in line)]
        if len(named) >= 2:
            listed.extend((index, line) for line in named if not any(p is main for p in line))
        keep: list[Piece] = []
        for line in lines:
            words = plain(line)
            if (
                roles[index] != "authors"
                and not authors
                and not any(p.href is not None for p in line)
                and len(lines) > 1
                and looks_like_authors(words)
            ):
                authors = split_authors(words)
                continue
            keep.extend([*line, Piece(" ")])
        kept_cells.append(keep if lines else list(cell))
    texts = [strip_separators(clean_title(plain(cell))) for cell in kept_cells]
    name_column = next((i for i, r in enumerate(roles) if r == "title"), None)
    named_from: dict[str, tuple[int, str]] = {}
    candidates: list[Optional[str]] = []
    if not weak_label(main):
        candidates.append(clean_title(main.text))
    order_of_cells = ([name_column] if name_column is not None else []) + [
        i for i in range(len(texts)) if i != name_column
    ]
    for index in order_of_cells:
        if index >= len(texts) or index == where or roles[index] in ("year", "authors"):
            continue
        name, rest = cell_name([p for p in kept_cells[index] if not p.url])
        if name and not is_date_like(name) and not is_generic_label(name):
            candidates.append(name)
            named_from[name] = (index, rest)
    candidates = [c for c in candidates if c and not is_date_like(c) and not is_generic_label(c)]
    occurrence = Occurrence(url=main.url, listed=True)
    titled(occurrence, candidates[0] if candidates else None, 3)
    occurrence.unnamed = occurrence.unnamed and not main.bare
    occurrence.authors = authors
    title_cell, title_rest = named_from.get(occurrence.title, (-1, ""))
    described: list[str] = [title_rest] if title_rest else []
    for index, text in enumerate(texts):
        role = roles[index]
        if not text or text == occurrence.title or index in (where, title_cell):
            continue
        if not plain([p for p in kept_cells[index] if p.href is None]) and all(
            weak_label(p) for p in kept_cells[index] if p.href is not None
        ):
            continue  # only links that say what they are ("[Code]", "colab"): nothing to describe
        if role == "year":
            year = YEAR_RE.search(text)
            occurrence.year = int(year.group(1)) if year else occurrence.year
        elif role == "authors":
            occurrence.authors = split_authors(text)
        else:
            label = header[index] if index < len(header) and header[index] else ""
            described.append(f"{label}: {text}" if label and role != "description" else text)
    occurrence.description = "; ".join(described) or occurrence.title
    occurrence.context = " ".join([*header, *texts])
    extra: list[Occurrence] = []
    taken: set[int] = set()
    for _, line in listed:
        lead = next(p for p in line if p.url and not weak_label(p))
        entry = Occurrence(
            url=lead.url,
            title=clean_title(lead.text),
            description=occurrence.description
            if occurrence.description != occurrence.title
            else "",
            listed=True,
            quality=3,
            year=occurrence.year,
            context=occurrence.context,
        )
        entry.description = entry.description or entry.title
        taken.add(id(lead))
        extra.append(entry)
        for piece in line:
            if piece is not lead and piece.url:
                add_link(entry, piece.url, clean_title(piece.text) or piece.url)
                taken.add(id(piece))
    further = len(taken) - len(extra)
    for index, cell in enumerate(cells):
        label = header[index] if index < len(header) else ""
        others = [p for p in cell if p is not main and id(p) not in taken]
        further += secondary(others, occurrence, prefix=label)
    return [occurrence, *extra], further


_LABEL_RE = re.compile(rf"^\s*(?P<label>[^:：\n]{{1,{FIELD_LABEL_MAX}}}?)\s*[:：]")
# Which link is the resource: the paper, else the address, else code, else any other.
_MAIN_ORDER = ("paper", "link", "code", "other")


@attrs.define
class Field:
    """One labelled child item: ``LABEL：value``.

    Chinese lists often write an entry as a small record::

        * 通义千问：
          * 地址：https://github.com/example/qwen
          * 简介：阿里云研发的大模型系列……

    The parent item gives the name, each child a field whose label says what
    its value is. The paper or address link is the resource, code and other
    links its further links, the description field its description; a name
    field (论文名称, Title) names it when the parent is itself a link.

    Attributes:
        label: The label as written.
        role: What the label says the value is (`text.field_role`).
        value: The pieces after the label.
    """

    label: str
    role: str
    value: list[Piece]


def field_of(runs: Sequence[Piece]) -> Optional[Field]:
    """The field a child item is (``简介：...``, ``Paper: [x](url)``, ``[Code](url)``), or None."""
    first = next((i for i, p in enumerate(runs) if p.href is not None or p.text.strip()), None)
    if first is None:
        return None
    piece = runs[first]
    if piece.href is not None:
        # A child that is only a labelled link ("[Paper](url)") is a field named by its label.
        label = clean_title(piece.text)
        if not piece.bare and is_generic_label(label) and not plain(runs[first + 1 :]):
            role = field_role(label)
            return Field(label=label, role=role, value=[piece]) if role else None
        return None
    match = _LABEL_RE.match(piece.text)
    if match is None:
        return None
    label = match.group("label").strip()
    role = field_role(label)
    if not role or (is_generic_label(label) and role == "other" and not _has_link(runs)):
        return None
    rest = piece.text[match.end() :]
    value = ([attrs.evolve(piece, text=rest)] if rest else []) + list(runs[first + 1 :])
    return Field(label=label, role=role, value=value)


def _has_link(runs: Sequence[Piece]) -> bool:
    return any(p.href is not None for p in runs)


def is_field_group(fields: Sequence[Optional[Field]]) -> bool:
    """Whether children make a record: at least one field holds a link (not a picture)."""
    return any(
        f is not None
        and f.role not in ("name", "description", "authors", "venue")
        and any(p.href is not None and not p.image_only for p in f.value)
        for f in fields
    )


def field_entry(name: str, fields: Sequence[Field]) -> tuple[Optional[Occurrence], int]:
    """The resource a record describes, and how many further links it has.

    Args:
        name: The parent item's words (its trailing colon dropped); a name
            field, if any, comes first.
        fields: The record's fields, in order.
    """
    linked = [(f, p) for f in fields for p in f.value if p.url]
    if not linked:
        return None, 0
    main_field, main = min(
        linked,
        key=lambda item: (
            _MAIN_ORDER.index(item[0].role) if item[0].role in _MAIN_ORDER else len(_MAIN_ORDER)
        ),
    )
    named = next((_text(f) for f in fields if f.role == "name" and _text(f)), "")
    title = strip_separators(named.strip('《》「」"“” ')) or name or identity_title(main.url)
    described = [_text(f) for f in fields if f.role == "description" and _text(f)]
    if not described:
        described = [
            _text(f) for f in fields if f.role == "other" and _text(f) and not _has_link(f.value)
        ][:1]
    occurrence = Occurrence(
        url=main.url,
        title=title,
        description="；".join(described) if _cjk(described) else " ".join(described),
        listed=True,
        quality=3 if named or name else 0,
        context=" ".join(
            [f"{f.label} {_text(f)}" for f in fields]
            + ["paper" if main_field.role == "paper" else ""]
        ),
    )
    occurrence.description = occurrence.description or occurrence.title
    for field in fields:
        if field.role == "authors" and _text(field):
            occurrence.authors = split_authors(_text(field))
        elif field.role == "venue":
            year = YEAR_RE.search(_text(field))
            occurrence.year = int(year.group(1)) if year else occurrence.year
    for field, piece in linked:
        if piece is not main:
            text = clean_title(piece.text)
            label = text if text and not piece.bare and not is_generic_label(text) else field.label
            add_link(occurrence, piece.url, label)
    return occurrence, len(linked) - 1


def _text(field: Field) -> str:
    return strip_separators(squash(plain([p for p in field.value if p.href is None])))


def _cjk(texts: Sequence[str]) -> bool:
    return any(re.search(r"[\u3400-\u9fff]", t) for t in texts)
