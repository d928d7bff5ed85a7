"""Table rows of the Markdown import: which link is the row's resource, its name, its description.

A row of a Markdown table or of an HTML ``<table>`` with a header is one
entry; the header says what each cell is (a name, a paper, a year, the
authors, a licence...). See `table_row`.
"""

import re
from collections.abc import Mapping, Sequence
from typing import Optional

from .inline import Piece, plain, split_lines
from .labels import is_date_like, is_generic_label, label_key
from .occurrences import Occurrence
from .shapes import (
    MAIN_LABELS,
    YEAR_RE,
    add_link,
    secondary,
    strong_name,
    titled,
    weak_label,
)
from .text import (
    NAME_MAX,
    clean_title,
    looks_like_authors,
    split_authors,
    split_name,
    squash,
    strip_numbering,
    strip_separators,
)

__all__ = ["cell_name", "table_row"]

Urls = Mapping[int, str]

_HEADER_ROLES = (
    ("year", re.compile(r"year|date|time|released?|年份|日期|时间|发布", re.I)),
    ("authors", re.compile(r"authors?|作者", re.I)),
    ("paper", re.compile(r"paper|blog|article|link|url|resource|论文|文章|链接|地址|资源", re.I)),
    ("title", re.compile(r"^(name|title|model|project|language model)|项目|名称|标题|模型", re.I)),
    ("description", re.compile(r"desc|summary|notes?|about|说明|描述|简介|介绍|备注", re.I)),
    ("minor", re.compile(r"licen[cs]e|context|param|try|demo|stars?|许可|协议|参数", re.I)),
)


def _roles(header: Sequence[str]) -> list[str]:
    out = []
    for name in header:
        role = next((r for r, pattern in _HEADER_ROLES if pattern.search(name)), "")
        out.append(role)
    return out


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


def table_row(
    header: Sequence[str], cells: Sequence[list[Piece]], urls: Urls
) -> tuple[list[Occurrence], int]:
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
    found = [(i, p) for i, cell in enumerate(cells) for p in cell if urls.get(id(p))]
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
        named = [line for line in lines if any(urls.get(id(p)) and not weak_label(p) for p in line)]
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
        name, rest = cell_name([p for p in kept_cells[index] if not urls.get(id(p))])
        if name and not is_date_like(name) and not is_generic_label(name):
            candidates.append(name)
            named_from[name] = (index, rest)
    candidates = [c for c in candidates if c and not is_date_like(c) and not is_generic_label(c)]
    occurrence = Occurrence(url=urls[id(main)], title="", description="", listed=True)
    titled(occurrence, candidates[:1], 3)
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
        lead = next(p for p in line if urls.get(id(p)) and not weak_label(p))
        entry = Occurrence(
            url=urls[id(lead)],
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
            if piece is not lead and urls.get(id(piece)):
                add_link(entry, urls[id(piece)], clean_title(piece.text) or urls[id(piece)])
                taken.add(id(piece))
    further = len(taken) - len(extra)
    for index, cell in enumerate(cells):
        label = header[index] if index < len(header) else ""
        others = [p for p in cell if p is not main and id(p) not in taken]
        further += secondary(others, urls, occurrence, prefix=label)
    return [occurrence, *extra], further
