"""The SQLite exporter: the roadmap as a database to query, or to explore with datasette.

Tables for tracks, topics, resources, placements, prerequisites, the path to
each track, concepts, authors, links and identifiers, with primary and
foreign keys (enforced: the export fails rather than write a dangling
reference); every text in both languages, as ``_zh`` and ``_en`` columns, and
a ``title`` (``name``) in the export's language that datasette shows for a
foreign key; FTS5 full-text indexes over titles, summaries, descriptions and
concepts that find Chinese words of any length (``_database``), in the form
datasette's search box uses; and two views, ``learning_path`` and
``resources_by_topic``. The layout is described in docs/exporters.md.

The database is built in a temporary directory and then copied to the output,
so a path is replaced atomically, as with every exporter. With
``-O metadata=FILE`` the datasette metadata (labels, descriptions, facets and
a ``search`` query, in the export's language) is written to ``FILE`` too::

    llm-roadmap export -f sqlite -o roadmap.db -O metadata=metadata.json
    datasette roadmap.db --metadata metadata.json                   # 0.65
    datasette roadmap.db --metadata metadata.json -c metadata.json  # 1.0
"""

import json
import shutil
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable

from ...errors import ExportError
from ...hookspecs import hookimpl
from ...model import Lang, Text
from ...util.output import open_output, same_file
from .. import Exporter, ExportOptions

if TYPE_CHECKING:
    from ...roadmap import Roadmap

__all__ = ["datasette_metadata", "register_exporters"]


def datasette_metadata(lang: Lang, database: str = "roadmap") -> dict[str, object]:
    """The datasette metadata of an export in ``lang``: labels, descriptions, facets, search.

    What ``-O metadata=FILE`` writes; ``database`` is the database's name in
    datasette (the file name without its suffix).
    """
    from ._database import metadata_document

    return metadata_document(lang, database)


def _write(roadmap: "Roadmap", out: IO[bytes], options: ExportOptions) -> None:
    metadata = options.params.get("metadata")
    if metadata and options.output is not None and same_file(str(metadata), options.output):
        # One of the two would silently replace the other.
        raise ExportError(
            f"the metadata file {metadata} is the database file itself: give it another name"
        )
    # The schema, the rows and the search terms are imported by an export, not by every load.
    from ._database import build

    with tempfile.TemporaryDirectory(prefix="llm-roadmap-sqlite-") as tmp:
        path = Path(tmp) / "roadmap.db"
        build(roadmap, path, options.lang)
        with path.open("rb") as db:
            shutil.copyfileobj(db, out)
    if metadata:
        database = str(options.params.get("database") or "roadmap")
        document = datasette_metadata(options.lang, database)
        with open_output(str(metadata)) as handle:
            handle.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


@hookimpl
def register_exporters(register: Callable[[Exporter["Roadmap"]], None]) -> None:
    """Register the ``sqlite`` exporter."""
    register(
        Exporter(
            id="sqlite",
            title=Text(
                zh="SQLite 数据库（可用 datasette 浏览）", en="SQLite database (for datasette)"
            ),
            suffix=".db",
            media_type="application/vnd.sqlite3",
            write=_write,
            binary=True,
            params={
                "metadata": Text(
                    zh="同时把 datasette 的元数据（标签、说明、搜索）写入此文件",
                    en="also write datasette metadata (labels, descriptions, search) to this file",
                ),
                "database": Text(
                    zh="元数据中数据库的名称：数据库文件名去掉后缀（默认 roadmap）",
                    en="the database name in the metadata: the db file name without suffix "
                    "(default roadmap)",
                ),
            },
        )
    )
