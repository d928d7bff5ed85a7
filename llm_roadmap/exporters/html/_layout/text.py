"""Rough text measure at export time: how wide a text is and how many lines it wraps to.

The page's fonts are the reader's (system-ui), unknown here, so these are
estimates in ems from character classes, a little generous. They decide the
width of a track's heading and a first height for each row; the page measures
the real heights in the browser and sets every row to fit (see ``docs/html.md``),
so a wrong guess costs only a little space, never a cut title.
"""

import functools
import unicodedata

_NARROW = frozenset("il.,:;'|!()[]{}/\\-")
_WIDE = frozenset("mwMW@%")


@functools.lru_cache(maxsize=4096)
def wide(char: str) -> bool:
    """Whether ``char`` is a wide (CJK) character: one em, and a line may break beside it."""
    return unicodedata.east_asian_width(char) in ("W", "F")


@functools.lru_cache(maxsize=4096)
def char_em(char: str) -> float:
    """The estimated advance of ``char`` in ems."""
    if wide(char):
        return 1.0
    if char == " ":
        return 0.3
    if char in _NARROW:
        return 0.34
    if char in _WIDE:
        return 0.88
    if char.isupper() or char.isdigit():
        return 0.66
    return 0.56


def text_em(text: str) -> float:
    """The estimated width of ``text`` on one line, in ems."""
    return sum(char_em(c) for c in text)


def _pieces(text: str) -> list[str]:
    """Where a line may break: after a space, and between two wide (CJK) characters."""
    pieces: list[str] = []
    current = ""
    for char in text:
        breaks = wide(char)
        if breaks and current:
            pieces.append(current)
            current = ""
        current += char
        if char == " " or breaks:
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


def line_count(text: str, width_em: float) -> int:
    """How many lines ``text`` takes in a box ``width_em`` wide, wrapped as the page wraps it.

    Words wrap at spaces and Chinese between characters; a word longer than the
    line breaks anywhere (the page's ``overflow-wrap: anywhere``).
    """
    lines, used = 1, 0.0
    for piece in _pieces(text):
        width, advance = text_em(piece.rstrip(" ")), text_em(piece)
        if used and used + width > width_em:
            lines += 1
            used = 0.0
        while width > width_em:  # a word wider than the line
            lines += 1
            width -= width_em
            advance -= width_em
        used += advance
    return lines
