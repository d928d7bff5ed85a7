"""Links of the Markdown import: which count, resolved against the list's address, and why not.

`Links` looks at every link the reader meets, once: it resolves relative
links against the base URL, recognises anchors into the page, badges, page
furniture, and counts each link in exactly one of the link counts
(`reader.LINK_COUNTS`), giving the canonical URL of those that are kept.
"""

import re
from collections.abc import Sequence
from typing import Optional
from urllib.parse import urldefrag, urljoin

from ...util.urls import url_problem
from .inline import Piece
from .labels import furniture_reason
from .occurrences import Section
from .urls import canonical_url, is_http

__all__ = ["COUNT_NAMES", "LINK_COUNTS", "Links"]

COUNT_NAMES = (
    "links",
    "topics",
    "resources",
    "placements",
    "duplicates_merged",
    "merged_existing",
    "secondary_links",
    "skipped_non_http",
    "skipped_relative",
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
    "skipped_relative",
    "skipped_images",
    "skipped_outside_sections",
    "skipped_furniture",
    "skipped_html_links",
    "skipped_too_deep",
)
"""The counts every link lands in, exactly one each; they add up to ``links``."""

# A link named like page furniture, in a footer ("See [LICENSE](LICENSE)"): about the page.
_FURNITURE_LINKS = {"licence", "contributors", "citation", "star history", "sponsors"}
_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.I)
_README_RE = re.compile(r"^(?:\./)?readme(?:\.[a-z]{2}(?:[-_][a-z]{2})?)?\.(?:md|markdown)$", re.I)


class Links:
    """Counts every link and gives the URL of those kept.

    Args:
        counts: The import's counts, updated in place.
        notes: The import's notes, added to (a link that looks like a web
            link but cannot be used).
        base_url: The list's own address; relative links resolve against it.

    Attributes:
        base: The base URL without its fragment, or None.
        relative_example: The first relative link skipped for want of a base.
    """

    def __init__(
        self, counts: dict[str, int], notes: list[str], base_url: Optional[str] = None
    ) -> None:
        self.counts = counts
        self.notes = notes
        self.base = urldefrag(base_url.strip())[0] if base_url else None
        self.relative_example = ""

    def resolve(self, runs: Sequence[Piece], section: Section, *, outside: bool) -> dict[int, str]:
        """The canonical URL of each usable link of ``runs`` (read in ``section``), by piece id.

        ``outside``: the section is what comes before the first heading.
        """
        return {
            id(p): url
            for p in runs
            if p.href is not None
            for url in [self.usable(p, section, outside=outside)]
            if url
        }

    def anchor(self, href: str) -> bool:
        """Whether ``href`` leads to a place in this document ("#x", "./#x", "README.md#x")."""
        path, fragment = urldefrag(href)[0], "#" in href
        if href.startswith("#") or (fragment and path.strip() in ("", ".", "./")):
            return True
        if fragment and _README_RE.match(path.strip()):
            return True
        joined = _join(self.base, href)
        return joined is not None and urldefrag(joined)[0] == self.base

    def usable(self, piece: Piece, section: Section, *, outside: bool = False) -> Optional[str]:
        """The canonical URL of a link, or None (counted with its reason) when it is skipped."""
        href = (piece.href or "").strip()
        self.counts["links"] += 1
        if piece.image_only:
            self.counts["skipped_images"] += 1
            return None
        web = is_http(href)
        if not web and href and not _SCHEME_RE.match(href):
            if self.anchor(href):
                self.counts["skipped_non_http"] += 1
                section.anchors += 1
                return None
            if self.base is None:
                self.counts["skipped_relative"] += 1
                self.relative_example = self.relative_example or href
                return None
            # A reference urljoin cannot take apart ("//[bad/") is no web link.
            href = _join(self.base, href) or ""
            web = is_http(href)
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
        if not outside and furniture_reason(piece.text) in _FURNITURE_LINKS:
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
            elif not is_http(piece.href):
                self.counts["skipped_non_http"] += 1
            else:
                self.counts[reason] += 1


def _join(base: Optional[str], href: str) -> Optional[str]:
    """``href`` resolved against ``base``, or ``None`` when there is no base or it cannot be."""
    if base is None:
        return None
    try:
        return urljoin(base, href)
    except ValueError:  # an unclosed "[" in the host, which urlsplit refuses
        return None
