"""What the full-text indexes hold: a text, then every piece of it a query may ask for.

The indexes use FTS5's ``unicode61`` tokenizer, and a query is tokenized the
same way: ``模型`` is one token, ``transformer`` is one token. ``unicode61``
takes a whole run of Chinese characters as one token, so by itself it finds
``大语言模型`` only by the whole run. So the index of a text holds, after the
text itself (which keeps phrase queries such as ``"deep learning"``
working), every substring of each run of Chinese (or Japanese) characters
up to `CJK_LONGEST` characters, and every substring of three characters or
more of each other word, up to `WORD_LONGEST`. A query for a Chinese word of
any length, or for part of an English word (``backprop`` in
``backpropagation``, ``transformer`` in ``Transformers``), then is a token of
the index, as datasette's ``?_search=`` asks for it, with no tokenizer of our
own on the reading side.
"""

import re
from collections.abc import Iterator

from ...search import CJK_RANGES

__all__ = ["CJK_LONGEST", "WORD_LONGEST", "index_text"]

CJK_LONGEST = 16
"""The longest run of Chinese characters found as one word (a longer one: type a space in it)."""

WORD_LONGEST = 32
"""The longest part of another word that is indexed (longer words are found whole)."""

_PIECES = re.compile(rf"[{CJK_RANGES}]+|[^\W_{CJK_RANGES}]+")
_IS_CJK = re.compile(rf"[{CJK_RANGES}]")


def _pieces(text: str) -> Iterator[str]:
    for match in _PIECES.finditer(text):
        piece = match.group()
        if _IS_CJK.match(piece):
            for length in range(1, min(len(piece), CJK_LONGEST) + 1):
                for start in range(len(piece) - length + 1):
                    yield piece[start : start + length]
        else:
            yield piece
            for length in range(3, min(len(piece) - 1, WORD_LONGEST) + 1):
                for start in range(len(piece) - length + 1):
                    yield piece[start : start + length]


def index_text(text: str) -> str:
    """The text the full-text index of ``text`` is built from: ``text``, a newline, its pieces.

    Each piece appears once (the index needs a word once to find it), in the
    order first met, so the same text always gives the same index.
    """
    pieces = dict.fromkeys(p.lower() for p in _pieces(text))
    return f"{text}\n{' '.join(pieces)}" if pieces else text
