"""Ids of the Markdown import: slugs of titles and URLs, prefixed and made unique.

A Chinese (or mixed) title is spelt in pinyin, so ``大模型LLM入门`` gives
``da-mo-xing-llm-ru-men``: readable, and the same on every import. pypinyin is
imported only when a title needs it.
"""

import hashlib
import re
import unicodedata
from typing import Optional
from urllib.parse import unquote, urlsplit

__all__ = ["ID_SLUG_MAX", "join_id", "resource_slug", "romanise", "slug", "topic_slug", "unique"]

ID_SLUG_MAX = 60
"""Longest slug (before the prefix and any numeric suffix) of a generated id."""

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def romanise(text: str) -> str:
    """``text`` with its Chinese characters spelt in pinyin, one syllable per word."""
    if not _HAN_RE.search(text):
        return text
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.NORMAL, errors="default"))


def slug(text: str) -> str:
    """The kebab-case slug of ``text`` (Chinese in pinyin), cut at a word boundary."""
    ascii_text = (
        unicodedata.normalize("NFKD", romanise(text)).encode("ascii", "ignore").decode("ascii")
    )
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(out) > ID_SLUG_MAX:
        cut = out[: ID_SLUG_MAX + 1]
        out = cut[: cut.rfind("-")] if "-" in cut else cut[:ID_SLUG_MAX]
        out = out.strip("-")
    return out


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def unique(base: str, used: set[str], numbers: Optional[dict[str, int]] = None) -> str:
    """``base``, or ``base-2``, ``base-3``... the first not in ``used`` (which it joins).

    ``numbers`` remembers the last number tried for each base, so that a
    thousand entries with one slug take linear time, not quadratic.
    """
    numbers = {} if numbers is None else numbers
    candidate, number = base, numbers.get(base, 1)
    if number > 1:
        candidate = f"{base}-{number}"
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    numbers[base] = number
    used.add(candidate)
    return candidate


def join_id(prefix: str, tail: str) -> str:
    """``prefix-tail``, or ``tail`` when there is no prefix."""
    return f"{prefix}-{tail}" if prefix else tail


def resource_slug(title: str, url: str) -> str:
    """The slug of a resource: its title's, else its URL's host and path."""
    out = slug(title)
    if out:
        return out
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host[len("www.") :] if host.startswith("www.") else host
    out = slug(unquote(f"{host} {parts.path} {parts.query}"))
    return out or f"link-{_short_hash(url)}"


def topic_slug(title: str) -> str:
    """The slug of a topic: its title's, else ``topic-`` and a short hash of the title."""
    return slug(title) or f"topic-{_short_hash(title)}"
