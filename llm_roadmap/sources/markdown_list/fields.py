"""Field lists: an item named by its parent, its link and description in labelled children.

Chinese lists often write an entry as a small record::

    * 通义千问：
      * 地址：https://github.com/example/qwen
      * 简介：阿里云研发的大模型系列……

The parent item gives the name, each child a field: its label (地址, 链接,
项目地址, 论文, 简介, 介绍, 描述, Link, Paper, Code, Description...) says what
its value is (`llm_roadmap.sources.markdown_list.labels.field_role`). The
paper or address link is the resource, code and other links its further
links, the description field its description; a name field (论文名称, Title)
names it when the parent is itself a link (a note about the paper).
"""

import re
from collections.abc import Mapping, Sequence
from typing import Optional

import attrs

from .inline import Piece, plain
from .labels import FIELD_LABEL_MAX, field_role, is_generic_label
from .occurrences import Occurrence
from .shapes import identity_title
from .text import clean_title, split_authors, squash, strip_separators

__all__ = ["Field", "field_entry", "field_of", "is_field_group"]

Urls = Mapping[int, str]

_LABEL_RE = re.compile(rf"^\s*(?P<label>[^:：\n]{{1,{FIELD_LABEL_MAX}}}?)\s*[:：]")
_YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
# Which link is the resource: the paper, else the address, else code, else any other.
_MAIN_ORDER = ("paper", "link", "code", "other")


@attrs.define
class Field:
    """One labelled child item: ``LABEL：value``.

    Attributes:
        label: The label as written.
        role: What the label says the value is (`labels.field_role`).
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


def field_entry(name: str, fields: Sequence[Field], urls: Urls) -> tuple[Optional[Occurrence], int]:
    """The resource a record describes, and how many further links it has.

    Args:
        name: The parent item's words (its trailing colon dropped); a name
            field, if any, comes first.
        fields: The record's fields, in order.
        urls: The canonical URL of each usable link.
    """
    linked = [(f, p) for f in fields for p in f.value if urls.get(id(p))]
    if not linked:
        return None, 0
    main_field, main = min(
        linked,
        key=lambda item: (
            _MAIN_ORDER.index(item[0].role) if item[0].role in _MAIN_ORDER else len(_MAIN_ORDER)
        ),
    )
    named = next((_text(f) for f in fields if f.role == "name" and _text(f)), "")
    title = strip_separators(named.strip('《》「」"“” ')) or name or identity_title(urls[id(main)])
    described = [_text(f) for f in fields if f.role == "description" and _text(f)]
    if not described:
        described = [
            _text(f) for f in fields if f.role == "other" and _text(f) and not _has_link(f.value)
        ][:1]
    occurrence = Occurrence(
        url=urls[id(main)],
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
            year = _YEAR_RE.search(_text(field))
            occurrence.year = int(year.group(1)) if year else occurrence.year
    secondary = 0
    known = {occurrence.url}
    for field, piece in linked:
        if piece is main:
            continue
        secondary += 1
        url = urls[id(piece)]
        if url in known:
            continue
        known.add(url)
        text = clean_title(piece.text)
        label = text if text and not piece.bare and not is_generic_label(text) else field.label
        occurrence.links.append((url, label))
    return occurrence, secondary


def _text(field: Field) -> str:
    return strip_separators(squash(plain([p for p in field.value if p.href is None])))


def _cjk(texts: Sequence[str]) -> bool:
    return any(re.search(r"[\u3400-\u9fff]", t) for t in texts)
