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
    "looks_like_authors",
    "role_of",
    "split_authors",
    "split_name",
    "squash",
    "strip_numbering",
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


_NUMBERING_RE = re.compile(r"^\s*(?:[(（]?\d{1,4}[)）、．]|\d{1,4}\.(?!\d))\s*")
# Where a name ends and its description starts, in one run of text: Chinese
# punctuation, a spaced dash, two spaces (a line break squashed by the author),
# the end of a sentence; an ASCII colon or comma only before Chinese text
# ("ChatGLM: 中文..."), since English names hold colons ("LLaMA: Open and ..."); a
# space between a Latin name and Chinese ("GuanacoDataset 在52K数据的基础上").
_NAME_END_RE = re.compile(
    r"[：，。；]|\s[-–—]+\s*|\s[-–—]*\s|\s{2,}|(?<=[a-z0-9)\]])\.\s+(?=[A-Z\"“(])"
    r"|[:,]\s*(?=[\u3400-\u9fff])|(?<=[A-Za-z0-9])\s+(?=[\u3400-\u9fff])"
)
NAME_MAX = 80
"""Longest name `split_name` takes from the head of a text."""


def strip_numbering(text: str) -> str:
    """``text`` without a numbering prefix (``1)``, ``2.``, ``(3)``, ``4、``)."""
    return _NUMBERING_RE.sub("", text, count=1)


def split_name(text: str) -> tuple[str, str]:
    """The name a run of text starts with, and the rest, its description.

    ``"1) Model X  This paper introduces..."`` gives ``("Model X", "This
    paper introduces...")``; ``"logiqa-zh，逻辑理解数据集"`` gives
    ``("logiqa-zh", "逻辑理解数据集")``. A numbering prefix is not part of the
    name. Text without such a break is all name (``""`` when it is longer than
    `NAME_MAX`, then all description).
    """
    text = strip_numbering(text).strip()
    for match in _NAME_END_RE.finditer(text):
        head = strip_separators(squash(text[: match.start()]))
        if head:
            rest = strip_separators(squash(text[match.end() :]))
            if len(head) <= NAME_MAX:
                return head, rest
            break
    whole = strip_separators(squash(text))
    return (whole, "") if len(whole) <= NAME_MAX else ("", whole)


_AUTHOR_RE = re.compile(r"^[^\W\d_][\w.'’\- ]{0,40}$")


def looks_like_authors(text: str) -> bool:
    """Whether ``text`` reads as a list of names ("A. Author, B. Author", "Ada Lovelace et al.")."""
    text = squash(text).strip(" .;")
    if not text or len(text) > 300 or any(ch in text for ch in ":：()[]|/"):
        return False
    names = [n for n in re.split(r"\s*(?:,|，|、|&|\band\b)\s*", text) if n]
    if len(names) < 2 and "et al" not in text:
        return False
    return all(
        _AUTHOR_RE.match(n.replace("et al", "").strip(" .") or "X")
        and (n[0].isupper() or has_cjk(n[0]))
        and len(n.split()) <= 5
        for n in names
    )
