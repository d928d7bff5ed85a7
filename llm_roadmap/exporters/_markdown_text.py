"""The Markdown exporter's escaping: texts and link destinations that render as the data."""

import re

from .text import Specials

__all__ = ["escape", "link_destination"]

# Backslash-escaping is defined for every ASCII punctuation character and is
# always rendered as the character itself, so over-escaping is harmless. These
# are the characters that can start inline structure anywhere in a line:
# emphasis, code spans, links, raw HTML and autolinks, entities, GFM tables,
# strikethrough and math, and heading closing sequences.
_INLINE = {c: "\\" + c for c in "\\`*_[]<>|~&$#"}
_INLINE_TABLE = str.maketrans(_INLINE)
# Control characters other than whitespace have no business in a document.
# They go before the whitespace is folded: "\x00 - x" is "- x", a list marker.
# (0x1C to 0x1F are whitespace to str.split(): they fold into a space.)
_NOT_TEXT = str.maketrans({chr(c): "" for c in (*range(0x09), *range(0x0E, 0x1C), 0x7F)})
# At the start of a line these open a block: a list item (``-``, ``+``, ``1.``,
# ``1)``), a setext underline (``=``) or a thematic break; ``#`` and ``>`` are
# escaped everywhere already.
_BLOCK_START = re.compile(r"[-+=]|\d{1,9}[.)]")
# escape() returns a text as it is when it holds none of these characters (the
# ones above, and every whitespace character but the space: all that
# str.isspace() knows), no double space, no space at its end and none of
# _RISKY_FIRST at its start (any digit, not only a list number: a simpler test).
_SPECIAL = Specials(
    r"[\\`*_\[\]<>|~&$#\x00-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_RISKY_FIRST = " +=-0123456789"
# Destinations without these characters are written as they are.
_NEEDS_BRACKETS = re.compile(r"[()<>\\&\s\x00-\x1f\x7f]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def escape(text: str) -> str:
    """Return ``text`` as Markdown that renders exactly as ``text``, on one line.

    Runs of whitespace (newlines included) become one space, so a text can
    never end a paragraph or start a block; Markdown metacharacters are
    backslash-escaped, and a leading list marker or digit-and-dot is too.
    """
    if (
        _SPECIAL.none_in(text)
        and "  " not in text
        and text[:1] not in _RISKY_FIRST
        and text[-1:] != " "
    ):
        return text  # nothing to escape: most texts
    flat = " ".join(text.translate(_NOT_TEXT).split()).translate(_INLINE_TABLE)
    match = _BLOCK_START.match(flat)
    if match:
        end = match.end()
        flat = flat[: end - 1] + "\\" + flat[end - 1 :]
    return flat


def link_destination(url: str) -> str:
    """Return ``url`` as a Markdown link destination that parses back to exactly ``url``.

    Plain URLs are written as they are. A URL with parentheses, angle
    brackets, backslashes, spaces or something that reads as an HTML entity is
    written in angle brackets with those characters escaped.
    """
    if not _NEEDS_BRACKETS.search(url):
        return url
    if url.isprintable() and not any(c in url for c in "()<>\\ ") and not _ENTITY.search(url):
        return url  # an & that starts no entity needs nothing
    body = url.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>")
    body = _ENTITY.sub(lambda m: "\\" + m.group(0), body)
    return (
        "<" + "".join(c if c.isprintable() and c != "\n" else f"%{ord(c):02X}" for c in body) + ">"
    )
