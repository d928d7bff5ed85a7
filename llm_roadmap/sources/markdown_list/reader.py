"""The reader of the Markdown import: walks the parsed document into sections, links and counts.

Every link the document holds is counted once, in one of `LINK_COUNTS`: kept
(a new resource, a repeat merged into one, an existing resource placed, a
secondary link) or skipped with its reason: relative links are resolved
against the base URL, anchors into the page, badges and page furniture
recognised, and the kept ones given their canonical URL.
"""

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Optional
from urllib.parse import urldefrag, urljoin

import attrs

from ...util.urls import is_http_url, url_problem
from .inline import (
    HtmlHeading,
    HtmlTable,
    Piece,
    concept,
    pieces,
    plain,
    read_html,
    split_lines,
)
from .shapes import (
    Occurrence,
    add_link,
    field_entry,
    field_of,
    is_field_group,
    labelled_entry,
    list_entry,
    mentions,
    table_row,
)
from .text import (
    NAME_MAX,
    canonical_url,
    clean_title,
    furniture_reason,
    is_language_switcher,
    strip_separators,
)

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode


COUNT_NAMES = (
    "links", "topics", "resources", "placements", "duplicates_merged", "merged_existing",
    "secondary_links", "skipped_non_http", "skipped_relative", "skipped_images",
    "skipped_outside_sections", "skipped_furniture", "skipped_html_links", "skipped_too_deep",
    "html_blocks", "sections_folded", "sections_dropped", "sections_furniture", "needs_curation",
)  # fmt: skip
"""The counts an import reports, in the order they are printed."""

LINK_COUNTS = (
    "resources", "duplicates_merged", "merged_existing", "secondary_links", "skipped_non_http",
    "skipped_relative", "skipped_images", "skipped_outside_sections", "skipped_furniture",
    "skipped_html_links", "skipped_too_deep",
)  # fmt: skip
"""The counts every link lands in, exactly one each; they add up to ``links``."""

# A link named like page furniture, in a footer ("See [LICENSE](LICENSE)"): about the page.
_FURNITURE_LINKS = {"licence", "contributors", "citation", "star history", "sponsors"}
_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
_README_RE = re.compile(r"^(?:\./)?readme(?:\.[a-z]{2}(?:[-_][a-z]{2})?)?\.(?:md|markdown)$", re.I)


@attrs.define(eq=False)
class Section:
    """A heading and what it holds until the next heading of its level or above.

    Attributes:
        level: The heading's level (0 for what comes before the first heading).
        title: The heading's text.
        parent: The enclosing section.
        summary: Its first paragraph.
        concepts: Concepts its bullets name.
        occurrences: The links it holds.
        usable_links: The http links it holds, secondary ones included.
        secondary_links: How many of those are further links of an entry.
        furniture: Which sort of page furniture it is ("licence"...), ``""`` if none.
        furniture_links: The http links skipped because it is furniture.
        anchors: Its links to places in the document itself (``#...``): a
            section made of them is a table of contents.
        contents_name: Its heading names a table of contents ("目录", "Contents").
    """

    level: int
    title: str
    parent: Optional["Section"] = None
    summary: str = ""
    concepts: list[str] = attrs.Factory(list)
    occurrences: list[Occurrence] = attrs.Factory(list)
    usable_links: int = 0
    secondary_links: int = 0
    furniture: str = ""
    furniture_links: int = 0
    anchors: int = 0
    contents_name: bool = False

    def ancestors(self) -> Iterator["Section"]:
        """The sections it sits in, the nearest first."""
        parent = self.parent
        while parent is not None:
            yield parent
            parent = parent.parent


def _join(base: Optional[str], href: str) -> Optional[str]:
    if base is None:
        return None
    try:
        return urljoin(base, href)
    except ValueError:  # an unclosed "[" in the host, which urlsplit refuses
        return None


MAX_NESTING = 60
"""How deep blocks may nest (a list in a list in a quote...) before the parser stops reading.

What lies deeper is not read; its links are counted in ``skipped_too_deep``
and a note names the lines.
"""

_LINK_IN_TEXT_RE = re.compile(r"\]\(\s*<?https?://|(?<![(<\"'=])https?://", re.I)


class Reader:
    """Walks the parsed document and collects sections, links and counts.

    Args:
        keep_headings: Headings to import even though they look like page
            furniture (``"License"``, ``"致谢"``).
        base_url: The document's own address: relative links
            (``[Project](sub/folder/)``) are resolved against it. Without
            it they are skipped and counted in ``skipped_relative``.
    """

    def __init__(self, keep_headings: Iterable[str] = (), base_url: Optional[str] = None) -> None:
        self.title: Optional[str] = None
        self.prelude = Section(level=0, title="")
        self.sections: list[Section] = []
        self.current = self.prelude
        self.counts = dict.fromkeys(COUNT_NAMES, 0)
        self.notes: list[str] = []
        self.keep = tuple(keep_headings)
        self.base = urldefrag(base_url.strip())[0] if base_url else None
        self.relative_example = ""  # the first relative link skipped for want of a base
        self._seen_heading = False
        self._quoted = 0
        self._read_lines: set[int] = set()
        self._html: list[str] = []  # an HTML table spread over blocks, until it closes
        self._previous_text = ""  # the paragraph before, for a URL on a line of its own

    # blocks

    def read(self, text: str) -> None:
        """Read a whole document (CommonMark with tables and strikethrough, by markdown-it-py)."""
        from markdown_it import MarkdownIt
        from markdown_it.tree import SyntaxTreeNode

        parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
        parser.enable(["table", "strikethrough"])
        self.blocks(SyntaxTreeNode(parser.parse(text)).children)
        self._flush_html()
        # The parser stops at MAX_NESTING and drops what is deeper, silently:
        # find the lines no block covered and count the links they hold.
        lines = text.splitlines()
        missed = [n for n, line in enumerate(lines) if line.strip() and n not in self._read_lines]
        links = sum(len(_LINK_IN_TEXT_RE.findall(lines[n])) for n in missed)
        if links:
            self.counts["skipped_too_deep"] += links
            self.counts["links"] += links
            self.notes.append(
                f"lines {missed[0] + 1}-{missed[-1] + 1} nest deeper than {MAX_NESTING} levels "
                f"and were not read ({links} link(s))"
            )

    def _mark(self, node: "SyntaxTreeNode") -> None:
        if node.map:
            self._read_lines.update(range(node.map[0], node.map[1]))

    def blocks(self, nodes: Iterable["SyntaxTreeNode"]) -> None:
        """Read a run of blocks."""
        for node in nodes:
            kind = node.type
            if kind not in ("bullet_list", "ordered_list", "blockquote"):
                self._mark(node)  # leaf blocks only: a list's range covers what it failed to read
            if kind == "html_block":
                self.counts["html_blocks"] += 1
                self.html(node.content)
                continue
            self._flush_html()
            if kind == "heading":
                self.open_heading(int(node.tag[1:]), self._runs(node))
            elif kind == "paragraph":
                self.text(self._runs(node))
            elif kind in ("bullet_list", "ordered_list"):
                for item in node.children:
                    self.item(item, top=True)
            elif kind == "table":
                self.table(node)
            elif kind == "blockquote":
                # A quote is an aside (a "> [!NOTE]"), never a summary; its links still count.
                self._quoted += 1
                self.blocks(node.children)
                self._quoted -= 1

    # raw HTML

    def html(self, content: str) -> None:
        """A block of raw HTML: kept until a table it opens is closed, then read."""
        self._html.append(content)
        html = "".join(self._html).lower()
        if html.count("<table") <= html.count("</table"):  # no table left open
            self._flush_html()

    def _flush_html(self) -> None:
        if not self._html:
            return
        parts, hidden = read_html("".join(self._html))
        self._html = []
        self._skipped_html(hidden)
        for part in parts:
            if isinstance(part, HtmlHeading):
                self.open_heading(part.level, part.pieces)
            elif isinstance(part, HtmlTable):
                self.html_table(part)
            else:
                for line in split_lines(part):
                    self.text(_unbulleted(line))

    def html_table(self, table: HtmlTable) -> None:
        """An HTML table: with a header, rows like a Markdown table's; else each line an entry."""
        if table.header:
            header = self._header(table.header)
            for cells in table.rows:
                self.row(header, cells)
            return
        for cells in table.rows:
            for cell in cells:
                for line in split_lines(cell):
                    self.entry(_unbulleted(line), top=False)

    def _skipped_html(self, count: int) -> None:
        self.counts["skipped_html_links"] += count
        self.counts["links"] += count

    def _runs(self, node: "SyntaxTreeNode") -> list[Piece]:
        runs = pieces(node.children[0]) if node.children else []
        self._skipped_html(sum(p.html for p in runs))
        return runs

    # headings and text

    def open_heading(self, level: int, runs: list[Piece]) -> None:
        """A heading: the track's title, or a new section (page furniture is marked).

        A contents heading ("目录", "Contents") is decided by what it holds
        (see `Section.anchors`), and the sections below it are never contents
        because of it: a contents section is its list of anchors, not all
        that follows its heading.
        """
        text = clean_title(plain(runs)).rstrip(":：").strip()
        if level == 1 and not self._seen_heading:
            self._seen_heading = True
            self.title = text or None
            return
        self._seen_heading = True
        parent: Optional[Section] = self.current if self.current is not self.prelude else None
        while parent is not None and parent.level >= level:
            parent = parent.parent
        inherited = parent.furniture if parent is not None else ""
        reason = inherited or furniture_reason(text, self.keep)
        section = Section(
            level=level,
            title=text,
            parent=parent,
            furniture="" if reason == "contents" else reason,
            contents_name=reason == "contents",
        )
        self.sections.append(section)
        self.current = section
        self._previous_text = ""
        self.resolve(runs)
        found, secondary = mentions(runs)
        self._found(found, secondary)

    def _found(self, found: Sequence[Occurrence], secondary: int) -> None:
        self.counts["secondary_links"] += secondary
        self.current.secondary_links += secondary
        self.current.occurrences.extend(found)

    def text(self, runs: list[Piece]) -> None:
        """A paragraph or HTML line: the summary if the section has none yet; links are mentions."""
        text = plain(runs)
        if is_language_switcher(text):
            self.skip_all(runs, "skipped_furniture")
            return
        if (
            text
            and not self._quoted
            and not self.current.summary
            and not text.endswith((":", "："))
        ):
            self.current.summary = text
        self.resolve(runs)
        found, secondary = mentions(runs)
        words = plain([p for p in runs if p.href is None])
        if len(found) == 1 and not words and found[0].quality == 0:
            # A URL on a line of its own under the paragraph that presents it
            # ("alpaca-lora是……的模型。" then "https://github.com/tloen/alpaca-lora").
            found[0].description = self._previous_text or found[0].description
            found[0].unnamed = True
        self._found(found, secondary)
        self._previous_text = "" if found else text

    def item(self, node: "SyntaxTreeNode", *, top: bool) -> None:
        """A list item, then the items nested in it (a record of labelled fields, if they are)."""
        runs: list[Piece] = []
        nested: list[SyntaxTreeNode] = []
        for child in node.children:
            if child.type == "paragraph" and child.children:
                self._mark(child)
                if runs:
                    runs.append(Piece(" "))
                runs.extend(self._runs(child))
            elif child.type in ("bullet_list", "ordered_list"):
                nested.extend(child.children)
            else:
                self.blocks([child])
        if nested and runs and self.record(runs, nested, top=top):
            return
        if runs:
            self.entry(runs, top=top)
        for child in nested:
            self.item(child, top=False)

    def record(self, runs: list[Piece], nested: list["SyntaxTreeNode"], *, top: bool) -> bool:
        """An item named by its words whose children are labelled fields (see `shapes.Field`).

        Returns whether the item was read as one; if not, nothing was read.
        """
        heads = [_first_paragraph(child) for child in nested]
        fields = [
            field_of(pieces(p.children[0])) if p is not None and p.children else None for p in heads
        ]
        if not is_field_group(fields):
            return False
        parent_link = any(p.href is not None and not p.image_only for p in runs)
        name = strip_separators(clean_title(plain([p for p in runs if p.href is None])))
        named_field = any(f is not None and f.role == "name" for f in fields)
        if not parent_link and len(name) > NAME_MAX and not named_field:
            return False
        if parent_link:
            before = len(self.current.occurrences)
            self.entry(runs, top=top)
            own = self.current.occurrences[before:]
        else:
            own = []
        # Read the fields for real now (their links counted once), then the rest.
        taken = []
        for child, head, field in zip(nested, heads, fields):
            if field is None or head is None:
                continue
            self._mark(head)
            value_runs = self._runs(head)
            taken.append((child, head, field_of(value_runs)))
        chosen = [f for _, _, f in taken if f is not None]
        self.resolve([p for f in chosen for p in f.value])
        if parent_link and not named_field and own:
            # A note about the item, its fields' links are the note's further links.
            for field in chosen:
                for piece in field.value:
                    if piece.url:
                        self._found([], 1)
                        add_link(own[0], piece.url, field.label)
        else:
            if not own:  # the parent's link, if any, was not usable: its words still name the item
                name = strip_separators(clean_title(plain(runs)))
            occurrence, secondary = field_entry(name, chosen)
            self._found([occurrence] if occurrence is not None else [], secondary)
        for child, head, _ in taken:
            for grandchild in child.children:
                if grandchild is head:
                    continue
                if grandchild.type in ("bullet_list", "ordered_list"):
                    for item in grandchild.children:
                        self.item(item, top=False)
                else:
                    self.blocks([grandchild])
        taken_children = {id(child) for child, _, _ in taken}
        for child in nested:
            if id(child) not in taken_children:
                self.item(child, top=False)
        return True

    def entry(self, runs: list[Piece], *, top: bool) -> None:
        """What one list item says: an entry led by a link, a labelled entry, or mentions."""
        self.resolve(runs)
        if top:
            named = concept(runs)
            links_only_labels = labelled_entry(runs) if named else None
            if named and not (links_only_labels and any(p.url for p in runs)):
                self.current.concepts.append(named)
        first = next((p for p in runs if p.href is not None or p.text.strip()), None)
        if first is not None and first.href is not None and first.url:
            found, secondary = list_entry(runs, first)
        elif first is not None and first.href is not None:
            found, secondary = mentions(runs[runs.index(first) + 1 :])
        else:
            labelled = labelled_entry(runs)
            found, secondary = labelled if labelled else mentions(runs)
        self._found(found, secondary)

    def table(self, node: "SyntaxTreeNode") -> None:
        """A table: each body row is an entry, read with the header's names."""
        header: list[str] = []
        for part in node.children:
            if part.type == "thead":
                for row in part.children:
                    header = self._header([self._runs(cell) for cell in row.children])
            if part.type != "tbody":
                continue
            for row in part.children:
                self.row(header, [self._runs(cell) for cell in row.children])

    def _header(self, cells: Sequence[list[Piece]]) -> list[str]:
        # A header row names the columns; its links are no entries.
        self.skip_all([p for cell in cells for p in cell], "skipped_furniture")
        return [clean_title(plain(cell)) for cell in cells]

    def row(self, header: Sequence[str], cells: Sequence[list[Piece]]) -> None:
        """One table row, Markdown or HTML."""
        self.resolve([p for cell in cells for p in cell])
        self._found(*table_row(header, cells))

    # links

    def resolve(self, runs: Sequence[Piece]) -> None:
        """Give each usable link of ``runs`` its canonical URL (`Piece.url`); count every link."""
        for piece in runs:
            if piece.href is not None:
                piece.url = self._usable(piece) or ""

    def _anchor(self, href: str) -> bool:
        # A place in this document: "#x", "./#x", "README.md#x", or the base URL itself.
        path, fragment = urldefrag(href)[0], "#" in href
        if href.startswith("#") or (fragment and path.strip() in ("", ".", "./")):
            return True
        if fragment and _README_RE.match(path.strip()):
            return True
        joined = _join(self.base, href)
        return joined is not None and urldefrag(joined)[0] == self.base

    def _usable(self, piece: Piece) -> Optional[str]:
        # The canonical URL of a link, or None (counted with its reason) when it is skipped.
        section = self.current
        href = (piece.href or "").strip()
        self.counts["links"] += 1
        if piece.image_only:
            self.counts["skipped_images"] += 1
            return None
        web = is_http_url(href)
        if not web and href and not _SCHEME_RE.match(href):
            if self._anchor(href):
                self.counts["skipped_non_http"] += 1
                section.anchors += 1
                return None
            if self.base is None:
                self.counts["skipped_relative"] += 1
                self.relative_example = self.relative_example or href
                return None
            # A reference urljoin cannot take apart ("//[bad/") is no web link.
            href = _join(self.base, href) or ""
            web = is_http_url(href)
        if not web:
            self.counts["skipped_non_http"] += 1
            if href.lower().startswith(("http://", "https://")):
                # Looks like a web link but cannot be used (a port out of range...): say which.
                self.notes.append(f"link skipped: {url_problem(href)}")
            return None
        if section.furniture:
            self.counts["skipped_furniture"] += 1
            section.furniture_links += 1
            return None
        if section is not self.prelude and furniture_reason(piece.text) in _FURNITURE_LINKS:
            self.counts["skipped_furniture"] += 1
            return None
        section.usable_links += 1
        return canonical_url(href)

    def skip_all(self, runs: Sequence[Piece], reason: str) -> None:
        """Count every link of ``runs`` as skipped for ``reason`` (images and non-http as such)."""
        for piece in runs:
            if piece.href is None:
                continue
            self.counts["links"] += 1
            if piece.image_only:
                self.counts["skipped_images"] += 1
            elif not is_http_url(piece.href.strip()):
                self.counts["skipped_non_http"] += 1
            else:
                self.counts[reason] += 1


def _unbulleted(line: list[Piece]) -> list[Piece]:
    # "• <a href>Qwen3</a><br>" in HTML is a list item written by hand: the bullet is no word.
    first = next((i for i, p in enumerate(line) if p.href is not None or p.text.strip()), None)
    if first is None or line[first].href is not None:
        return line
    text = line[first].text.lstrip().lstrip("•·◦▪‣●-*").lstrip()
    return [*line[:first], attrs.evolve(line[first], text=text), *line[first + 1 :]]


def _first_paragraph(item: "SyntaxTreeNode") -> Optional["SyntaxTreeNode"]:
    return next((c for c in item.children if c.type == "paragraph"), None)
