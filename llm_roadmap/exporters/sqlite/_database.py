"""The SQLite database of a roadmap: its tables as SQL, their rows, and datasette's metadata.

Every text that a person reads has a ``_zh`` and an ``_en`` column; closed
vocabularies (kinds, levels, roles, emphases) are small tables of their own
that the main tables point at, so datasette shows a label beside each value.
Tracks, topics and resources also have a ``title`` column, and the
vocabularies a ``name`` column, in the export's language: the column datasette
0.65 shows for a foreign key by itself, with no metadata.
The full-text indexes are FTS5 tables over the main tables' own columns
(``content="..."``, the form datasette detects for its search box).

The datasette metadata describes the same tables: ``datasette roadmap.db --metadata
metadata.json`` gives them descriptions in the export's language, shows for each
foreign key the title it points at (``label_column``), and adds the canned query
``search``, which looks for a phrase in tracks, topics and resources at once.

The rows are written in roadmap order, one per entry. The full-text indexes
hold a text, then every piece of it a query may ask for (`index_text`). They
use FTS5's ``unicode61`` tokenizer, and a query is tokenized the same way:
``模型`` is one token, ``transformer`` is one token. ``unicode61`` takes a whole
run of Chinese characters as one token, so by itself it finds ``大语言模型`` only
by the whole run. So the index of a text holds, after the text itself (which
keeps phrase queries such as ``"deep learning"`` working), every substring of
each run of Chinese (or Japanese) characters up to `CJK_LONGEST` characters,
and every substring of three characters or more of each other word, up to
`WORD_LONGEST`. A query for a Chinese word of any length, or for part of an
English word (``backprop`` in ``backpropagation``, ``transformer`` in
``Transformers``), then is a token of the index, as datasette's ``?_search=``
asks for it, with no tokenizer of our own on the reading side.
"""

import enum
import functools
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from ..._version import __version__
from ...model import Emphasis, Kind, Lang, Level, Provenance, Role, Text, Topic
from ...search import CJK_RANGES
from ...vocabulary import LABELS

if TYPE_CHECKING:
    from ...roadmap import Roadmap

VOCABULARIES: dict[str, type[enum.Enum]] = {
    "kinds": Kind,
    "levels": Level,
    "roles": Role,
    "emphases": Emphasis,
}
"""The tables of the closed vocabularies, all of one shape, and the enum each lists."""

_VOCABULARY_TABLE = """CREATE TABLE {} (
    value TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    label_zh TEXT NOT NULL,
    label_en TEXT NOT NULL
);
"""

SCHEMA = (
    """
CREATE TABLE export_info (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
    + "".join(_VOCABULARY_TABLE.format(table) for table in VOCABULARIES)
    + """CREATE TABLE tracks (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    position INTEGER NOT NULL UNIQUE,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    summary_zh TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    emphasis TEXT NOT NULL REFERENCES emphases (value),
    note_zh TEXT,
    note_en TEXT,
    sort_order INTEGER NOT NULL,
    plugin TEXT,
    distribution TEXT,
    file TEXT
);
CREATE TABLE topics (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    track_id TEXT NOT NULL REFERENCES tracks (id),
    position INTEGER NOT NULL,
    step INTEGER NOT NULL UNIQUE,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    summary_zh TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    concepts_zh TEXT NOT NULL,
    concepts_en TEXT NOT NULL,
    emphasis TEXT NOT NULL REFERENCES emphases (value),
    note_zh TEXT,
    note_en TEXT,
    plugin TEXT,
    distribution TEXT,
    file TEXT,
    UNIQUE (track_id, position)
);
CREATE TABLE concepts (
    topic_id TEXT NOT NULL REFERENCES topics (id),
    position INTEGER NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    PRIMARY KEY (topic_id, position)
);
CREATE TABLE prerequisites (
    topic_id TEXT NOT NULL REFERENCES topics (id),
    prerequisite_id TEXT NOT NULL REFERENCES topics (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (topic_id, prerequisite_id)
);
CREATE INDEX prerequisites_prerequisite ON prerequisites (prerequisite_id);
CREATE TABLE track_paths (
    track_id TEXT NOT NULL REFERENCES tracks (id),
    step INTEGER NOT NULL,
    topic_id TEXT NOT NULL REFERENCES topics (id),
    PRIMARY KEY (track_id, step),
    UNIQUE (track_id, topic_id)
);
CREATE TABLE resources (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    url TEXT NOT NULL,
    url_zh TEXT NOT NULL,
    url_en TEXT NOT NULL,
    kind TEXT NOT NULL REFERENCES kinds (value),
    language TEXT NOT NULL,
    year INTEGER,
    publisher TEXT,
    description_zh TEXT NOT NULL,
    description_en TEXT NOT NULL,
    level TEXT REFERENCES levels (value),
    free INTEGER NOT NULL CHECK (free IN (0, 1)),
    tags TEXT NOT NULL,
    fetched TEXT,
    plugin TEXT,
    distribution TEXT,
    file TEXT
);
CREATE TABLE placements (
    topic_id TEXT NOT NULL REFERENCES topics (id),
    position INTEGER NOT NULL,
    resource_id TEXT NOT NULL REFERENCES resources (id),
    role TEXT NOT NULL REFERENCES roles (value),
    group_id TEXT,
    note_zh TEXT,
    note_en TEXT,
    hours REAL,
    hours_basis_zh TEXT,
    hours_basis_en TEXT,
    PRIMARY KEY (topic_id, position)
);
CREATE INDEX placements_resource ON placements (resource_id);
CREATE TABLE authors (
    resource_id TEXT NOT NULL REFERENCES resources (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (resource_id, position)
);
CREATE INDEX authors_name ON authors (name);
CREATE TABLE links (
    resource_id TEXT NOT NULL REFERENCES resources (id),
    position INTEGER NOT NULL,
    url TEXT NOT NULL,
    label_zh TEXT NOT NULL,
    label_en TEXT NOT NULL,
    language TEXT,
    PRIMARY KEY (resource_id, position)
);
CREATE TABLE identifiers (
    resource_id TEXT NOT NULL REFERENCES resources (id),
    scheme TEXT NOT NULL CHECK (scheme IN ('arxiv', 'doi', 'isbn', 'github')),
    value TEXT NOT NULL,
    url TEXT,
    PRIMARY KEY (resource_id, scheme)
);
CREATE INDEX identifiers_value ON identifiers (scheme, value);
"""
)
"""Tables and indexes, created in this order (a table is created after those it points at)."""

FTS = {
    "tracks": ("title_zh", "title_en", "summary_zh", "summary_en"),
    "topics": ("title_zh", "title_en", "summary_zh", "summary_en", "concepts_zh", "concepts_en"),
    "resources": ("title_zh", "title_en", "description_zh", "description_en"),
}
"""The full-text indexed columns of each table; the index of ``T`` is the FTS5 table ``T_fts``."""

VIEWS = """
CREATE VIEW learning_path AS
SELECT
    p.track_id AS target_track_id,
    p.step,
    t.id AS topic_id,
    t.title_zh,
    t.title_en,
    t.track_id,
    tr.title_zh AS track_title_zh,
    tr.title_en AS track_title_en,
    t.track_id <> p.track_id AS from_other_track,
    t.emphasis,
    (SELECT group_concat(q.prerequisite_id, ' ')
       FROM prerequisites q WHERE q.topic_id = t.id) AS prerequisites,
    (SELECT count(*) FROM placements pl
      WHERE pl.topic_id = t.id AND pl.role = 'core') AS core_resources,
    (SELECT count(*) FROM placements pl WHERE pl.topic_id = t.id) AS resources
FROM track_paths p
JOIN topics t ON t.id = p.topic_id
JOIN tracks tr ON tr.id = t.track_id
JOIN tracks target ON target.id = p.track_id
ORDER BY target.position, p.step;

CREATE VIEW resources_by_topic AS
SELECT
    t.track_id,
    t.step AS topic_step,
    t.id AS topic_id,
    t.title_zh AS topic_title_zh,
    t.title_en AS topic_title_en,
    pl.position,
    pl.role,
    pl.group_id,
    r.id AS resource_id,
    r.title_zh,
    r.title_en,
    r.kind,
    r.level,
    r.year,
    r.free,
    r.url,
    pl.note_zh,
    pl.note_en,
    pl.hours
FROM placements pl
JOIN topics t ON t.id = pl.topic_id
JOIN resources r ON r.id = pl.resource_id
ORDER BY t.step, pl.position;
"""
"""The views a person queries first: the learning path to each track, resources by topic."""

# (zh, en) descriptions.
_TABLES: dict[str, tuple[str, str]] = {
    "tracks": (
        "路线：路线图的各个部分，按学习顺序。",
        "Tracks: the parts of the roadmap, in order.",
    ),
    "topics": (
        "主题：路线中的一步；step 是整个路线图的学习顺序。",
        "Topics: one step of a track; step is the learning order of the whole roadmap.",
    ),
    "resources": (
        "资源：书、论文、课程、代码库……",
        "Resources: books, papers, courses, repositories...",
    ),
    "placements": (
        "资源在主题中的位置与角色（必学、选看、任选其一）。",
        "Where each resource is used: topic, position and role (core, optional, pick one).",
    ),
    "prerequisites": (
        "先修：先学 prerequisite_id，再学 topic_id。",
        "Prerequisites: learn prerequisite_id before topic_id.",
    ),
    "track_paths": (
        "每条路线的学习路径（含其他路线中的先修主题）。",
        "The learning path to each track, prerequisites from other tracks included.",
    ),
    "concepts": ("主题涵盖的知识点，按顺序。", "The concepts each topic covers, in order."),
    "authors": ("资源的作者，按署名顺序。", "The authors of each resource, in credited order."),
    "links": (
        "资源的其他链接：镜像、其他语言版本、配套材料。",
        "Further links: mirrors, editions, companion material.",
    ),
    "identifiers": (
        "arXiv、DOI、ISBN 与 GitHub 标识。",
        "arXiv, DOI, ISBN and GitHub identifiers.",
    ),
    "kinds": ("资源类型的名称。", "The names of the kinds of resource."),
    "levels": ("难度的名称。", "The names of the levels."),
    "roles": ("角色的名称。", "The names of the roles."),
    "emphases": ("重要程度的名称。", "The names of the emphases."),
    "export_info": (
        "导出信息：生成器、格式版本、语言、分词器。",
        "About this export: generator, schema version, language, tokenizer.",
    ),
    "learning_path": (
        "学习路径：按 target_track_id 筛选，按 step 顺序学习。",
        "The learning path: filter on target_track_id, learn in step order.",
    ),
    "resources_by_topic": (
        "按主题列出的资源，按学习顺序。",
        "Resources by topic, in learning order.",
    ),
}
# The label column of each table: datasette 0.65 finds these by their names
# alone; 1.0 labels a table with one unique text column (the id) by that
# column unless told otherwise, so the metadata names them.
_LABELLED = {
    "tracks": "title",
    "topics": "title",
    "resources": "title",
    **dict.fromkeys(VOCABULARIES, "name"),
}
_FACETS = {
    "topics": ["track_id", "emphasis"],
    "resources": ["kind", "level", "language", "free"],
    "placements": ["role"],
    "identifiers": ["scheme"],
    "learning_path": ["target_track_id"],
    "resources_by_topic": ["track_id", "kind", "role"],
}
_SORT = {"tracks": "position", "topics": "step"}
_SEARCH = (
    "在路线、主题与资源中查找词语（中文词任意长度；多个词用空格分开，须都出现）。",
    "Find words in tracks, topics and resources (Chinese words of any length; "
    "several words, separated by spaces, must all be there).",
)


def _search_sql() -> str:
    # escape_fts is datasette's own SQL function, the one behind ?_search=:
    # each word in quotes, so that a query is never read as FTS5 syntax.
    phrase = "escape_fts(:q)"
    parts = []
    for table in FTS:
        kind = table[:-1]
        parts.append(
            f"SELECT '{kind}' AS type, t.id, t.title_zh, t.title_en, rank "
            f"FROM {table}_fts JOIN {table} t ON t.rowid = {table}_fts.rowid "
            f"WHERE {table}_fts MATCH {phrase}"
        )
    return "\nUNION ALL\n".join(parts) + "\nORDER BY rank"


def metadata_document(lang: Lang, database: str = "roadmap") -> dict[str, object]:
    """The datasette metadata for an export, with texts in ``lang``.

    Args:
        lang: The language of the descriptions.
        database: The name datasette gives the database: the file name
            without its suffix (``roadmap`` for ``roadmap.db``).
    """
    zh = lang is Lang.ZH
    tables: dict[str, object] = {}
    for table, (text_zh, text_en) in _TABLES.items():
        entry: dict[str, object] = {"description": text_zh if zh else text_en}
        if table in _LABELLED:
            entry["label_column"] = _LABELLED[table]
        if table in _FACETS:
            entry["facets"] = _FACETS[table]
        if table in _SORT:
            entry["sort"] = _SORT[table]
        if table in FTS:
            entry["fts_table"] = f"{table}_fts"
        tables[table] = entry
    for table in FTS:
        tables[f"{table}_fts"] = {"hidden": True}
    return {
        "title": "LLM 学习路线" if zh else "LLM learning roadmap",
        "description": (
            "llm-roadmap 导出的数据库：每段文字都有 _zh 与 _en 两列。"
            if zh
            else "A database exported by llm-roadmap: every text has a _zh and an _en column."
        ),
        "source": f"llm-roadmap {__version__}",
        "databases": {
            database: {
                "tables": tables,
                "queries": {
                    "search": {
                        "title": "搜索" if zh else "Search",
                        "description": _SEARCH[0] if zh else _SEARCH[1],
                        "sql": _search_sql(),
                    }
                },
            }
        },
    }


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
    for table, vocabulary in VOCABULARIES.items():
        _insert(
            connection,
            table,
            ((v.value, LABELS[v].get(lang), LABELS[v].zh, LABELS[v].en) for v in vocabulary),
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
