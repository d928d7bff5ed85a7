r"""Inline Markdown and raw HTML as pieces: runs of text and links, and what an entry's pieces say.

READMEs put their title in ``<h1>``, their models in ``<table>`` and their
banners in ``<p align="center">``. `read_html` turns a block of such HTML
into the parts the reader knows: headings, tables (header and rows of cells)
and lines of text, each as inline `Piece`\\ s, so that an ``<a href>`` in a
``<td>`` is read like a link in a Markdown table cell. The standard library's
HTML parser reads it; scripts, styles and comments are left out.
"""

import bisect
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Optional, Union

import attrs

from .text import squash, strip_separators

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode


_SENTENCE_END_RE = re.compile(r"[。！？]+|[.!?]+(?=\s+[\"“(\[A-Z0-9])")
# A URL written out in running text, which GitHub shows as a link. It ends
# before whitespace, CJK punctuation and brackets; trailing ASCII punctuation
# ("see https://x.org/a.") is not part of it.
_BARE_URL_RE = re.compile(r"https?://[^\s<>\[\]()（）【】「」《》，。；：！？、\"'`]+", re.I)


def _bare_urls(text: str, strong: Optional[int], em: Optional[int]) -> list["Piece"]:
    out: list[Piece] = []
    last = 0
    for match in _BARE_URL_RE.finditer(text):
        url = match.group(0).rstrip(".,;:!?*_~")
        if len(url) < len("http://x.y"):
            continue
        out.append(Piece(text[last : match.start()], strong=strong, em=em))
        out.append(Piece(url, href=url, strong=strong, em=em, bare=True))
        last = match.start() + len(url)
    out.append(Piece(text[last:], strong=strong, em=em))
    return [p for p in out if p.text or p.href]


@attrs.define
class Piece:
    """A run of inline text, or a link (``href`` set) with its visible text.

    Attributes:
        text: The visible text.
        href: The link's target, ``None`` for text.
        image_only: The link holds images and no words (a badge).
        strong: Which bold span it sits in (for lead-ins), ``None`` outside bold.
        em: Which italic span it sits in (authors of a paper entry), ``None`` outside.
        bare: The link is a URL written out (a bare URL or an autolink), not a text.
        html: How many http(s) links inline HTML held here that were not read (in a comment).
        brk: A line break (``<br>`` in a table cell, a hard break): ``text`` is a space.
        url: The canonical URL of a usable link, set when the reader counts it
            (`reader.Reader.resolve`); ``""`` for text and for a skipped link.
    """

    text: str
    href: Optional[str] = None
    image_only: bool = False
    strong: Optional[int] = None
    em: Optional[int] = None
    bare: bool = False
    html: int = 0
    brk: bool = False
    url: str = ""


_HREF_RE = re.compile(r"""href\s*=\s*["']?\s*https?://""", re.I)
_A_HREF_RE = re.compile(r"""^<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def html_links(html: str) -> int:
    """How many http(s) links (``href="http..."``) a piece of HTML holds."""
    return len(_HREF_RE.findall(html))


def pieces(node: "SyntaxTreeNode") -> list[Piece]:
    """Flatten an inline node of markdown-it's syntax tree into text runs and links.

    Inline HTML is read where it says something about links: ``<a href>`` is
    a link like ``[text](href)``, ``<br>`` a line break; other tags are dropped.
    """
    out: list[Piece] = []
    spans = iter(range(1, 1_000_000))
    anchor: Optional[Piece] = None  # an inline <a href> being read: its text goes into it

    def close_anchor() -> None:
        nonlocal anchor
        if anchor is not None:
            out.append(_finished(anchor))
        anchor = None

    def walk(current: "SyntaxTreeNode", strong: Optional[int], em: Optional[int] = None) -> None:
        nonlocal anchor
        for child in current.children:
            kind = child.type
            if kind == "html_inline":
                tag = child.content.strip().lower()
                opening = _A_HREF_RE.match(child.content.strip())
                if opening:
                    close_anchor()
                    href = next(g for g in opening.groups() if g is not None)
                    anchor = Piece("", href=href.strip(), strong=strong, em=em)
                elif tag.startswith("</a"):
                    close_anchor()
                elif re.match(r"^<br\s*/?>$", tag):
                    if anchor is not None:
                        anchor.text += " "
                    else:
                        out.append(Piece(" ", strong=strong, em=em, brk=True))
                elif tag.startswith("<img") and anchor is not None:
                    anchor.image_only = True
                elif tag.startswith("<!--"):
                    out.append(Piece("", html=html_links(child.content)))
                continue
            if anchor is not None:
                if kind in ("text", "code_inline"):
                    anchor.text += child.content
                elif kind in ("softbreak", "hardbreak"):
                    anchor.text += " "
                elif kind == "image":
                    anchor.image_only = True
                elif child.children:
                    walk(child, strong, em)
                continue
            if kind == "text":
                out.extend(_bare_urls(child.content, strong, em))
            elif kind == "code_inline":
                out.append(Piece(child.content, strong=strong, em=em))  # code is never a link
            elif kind in ("softbreak", "hardbreak"):
                out.append(Piece(" ", strong=strong, em=em, brk=kind == "hardbreak"))
            elif kind == "link":
                text, images = _link_text(child)
                href = str(child.attrs.get("href", ""))
                out.append(
                    Piece(
                        text,
                        href=href,
                        image_only=images and not text,
                        strong=strong,
                        em=em,
                        bare=child.markup == "autolink" or written_out(text, href),
                    )
                )
            elif kind == "strong":
                walk(child, strong if strong is not None else next(spans), em)
            elif kind == "em":
                walk(child, strong, em if em is not None else next(spans))
            elif kind == "s":
                walk(child, strong, em)
            elif kind == "image":
                continue  # a picture in running text is not a link
            elif child.children:
                walk(child, strong, em)

    walk(node, None)
    close_anchor()
    return out


def _finished(anchor: Piece) -> Piece:
    # An <a href> read to its end: a picture in it (image_only, set while reading)
    # makes it a badge only when it holds no words.
    anchor.text = squash(anchor.text)
    anchor.image_only = anchor.image_only and not anchor.text
    anchor.bare = written_out(anchor.text, anchor.href or "")
    return anchor


def written_out(text: str, href: str) -> bool:
    """Whether a link's text is its web address (``[https://x.org](https://x.org)``).

    A relative link named by its path (``[LICENSE](LICENSE)``) is named, not written out.
    """
    text = text.strip()
    return text == href.strip() and ("://" in text or text.lower().startswith("www."))


def split_lines(runs: Sequence[Piece]) -> list[list[Piece]]:
    """``runs`` cut at its line breaks (``<br>``), empty lines left out."""
    lines: list[list[Piece]] = [[]]
    for piece in runs:
        if piece.brk:
            lines.append([])
        else:
            lines[-1].append(piece)
    return [line for line in lines if any(p.href is not None or p.text.strip() for p in line)]


def _link_text(link: "SyntaxTreeNode") -> tuple[str, bool]:
    # The visible text of a link, and whether it holds images.
    parts: list[str] = []
    images = False

    def walk(node: "SyntaxTreeNode") -> None:
        nonlocal images
        for child in node.children:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "image":
                images = True
            elif child.children:
                walk(child)

    walk(link)
    return squash("".join(parts)), images


def plain(runs: Sequence[Piece]) -> str:
    """The text of ``runs``, squashed."""
    return squash("".join(p.text for p in runs))


def sentences(runs: Sequence[Piece]) -> tuple[str, dict[int, tuple[int, int, int]]]:
    """The text of ``runs`` and, for each link, ``(sentence start, sentence end, link start)``.

    One pass over the text, however many links it holds, so that a paragraph
    of thousands of links is read in linear time.
    """
    parts: list[str] = []
    starts: dict[int, int] = {}
    length = 0
    for piece in runs:
        if piece.href is not None:
            starts[id(piece)] = length
        parts.append(piece.text)
        length += len(piece.text)
    text = "".join(parts)
    cuts = [0, *(m.end() for m in _SENTENCE_END_RE.finditer(text)), len(text)]
    found: dict[int, tuple[int, int, int]] = {}
    for key, start in starts.items():
        index = bisect.bisect_right(cuts, start) - 1
        index = min(max(index, 0), len(cuts) - 2)
        found[key] = (cuts[index], cuts[index + 1], start)
    return text, found


def concept(runs: Sequence[Piece]) -> Optional[str]:
    """The concept a bullet names: its bold lead-in (``**Term**: ...``).

    Else, when it holds no link, the words before a colon, or all its words.
    """
    first = next((p for p in runs if p.href is not None or p.text.strip()), None)
    if first is not None and first.strong is not None:
        lead = strip_separators(squash("".join(p.text for p in runs if p.strong == first.strong)))
        if lead:
            return lead
    if any(p.href is not None for p in runs):
        return None
    text = plain(runs)
    match = re.match(r"^(?P<head>[^:：]{1,40})[:：]", text)
    if match and match.group("head").strip():
        return match.group("head").strip()
    return text or None


_BLOCKS = {
    "p", "div", "li", "ul", "ol", "section", "article", "center", "blockquote", "details",
    "summary", "dl", "dt", "dd", "figure", "figcaption", "header", "footer", "nav", "pre",
}  # fmt: skip
_SKIPPED = {"script", "style", "template", "noscript"}


@attrs.define
class HtmlHeading:
    """An ``<h1>``...``<h6>``: its level and its text."""

    level: int
    pieces: list[Piece]


@attrs.define
class HtmlTable:
    """A ``<table>``: the header's cells (``[]`` without ``<th>``) and the body's rows of cells."""

    header: list[list[Piece]]
    rows: list[list[list[Piece]]]


HtmlPart = Union[HtmlHeading, HtmlTable, list[Piece]]
"""A part of a block of HTML: a heading, a table, or a line of text outside them
(``<br>`` and block tags end a line)."""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[HtmlPart] = []
        self.line: list[Piece] = []
        self.heading: Optional[HtmlHeading] = None
        self.tables: list[HtmlTable] = []  # nested tables: the innermost last
        self.row: Optional[list[list[Piece]]] = None
        self.cell: Optional[list[Piece]] = None
        self.header_cell = False
        self.anchor: Optional[Piece] = None
        self.strong = 0
        self.spans = 0
        self.span: Optional[int] = None
        self.skipping = 0
        self.comment_links = 0

    # where text goes

    def _sink(self) -> list[Piece]:
        if self.heading is not None:
            return self.heading.pieces
        if self.cell is not None:
            return self.cell
        return self.line

    def _end_line(self) -> None:
        if self.cell is not None:
            self.cell.append(Piece(" ", brk=True))
            return
        if self.heading is None and any(p.href is not None or p.text.strip() for p in self.line):
            self.parts.append(self.line)
        if self.heading is None:
            self.line = []

    def _close_anchor(self) -> None:
        if self.anchor is not None:
            self._sink().append(_finished(self.anchor))
        self.anchor = None

    # the parser's callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
            return
        if self.skipping:
            return
        if tag in ("b", "strong"):
            if not self.strong:
                self.spans += 1
                self.span = self.spans
            self.strong += 1
        elif tag == "a":
            self._close_anchor()
            href = dict(attrs).get("href")
            if href is not None:
                self.anchor = Piece(
                    "", href=href.strip(), strong=self.span if self.strong else None
                )
        elif tag == "img" and self.anchor is not None:
            self.anchor.image_only = True
        elif tag == "br":
            if self.anchor is not None:
                self.anchor.text += " "
            elif self.heading is not None:
                self.heading.pieces.append(Piece(" "))
            else:
                self._end_line()
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self._end_line()
            self.heading = HtmlHeading(level=int(tag[1]), pieces=[])
        elif tag == "table":
            self._end_line()
            self.tables.append(HtmlTable(header=[], rows=[]))
        elif tag == "tr" and self.tables:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.header_cell = tag == "th"
        elif tag in _BLOCKS:
            self._end_line()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, Optional[str]]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag in ("b", "strong"):
            self.strong = max(0, self.strong - 1)
        elif tag == "a":
            self._close_anchor()
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456" and self.heading is not None:
            self._close_anchor()
            self.parts.append(self.heading)
            self.heading = None
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self._close_anchor()
            cell = self.cell
            while cell and cell[-1].brk:
                cell.pop()
            self.row.append(cell)
            self.cell = None
            self.header_cell = self.header_cell and tag == "th"
        elif tag == "tr" and self.row is not None and self.tables:
            table = self.tables[-1]
            if self.header_cell and not table.rows and not table.header:
                table.header = self.row
            elif self.row:
                table.rows.append(self.row)
            self.row, self.header_cell = None, False
        elif tag == "table" and self.tables:
            self.parts.append(self.tables.pop())
        elif tag in _BLOCKS:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.anchor is not None:
            self.anchor.text += data
            return
        text = " ".join(data.split(" ")) if data.strip() else (" " if data else "")
        if text:
            self._sink().append(Piece(text, strong=self.span if self.strong else None))

    def handle_comment(self, data: str) -> None:
        self.comment_links += html_links(data)

    def finish(self) -> None:
        self.close()
        self._close_anchor()
        if self.cell is not None and self.row is not None:
            self.row.append(self.cell)
        if self.row and self.tables:
            self.tables[-1].rows.append(self.row)
        while self.tables:
            self.parts.append(self.tables.pop())
        if self.heading is not None:
            self.parts.append(self.heading)
        self._end_line()


def read_html(html: str) -> tuple[list[HtmlPart], int]:
    """Read a block of HTML into headings, tables and lines of text, in document order.

    Returns:
        The parts, and how many http(s) links sat in comments (not read).
    """
    reader = _Reader()
    reader.feed(html)
    reader.finish()
    return reader.parts, reader.comment_links
