"""The installed Anki exporters, driven through llm-roadmap like a user would.

Each test builds its own small roadmap in a temporary folder and loads it with
the bundled data blocked, so the expected notes are known exactly; the .apkg is
then opened for what it is, a zip holding an SQLite collection.
"""

import csv
import io
import json
import sqlite3
import textwrap
import zipfile
from importlib import metadata

import pytest
from llm_roadmap_anki._cards import guid_for

import llm_roadmap

DIST = "llm-roadmap-anki"
HOSTILE_TITLE = '<script>alert("x")</script> & <b>Co</b>'
HOSTILE_URL = 'https://example.com/search?q=a"onmouseover="alert(1)'

DATA = textwrap.dedent(
    f"""
    [[tracks]]
    id = "anki-test"
    order = 7
    title = {{ zh = "测试路线", en = "Test track" }}
    summary = {{ zh = "用于测试的路线。", en = "A track for tests." }}

    [[tracks.topics]]
    id = "retrieval"
    title = {{ zh = "检索", en = "Retrieval" }}
    summary = {{ zh = "如何找到相关文档。", en = "How to find relevant documents." }}
    concepts = [
        {{ zh = "稠密检索", en = "Dense retrieval" }},
        {{ zh = "重排序", en = "Reranking" }},
    ]
    [[tracks.topics.resources]]
    resource = "paper-one"
    role = "core"
    note = {{ zh = "先读这篇。", en = "Read this first." }}
    [[tracks.topics.resources]]
    resource = "hostile"
    role = "optional"

    [[tracks.topics]]
    id = "serving"
    prerequisites = ["retrieval"]
    title = {{ zh = "部署", en = "Serving" }}
    summary = {{ zh = "把模型跑起来。", en = "Running models." }}
    [[tracks.topics.resources]]
    resource = "paper-one"
    role = "optional"

    [[resources]]
    id = "paper-one"
    title = "Dense Passage Retrieval for Open-Domain Question Answering"
    url = "https://arxiv.org/abs/2004.04906"
    kind = "paper"
    language = "en"
    authors = ["Vladimir Karpukhin", "Barlas Oğuz"]
    year = 2020
    identifiers = {{ arxiv = "2004.04906" }}
    level = "intermediate"
    tags = ["dense-retrieval"]
    description = {{ zh = "稠密检索的经典论文。", en = "The classic dense retrieval paper." }}

    [[resources]]
    id = "hostile"
    title = {{ zh = '{HOSTILE_TITLE}', en = '{HOSTILE_TITLE}' }}
    url = '{HOSTILE_URL}'
    kind = "article"
    language = "en"
    [resources.description]
    zh = "描述 <i>不是</i> 标记。"
    en = "Description <i>is not</i> markup & stays text."
    """
)


@pytest.fixture
def roadmap(tmp_path):
    data = tmp_path / "data.toml"
    data.write_text(DATA, encoding="utf-8")
    return llm_roadmap.load(
        paths=[data],
        plugins=[DIST],
        disable_plugins=["llm_roadmap.bundled"],
        environ={},
        strict=True,
    )


def _collection(apkg: bytes, tmp_path) -> sqlite3.Connection:
    archive = zipfile.ZipFile(io.BytesIO(apkg))
    assert sorted(archive.namelist()) == ["collection.anki2", "media"]
    assert json.loads(archive.read("media")) == {}
    path = tmp_path / "collection.anki2"
    path.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(str(path))


def _notes(db: sqlite3.Connection) -> dict[str, dict[str, str]]:
    models = json.loads(db.execute("select models from col").fetchone()[0])
    out = {}
    for guid, mid, flds, tags in db.execute("select guid, mid, flds, tags from notes"):
        names = [f["name"] for f in models[str(mid)]["flds"]]
        values = flds.split("\x1f")
        assert len(values) == len(names)
        out[guid] = {
            **dict(zip(names, values)),
            "_model": models[str(mid)]["name"],
            "_tags": tags.split(),
        }
    return out


def _rid(resource_id: str) -> str:
    return guid_for("llm-roadmap", "resource", resource_id)


def test_plugin_and_exporters_are_registered_with_provenance(roadmap):
    record = next(p for p in roadmap.plugins if p.distribution == DIST)
    assert record.status.value == "loaded"
    assert record.version == metadata.version(DIST)
    assert record.hooks == ("register_exporters",)
    assert record.contributed["exporters"] == 2
    apkg, tsv = roadmap.exporters["anki"], roadmap.exporters["anki-tsv"]
    assert apkg.binary is True and apkg.suffix == ".apkg"
    assert tsv.binary is False
    assert apkg.provenance.distribution == DIST == tsv.provenance.distribution


def test_apkg_holds_one_note_per_resource_and_per_concept(roadmap, tmp_path):
    db = _collection(roadmap.export("anki", lang="en", timestamp=1_700_000_000), tmp_path)
    notes = _notes(db)
    assert len(notes) == 2 + 2  # two resources, two concepts
    paper = notes[_rid("paper-one")]
    assert paper["_model"] == "llm-roadmap resource"
    assert paper["Title"] == "Dense Passage Retrieval for Open-Domain Question Answering"
    assert paper["Topic"] == "Retrieval — Test track · Serving — Test track"
    assert paper["Kind"] == "Paper"
    assert paper["Description"] == "The classic dense retrieval paper."
    assert paper["Authors"] == "Vladimir Karpukhin, Barlas Oğuz"
    assert paper["Year"] == "2020"
    assert (
        paper["Link"]
        == '<a href="https://arxiv.org/abs/2004.04906">https://arxiv.org/abs/2004.04906</a>'
    )
    assert "Read this first." in paper["Note"]
    assert "llm-roadmap::topic::retrieval" in paper["_tags"]
    assert "llm-roadmap::kind::paper" in paper["_tags"]
    concepts = {n["Concept"]: n for n in notes.values() if n["_model"] == "llm-roadmap concept"}
    assert set(concepts) == {"Dense retrieval", "Reranking"}
    rerank = concepts["Reranking"]
    assert rerank["Topic"] == "Retrieval" and rerank["Track"] == "Test track"
    assert rerank["Summary"] == "How to find relevant documents."
    # The core resource is listed to study with; the optional one is not.
    assert "arxiv.org/abs/2004.04906" in rerank["Resources"]
    assert "example.com" not in rerank["Resources"]
    # Every note has exactly one card, in a deck that exists.
    decks = json.loads(db.execute("select decks from col").fetchone()[0])
    names = {int(k): v["name"] for k, v in decks.items()}
    assert "LLM Roadmap::007 Test track" in names.values()
    rows = db.execute("select n.id, c.did from notes n join cards c on c.nid = n.id").fetchall()
    assert len(rows) == len(notes)
    assert all(names[did] == "LLM Roadmap::007 Test track" for _, did in rows)


def test_hostile_title_and_url_are_escaped(roadmap, tmp_path):
    db = _collection(roadmap.export("anki", timestamp=1_700_000_000), tmp_path)
    hostile = _notes(db)[_rid("hostile")]
    assert (
        hostile["Title"]
        == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;"
    )
    assert "<script" not in hostile["Title"] and "<b>" not in hostile["Title"]
    assert (
        hostile["Description"] == "Description &lt;i&gt;is not&lt;/i&gt; markup &amp; stays text."
    )
    # The quote cannot close the href attribute and smuggle in an event handler.
    assert (
        'href="https://example.com/search?q=a&quot;onmouseover=&quot;alert(1)"' in hostile["Link"]
    )
    assert '"onmouseover' not in hostile["Link"]


def test_guids_are_stable_across_exports_and_languages(roadmap, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = set(_notes(_collection(roadmap.export("anki", lang="en"), tmp_path / "a")))
    second = _notes(_collection(roadmap.export("anki", lang="zh"), tmp_path / "b"))
    assert first == set(second)
    assert _rid("paper-one") in first
    # And the zh export really is in Chinese.
    assert second[_rid("paper-one")]["Kind"] == "论文"
    assert second[_rid("paper-one")]["Description"] == "稠密检索的经典论文。"
    concept = next(n for n in second.values() if n["_model"] == "llm-roadmap concept")
    assert concept["Concept"] in {"稠密检索", "重排序"}
    assert any(n["Topic"].startswith("检索") for n in second.values())


def test_options_deck_subdecks_and_concepts(roadmap, tmp_path):
    db = _collection(
        roadmap.export("anki", deck="Study::LLM", subdecks="false", concepts=False), tmp_path
    )
    notes = _notes(db)
    assert set(notes) == {_rid("paper-one"), _rid("hostile")}
    decks = {
        v["name"] for v in json.loads(db.execute("select decks from col").fetchone()[0]).values()
    }
    assert "Study::LLM" in decks
    assert not any(name.startswith("Study::LLM::") for name in decks)


def test_bad_option_fails_and_leaves_an_existing_file_untouched(roadmap, tmp_path):
    target = tmp_path / "deck.apkg"
    roadmap.export("anki", target)
    before = target.read_bytes()
    with pytest.raises(llm_roadmap.ExportError, match="deck"):
        roadmap.export("anki", target, deck="Study::")
    assert target.read_bytes() == before
    assert zipfile.is_zipfile(target)


def test_tsv_is_anki_import_text(roadmap):
    text = roadmap.export("anki-tsv", lang="en")
    lines = text.split("\n")
    assert lines[:7] == [
        "#separator:tab",
        "#html:true",
        "#notetype:Basic",
        "#columns:Front\tBack\tTags\tDeck\tGUID",
        "#tags column:3",
        "#deck column:4",
        "#guid column:5",
    ]
    rows = list(csv.reader(io.StringIO("\n".join(lines[7:])), delimiter="\t"))
    assert len(rows) == 4
    assert all(len(row) == 5 for row in rows)
    fronts = [row[0] for row in rows]
    assert any("Dense Passage Retrieval" in f for f in fronts)
    hostile = next(row for row in rows if "alert" in row[0])
    assert "<script" not in hostile[0] and "&lt;script&gt;" in hostile[0]
    assert 'href="https://example.com/search?q=a&quot;onmouseover' in hostile[1]
    # The back repeats the front, then the answer.
    paper = next(row for row in rows if "Dense Passage Retrieval" in row[0])
    assert paper[1].startswith(paper[0].split(" <div")[0])
    assert "The classic dense retrieval paper." in paper[1]
    assert "(2020)" in paper[1]
    assert "llm-roadmap::topic::retrieval" in paper[2].split()
    assert paper[3] == "LLM Roadmap::007 Test track"
    guids = [row[4] for row in rows]
    assert len(set(guids)) == 4
    # A line starting with "#" is a comment to Anki; the front always starts with markup.
    assert all(row[0].startswith("<div") for row in rows)
    assert all("\n" not in cell for row in rows for cell in row)
    # Stable: a second export has the same GUIDs.
    again = roadmap.export("anki-tsv", lang="zh")
    assert [
        r[4] for r in csv.reader(io.StringIO("\n".join(again.split("\n")[7:])), delimiter="\t")
    ] == guids


def test_full_installed_roadmap_exports(tmp_path):
    roadmap = llm_roadmap.load(environ={})
    db = _collection(roadmap.export("anki", lang="zh"), tmp_path)
    notes = _notes(db)
    concepts = sum(len(t.concepts) for t in roadmap.topics)
    assert len(notes) == len(roadmap.resources) + concepts
    assert db.execute("select count(*) from cards").fetchone()[0] == len(notes)


def test_fixed_timestamp_gives_identical_bytes(roadmap, tmp_path):
    first = roadmap.export("anki", timestamp=1_700_000_000)
    second = roadmap.export("anki", timestamp="1700000000")
    assert first == second
    db = _collection(first, tmp_path)
    assert {row[0] for row in db.execute("select mod from notes")} == {1_700_000_000}
    assert roadmap.export("anki", timestamp=1_700_000_001) != first
    with pytest.raises(llm_roadmap.ExportError, match="timestamp"):
        roadmap.export("anki", timestamp="yesterday")


def test_source_date_epoch_gives_identical_bytes(roadmap, tmp_path, monkeypatch):
    # The reproducible-builds variable: two exports are byte-identical, the
    # notes carry its time, and -O timestamp= still wins over it.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = roadmap.export("anki")
    assert roadmap.export("anki") == first
    db = _collection(first, tmp_path)
    assert {row[0] for row in db.execute("select mod from notes")} == {1_700_000_000}
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert roadmap.export("anki", timestamp=1_700_000_001) != first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    assert roadmap.export("anki") == roadmap.export("anki", timestamp=1_700_000_001)
    for bad in ("yesterday", "-5", "1.5e9", "１７"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", bad)
        with pytest.raises(llm_roadmap.ExportError, match="SOURCE_DATE_EPOCH must be"):
            roadmap.export("anki")


def test_the_command_honours_source_date_epoch(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    outputs = []
    for name in ("a.apkg", "b.apkg"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "llm_roadmap",
                "export",
                "-f",
                "anki",
                "-o",
                str(tmp_path / name),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    env["SOURCE_DATE_EPOCH"] = "soon"
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "llm_roadmap",
            "export",
            "-f",
            "anki",
            "-o",
            str(tmp_path / "c.apkg"),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert "SOURCE_DATE_EPOCH must be" in bad.stderr and not (tmp_path / "c.apkg").exists()
