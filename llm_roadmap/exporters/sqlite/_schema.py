"""The tables, indexes and views of the SQLite export, as SQL.

Every text that a person reads has a ``_zh`` and an ``_en`` column; closed
vocabularies (kinds, levels, roles, emphases) are small tables of their own
that the main tables point at, so datasette shows a label beside each value.
Tracks, topics and resources also have a ``title`` column, and the
vocabularies a ``name`` column, in the export's language: the column datasette
0.65 shows for a foreign key by itself, with no metadata.
The full-text indexes are FTS5 tables over the main tables' own columns
(``content="..."``, the form datasette detects for its search box).
"""

__all__ = ["FTS", "SCHEMA", "VIEWS"]

SCHEMA = """
CREATE TABLE export_info (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE kinds (
    value TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    label_zh TEXT NOT NULL,
    label_en TEXT NOT NULL
);
CREATE TABLE levels (
    value TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    label_zh TEXT NOT NULL,
    label_en TEXT NOT NULL
);
CREATE TABLE roles (
    value TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    label_zh TEXT NOT NULL,
    label_en TEXT NOT NULL
);
CREATE TABLE emphases (
    value TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    label_zh TEXT NOT NULL,
    label_en TEXT NOT NULL
);
CREATE TABLE tracks (
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
