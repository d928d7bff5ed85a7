"""The one guarded way to take a URL apart.

`urllib.parse.urlsplit` raises `ValueError` for an unclosed ``[`` and its
``port`` property raises for ``:99999``; it also silently drops tabs and
newlines, so a URL with a line break in it looks clean. Every part of the project
that reads a URL it did not write (validation, the Markdown import, the HTTP
layer, the link checker) goes through `parse_url` / `url_problem` instead, so
a hostile URL is a clear problem, never a traceback.
"""

import contextlib
import contextvars
import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Optional, Union
from urllib.parse import SplitResult, urlsplit

import attrs

__all__ = [
    "HTTP_SCHEMES",
    "ParsedUrl",
    "UrlProblem",
    "is_http_url",
    "parse_http_url",
    "parse_url",
    "remembering",
    "safe_split",
    "url_problem",
]

HTTP_SCHEMES = ("http", "https")
"""The schemes a resource or link may use."""

# DNS limits (RFC 1035): a label is at most 63 octets, a name at most 253.
_LABEL_MAX = 63
_HOST_MAX = 253


class UrlProblem(ValueError):
    """A URL that cannot be used; ``str()`` is one line naming the URL and what is wrong.

    Attributes:
        url: The text that was given.
        reason: What is wrong, without the URL (``"port 99999 is out of range"``).
    """

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"URL {_shown(url)} {reason}")


@attrs.frozen
class ParsedUrl:
    """A URL taken apart, every part already checked.

    Attributes:
        text: The URL as given.
        scheme: The scheme, lower-cased (``"https"``).
        host: The host name, lower-cased, without IPv6 brackets (``""`` for none).
        port: The explicit port (1-65535), or ``None``.
        netloc: The authority as written (user info, host and port).
        path: The path, as written.
        query: The query string, without ``?``.
        fragment: The fragment, without ``#``.
    """

    text: str
    scheme: str
    host: str
    port: Optional[int]
    netloc: str
    path: str
    query: str
    fragment: str

    @property
    def authority(self) -> str:
        """``host`` or ``host:port`` (IPv6 hosts in brackets): the key for per-host rules."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}" if self.port is not None else host

    def split(self) -> SplitResult:
        """The `urllib.parse.SplitResult` of the URL, for `urllib.parse.urlunsplit`."""
        return SplitResult(self.scheme, self.netloc, self.path, self.query, self.fragment)


def _shown(url: str) -> str:
    # Long hostile URLs would flood a one-line message.
    return repr(url if len(url) <= 200 else url[:200] + "...")


# ASCII controls, space and DEL, and the C1 controls: one regex pass for the
# common (ASCII) URL; only other text pays for the per-character look-up.
_UNSAFE_RE = re.compile(r"[\x00-\x20\x7f-\x9f]")
# The ASCII characters a host may not hold (anything non-ASCII is left to IDNA);
# written as what is refused, since a negated class of every code point above
# U+007F takes Python's regex compiler some milliseconds to build.
_HOST_CHAR_RE = re.compile(r"[\x00-\x2c\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]")


def _control(text: str) -> Optional[str]:
    found = _UNSAFE_RE.search(text)
    if found is None and text.isascii():
        return None
    chars = found.group() if found is not None else text
    for char in chars:
        if char.isspace():
            return "contains whitespace"
        if unicodedata.category(char) in ("Cc", "Cf", "Cs"):
            return f"contains the control character U+{ord(char):04X}"
    return None


def _host_problem(host: str) -> Optional[str]:
    if ":" in host:  # an IPv6 literal: urlsplit has already checked the brackets
        return None
    bad = _HOST_CHAR_RE.search(host)
    if bad is not None:
        # "%5b" in a host is an escaped "[" that no resolver would accept.
        return f"has the character {bad.group()!r} in its host {host!r}"
    name = host[:-1] if host.endswith(".") else host
    if len(name) > _HOST_MAX:
        return f"has a host name longer than {_HOST_MAX} characters"
    if len(name) > _LABEL_MAX or ".." in name or name.startswith("."):
        for label in name.split("."):
            if not label:
                return f"has an empty label in its host {host!r}"
            if len(label) > _LABEL_MAX:
                return f"has a host label longer than {_LABEL_MAX} characters"
    return None


def _written_port(netloc: str) -> str:
    hostport = netloc.rpartition("@")[2]
    if hostport.startswith("["):
        hostport = hostport.partition("]")[2]
    return hostport.rpartition(":")[2] if ":" in hostport else ""


# What `parse_url` answered for each text, inside `remembering()`: a URL or
# the reason it is unusable.
_MEMO: "contextvars.ContextVar[Optional[dict[str, Union[ParsedUrl, str]]]]" = (
    contextvars.ContextVar("llm_roadmap_url_memo", default=None)
)


@contextlib.contextmanager
def remembering() -> Iterator[None]:
    """Within the block, each URL text is taken apart once, whoever asks.

    A load checks every resource's URL and then compares the resources by
    their URLs: without this, each URL was parsed twice. The memory goes with
    the block (a process that loads many times keeps nothing), and a
    context variable keeps loads in other threads apart.
    """
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def parse_url(text: str) -> ParsedUrl:
    """Take ``text`` apart as any absolute or relative URL.

    Raises:
        UrlProblem: ``text`` has whitespace or a control character, an unclosed
            IPv6 bracket, a port that is not a number in 1-65535, or a host name
            that breaks DNS rules (empty or over-long labels).
    """
    if not isinstance(text, str):
        raise UrlProblem(repr(text), f"is not text but {type(text).__name__}")
    memo = _MEMO.get()
    if memo is None:
        return _parse(text)
    known = memo.get(text)
    if known is None:
        try:
            known = memo[text] = _parse(text)
        except UrlProblem as problem:
            memo[text] = problem.reason
            raise
    if isinstance(known, str):
        raise UrlProblem(text, known)
    return known


def _parse(text: str) -> ParsedUrl:
    bad = _control(text)
    if bad:
        raise UrlProblem(text, bad)
    try:
        parts = urlsplit(text)
    except ValueError as error:  # "Invalid IPv6 URL", NFKC netloc characters
        reason = "has an unclosed '['" if "IPv6" in str(error) else f"cannot be parsed ({error})"
        raise UrlProblem(text, reason) from None
    written = _written_port(parts.netloc)
    try:
        port = parts.port
    except ValueError:
        port = None
        written = written or "?"
    # Older Pythons accept "+80" or non-ASCII digits (int() does); a port is ASCII digits.
    if written and not (written.isascii() and written.isdigit() and port):
        raise UrlProblem(text, f"has port {written!r}, not a number in 1-65535")
    host = (parts.hostname or "").lower()
    if host:
        bad = _host_problem(host)
        if bad:
            raise UrlProblem(text, bad)
    return ParsedUrl(
        text=text,
        scheme=parts.scheme.lower(),
        host=host,
        port=port,
        netloc=parts.netloc,
        path=parts.path,
        query=parts.query,
        fragment=parts.fragment,
    )


def parse_http_url(text: str) -> ParsedUrl:
    """Take apart an absolute http(s) URL with a host.

    Raises:
        UrlProblem: as `parse_url`, or the scheme is not http(s), or there is no host.
    """
    parsed = parse_url(text)
    if parsed.scheme not in HTTP_SCHEMES:
        raise UrlProblem(text, "is not http(s)")
    if not parsed.host:
        raise UrlProblem(text, "has no host")
    return parsed


def url_problem(text: str) -> Optional[str]:
    """What makes ``text`` unusable as an http(s) URL (the `UrlProblem` message), or ``None``."""
    try:
        parse_http_url(text)
    except UrlProblem as problem:
        return str(problem)
    return None


def is_http_url(text: str) -> bool:
    """Whether ``text`` is a usable absolute http(s) URL with a host."""
    return url_problem(text) is None


@functools.lru_cache(maxsize=4096)
def safe_split(text: str) -> Optional[SplitResult]:
    """`urllib.parse.urlsplit` that returns ``None`` instead of raising, port checked too.

    For code that only needs to look at a URL's parts (a host, a path) and
    treats an unusable URL as "no match".
    """
    try:
        return parse_url(text).split()
    except UrlProblem:
        return None
