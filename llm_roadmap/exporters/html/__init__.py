"""The HTML exporter: the roadmap as one self-contained, interactive page.

One file, everything inline: the graph (laid out here, at export time, see
``_layout``), a panel per topic, both languages, search, progress kept in the
browser's localStorage in the CLI's progress format, and a print stylesheet.
The page loads nothing and sends nothing: its Content-Security-Policy allows
its own script and style by hash and no network at all. The roadmap enters it
as JSON in a ``<script type="application/json">`` element and is rendered as
text with DOM calls, never as markup. See ``docs/html.md``.
"""

from typing import IO, TYPE_CHECKING, Callable

from ...errors import ExportError
from ...hookspecs import hookimpl
from ...model import Text
from .. import Exporter, ExportOptions, export_statuses

if TYPE_CHECKING:
    from ...roadmap import Roadmap

__all__ = ["page", "register_exporters"]


def page(roadmap: "Roadmap", options: ExportOptions) -> str:
    """Return the page of ``roadmap`` as HTML text (what the exporter writes).

    Args:
        roadmap: The roadmap (or subset) to show.
        options: The export's language, and the options ``title`` and
            ``progress`` (`Progress.statuses`: the page starts from the
            learner's entries, with their times, and merges its own by time).

    Raises:
        ExportError: The ``progress`` option is not what `Progress.statuses` returns.
    """
    statuses = export_statuses(options)
    progress = None
    if statuses is not None:
        if statuses.entries is None:
            raise ExportError(
                "the html exporter starts from the learner's entries: pass "
                "Progress.statuses(roadmap) as the 'progress' option"
            )
        progress = statuses.entries
    # The page's parts (the layout above all) are imported by an export, not by every load.
    from ._page import WORDS, payload, render

    data = payload(roadmap, options.lang, progress)
    title = options.params.get("title")
    if title:
        data["words"]["title"] = str(title)
    return render(data, str(title or WORDS["title"].get(options.lang)))


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    out.write(page(roadmap, options))


@hookimpl
def register_exporters(register: Callable[[Exporter["Roadmap"]], None]) -> None:
    """Register the ``html`` exporter."""
    register(
        Exporter(
            id="html",
            title=Text(
                zh="HTML 交互式网页（离线单文件）", en="HTML page (interactive, one offline file)"
            ),
            suffix=".html",
            media_type="text/html",
            write=_write,
            params={
                "title": Text(zh="网页标题", en="the page's title"),
                "progress": Text(
                    zh="从学习进度开始（Progress.statuses；命令行用 --progress）",
                    en="start from progress (Progress.statuses; on the command line: --progress)",
                ),
            },
        )
    )
