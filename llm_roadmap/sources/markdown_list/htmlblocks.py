r"""Raw HTML in a Markdown list: headings, tables and lines of links, read like their Markdown.

READMEs put their title in ``<h1>``, their models in ``<table>`` and their
banners in ``<p align="center">``. `read_html` turns a block of such HTML
into the parts the reader knows: headings, tables (header and rows of cells)
and lines of text, each as inline `Piece`\\ s, so that an ``<a href>`` in a
``<td>`` is read like a link in a Markdown table cell. The standard library's
HTML parser reads it; scripts, styles and comments are left out.
"""

from html.parser import HTMLParser
from typing import Optional, Union

import attrs

from .inline import Piece, html_links, written_out
from .text import squash

__all__ = ["HtmlHeading", "HtmlTable", "HtmlText", "read_html", "table_balance"]

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


@attrs.define
class HtmlText:
    """A line of text outside tables and headings (``<br>`` and block tags end a line)."""

    pieces: list[Piece]


HtmlPart = Union[HtmlHeading, HtmlTable, HtmlText]


def table_balance(html: str) -> int:
    """How many ``<table>`` tags ``html`` opens and does not close."""
    lower = html.lower()
    return lower.count("<table") - lower.count("</table")


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
        self.anchor_images = False
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
            self.parts.append(HtmlText(self.line))
        if self.heading is None:
            self.line = []

    def _close_anchor(self) -> None:
        if self.anchor is None:
            return
        anchor = self.anchor
        anchor.text = squash(anchor.text)
        anchor.image_only = self.anchor_images and not anchor.text
        anchor.bare = written_out(anchor.text, anchor.href or "")
        self._sink().append(anchor)
        self.anchor, self.anchor_images = None, False

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
            self.anchor_images = True
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
