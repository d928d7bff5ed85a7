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
import enum
import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Callable, Optional, Union

from ..hookspecs import hookimpl
from ..model import Kind, Lang, Level, Resource, Role, Text
from . import Exporter, ExportOptions, export_statuses

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
    "publisher",
    # The placement's study time: empty when unknown (and on a resource no topic uses).
    "hours",
    "hours_basis",
)
"""The columns of the CSV export, in order (see docs/exporters.md for each one)."""

_FORMULA_START = frozenset("=+-@\t\r\n")
_LIST_SEP = "; "


# NUL and the other control characters (tab, CR and LF aside) are not text:
# some CSV readers reject a file that holds them (Python's before 3.11 does).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_NONE: Mapping[str, object] = {}
_NOTHING_FETCHED = ("",) * 6
# Enum.value is a descriptor call; a dict lookup is several times cheaper per row.
_VALUE: dict[enum.Enum, str] = {
    member: member.value for vocabulary in (Kind, Level, Role) for member in vocabulary
}


# The first character of a cell ("" for an empty one), in C.
_FIRST = operator.itemgetter(slice(None, 1))


def _has_control(text: str) -> bool:
    # A printable text holds no control character: one C call for most
    # texts, the search only for those with a tab, a line break, a non-ASCII
    # space... that may or may not come with one.
    return not text.isprintable() and _CONTROL.search(text) is not None


def _keep(cell: str) -> str:
    return _CONTROL.sub("", cell) if _has_control(cell) else cell


def _neutral(cell: str) -> str:
    cell = _keep(cell)
    # OWASP CSV injection: make the spreadsheet read the cell as text.
    return "'" + cell if cell and cell[0] in _FORMULA_START else cell


def _fetched(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    zh = options.lang is Lang.ZH
    et_al = "等" if zh else "et al."  # for a list cut short (the marker "others")
    escape = options.flag("escape_formulas", True)
    cell = _neutral if escape else _keep

    def clean(values: tuple[str, ...]) -> tuple[str, ...]:
        # Two quick looks over all the texts of a resource (any control
        # character; any formula character first in a cell): most texts need
        # nothing, and the cell-by-cell pass runs only for the rest.
        if _has_control("".join(values)) or (
            escape and not _FORMULA_START.isdisjoint(map(_FIRST, values))
        ):
            return tuple(cell(v) for v in values)
        return values

    if options.flag("bom"):
        out.write("\ufeff")
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
    progress = export_statuses(options)
    # --progress: a last column with each resource's status (its value, as for kind).
    status = None if progress is None else {k: v.value for k, v in progress.resources.items()}

    def write(rows: Iterable[Sequence[object]]) -> None:
        if status is not None:
            rows = ((*row, status.get(str(row[7]), "pending")) for row in rows)
        writer.writerows(rows)

    writer.writerow(COLUMNS if status is None else (*COLUMNS, "status"))
    resources = {r.id: r for r in roadmap.resources}
    # The resource's own cells are the same in every placement: build them once.
    cells: dict[str, tuple[tuple[Optional[Union[str, int]], ...], tuple[str, ...]]] = {}

    def resource_cells(
        resource: Resource,
    ) -> tuple[tuple[Optional[Union[str, int]], ...], tuple[str, ...]]:
        # Built once per resource: callers look in `cells` first.
        ids = resource.identifiers
        fetched = resource.fetched
        github = fetched.get("github", _NONE) if fetched else _NONE
        arxiv = fetched.get("arxiv", _NONE) if fetched else _NONE
        rid, title, url, authors, language, *texts = clean(
            (
                resource.id,
                resource.title.zh if zh else resource.title.en,
                resource.url,
                _LIST_SEP.join(
                    (*resource.named_authors, et_al) if resource.authors_cut else resource.authors
                ),
                resource.language,
                _LIST_SEP.join(resource.tags),
                ids.arxiv or "",
                ids.doi or "",
                ids.isbn or "",
                ids.github or "",
                resource.description.zh if zh else resource.description.en,
            )
        )
        head = (
            rid,
            title,
            _VALUE[resource.kind],
            url,
            authors,
            # csv.writer writes an int as its digits and None as an empty cell.
            resource.year,
            language,
            "" if resource.level is None else _VALUE[resource.level],
            "true" if resource.free else "false",
            *texts,
        )
        tail = clean(
            (
                resource.provenance.plugin if resource.provenance else "",
                # Fetched values come from the network: never trusted to be plain text.
                *(
                    (
                        _fetched(github.get("stars")),
                        _fetched(github.get("pushed_at")),
                        _fetched(github.get("archived")),
                        _fetched(github.get("license")),
                        _fetched(arxiv.get("version")),
                        _fetched(arxiv.get("updated")),
                    )
                    if fetched
                    else _NOTHING_FETCHED
                ),
                # Added after the fetched columns: columns are only ever appended.
                resource.publisher or "",
            )
        )
        found = cells[resource.id] = (head, tail)
        return found

    for track in roadmap.tracks:
        track_cells = (cell(track.id), cell(track.title.zh if zh else track.title.en))
        for topic in track.topics:
            topic_cells = (cell(topic.id), cell(topic.title.zh if zh else topic.title.en))
            rows = []
            for position, placement in enumerate(topic.resources, 1):
                found = cells.get(placement.resource)
                if found is None:
                    resource = resources.get(placement.resource)
                    if resource is None:
                        continue
                    found = resource_cells(resource)
                head, tail = found
                note = placement.note
                basis = placement.hours_basis
                rows.append(
                    (
                        *track_cells,
                        *topic_cells,
                        position,
                        _VALUE[placement.role],
                        cell(placement.group or "") if placement.role is Role.ALTERNATIVE else "",
                        *head,
                        "" if note is None else cell(note.zh if zh else note.en),
                        *tail,
                        "" if placement.hours is None else f"{placement.hours:g}",
                        "" if basis is None else cell(basis.zh if zh else basis.en),
                    )
                )
            write(rows)
    # Resources no topic uses (possible in a full export) still get a row, with
    # the placement columns empty, so the file lists every resource.
    blank = ("",) * 7
    write(
        (*blank, *head, "", *tail, "", "")
        # Every placed resource has its cells built by now.
        for head, tail in (resource_cells(r) for r in roadmap.resources if r.id not in cells)
    )


@hookimpl
def register_exporters(register: Callable[[Exporter["Roadmap"]], None]) -> None:
    """Register the ``csv`` exporter."""
    register(
        Exporter(
            id="csv",
            title=Text(zh="CSV 表格（每个资源位置一行）", en="CSV table (one row per placement)"),
            suffix=".csv",
            media_type="text/csv",
            write=_write,
            params={
                "bom": Text(
                    zh="写入 UTF-8 BOM，便于 Excel 正确打开",
                    en="start with a UTF-8 BOM so Excel opens it correctly",
                ),
                "progress": Text(
                    zh="学习进度（Progress.statuses）：末尾加一列 status",
                    en="the learner's progress (Progress.statuses): a last column, status",
                ),
                "escape_formulas": Text(
                    zh="以 ' 开头转义可能被当作公式的单元格（默认 true）",
                    en="prefix cells that a spreadsheet would run as formulas with ' "
                    "(default true)",
                ),
            },
        )
    )
