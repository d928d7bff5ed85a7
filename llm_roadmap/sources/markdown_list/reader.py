"""The reader of the Markdown import: walks the parsed document into sections, links and counts.

Every link the document holds is counted once, in one of `LINK_COUNTS`: kept
(a new resource, a repeat merged into one, an existing resource placed, a
secondary link) or skipped with its reason.
"""

import re
from collections.abc import Iterable, Sequence
from typing import Any, Optional

from ...util.urls import url_problem
from .inline import Piece, concept, html_links, lead_in, pieces, plain
from .labels import furniture_reason, is_language_switcher
from .occurrences import Section
from .shapes import labelled_entry, list_entry, mentions, table_row
from .text import clean_title
from .urls import canonical_url, is_http

__all__ = ["COUNT_NAMES", "LINK_COUNTS", "MAX_NESTING", "Reader", "parse"]

COUNT_NAMES = (
    "links",
    "topics",
    "resources",
    "placements",
    "duplicates_merged",
    "merged_existing",
    "secondary_links",
    "skipped_non_http",
    "skipped_images",
    "skipped_outside_sections",
    "skipped_furniture",
    "skipped_html_links",
    "skipped_too_deep",
    "html_blocks",
    "sections_folded",
    "sections_dropped",
    "sections_furniture",
    "needs_curation",
)
"""The counts an import reports, in the order they are printed."""

LINK_COUNTS = (
    "resources",
    "duplicates_merged",
    "merged_existing",
    "secondary_links",
    "skipped_non_http",
    "skipped_images",
    "skipped_outside_sections",
    "skipped_furniture",
    "skipped_html_links",
    "skipped_too_deep",
)
"""The counts every link lands in, exactly one each; they add up to ``links``."""

MAX_NESTING = 60
"""How deep blocks may nest (a list in a list in a quote...) before the parser stops reading.

What lies deeper is not read; its links are counted in ``skipped_too_deep``
and a note names the lines.
"""

_LINK_IN_TEXT_RE = re.compile(r"\]\(\s*<?https?://|(?<![(<\"'=])https?://", re.I)


def parse(text: str) -> Any:
    """Parse ``text`` with markdown-it-py (CommonMark, tables, strikethrough) into a syntax tree."""
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    parser.enable(["table", "strikethrough"])
    return SyntaxTreeNode(parser.parse(text))


class Reader:
    """Walks the parsed document and collects sections, links and counts.

    Args:
        keep_headings: Headings to import even though they look like page
            furniture (``"License"``, ``"致谢"``).
    """

    def __init__(self, keep_headings: Iterable[str] = ()) -> None:
        self.title: Optional[str] = None
        self.prelude = Section(level=0, title="")
        self.sections: list[Section] = []
        self.current = self.prelude
        self.counts = dict.fromkeys(COUNT_NAMES, 0)
        self.notes: list[str] = []
        self.keep = tuple(keep_headings)
        self._seen_heading = False
        self._quoted = 0
        self._read_lines: set[int] = set()

    # blocks

    def read(self, root: Any, text: str = "") -> None:
        """Read a whole document (the root of `parse`'s tree; ``text`` its source, for checks)."""
        self.blocks(root.children)
        if text:
            self._unread(text)

    def _unread(self, text: str) -> None:
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

    def _mark(self, node: Any) -> None:
        if node.map:
            self._read_lines.update(range(node.map[0], node.map[1]))

    def blocks(self, nodes: Iterable[Any]) -> None:
        """Read a run of blocks."""
        for node in nodes:
            kind = node.type
            if kind not in ("bullet_list", "ordered_list", "blockquote"):
                self._mark(node)  # leaf blocks only: a list's range covers what it failed to read
            if kind == "heading":
                self.heading(node)
            elif kind == "paragraph":
                self.paragraph(node)
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
            elif kind == "html_block":
                self.counts["html_blocks"] += 1
                self._html(html_links(node.content))

    def _html(self, count: int) -> None:
        self.counts["skipped_html_links"] += count
        self.counts["links"] += count

    def _runs(self, node: Any) -> list[Piece]:
        runs = pieces(node.children[0]) if node.children else []
        self._html(sum(p.html for p in runs))
        return runs

    def heading(self, node: Any) -> None:
        """A heading: the track's title, or a new section (page furniture is marked)."""
        level = int(node.tag[1:])
        runs = self._runs(node)
        text = clean_title(plain(runs)).rstrip(":：").strip()
        if level == 1 and not self._seen_heading:
            self._seen_heading = True
            self.title = text or None
            return
        self._seen_heading = True
        parent: Optional[Section] = self.current if self.current is not self.prelude else None
        while parent is not None and parent.level >= level:
            parent = parent.parent
        reason = parent.furniture if parent is not None else ""
        section = Section(
            level=level,
            title=text,
            parent=parent,
            furniture=reason or furniture_reason(text, self.keep),
        )
        self.sections.append(section)
        self.current = section
        self.current.occurrences.extend(mentions(runs, self.resolve(runs)))

    def paragraph(self, node: Any) -> None:
        """A paragraph: the section's summary if it has none yet; its links are mentions."""
        runs = self._runs(node)
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
        self.current.occurrences.extend(mentions(runs, self.resolve(runs)))

    def item(self, node: Any, *, top: bool) -> None:
        """A list item, then the items nested in it."""
        runs: list[Piece] = []
        nested: list[object] = []
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
        if runs:
            self.entry(runs, top=top)
        for child in nested:
            self.item(child, top=False)

    def entry(self, runs: list[Piece], *, top: bool) -> None:
        """What one list item says: an entry led by a link, a labelled entry, or mentions."""
        urls = self.resolve(runs)
        if top:
            named = concept(runs, lead_in(runs))
            links_only_labels = labelled_entry(runs, urls) if named else None
            if named and not (links_only_labels and any(urls.values())):
                self.current.concepts.append(named)
        first = next((p for p in runs if p.href is not None or p.text.strip()), None)
        if first is not None and first.href is not None and id(first) in urls:
            found, secondary = list_entry(runs, first, urls)
        elif first is not None and first.href is not None:
            found, secondary = mentions(runs[runs.index(first) + 1 :], urls), 0
        else:
            labelled = labelled_entry(runs, urls)
            found, secondary = labelled if labelled else (mentions(runs, urls), 0)
        self.counts["secondary_links"] += secondary
        self.current.secondary_links += secondary
        self.current.occurrences.extend(found)

    def table(self, node: Any) -> None:
        """A table: each body row is an entry, read with the header's names."""
        header: list[str] = []
        for part in node.children:
            if part.type == "thead":
                for row in part.children:
                    cells = [self._runs(cell) for cell in row.children]
                    self.skip_all([p for cell in cells for p in cell], "skipped_furniture")
                    header = [clean_title(plain(cell)) for cell in cells]
            if part.type != "tbody":
                continue
            for row in part.children:
                cells = [self._runs(cell) for cell in row.children]
                urls = self.resolve([p for cell in cells for p in cell])
                found, secondary = table_row(header, cells, urls)
                self.counts["secondary_links"] += secondary
                self.current.secondary_links += secondary
                self.current.occurrences.extend(found)

    # links

    def resolve(self, runs: Sequence[Piece]) -> dict[int, str]:
        """The canonical URL of each usable link of ``runs``; every link is counted once."""
        return {id(p): url for p in runs if p.href is not None for url in [self.usable(p)] if url}

    def usable(self, piece: Piece) -> Optional[str]:
        """The canonical URL of a link, or None (counted) when it is skipped."""
        href = (piece.href or "").strip()
        self.counts["links"] += 1
        if piece.image_only:
            self.counts["skipped_images"] += 1
            return None
        if not is_http(href):
            self.counts["skipped_non_http"] += 1
            if href.lower().startswith(("http://", "https://")):
                # Looks like a web link but cannot be used (a port out of range...): say which.
                self.notes.append(f"link skipped: {url_problem(href)}")
            return None
        if self.current.furniture:
            self.counts["skipped_furniture"] += 1
            self.current.furniture_links += 1
            return None
        self.current.usable_links += 1
        return canonical_url(href)

    def skip_all(self, runs: Sequence[Piece], reason: str) -> None:
        """Count every link of ``runs`` as skipped for ``reason`` (images and non-http as such)."""
        for piece in runs:
            if piece.href is None:
                continue
            self.counts["links"] += 1
            if piece.image_only:
                self.counts["skipped_images"] += 1
            elif not is_http(piece.href):
                self.counts["skipped_non_http"] += 1
            else:
                self.counts[reason] += 1
