"""What the reader of the Markdown import finds: sections, and the links they hold."""

from typing import Optional

import attrs

__all__ = ["Occurrence", "Section"]


@attrs.define
class Occurrence:
    """One appearance of a resource link in the document.

    Attributes:
        url: The canonical URL.
        title: The title the entry gives it.
        description: The words around it.
        authors: The authors the entry names.
        links: Further links of the entry: ``(url, label)``.
        listed: An entry led by the link (or a table row), not a mention.
        role: ``"optional"`` or ``"alternative"`` when the entry says so, else ``"core"``.
        quality: How good the title is: 3 an entry's own link text, 2 a
            mention's link text, 1 words around a link that only says "link",
            0 made from the URL (needs curation).
        year: A year the entry gives.
        context: Words around the link (its label, entry, column headers) that
            tell its kind ("paper", "书籍").
        unnamed: The entry names it with a label only ("[点击查看答案](url)",
            "该项目的开源地址是：url"): the heading above may name it.
    """

    url: str
    title: str
    description: str
    authors: tuple[str, ...] = ()
    links: list[tuple[str, str]] = attrs.Factory(list)
    listed: bool = False
    role: str = "core"
    quality: int = 2
    year: Optional[int] = None
    context: str = ""
    unnamed: bool = False


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
