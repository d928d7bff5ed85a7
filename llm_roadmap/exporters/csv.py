"""The CSV exporter: one row per placement of a resource in a topic.

The columns are fixed and documented (`COLUMNS`); new columns are only ever
added at the end. The file follows RFC 4180: comma-separated, CRLF line
endings, fields quoted when they hold a comma, quote or line break, quotes
doubled. Text is UTF-8; the ``bom`` option adds a byte-order mark so that
Excel reads it as UTF-8.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return
or a line feed would be taken for a formula by a spreadsheet (CSV injection),
so it is prefixed with ``'`` as OWASP recommends. URLs begin with ``http`` and
are never altered. Machine consumers that want the raw text can turn this off
with ``escape_formulas=false``. Control characters other than tab, CR and LF
(NUL, for one) are left out: they are not text, and some readers reject them.
"""

import csv
import re
from typing import IO, TYPE_CHECKING, Callable

from ..exporter import Exporter, ExportOptions
from ..hookspecs import hookimpl
from ..model import Lang, Resource, Role, Text

if TYPE_CHECKING:
    from ..roadmap import Roadmap

__all__ = ["COLUMNS", "register_exporters"]

COLUMNS = (
    "track_id",
    "track_title",
    "topic_id",
    "topic_title",
    "position",
    "role",
    "group",
    "resource_id",
    "title",
    "kind",
    "url",
    "authors",
    "year",
    "language",
    "level",
    "free",
    "tags",
    "arxiv",
    "doi",
    "isbn",
    "github",
    "description",
    "note",
    "plugin",
    # Fetched by `llm-roadmap sources refresh`; empty when nothing was fetched.
    "github_stars",
    "github_pushed_at",
    "github_archived",
    "github_license",
    "arxiv_version",
    "arxiv_updated",
)
"""The columns of the CSV export, in order (see docs/exporters.md for each one)."""

_FORMULA_START = frozenset("=+-@\t\r\n")
_LIST_SEP = "; "


# NUL and the other control characters (tab, CR and LF aside) are not text:
# some CSV readers reject a file that holds them (Python's before 3.11 does).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _neutral(cell: str) -> str:
    if _CONTROL.search(cell):
        cell = _CONTROL.sub("", cell)
    # OWASP CSV injection: make the spreadsheet read the cell as text.
    return "'" + cell if cell and cell[0] in _FORMULA_START else cell


def _keep(cell: str) -> str:
    return _CONTROL.sub("", cell) if _CONTROL.search(cell) else cell


def _fetched(value: object, cell: Callable[[str], str]) -> str:
    # Fetched values come from the network: never trust them to be plain text.
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return cell(str(value))


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    zh = options.lang is Lang.ZH
    cell = _neutral if options.flag("escape_formulas", True) else _keep
    if options.flag("bom"):
        out.write("\ufeff")
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    resources = {r.id: r for r in roadmap.resources}
    # The resource's own cells are the same in every placement: build them once.
    cells: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def resource_cells(resource: Resource) -> tuple[tuple[str, ...], tuple[str, ...]]:
        found = cells.get(resource.id)
        if found is None:
            ids = resource.identifiers
            head = (
                cell(resource.id),
                cell(resource.title.zh if zh else resource.title.en),
                resource.kind.value,
                cell(resource.url),
                cell(_LIST_SEP.join(resource.authors)),
                "" if resource.year is None else str(resource.year),
                cell(resource.language),
                "" if resource.level is None else resource.level.value,
                "true" if resource.free else "false",
                cell(_LIST_SEP.join(resource.tags)),
                cell(ids.arxiv or ""),
                cell(ids.doi or ""),
                cell(ids.isbn or ""),
                cell(ids.github or ""),
                cell(resource.description.zh if zh else resource.description.en),
            )
            github = resource.fetched.get("github", {})
            arxiv = resource.fetched.get("arxiv", {})
            tail = (
                cell(resource.provenance.plugin) if resource.provenance else "",
                _fetched(github.get("stars"), cell),
                _fetched(github.get("pushed_at"), cell),
                _fetched(github.get("archived"), cell),
                _fetched(github.get("license"), cell),
                _fetched(arxiv.get("version"), cell),
                _fetched(arxiv.get("updated"), cell),
            )
            found = cells[resource.id] = (head, tail)
        return found

    placed: set[str] = set()
    for track in roadmap.tracks:
        track_cells = (cell(track.id), cell(track.title.zh if zh else track.title.en))
        for topic in track.topics:
            topic_cells = (cell(topic.id), cell(topic.title.zh if zh else topic.title.en))
            rows = []
            for position, placement in enumerate(topic.resources, 1):
                resource = resources.get(placement.resource)
                if resource is None:
                    continue
                placed.add(resource.id)
                head, tail = resource_cells(resource)
                note = placement.note
                rows.append(
                    (
                        *track_cells,
                        *topic_cells,
                        str(position),
                        placement.role.value,
                        cell(placement.group or "") if placement.role is Role.ALTERNATIVE else "",
                        *head,
                        "" if note is None else cell(note.zh if zh else note.en),
                        *tail,
                    )
                )
            writer.writerows(rows)
    # Resources no topic uses (possible in a full export) still get a row, with
    # the placement columns empty, so the file lists every resource.
    blank = ("",) * 7
    writer.writerows(
        (*blank, *head, "", *tail)
        for head, tail in (resource_cells(r) for r in roadmap.resources if r.id not in placed)
    )


def _text(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the ``csv`` exporter."""
    register(
        Exporter(
            id="csv",
            title=_text("CSV 表格（每个资源位置一行）", "CSV table (one row per placement)"),
            suffix=".csv",
            media_type="text/csv",
            write=_write,
            params={
                "bom": _text(
                    "写入 UTF-8 BOM，便于 Excel 正确打开",
                    "start with a UTF-8 BOM so Excel opens it correctly",
                ),
                "escape_formulas": _text(
                    "以 ' 开头转义可能被当作公式的单元格（默认 true）",
                    "prefix cells that a spreadsheet would run as formulas with ' (default true)",
                ),
            },
        )
    )
