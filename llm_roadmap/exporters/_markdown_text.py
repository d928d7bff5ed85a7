"""The Markdown exporter's escaping: texts and link destinations that render as the data."""

import re

from .text import Specials

__all__ = [
    "ASCII_BRACKETS",
    "BLOCK_START",
    "ENTITY",
    "INLINE_TABLE",
    "NEEDS_BRACKETS",
    "PROBE_EDGE",
    "RISKY_FIRST",
    "SPECIAL",
    "all_plain",
    "escape",
    "link_destination",
    "plain_destinations",
]

# Backslash-escaping is defined for every ASCII punctuation character and is
# always rendered as the character itself, so over-escaping is harmless. These
# are the characters that can start inline structure anywhere in a line:
# emphasis, code spans, links, raw HTML and autolinks, entities, GFM tables,
# strikethrough and math, and heading closing sequences.
INLINE = {c: "\\" + c for c in "\\`*_[]<>|~&$#"}
# Control characters other than whitespace have no business in a document.
INLINE.update({chr(c): "" for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)})
INLINE_TABLE = str.maketrans(INLINE)
# At the start of a line these open a block: a list item (``-``, ``+``, ``1.``,
# ``1)``), a setext underline (``=``) or a thematic break; ``#`` and ``>`` are
# escaped everywhere already.
BLOCK_START = re.compile(r"[-+=]|\d{1,9}[.)]")
# Texts that need none of the work above (the great majority) are returned as
# they are: no special character, no whitespace but single spaces (the class
# holds every character str.isspace() knows, but the space), and nothing at
# the start that could open a block. One character-class search is fast.
_SPECIAL_CLASS = (
    r"[\\`*_\[\]<>|~&$#\x00-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
SPECIAL = Specials(_SPECIAL_CLASS)
RISKY_FIRST = " +=-0123456789"
# For the batch check of ASCII texts (`all_plain`): this table makes each
# special character 0x80 (no ASCII text holds it) and leaves every other byte
# as it is, so ``raw.translate(table) == raw`` tells that none is there. A
# translation that changes nothing costs less than one that deletes
# (`Specials.none_in`), and the comparison is free: CPython returns the very
# same bytes object when nothing changed.
_MARK_TABLE = bytes(
    0x80 if c < 0x80 and re.match(_SPECIAL_CLASS, chr(c)) else c for c in range(256)
)
# Destinations without these characters are written as they are.
NEEDS_BRACKETS = re.compile(r"[()<>\\&\s\x00-\x1f\x7f]")
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# The shortcut for a resource's texts checks them all in one string, each
# after " ^": a text is left as it is when the string has no special
# character, no double space (which also catches a text that ends with a
# space: "x  ^"), and no "^" followed by a space or a character that can
# start a block (a text that starts with one; "^" itself is no special
# character, so texts that hold it only take the full path needlessly).
# The class is RISKY_FIRST exactly: ASCII digits only (``\d`` would also take
# every Unicode digit, and cost a category lookup at each "^").
PROBE_EDGE = re.compile(r"\^[-+= 0-9]")
# A literal search, which the regular-expression engine runs about twice as
# fast as ``"  " in text`` on text with many single spaces.
DOUBLE_SPACE = re.compile("  ")
ASCII_BRACKETS = bytes(c for c in range(128) if NEEDS_BRACKETS.match(chr(c)))
# Each of ASCII_BRACKETS made 0x80, as in `_MARK_TABLE` (cheaper than deleting them).
_MARK_BRACKETS = bytes(0x80 if c in ASCII_BRACKETS else c for c in range(256))


def escape(text: str) -> str:
    """Return ``text`` as Markdown that renders exactly as ``text``, on one line.

    Runs of whitespace (newlines included) become one space, so a text can
    never end a paragraph or start a block; Markdown metacharacters are
    backslash-escaped, and a leading list marker or digit-and-dot is too.
    """
    if (
        SPECIAL.none_in(text)
        and "  " not in text
        and text[:1] not in RISKY_FIRST
        and text[-1:] != " "
    ):
        return text
    flat = " ".join(text.split()).translate(INLINE_TABLE)
    match = BLOCK_START.match(flat)
    if match:
        end = match.end()
        flat = flat[: end - 1] + "\\" + flat[end - 1 :]
    return flat


def all_plain(texts: list[str]) -> bool:
    """Whether ``escape()`` returns every one of ``texts`` as it is, checked in one pass.

    The texts are joined, each after " ^" (see `PROBE_EDGE`): a few scans of
    one long string cost a fraction of a few scans of each short text (all
    ASCII, the usual case: a translation by `_MARK_TABLE` for the special
    characters). False only means that some text may need escaping.
    """
    probe = f" ^{' ^'.join(texts)} ^"
    if probe.isascii():
        raw = probe.encode()
        plain = raw.translate(_MARK_TABLE) == raw
    else:
        plain = SPECIAL.search(probe) is None
    # The regular expressions, not ``in``: fewer instructions for ``in``, but
    # the searches of sre run faster on texts with many single spaces.
    return plain and DOUBLE_SPACE.search(probe) is None and PROBE_EDGE.search(probe) is None


def plain_destinations(urls: list[str]) -> bool:
    """Whether ``link_destination()`` returns every one of ``urls`` as it is, in one pass.

    What makes a URL need brackets is one of its characters, so the URLs can
    be checked run together.
    """
    joined = "".join(urls)
    if joined.isascii():
        raw = joined.encode()
        return raw.translate(_MARK_BRACKETS) == raw
    return NEEDS_BRACKETS.search(joined) is None


def link_destination(url: str) -> str:
    """Return ``url`` as a Markdown link destination that parses back to exactly ``url``.

    Plain URLs are written as they are. A URL with parentheses, angle
    brackets, backslashes, spaces or something that reads as an HTML entity is
    written in angle brackets with those characters escaped.
    """
    if not NEEDS_BRACKETS.search(url):
        return url
    if url.isprintable() and not any(c in url for c in "()<>\\ ") and not ENTITY.search(url):
        return url  # an & that starts no entity needs nothing
    body = url.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>")
    body = ENTITY.sub(lambda m: "\\" + m.group(0), body)
    return (
        "<" + "".join(c if c.isprintable() and c != "\n" else f"%{ord(c):02X}" for c in body) + ">"
    )
