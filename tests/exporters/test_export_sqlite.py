"""The SQLite exporter: its schema read back with real sqlite3 queries, and served by datasette."""

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
from llm_roadmap.exporters.sqlite import datasette_metadata, fts_tokenizer

# FTS5's trigram tokenizer came with SQLite 3.34; older ones fall back to unicode61.
needs_trigram = pytest.mark.skipif(
    sqlite3.sqlite_version_info < (3, 34), reason="SQLite before 3.34 has no trigram tokenizer"
)


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
    assert info["lang"] == "zh" and info["schema_version"] == "1"


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


def _fts(connection, table, phrase):
    return [
        r[0]
        for r in rows(
            connection,
            f"SELECT t.id FROM {table}_fts f JOIN {table} t ON t.rowid = f.rowid"
            f" WHERE {table}_fts MATCH ? ORDER BY rank",
            f'"{phrase}"',
        )
    ]


@needs_trigram
def test_full_text_search_finds_chinese_words_inside_longer_text(db):
    assert rows(db, "SELECT value FROM export_info WHERE key='fts_tokenizer'") == [("trigram",)]
    assert _fts(db, "resources", "深度学习") == ["d2l"]  # inside 动手学深度学习
    assert set(_fts(db, "resources", "deep learning")) == {"d2l", "cs224n"}
    assert _fts(db, "topics", "反向传播") == ["deep-learning"]  # a concept
    assert _fts(db, "topics", "BACKPROP") == ["deep-learning"]  # case-insensitive
    assert _fts(db, "tracks", "注意力机制") == ["transformers"]  # a summary


@needs_trigram
def test_why_trigram_unicode61_misses_chinese_words():
    # unicode61 takes the whole run 动手学深度学习 as one token.
    connection = sqlite3.connect(":memory:")
    assert fts_tokenizer(connection) == "trigram"
    for tokenizer, found in (("unicode61", []), ("trigram", [(1,)])):
        connection.execute(
            f"CREATE VIRTUAL TABLE t_{tokenizer} USING fts5(x, tokenize={tokenizer})"
        )
        connection.execute(f"INSERT INTO t_{tokenizer} (rowid, x) VALUES (1, '动手学深度学习')")
        hits = rows(
            connection, f"SELECT rowid FROM t_{tokenizer} WHERE t_{tokenizer} MATCH '\"深度学习\"'"
        )
        assert hits == found


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
    assert tables["resources"]["label_column"] == "title_zh"
    assert tables["resources"]["description"].startswith("资源")
    assert (
        datasette_metadata(Lang.EN)["databases"]["roadmap"]["tables"]["kinds"]["label_column"]
        == "label_en"
    )


# -- datasette -------------------------------------------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base, path, **query):
    url = f"{base}{path}?{urllib.parse.urlencode(query)}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def datasette(sample, tmp_path_factory):
    pytest.importorskip("datasette")
    directory = tmp_path_factory.mktemp("datasette")
    db_path, meta = directory / "roadmap.db", directory / "metadata.json"
    sample.export("sqlite", db_path, lang="en", metadata=str(meta))
    port = _free_port()
    command = [sys.executable, "-m", "datasette", str(db_path), "--metadata", str(meta)]
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


def test_datasette_serves_the_learning_path(sample, datasette):
    path = _get(
        datasette, "/roadmap/learning_path.json", target_track_id="transformers", _shape="array"
    )
    assert [r["topic_id"] for r in path] == [t.id for t in sample.path("transformers")]
    assert path[0]["track_title_en"] == "Foundations" and path[0]["from_other_track"] == 1


@needs_trigram
def test_datasette_searches_the_full_text_index(datasette):
    found = _get(datasette, "/roadmap/resources.json", _search="深度学习", _shape="array")
    assert [r["id"] for r in found] == ["d2l"]
    search = _get(datasette, "/roadmap/search.json", q="注意力", _shape="array")
    assert {(r["type"], r["id"]) for r in search} >= {
        ("topic", "attention"),
        ("track", "transformers"),
    }


def test_datasette_labels_foreign_keys_with_titles(datasette):
    placed = _get(
        datasette,
        "/roadmap/placements.json",
        topic_id="deep-learning",
        _labels="on",
        _shape="array",
    )
    assert placed[0]["resource_id"] == {"value": "d2l", "label": "Dive into Deep Learning"}
    assert placed[0]["topic_id"]["label"] == "Deep learning"
    tables = _get(datasette, "/roadmap.json")["tables"]
    described = {t["name"]: t for t in tables}
    assert described["resources_fts"]["hidden"] is True
    assert described["resources"]["fts_table"] == "resources_fts"
