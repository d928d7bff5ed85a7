"""The SQLite exporter: its schema read back with real sqlite3 queries, and served by datasette."""

import contextlib
import io
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import attrs
import pytest

import llm_roadmap
from llm_roadmap import ExportError, Lang
from llm_roadmap.exporters.sqlite import datasette_metadata


@pytest.fixture(scope="module")
def db(sample, tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "roadmap.db"
    sample.export("sqlite", path, lang="zh")
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = ON")
    yield connection
    connection.close()


def rows(connection, sql, *params):
    return connection.execute(sql, params).fetchall()


def test_every_entry_is_a_row_with_both_languages(sample, db):
    assert rows(db, "SELECT id, title_zh, title_en FROM tracks ORDER BY position") == [
        (t.id, t.title.zh, t.title.en) for t in sample.tracks
    ]
    assert [r[0] for r in rows(db, "SELECT id FROM resources ORDER BY rowid")] == [
        r.id for r in sample.resources
    ]
    d2l = rows(
        db, "SELECT title_zh, title_en, kind, year, free, tags FROM resources WHERE id='d2l'"
    )
    assert d2l == [("动手学深度学习", "Dive into Deep Learning", "book", 2023, 1, "[]")]
    assert rows(db, "SELECT name FROM authors WHERE resource_id='bert' ORDER BY position") == [
        (n,) for n in sample.resource("bert").authors
    ]
    assert rows(db, "SELECT scheme, value, url FROM identifiers WHERE resource_id='bert'") == [
        ("arxiv", "1810.04805", "https://arxiv.org/abs/1810.04805"),
        ("doi", "10.18653/v1/N19-1423", "https://doi.org/10.18653/v1/N19-1423"),
    ]
    assert rows(db, "SELECT name_zh, name_en FROM concepts WHERE topic_id='deep-learning'") == [
        ("反向传播", "backpropagation"),
        ("优化", "optimisation"),
    ]
    placed = rows(db, "SELECT topic_id, resource_id, role, group_id FROM placements ORDER BY rowid")
    assert placed == [
        (p.topic.id, p.resource.id, p.placement.role.value, p.placement.group)
        for p in sample.placed_resources()
    ]
    assert set(rows(db, "SELECT topic_id, prerequisite_id FROM prerequisites")) == {
        (t.id, p) for t in sample.topics for p in t.prerequisites
    }
    assert dict(rows(db, "SELECT value, label_zh FROM kinds"))["paper"] == "论文"
    info = dict(rows(db, "SELECT key, value FROM export_info"))
    assert info["lang"] == "zh" and info["schema_version"] == "2"


def test_keys_are_declared_and_enforced(db):
    def foreign(table):
        return {(r[3], r[2], r[4]) for r in rows(db, f"PRAGMA foreign_key_list({table})")}

    assert foreign("placements") == {
        ("topic_id", "topics", "id"),
        ("resource_id", "resources", "id"),
        ("role", "roles", "value"),
    }
    assert ("prerequisite_id", "topics", "id") in foreign("prerequisites")
    assert ("track_id", "tracks", "id") in foreign("topics")
    for table in ("authors", "links", "identifiers"):
        assert foreign(table) == {("resource_id", "resources", "id")}
    pk = {r[1]: r[5] for r in rows(db, "PRAGMA table_info(placements)") if r[5]}
    assert pk == {"topic_id": 1, "position": 2}
    assert rows(db, "PRAGMA foreign_key_check") == []
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        db.execute(
            "INSERT INTO placements VALUES"
            " ('attention', 99, 'no-such', 'core', NULL, NULL, NULL, NULL, NULL, NULL)"
        )
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        db.execute("DELETE FROM resources WHERE id = 'bert'")
    with pytest.raises(sqlite3.IntegrityError, match=r"UNIQUE|PRIMARY"):
        db.execute("INSERT INTO authors VALUES ('bert', 1, 'Someone Else')")
    db.rollback()


def test_the_views_are_the_learning_path_and_the_resources_by_topic(sample, db):
    for track in sample.tracks:
        path = rows(
            db,
            "SELECT topic_id, from_other_track FROM learning_path"
            " WHERE target_track_id = ? ORDER BY step",
            track.id,
        )
        assert path == [(t.id, int(t.track != track.id)) for t in sample.path(track.id)]
    # pretraining needs nlp-basics and deep-learning from the other track, first.
    assert [
        r[0]
        for r in rows(db, "SELECT topic_id FROM learning_path WHERE target_track_id='transformers'")
    ][:2] == [
        "deep-learning",
        "nlp-basics",
    ]
    steps = [r[0] for r in rows(db, "SELECT id FROM topics ORDER BY step")]
    for topic in sample.topics:
        assert all(steps.index(p) < steps.index(topic.id) for p in topic.prerequisites)
    by_topic = rows(db, "SELECT topic_id, resource_id, role FROM resources_by_topic")
    assert by_topic[0] == ("deep-learning", "d2l", "core")
    assert len(by_topic) == len(sample.placed_resources())


def _fts(connection, table, query):
    return [
        r[0]
        for r in rows(
            connection,
            f"SELECT t.id FROM {table}_fts f JOIN {table} t ON t.rowid = f.rowid"
            f" WHERE {table}_fts MATCH ? ORDER BY rank",
            query,
        )
    ]


def _quoted(query):
    # What datasette's ?_search= asks FTS5 for (its escape_fts): each word quoted.
    return " ".join(f'"{word}"' for word in query.split())


# The words issue 28 asks for: Chinese words of two and three characters, an
# English word that is also part of longer words (Transformers), two words.
WORDS = ["模型", "学习", "向量", "注意力", "transformer"]


def _containing(items, fields, query):
    """The ids of the items in which every word of the query is in one of the fields: by hand."""
    words = [w.lower() for w in query.split()]
    found = []
    for item in items:
        texts = [text.lower() for name in fields for text in _texts_of(item, name)]
        if all(any(w in t for t in texts) for w in words):
            found.append(item.id)
    return found


def _texts_of(item, name):
    value = getattr(item, name)
    if name == "concepts":
        return [c.zh for c in value] + [c.en for c in value]
    return [value.zh, value.en]


RESOURCE_FIELDS = ("title", "description")
TOPIC_FIELDS = ("title", "summary", "concepts")


@pytest.fixture(scope="module")
def bundled():
    return llm_roadmap.load(plugins=[])


@pytest.fixture(scope="module")
def bundled_db(bundled, tmp_path_factory):
    path = tmp_path_factory.mktemp("bundled") / "roadmap.db"
    bundled.export("sqlite", path, lang="en")
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


@pytest.mark.parametrize("query", [*WORDS, "transformer 架构", "深度学习", "backprop", "型", "GPT"])
def test_full_text_search_finds_words_of_any_length(bundled, bundled_db, query):
    for table, items, fields in (
        ("resources", bundled.resources, RESOURCE_FIELDS),
        ("topics", bundled.topics, TOPIC_FIELDS),
    ):
        expected = _containing(items, fields, query)
        assert sorted(_fts(bundled_db, table, _quoted(query))) == sorted(expected), table
    assert _containing(bundled.resources, RESOURCE_FIELDS, query)


def test_a_second_word_narrows_the_search(bundled, bundled_db):
    # 架构 (two characters) is not ignored: fewer rows than transformer alone.
    both = _fts(bundled_db, "topics", _quoted("transformer 架构"))
    assert both and len(both) < len(_fts(bundled_db, "topics", _quoted("transformer")))
    assert _fts(bundled_db, "resources", _quoted("transformer 没有这个词")) == []


def test_the_indexes_keep_english_phrases_case_and_the_texts_themselves(sample, db):
    assert set(_fts(db, "resources", '"deep learning"')) == {"d2l", "cs224n"}
    assert _fts(db, "resources", '"learning deep"') == []  # a phrase, in its order
    assert _fts(db, "resources", '"深度学习"') == ["d2l"]  # inside 动手学深度学习
    assert _fts(db, "topics", '"反向传播"') == ["deep-learning"]  # a concept
    assert _fts(db, "topics", '"BACKPROP"') == ["deep-learning"]  # part of a word, any case
    assert _fts(db, "tracks", '"注意力"') == ["transformers"]  # a summary
    # The index is over the tables' own columns: FTS5 reads them from the table.
    assert rows(
        db,
        "SELECT title_zh FROM resources_fts WHERE resources_fts MATCH '\"深度\"'",
    ) == [("动手学深度学习",)]
    # The tokenizer every SQLite with FTS5 has (no plugin on the reader's side), as recorded.
    info = dict(rows(db, "SELECT key, value FROM export_info"))
    assert info["fts_tokenizer"] == "unicode61 remove_diacritics 2"
    assert (
        'tokenize="unicode61 remove_diacritics 2"'
        in rows(db, "SELECT sql FROM sqlite_master WHERE name = 'resources_fts'")[0][0]
    )
    # The indexes pass FTS5's own check.
    for table in ("tracks", "topics", "resources"):
        db.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('integrity-check')")
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_the_api_writes_bytes_to_a_path_a_stream_or_returns_them(sample, tmp_path):
    returned = sample.export("sqlite")
    assert isinstance(returned, bytes) and returned.startswith(b"SQLite format 3\x00")
    path = tmp_path / "a.db"
    sample.export("sqlite", path)
    buffer = io.BytesIO()
    sample.export("sqlite", buffer)
    # Nothing in the file depends on the time or the place it was built.
    assert path.read_bytes() == returned == buffer.getvalue()
    sample.export("sqlite", path, topics=["attention"])
    part = sqlite3.connect(path)
    assert rows(part, "SELECT id FROM topics") == [("attention",)]
    assert rows(part, "SELECT count(*) FROM prerequisites") == [(0,)]
    part.close()


def test_a_failed_export_leaves_the_old_file(sample, tmp_path):
    path = tmp_path / "roadmap.db"
    path.write_bytes(b"old")
    topic = sample.topic("attention")
    dangling = attrs.evolve(
        topic, resources=(*topic.resources, attrs.evolve(topic.resources[0], resource="gone"))
    )
    tracks = tuple(
        attrs.evolve(t, topics=tuple(dangling if x.id == "attention" else x for x in t.topics))
        for t in sample.tracks
    )
    broken = llm_roadmap.Roadmap(
        tracks=tracks, resources=sample.resources, exporters=sample.exporters
    )
    with pytest.raises(ExportError, match="FOREIGN KEY"):
        broken.export("sqlite", path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["roadmap.db"]


def test_metadata_is_written_beside_the_database(sample, tmp_path):
    meta = tmp_path / "meta.json"
    sample.export("sqlite", tmp_path / "r.db", lang="zh", metadata=str(meta), database="r")
    document = json.loads(meta.read_text(encoding="utf-8"))
    assert document == datasette_metadata(Lang.ZH, "r")
    tables = document["databases"]["r"]["tables"]
    assert tables["resources"]["label_column"] == "title"
    assert tables["kinds"]["label_column"] == "name"
    assert tables["resources"]["description"].startswith("资源")


def test_titles_and_names_are_in_the_language_of_the_export(sample, tmp_path):
    for lang in ("zh", "en"):
        sample.export("sqlite", tmp_path / f"{lang}.db", lang=lang)
        connection = sqlite3.connect(tmp_path / f"{lang}.db")
        assert rows(connection, "SELECT id, title FROM resources ORDER BY rowid") == [
            (r.id, r.title.get(lang)) for r in sample.resources
        ]
        assert rows(connection, "SELECT title FROM topics WHERE id = 'attention'") == [
            (sample.topic("attention").title.get(lang),)
        ]
        assert dict(rows(connection, "SELECT value, name FROM kinds"))["paper"] == (
            "论文" if lang == "zh" else "paper"
        )
        connection.close()


def test_provenance_files_are_paths_inside_the_distribution(bundled, bundled_db):
    files = {r[0] for r in rows(bundled_db, "SELECT file FROM resources")}
    files |= {r[0] for r in rows(bundled_db, "SELECT file FROM tracks")}
    assert all(f.startswith(("data/resources/", "data/tracks/")) for f in files), files
    for track in bundled.tracks:
        (file,) = rows(bundled_db, "SELECT file FROM tracks WHERE id = ?", track.id)[0]
        assert track.provenance.file.endswith("/" + file)


# -- datasette -------------------------------------------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base, path, **query):
    url = f"{base}{path}?{urllib.parse.urlencode(query)}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


@contextlib.contextmanager
def _serve(python, db_path, *options):
    """A real datasette (``python -m datasette``) on 127.0.0.1, until the block ends."""
    port = _free_port()
    command = [str(python), "-m", "datasette", str(db_path), *map(str, options)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "DATASETTE_SECRET": "test"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(base, "/-/versions.json")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.poll() is not None else ""
                    pytest.fail(f"datasette did not start: {output}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()


@pytest.fixture(scope="module")
def exported(bundled, tmp_path_factory):
    """The bundled roadmap exported in English, with the datasette metadata beside it."""
    directory = tmp_path_factory.mktemp("datasette")
    db_path, meta = directory / "roadmap.db", directory / "metadata.json"
    bundled.export("sqlite", db_path, lang="en", metadata=str(meta))
    return db_path, meta


def _check_search(base, bundled):
    for query in [*WORDS, "transformer 架构"]:
        for table, items, fields in (
            ("resources", bundled.resources, RESOURCE_FIELDS),
            ("topics", bundled.topics, TOPIC_FIELDS),
        ):
            found = _get(base, f"/roadmap/{table}.json", _search=query, _shape="array", _size="max")
            expected = _containing(items, fields, query)
            assert expected, query
            assert sorted(r["id"] for r in found) == sorted(expected), (table, query)


def _check_labels(base, bundled):
    placed = _get(
        base,
        "/roadmap/placements.json",
        topic_id="attention-mechanism",
        _labels="on",
        _shape="array",
    )
    first = bundled.topic("attention-mechanism").resources[0]
    title = bundled.resource(first.resource).title.en
    assert placed[0]["resource_id"] == {"value": first.resource, "label": title}
    assert placed[0]["topic_id"]["label"] == "Attention mechanism"
    assert placed[0]["role"]["label"] == "core"


def _check_canned_search(base):
    search = _get(base, "/roadmap/search.json", q="transformer 架构", _shape="array")
    assert ("topic", "transformer") in {(r["type"], r["id"]) for r in search}
    assert {r["type"] for r in _get(base, "/roadmap/search.json", q="注意力", _shape="array")} == {
        "track",
        "topic",
        "resource",
    }


def test_datasette_without_our_metadata_labels_and_searches(bundled, exported):
    pytest.importorskip("datasette")
    db_path, _ = exported
    with _serve(sys.executable, db_path) as base:
        _check_labels(base, bundled)
        _check_search(base, bundled)
        described = {t["name"]: t for t in _get(base, "/roadmap.json")["tables"]}
        assert described["resources"]["fts_table"] == "resources_fts"
        assert described["resources_fts"]["hidden"] is True
        resource = _get(base, "/roadmap/resources/bert.json", _shape="array")[0]
        assert resource["file"] == "data/resources/papers.toml"


def test_datasette_with_the_metadata(sample, bundled, exported):
    pytest.importorskip("datasette")
    db_path, meta = exported
    with _serve(sys.executable, db_path, "--metadata", meta) as base:
        _check_labels(base, bundled)
        _check_canned_search(base)
        path = _get(
            base, "/roadmap/learning_path.json", target_track_id="llm-foundations", _shape="array"
        )
        assert [r["topic_id"] for r in path] == [t.id for t in bundled.path("llm-foundations")]
        with urllib.request.urlopen(f"{base}/roadmap/resources", timeout=30) as response:
            page = response.read().decode("utf-8")
        assert "Resources: books, papers, courses" in page


@pytest.mark.slow
def test_datasette_1_0_with_the_metadata_as_config_too(bundled, exported, tmp_path):
    # datasette 1.0 reads table settings and canned queries from its config
    # (-c); --metadata alone drops the query. The one metadata file serves as both.
    from _venvs import Venv

    venv = Venv.create(tmp_path / "venv")
    venv.install("--pre", "datasette>=1.0a0")
    version = venv.py("import datasette.version as v; print(v.__version__)").stdout.strip()
    assert version.startswith("1."), version
    db_path, meta = exported
    with _serve(venv.python, db_path, "-m", meta, "-c", meta) as base:
        assert _get(base, "/-/versions.json")["datasette"]["version"] == version
        _check_labels(base, bundled)
        _check_search(base, bundled)
        _check_canned_search(base)
    with _serve(venv.python, db_path) as base:  # no metadata: the search box still works
        _check_search(base, bundled)
