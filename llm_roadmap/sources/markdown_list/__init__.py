"""Markdown list import: an awesome-list style document becomes a track.

How a document is read (``docs/sources.md`` has the full rules, with examples):

- The first ``#`` heading, when it comes before any other heading, names the
  track; the first paragraph before the first section is its summary.
- Every other heading opens a section. A section that holds links of its own
  becomes a topic, titled by its heading, summarised by its first paragraph.
  A section without links is folded into the nearest enclosing topic (its
  heading and its plain bullets become concepts there); a heading that only
  groups topics below it (``## Part 2`` over ``### 1. ...``) is left out.
- Every http(s) link in a list item, a table row (Markdown or HTML) or a
  paragraph of a section becomes a resource placed in that section's topic,
  except the further links of an entry (``- [Title](url): ... [video](url2)``),
  which become that resource's ``links``. ``- [Title](url): desc``,
  ``- [Title](url) desc`` and ``* [Title](url) by Author: desc`` give the title,
  the description and the authors; paper-list entries, records of labelled
  fields (``* 名称：`` over ``* 地址：url`` and ``* 简介：...``) and table cells
  that hold a name and its description are read for the item's own name,
  description and authors; a link in running text gets the sentence around it
  as its description.
- A bullet that starts with a bold phrase (``- **Term**: ...``) or holds no link
  gives a concept of its topic.
- The kind is inferred from the URL (arXiv, GitHub, video sites, docs, courses,
  blogs; otherwise an article), arXiv and GitHub identifiers are filled in,
  tracking parameters are dropped, and the same page linked twice is one
  resource placed wherever it appears.
- Relative links resolve against ``base_url`` (the list's own address).
  Links that are not http(s) (anchors, ``mailto:``), relative links without a
  base, links made only of an image (badges), page furniture (a table of
  contents, recognised by its anchors; licence, contributors...) and links
  before the first section are skipped and counted.

Imported text is in one language; it fills both ``zh`` and ``en`` and the
track's note says so.

The package's parts: `reader` walks the parsed document into sections and
counts every link, `inline` flattens inline Markdown and raw HTML into text
runs and links, `shapes` reads what an entry, a table row and a record of
fields say, `text` cleans titles, knows labels and furniture and holds the URL
rules and kinds, and `assembly` joins the appearances of one resource, makes
ids and turns what was read into a track and its resources.
"""

from typing import Any, Callable

from ...hookspecs import hookimpl
from ...model import Text
from .. import ImportResult, Source

__all__ = ["SOURCE", "register_sources"]


def _import_document(text: str, **options: Any) -> ImportResult:
    # The importer (markdown-it, its rules and their regular expressions) is
    # imported when a document is imported, not by every load.
    from .assembly import import_markdown

    return import_markdown(text, **options)


SOURCE = Source(
    id="markdown-list",
    title=Text(zh="Markdown 列表导入", en="Markdown list import"),
    description=Text(
        zh="把 awesome-list 风格的 Markdown 文档（文件或 URL）导入成一条路线："
        "标题成为主题，列表里的链接成为资源。",
        en="Imports an awesome-list style Markdown document (a file or a URL) as a track: "
        "headings become topics, list links become resources.",
    ),
    import_document=_import_document,
)
"""The ``markdown-list`` source: its ``import_document`` is `assembly.import_markdown`."""


@hookimpl
def register_sources(register: Callable[[Source], None]) -> None:
    """Register the ``markdown-list`` source."""
    register(SOURCE)
