"""Filling a new SQLite database with a roadmap: one row per entry, in roadmap order.

The full-text indexes hold a text, then every piece of it a query may ask
for (`index_text`). They use FTS5's ``unicode61`` tokenizer, and a query is tokenized the
same way: ``模型`` is one token, ``transformer`` is one token. ``unicode61``
takes a whole run of Chinese characters as one token, so by itself it finds
``大语言模型`` only by the whole run. So the index of a text holds, after the
text itself (which keeps phrase queries such as ``"deep learning"``
working), every substring of each run of Chinese (or Japanese) characters
up to `CJK_LONGEST` characters, and every substring of three characters or
more of each other word, up to `WORD_LONGEST`. A query for a Chinese word of
any length, or for part of an English word (``backprop`` in
``backpropagation``, ``transformer`` in ``Transformers``), then is a token of
the index, as datasette's ``?_search=`` asks for it, with no tokenizer of our
own on the reading side.
"""

import functools
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ..._version import __version__
from ...model import Lang, Provenance, Text, Topic
from ...search import CJK_RANGES
from ...vocabulary import LABELS
from ._schema import FTS, SCHEMA, VIEWS, VOCABULARIES

if TYPE_CHECKING:
    from ...roadmap import Roadmap

__all__ = ["CJK_LONGEST", "FTS_TOKENIZER", "SCHEMA_VERSION", "WORD_LONGEST", "build", "index_text"]

SCHEMA_VERSION = 2
"""The version of the database layout; it grows when a change would break a query."""

_IDENTIFIER_URLS = {
    "arxiv": "https://arxiv.org/abs/{}",
    "doi": "https://doi.org/{}",
    "github": "https://github.com/{}",
    "isbn": None,
}

FTS_TOKENIZER = "unicode61 remove_diacritics 2"
"""The FTS5 tokenizer of the full-text indexes (every SQLite with FTS5 has it).

A query is tokenized by it too: case and accents do not matter. What the
indexes hold so that Chinese words of any length are found is in `index_text`.
"""

CJK_LONGEST = 16
"""The longest run of Chinese characters found as one word (a longer one: type a space in it)."""

WORD_LONGEST = 32
"""The longest part of another word that is indexed (longer words are found whole)."""

_PIECES = re.compile(rf"[{CJK_RANGES}]+|[^\W_{CJK_RANGES}]+")
_IS_CJK = re.compile(rf"[{CJK_RANGES}]")


def _pieces(text: str) -> Iterator[str]:
    for match in _PIECES.finditer(text):
        piece = match.group()
        if _IS_CJK.match(piece):
            for length in range(1, min(len(piece), CJK_LONGEST) + 1):
                for start in range(len(piece) - length + 1):
                    yield piece[start : start + length]
        else:
            yield piece
            for length in range(3, min(len(piece) - 1, WORD_LONGEST) + 1):
                for start in range(len(piece) - length + 1):
                    yield piece[start : start + length]


def index_text(text: str) -> str:
    """The text the full-text index of ``text`` is built from: ``text``, a newline, its pieces.

    Each piece appears once (the index needs a word once to find it), in the
    order first met, so the same text always gives the same index.
    """
    pieces = dict.fromkeys(p.lower() for p in _pieces(text))
    return f"{text}\n{' '.join(pieces)}" if pieces else text


def build(roadmap: "Roadmap", path: "Path", lang: Lang) -> None:
    """Create the database of ``roadmap`` at ``path`` (a new file).

    Args:
        roadmap: What to write.
        path: Where; the file must not exist yet.
        lang: The language the export was asked for (recorded in ``export_info``;
            every text is written in both languages).
    """
    connection = sqlite3.connect(str(path))
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        # A scratch file, copied to the output once complete: no journal and no
        # syncing (each CREATE would otherwise wait for the disk).
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        with connection:
            connection.executescript(SCHEMA)
            _fill(connection, roadmap, lang)
            for table, columns in FTS.items():
                _index(connection, table, columns)
            connection.executescript(VIEWS)
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:  # pragma: no cover - inserts already enforce the keys
            raise ValueError(f"foreign keys broken: {broken[:5]}")
    finally:
        connection.close()


def _index(connection: sqlite3.Connection, table: str, columns: Sequence[str]) -> None:
    # An external-content index (content="table": the form datasette detects
    # for its search box) filled with index_text of each column rather than
    # rebuilt from the table: the table keeps the text as written, the index
    # also holds its pieces. FTS5 reads column values from the table, so
    # highlight() and snippet() show the text itself; a 'rebuild' would drop
    # the pieces (export again instead).
    names = ", ".join(columns)
    connection.execute(
        f"CREATE VIRTUAL TABLE {table}_fts USING fts5("
        f'{names}, content="{table}", tokenize="{FTS_TOKENIZER}")'
    )
    rows = connection.execute(f"SELECT rowid, {names} FROM {table} ORDER BY rowid").fetchall()
    _insert(
        connection,
        f"{table}_fts (rowid, {names})",
        (
            (rowid, *(None if v is None else index_text(v) for v in values))
            for rowid, *values in rows
        ),
    )


def _insert(connection: sqlite3.Connection, table: str, rows: Iterable[Sequence[object]]) -> None:
    rows = list(rows)
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _texts(text: Optional[Text]) -> tuple[Optional[str], Optional[str]]:
    return (None, None) if text is None else (text.zh, text.en)


def _origin(provenance: Optional[Provenance]) -> tuple[Optional[str], ...]:
    if provenance is None:
        return (None, None, None)
    return (provenance.plugin, provenance.distribution, _relative(provenance.file))


def _relative(file: Optional[str]) -> Optional[str]:
    """A data file's path as it is inside its distribution, not on this machine.

    The path from the parent of the file's nearest package directory (one
    with an ``__init__.py``): ``data/tracks/x.toml`` for the bundled data,
    installed or in a checkout, ``llm_roadmap_llm_apps/data/x.toml`` for a
    plugin's. A file outside any package (``load(paths=...)``) is given
    relative to the working directory when it is below it, else by name.
    """
    if not file:
        return file
    path = Path(file)
    root = _package_root(str(path.parent))
    if root is not None:
        return path.relative_to(root).as_posix()
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


@functools.cache
def _package_root(directory: str) -> Optional[Path]:
    # Asked once per directory: an export's entries come from a few files.
    for parent in (Path(directory), *Path(directory).parents):
        if (parent / "__init__.py").is_file():
            return parent.parent
    return None


def _steps(roadmap: "Roadmap") -> tuple[dict[str, tuple[Topic, ...]], dict[str, int]]:
    # The path to each track (prerequisites from other tracks first), and one
    # learning order for the whole roadmap: the tracks' paths one after the
    # other, each topic where it first appears, so prerequisites come first.
    paths = {track.id: roadmap.path(track.id) for track in roadmap.tracks}
    order: dict[str, int] = {}
    for path in paths.values():
        for topic in path:
            order.setdefault(topic.id, len(order) + 1)
    for topic in roadmap.topics:  # a track without topics has no path; keep every topic
        order.setdefault(topic.id, len(order) + 1)
    return paths, order


def _fill(connection: sqlite3.Connection, roadmap: "Roadmap", lang: Lang) -> None:
    info = {
        "generator": f"llm-roadmap {__version__}",
        "schema_version": str(SCHEMA_VERSION),
        "lang": lang.value,
        "fts_tokenizer": FTS_TOKENIZER,
    }
    _insert(connection, "export_info", info.items())
    for table, enum in VOCABULARIES.items():
        _insert(
            connection,
            table,
            ((v.value, LABELS[v].get(lang), LABELS[v].zh, LABELS[v].en) for v in enum),
        )
    paths, steps = _steps(roadmap)
    _insert(connection, "tracks", _track_rows(roadmap, lang))
    _insert(connection, "topics", _topic_rows(roadmap, steps, lang))
    _insert(connection, "resources", _resource_rows(roadmap, lang))
    topics = roadmap.topics
    _insert(
        connection,
        "concepts",
        ((t.id, i, c.zh, c.en) for t in topics for i, c in enumerate(t.concepts, 1)),
    )
    _insert(
        connection,
        "prerequisites",
        ((t.id, p, i) for t in topics for i, p in enumerate(t.prerequisites, 1)),
    )
    _insert(
        connection,
        "track_paths",
        ((track_id, i, t.id) for track_id, path in paths.items() for i, t in enumerate(path, 1)),
    )
    _insert(
        connection,
        "placements",
        (
            (
                t.id,
                i,
                p.resource,
                p.role.value,
                p.group,
                *_texts(p.note),
                p.hours,
                *_texts(p.hours_basis),
            )
            for t in topics
            for i, p in enumerate(t.resources, 1)
        ),
    )
    resources = roadmap.resources
    _insert(
        connection,
        "authors",
        ((r.id, i, name) for r in resources for i, name in enumerate(r.named_authors, 1)),
    )
    _insert(
        connection,
        "links",
        (
            (r.id, i, link.url, link.label.zh, link.label.en, link.language)
            for r in resources
            for i, link in enumerate(r.links, 1)
        ),
    )
    _insert(connection, "identifiers", _identifier_rows(roadmap))


def _track_rows(roadmap: "Roadmap", lang: Lang) -> Iterator[tuple[object, ...]]:
    for position, track in enumerate(roadmap.tracks, 1):
        yield (
            track.id,
            track.title.get(lang),
            position,
            track.title.zh,
            track.title.en,
            track.summary.zh,
            track.summary.en,
            track.emphasis.value,
            *_texts(track.note),
            track.order,
            *_origin(track.provenance),
        )


def _topic_rows(
    roadmap: "Roadmap", steps: dict[str, int], lang: Lang
) -> Iterator[tuple[object, ...]]:
    for track in roadmap.tracks:
        for position, topic in enumerate(track.topics, 1):
            yield (
                topic.id,
                topic.title.get(lang),
                track.id,
                position,
                steps[topic.id],
                topic.title.zh,
                topic.title.en,
                topic.summary.zh,
                topic.summary.en,
                "、".join(c.zh for c in topic.concepts),
                "; ".join(c.en for c in topic.concepts),
                topic.emphasis.value,
                *_texts(topic.note),
                *_origin(topic.provenance),
            )


def _resource_rows(roadmap: "Roadmap", lang: Lang) -> Iterator[tuple[object, ...]]:
    for r in roadmap.resources:
        yield (
            r.id,
            r.title.get(lang),
            r.title.zh,
            r.title.en,
            r.url,
            r.main_url(Lang.ZH),
            r.main_url(Lang.EN),
            r.kind.value,
            r.language,
            r.year,
            r.publisher,
            r.description.zh,
            r.description.en,
            None if r.level is None else r.level.value,
            int(r.free),
            json.dumps(list(r.tags), ensure_ascii=False),
            json.dumps(r.fetched, ensure_ascii=False, sort_keys=True) if r.fetched else None,
            *_origin(r.provenance),
        )


def _identifier_rows(roadmap: "Roadmap") -> Iterator[tuple[object, ...]]:
    for r in roadmap.resources:
        for scheme, pattern in _IDENTIFIER_URLS.items():
            value = getattr(r.identifiers, scheme)
            if value:
                yield (r.id, scheme, value, None if pattern is None else pattern.format(value))
