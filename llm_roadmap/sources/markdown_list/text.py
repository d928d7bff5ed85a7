"""Text rules of the Markdown import: cleaning titles, languages, roles and authors."""

import re
import unicodedata

__all__ = [
    "AUTHORS_RE",
    "CJK_RE",
    "clean_title",
    "drop_role_markers",
    "has_cjk",
    "language_of",
    "role_of",
    "split_authors",
    "squash",
    "strip_separators",
]

CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
"""One Chinese, Japanese or Korean character."""

AUTHORS_RE = re.compile(r"^\s*by\s+(?P<who>[^:：]{1,80}?)\s*(?:[:：]\s*(?P<rest>.*))?$", re.S)
"""``by NAMES: rest`` after an entry's link."""

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


def squash(text: str) -> str:
    """``text`` with every run of whitespace made one space, trimmed."""
    return " ".join(text.split())


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese, Japanese or Korean character."""
    return bool(CJK_RE.search(text))


def clean_title(text: str) -> str:
    """Drop leading emoji and symbols ("💾 LLM Datasets") and squash whitespace."""
    text = squash(text)
    index = 0
    while index < len(text) and (
        text[index].isspace() or unicodedata.category(text[index]) in {"So", "Sk", "Cf", "Mn", "Co"}
    ):
        index += 1
    return text[index:].strip()


def strip_separators(text: str) -> str:
    """``text`` without the colons, dashes and commas around it."""
    return text.strip(_SEPARATORS).strip()


def role_of(text: str) -> str:
    """The role a list entry's own words give it: alternative, optional or core."""
    if _PICK_ONE_RE.search(text):
        return "alternative"
    if _OPTIONAL_RE.search(text):
        return "optional"
    return "core"


def split_authors(who: str) -> tuple[str, ...]:
    """Names from ``Ada, Alan and Grace`` (split at commas, ``and``, ``&``)."""
    names = [n.strip() for n in re.split(r"\s*(?:,|&|\band\b)\s*", who)]
    return tuple(n for n in names if n)


def language_of(text: str) -> str:
    """``"zh"`` when ``text`` is mostly Chinese, else ``"en"``."""
    cjk = len(CJK_RE.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    # One Chinese character carries about as much as a short English word.
    return "zh" if cjk and cjk * 4 >= latin else "en"


_MARKER_RE = re.compile(
    r"\s*[(\[（【]\s*(?:optional|pick one|choose one|可选|选看|选读|二选一|任选其一|多选一)"
    r"\s*[)\]）】]"
    r"|^\s*optional\s*[:：]\s*",
    re.I,
)


def drop_role_markers(text: str) -> str:
    """``text`` without bracketed role markers (``(optional)``, ``【选看】``) once they are read.

    Words in running prose ("二选一即可") stay: they are part of a sentence.
    """
    return squash(_MARKER_RE.sub(" ", text))
