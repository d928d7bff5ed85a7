"""Control characters: the one rule for what a text may hold, and how to show one that holds more.

A control character in data is how a text takes over a terminal: ``ESC ] 0 ;
... BEL`` sets the window title, ``ESC [ 2 J`` clears the screen, a carriage
return lets a line overwrite the one before it. Validation refuses them in
every text field (`text_problem`, used by `llm_roadmap.loading.checks`),
and the command line shows any that reach it from elsewhere (its own
arguments, an error a plugin raised, a path) as visible escapes (`visible`),
so nothing it prints is ever read by a terminal as a command.

The characters are the C0 controls (U+0000 to U+001F) but tab and line feed,
DEL (U+007F) and the C1 controls (U+0080 to U+009F, which some terminals
read as ``ESC`` sequences of one character). Tab and line feed are text.
`text_problem` also refuses a lone surrogate (U+D800 to U+DFFF), which a
Python string can hold but no UTF-8 file, JSON document or terminal can.
"""

import os
import re
from typing import Optional, Union

__all__ = [
    "CONTROL_RE",
    "SURROGATE_RE",
    "display_path",
    "json_visible",
    "name_control",
    "text_problem",
    "visible",
]

CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""One control character that a text may not hold: C0 but tab and line feed, DEL, C1."""

_ANY_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")

SURROGATE_RE = re.compile("[\ud800-\udfff]")
"""A lone surrogate: a code point that only stands for half of a UTF-16 pair."""

_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x0d": "carriage return",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x85": "next line (NEL)",
    "\x9b": "CSI",
}


def name_control(char: str) -> str:
    """A control character as a message names it: ``U+001B (ESC)``."""
    code = f"U+{ord(char):04X}"
    name = _NAMES.get(char)
    return f"{code} ({name})" if name else code


def text_problem(value: str) -> Optional[str]:
    """What is wrong with ``value`` as text to keep and show, or ``None``.

    A control character (`CONTROL_RE`) or a lone surrogate (`SURROGATE_RE`).
    The message names the first such code point and where it stands, never
    the character itself, so a problem stays one harmless line.
    """
    found = CONTROL_RE.search(value)
    if found is not None:
        count = len(CONTROL_RE.findall(value))
        more = f" (and {count - 1} more)" if count > 1 else ""
        return (
            f"control character {name_control(found.group())} at position {found.start() + 1}"
            f"{more}: a terminal would obey it; remove it"
        )
    lone = SURROGATE_RE.search(value)
    if lone is not None:
        return (
            f"lone surrogate U+{ord(lone.group()):04X} at position {lone.start() + 1}:"
            " not text that a file can hold; remove it"
        )
    return None


def visible(text: str, *, keep: str = "\t\n") -> str:
    r"""``text`` with each control character written as an escape (``\x1b``), for a terminal.

    Args:
        text: Any text.
        keep: Control characters left as they are: tab and line feed by
            default; ``""`` escapes those too, for a one-line message.
    """

    def escape(match: "re.Match[str]") -> str:
        char = match.group()
        return char if char in keep else f"\\x{ord(char):02x}"

    return _ANY_CONTROL_RE.sub(escape, text)


def display_path(path: Union[str, "os.PathLike[str]"]) -> str:
    r"""A file name as text that any output can hold and any terminal can show.

    On POSIX a file name is bytes; Python keeps those it cannot decode as lone
    surrogates (``'\udcff'``), which no UTF-8 file, JSON document or database
    can store: they are shown as ``\xff``. Control characters are shown as
    escapes (`visible`). Any other name comes back as it is.
    """
    name = os.fspath(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate that stands for no byte
            name = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return visible(name, keep="")


_RAW_IN_JSON_RE = re.compile(r"[\x7f-\x9f]")


def json_visible(document: str) -> str:
    r"""JSON text with DEL and the C1 controls written as ``\u`` escapes.

    `json.dumps` escapes the C0 controls but, with ``ensure_ascii=False``,
    writes DEL and U+0080 to U+009F as they are. They can only stand inside
    strings, so escaping them gives the same JSON value.
    """
    return _RAW_IN_JSON_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
