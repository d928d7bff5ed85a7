"""Hostile strings through every exporter, read back by real parsers.

A roadmap whose every text (track, topic, concept, resource, link label,
placement note, author) is generated from pieces that break formats, with
URLs full of characters that need escaping, is exported to each built-in
format in both languages. The output must parse with the format's own
reader and hold every resource: JSON validates against the published schema
and loads back equal; CSV reads strictly with a row shape kept; Markdown has
no raw HTML and a link for every resource; BibTeX parses with no failed
block; Mermaid keeps to the line grammar the exporter promises; the HTML page
keeps its two scripts whatever the data says.
"""

import csv
import io
import json
import re
from html.parser import HTMLParser
from importlib.resources import files
from typing import Any

import bibtexparser
import jsonschema
from _fuzz_common import ACCEPTED_TEXT, FUZZ, GOOD_URL
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import llm_roadmap
from llm_roadmap.exporters.json import load_json

TEXT_PAIR = st.builds(lambda zh, en: {"zh": zh, "en": en}, ACCEPTED_TEXT, ACCEPTED_TEXT)


@st.composite
def roadmaps(draw: Any) -> dict[str, Any]:
    count = draw(st.integers(1, 4))
    resources = [
        {
            "id": f"r-{i}",
            "title": draw(st.one_of(ACCEPTED_TEXT, TEXT_PAIR)),
            "url": draw(GOOD_URL),
            "kind": draw(st.sampled_from(["paper", "book", "article", "repo", "video", "course"])),
            "language": draw(st.sampled_from(["en", "zh", "zh-Hans"])),
            "description": draw(TEXT_PAIR),
            "authors": draw(st.lists(ACCEPTED_TEXT, max_size=3)),
            "links": [
                {"url": draw(GOOD_URL), "label": draw(TEXT_PAIR)}
                for _ in range(draw(st.integers(0, 2)))
            ],
        }
        for i in range(count)
    ]
    topic = {
        "id": "t-one",
        "title": draw(TEXT_PAIR),
        "summary": draw(TEXT_PAIR),
        "concepts": [draw(TEXT_PAIR)],
        "resources": [{"resource": r["id"], "note": draw(TEXT_PAIR)} for r in resources],
    }
    second = {
        "id": "t-two",
        "title": draw(TEXT_PAIR),
        "summary": draw(TEXT_PAIR),
        "prerequisites": ["t-one"],
        "resources": [{"resource": resources[0]["id"]}],
    }
    track = {
        "id": "fuzz-track",
        "title": draw(TEXT_PAIR),
        "summary": draw(TEXT_PAIR),
        "topics": [topic, second],
    }
    return {"tracks": [track], "resources": resources}


class _Plugin:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    @llm_roadmap.hookimpl
    def register_tracks(self, register: Any) -> None:
        register(self.data)


def _load(data: dict[str, Any]) -> llm_roadmap.Roadmap:
    return llm_roadmap.load(
        plugins=[],
        disable_plugins=["llm_roadmap.bundled"],
        strict=True,
        extra_plugins=[("fuzz", _Plugin(data))],
    )


SCHEMA = json.loads(files("llm_roadmap").joinpath("roadmap.schema.json").read_text("utf-8"))
ANCHOR = re.compile(r'<a id="[\w-]+">|</a>|<a id="[\w-]+"></a>')
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
MERMAID_ID = r"[A-Za-z_][A-Za-z0-9_]*"
MERMAID_LABEL = r'"[^"\n]*"'
MERMAID_LINE = re.compile(
    rf"^(?:flowchart \w+|%%.*|\s+subgraph {MERMAID_ID}\[{MERMAID_LABEL}\]|\s+end|"
    rf"\s+direction \w+|\s+{MERMAID_ID}\[{MERMAID_LABEL}\]|\s+{MERMAID_ID}\(\[{MERMAID_LABEL}\]\)|"
    rf"\s+{MERMAID_ID} (?:-->|~~~|-\.->) {MERMAID_ID}|\s+classDef .*|\s+class [\w,]+ \w+|"
    rf"\s+style .*|\s+linkStyle .*|\s+click {MERMAID_ID} \"#[a-z0-9-]+\")$"
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.starts.append(tag)


def _check_json(rm: llm_roadmap.Roadmap, text: str, tmp: Any) -> None:
    data = json.loads(text)
    jsonschema.validate(data, SCHEMA)
    path = tmp / "export.json"
    path.write_text(text, encoding="utf-8")
    back = load_json(path)
    assert [r.title for r in back.resources] == [r.title for r in rm.resources]
    assert [r.authors for r in back.resources] == [r.authors for r in rm.resources]
    assert [t.topics for t in back.tracks] == [t.topics for t in rm.tracks]


def _check_csv(rm: llm_roadmap.Roadmap, text: str) -> None:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True))
    assert rows and all(len(row) == len(rows[0]) for row in rows)
    cells = {cell for row in rows for cell in row}
    assert all(r.url in cells for r in rm.resources)


def _check_markdown(rm: llm_roadmap.Roadmap, text: str) -> None:
    tokens = MD.parse(text)
    hrefs = set()
    for token in tokens:
        for child in [token, *(token.children or [])]:
            if child.type in ("html_block", "html_inline"):
                # Only the exporter's own heading anchors.
                assert ANCHOR.fullmatch(child.content.strip()), child.content
            if child.type == "link_open":
                hrefs.add(child.attrs["href"])
    assert all(MD.normalizeLink(r.url) in hrefs for r in rm.resources)
    rendered = MD.render(text)
    for element in ("<script", "<img", "<b>", "<!--"):
        assert element not in rendered


def _check_bibtex(text: str) -> None:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]


def _check_mermaid(text: str) -> None:
    bad = [line for line in text.splitlines() if line and not MERMAID_LINE.match(line)]
    assert not bad, bad


def _check_html(text: str, baseline: list[str]) -> None:
    parser = _Tags()
    parser.feed(text)
    assert parser.starts.count("script") == baseline.count("script")
    assert parser.starts.count("style") == baseline.count("style")
    match = re.search(
        r'<script type="application/json" id="roadmap-data">(.*?)</script>', text, re.S
    )
    assert match is not None
    json.loads(match.group(1))


_BASELINE: list[str] = []


@FUZZ
@given(data=roadmaps(), lang=st.sampled_from(["en", "zh"]))
def test_every_export_reads_back(tmp_path_factory: Any, data: dict[str, Any], lang: str) -> None:
    rm = _load(data)
    tmp = tmp_path_factory.mktemp("fuzz")
    _check_json(rm, rm.export("json", lang=lang), tmp)
    _check_csv(rm, rm.export("csv", lang=lang))
    _check_markdown(rm, rm.export("markdown", lang=lang))
    _check_bibtex(rm.export("bibtex", lang=lang, all=True))
    _check_mermaid(rm.export("mermaid", lang=lang))
    if not _BASELINE:
        benign = _Tags()
        benign.feed(_load(_benign()).export("html", lang=lang))
        _BASELINE.extend(benign.starts)
    _check_html(rm.export("html", lang=lang), _BASELINE)


def _benign() -> dict[str, Any]:
    text = {"zh": "文", "en": "text"}
    return {
        "tracks": [
            {
                "id": "fuzz-track",
                "title": text,
                "summary": text,
                "topics": [
                    {
                        "id": "t-one",
                        "title": text,
                        "summary": text,
                        "resources": [{"resource": "r-0"}],
                    }
                ],
            }
        ],
        "resources": [
            {
                "id": "r-0",
                "title": "t",
                "url": "https://example.org/",
                "kind": "paper",
                "language": "en",
                "description": text,
            }
        ],
    }
