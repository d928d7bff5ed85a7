"""The HTML exporter: the roadmap as one self-contained, interactive page.

One file, everything inline: the graph (laid out here, at export time, see
``_layout``), a panel per topic, both languages, search, progress kept in the
browser's localStorage in the CLI's progress format, and a print stylesheet.
The page loads nothing and sends nothing: its Content-Security-Policy allows
its own script and style by hash and no network at all. The roadmap enters it
as JSON in a ``<script type="application/json">`` element and is rendered as
text with DOM calls, never as markup. See ``docs/html.md``.
"""

from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any, Callable, Optional

from ...errors import ExportError
from ...exporter import Exporter, ExportOptions
from ...hookspecs import hookimpl
from ...model import Text
from ._page import render
from ._payload import payload
from ._words import WORDS

if TYPE_CHECKING:
    from ...roadmap import Roadmap

__all__ = ["page", "register_exporters"]


_EPOCH = "1970-01-01T00:00:00Z"


def _from_statuses(statuses: Any, roadmap: "Roadmap") -> Mapping[str, Any]:
    """Progress entries for `Progress.statuses` (what ``--progress`` passes), in the JSON layout.

    The page merges by time, so it wants the learner's entries with their
    times: when the learner's own file gives these very statuses (the CLI's
    ``--progress`` reads that file), its entries are used as they are.
    Otherwise the statuses become entries dated 1970, which any mark made in
    the browser outdates; a topic gets an entry only where its status is not
    the one its resources give it.
    """
    from ...progress import Progress

    mine = Progress.load()
    theirs = mine.statuses(roadmap)
    same_resources = all(
        theirs.resource(k) is v for k, v in statuses.resources.items() if k in theirs.resources
    )
    same_topics = all(
        theirs.topic(k) is v for k, v in statuses.topics.items() if k in theirs.topics
    )
    if same_resources and same_topics:
        data: Mapping[str, Any] = mine.to_json()
        return data
    synthetic = Progress()
    for resource_id, status in statuses.resources.items():
        if status.value != "pending":
            synthetic.mark(resource_id, status, at=_EPOCH)
    derived = synthetic.statuses(roadmap)
    for topic_id, status in statuses.topics.items():
        if derived.topic(topic_id) is not status:
            synthetic.mark(topic_id, status, topic=True, at=_EPOCH)
    return synthetic.to_json()


def _progress(value: Any, roadmap: "Roadmap") -> Optional[Mapping[str, Any]]:
    """The progress to start from, in the JSON layout: from the ``progress`` option."""
    if value is None or value is False:
        return None
    if hasattr(value, "to_json"):  # a Progress object
        data: Mapping[str, Any] = value.to_json()
        return data
    from ...progress import Progress

    if hasattr(value, "resources") and hasattr(value, "topics"):  # Progress.statuses(roadmap)
        return _from_statuses(value, roadmap)
    if isinstance(value, Mapping):
        return Progress.from_json(value, source="the progress option").to_json()
    text = str(value).strip()
    if value is True or text.lower() in {"1", "true", "yes", "on"}:
        return Progress.load().to_json()
    if text.lower() in {"0", "false", "no", "off", ""}:
        return None
    return Progress.read(text).to_json()


def page(roadmap: "Roadmap", options: ExportOptions) -> str:
    """Return the page of ``roadmap`` as HTML text (what the exporter writes).

    Args:
        roadmap: The roadmap (or subset) to show.
        options: The export's language, and the options ``title`` and ``progress``
            (see the exporter's ``params``).

    Raises:
        ExportError: The progress to start from cannot be read.
    """
    try:
        progress = _progress(options.params.get("progress"), roadmap)
    except ExportError:
        raise
    except Exception as exc:  # a DataError or RoadmapError from reading progress
        raise ExportError(f"option 'progress': {exc}") from exc
    data = payload(roadmap, options.lang, progress)
    title = options.params.get("title")
    if title:
        data["words"]["title"] = str(title)
    return render(data, str(title or WORDS["title"].get(options.lang)))


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    out.write(page(roadmap, options))


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
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
                    zh="从学习进度开始：true 为本机的进度文件，或给出进度 JSON 文件的路径",
                    en="start from progress: true for the learner's progress file, "
                    "or the path of a progress JSON file",
                ),
            },
        )
    )
