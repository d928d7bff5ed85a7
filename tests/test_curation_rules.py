"""Curation rules that the docs state and the data must keep: a light core, one glossary.

Both rules live in the documentation, where curators read them, and these
tests read them from there:

- the curation guide asks a beginner for at most three things per topic (its
  core placements and one pick from each group of alternatives); a topic that
  needs more is listed, with its reason, in a table of the curation log;
- the curation guide's glossary table names one term per concept in Chinese
  and English, and the terms not to use.

They run on the bundled data and the first-party plugin's data, read from the
checkout.
"""

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

import llm_roadmap
from llm_roadmap import Roadmap, Role, Topic, lint

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "curation-guide.md"
LOG = ROOT / "docs" / "curation-log.md"
PLUGIN_DATA = ROOT / "plugins" / "llm-roadmap-llm-apps" / "llm_roadmap_llm_apps" / "data"
CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_REQUIRED = 3


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return llm_roadmap.load(paths=[str(PLUGIN_DATA)], plugins=[], environ={})


# -- reading a table of a Markdown page -------------------------------------------


def _table_after(path: Path, heading: str) -> list[list[list[Token]]]:
    """The rows (cells as inline children) of the first table after ``heading``."""
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(path.read_text(encoding="utf-8"))
    start = next(
        (
            i
            for i, t in enumerate(tokens)
            if t.type == "inline" and t.content == heading and tokens[i - 1].type == "heading_open"
        ),
        None,
    )
    assert start is not None, f"{path.name} has no heading {heading!r}"
    rows: list[list[list[Token]]] = []
    in_table = False
    row: list[list[Token]] = []
    for token in tokens[start + 1 :]:
        if token.type == "heading_open" and not in_table:
            break
        if token.type == "table_open":
            in_table = True
        elif token.type == "table_close":
            return rows
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            rows.append(row)
        elif token.type == "inline" and in_table:
            row.append(token.children or [])
    raise AssertionError(f"no table under {heading!r} in {path.name}")


def _text(cell: list[Token]) -> str:
    return "".join(t.content for t in cell).strip()


def _codes(cell: list[Token]) -> list[str]:
    """The terms of a cell: its code spans."""
    return [t.content for t in cell if t.type == "code_inline"]


# -- a light core -----------------------------------------------------------------


def required(topic: Topic) -> int:
    """What a topic asks of a beginner: its core placements and one pick per group."""
    core = sum(1 for p in topic.resources if p.role is Role.CORE)
    groups = {p.group for p in topic.resources if p.role is Role.ALTERNATIVE}
    return core + len(groups)


def waived_topics() -> dict[str, str]:
    """The curation log's table of topics allowed more than three, with their reasons."""
    rows = _table_after(LOG, "Topics with more than three required resources")
    header, body = rows[0], rows[1:]
    assert [_text(c) for c in header] == ["Topic", "Required", "Reason"]
    return {_text(row[0]).strip("`"): _text(row[2]) for row in body}


def test_no_topic_asks_more_than_three_things_unless_the_log_says_why(roadmap: Roadmap) -> None:
    over = {t.id: required(t) for t in roadmap.topics if required(t) > MAX_REQUIRED}
    waived = waived_topics()
    unexplained = {t: n for t, n in over.items() if t not in waived}
    assert not unexplained, (
        f"topics asking more than {MAX_REQUIRED} things, no reason logged: {unexplained}"
    )
    stale = [t for t in waived if t not in over]
    assert not stale, f"the log explains topics that no longer need it: {stale}"
    thin = [t for t, reason in waived.items() if len(reason) < 30]
    assert not thin, f"a waiver needs a real reason: {thin}"
    # The rule has teeth: the topics that once had six and four core items now meet it.
    for topic_id in ("landmark-llms", "bert-and-gpt", "seq2seq-rnn", "agents-tool-use"):
        assert required(roadmap.topic(topic_id)) <= MAX_REQUIRED, topic_id


def test_the_count_takes_one_pick_from_each_group(roadmap: Roadmap) -> None:
    # prompt-engineering: two core resources and the pick of the course group.
    topic = roadmap.topic("prompt-engineering")
    assert sum(p.role is Role.CORE for p in topic.resources) == 2
    assert {p.group for p in topic.resources if p.group} == {"prompt-course"}
    assert required(topic) == 3


def test_optional_placements_say_when_to_read_them(roadmap: Roadmap) -> None:
    # Every optional placement of the LLM path's own topics carries a note.
    silent = [
        (topic.id, p.resource)
        for topic in roadmap.track("llm-foundations").topics
        for p in topic.resources
        if p.role is Role.OPTIONAL and p.note is None
    ]
    assert not silent, silent


# -- one glossary -----------------------------------------------------------------


def glossary() -> list[dict[str, list[str]]]:
    """The guide's glossary: per row, the preferred and rejected terms in each language."""
    rows = _table_after(GUIDE, "Glossary")
    header = [_text(c) for c in rows[0]]
    assert header[:5] == ["concept", "中文", "不用", "English", "not"], header
    return [
        {"zh": _codes(r[1]), "zh_not": _codes(r[2]), "en": _codes(r[3]), "en_not": _codes(r[4])}
        for r in rows[1:]
    ]


def _pattern(term: str) -> re.Pattern[str]:
    """A Chinese term matches anywhere; a Latin one only as a whole word, in any case."""
    if CJK.search(term):
        return re.compile(re.escape(term))
    return re.compile(rf"(?<![A-Za-z_-]){re.escape(term)}(?![A-Za-z_-])", re.IGNORECASE)


def texts(roadmap: Roadmap, lang: str) -> list[tuple[str, str]]:
    """Every text a reader sees in ``lang`` (real titles of works excepted), with where it is."""
    return [
        (f"{kind} {entry.id}: {field}", text.get(lang))
        for entry, kind, field, text in lint.reader_texts(roadmap)
    ]


def test_the_glossary_is_a_real_table() -> None:
    rows = glossary()
    assert len(rows) >= 30
    assert any("词元" in r["zh"] and "令牌" in r["zh_not"] for r in rows)
    assert any("math" in r["en"] and "maths" in r["en_not"] for r in rows)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_texts_use_no_term_the_glossary_rejects(roadmap: Roadmap, lang: str) -> None:
    rejected = [term for row in glossary() for term in row[f"{lang}_not"]]
    assert rejected
    found = [
        (where, term)
        for term in rejected
        for where, text in texts(roadmap, lang)
        if _pattern(term).search(text)
    ]
    assert not found, "terms the glossary rejects:\n" + "\n".join(map(str, found))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_preferred_term_of_the_glossary_is_in_use(roadmap: Roadmap, lang: str) -> None:
    # The glossary describes the data: a term nobody uses is a stale row.
    corpus = "\n".join(text for _, text in texts(roadmap, lang)).lower()
    unused = [term for row in glossary() for term in row[lang] if term.lower() not in corpus]
    assert not unused, f"glossary terms not used in any {lang} text: {unused}"


def test_the_lint_terminology_agrees_with_the_glossary() -> None:
    rows = glossary()
    for term in lint.TERMS:
        row = next((r for r in rows if term.preferred in r[term.lang]), None)
        assert row is not None, f"{term.preferred!r} ({term.lang}) is not in the glossary"
        missing = set(term.variants) - set(row[f"{term.lang}_not"])
        assert not missing, f"{term.preferred!r}: variants {missing} missing from the glossary"


def test_the_glossary_check_finds_a_rejected_term() -> None:
    # The matching the tests above rely on: Chinese anywhere, Latin as a whole word.
    assert _pattern("的出处").search("Adapter 的出处（ICML 2019）")
    assert _pattern("token").search("预训练模型的 token 分类")
    assert not _pattern("token").search("用 Tokenizers 库训练分词器")
    assert _pattern("maths").search("The Maths that machine learning uses")
    assert not _pattern("maths").search("Mathematics for Machine Learning")
