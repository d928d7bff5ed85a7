"""The BibTeX exporter, read back with bibtexparser v2 and decoded with pylatexenc."""

import bibtexparser
import exporters_sample
import hostile_plugin
import pytest
from bibtexparser.middlewares import SeparateCoAuthors
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from llm_roadmap import Kind, Resource, Roadmap, Text
from llm_roadmap.exporters.bibtex import citation_keys

CONTROLS = {chr(c) for c in (*range(0x20), 0x7F)}


@pytest.fixture(scope="module")
def latex():
    """A LaTeX-to-text decoder that knows the standard text commands the exporter uses.

    pylatexenc's default database lacks a few LaTeX2e text symbols
    (``\\textbraceleft``, ``\\textless``...); they are added with what LaTeX prints.
    """
    db = get_default_latex_context_db()
    symbols = {
        "textbraceleft": "{",
        "textbraceright": "}",
        "textless": "<",
        "textgreater": ">",
        "textbar": "|",
        "textasciicircum": "^",
    }
    db.add_context_category(
        "llm-roadmap-tests",
        prepend=True,
        macros=[MacroTextSpec(name, simplify_repl=text) for name, text in symbols.items()],
    )
    decoder = LatexNodes2Text(latex_context=db, math_mode="verbatim")
    return decoder.latex_to_text


def parse(text):
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


def plain(text):
    return "".join(c for c in " ".join(text.split()) if c not in CONTROLS)


def test_papers_and_books_become_entries(sample):
    library = parse(sample.export("bibtex"))
    entries = {e.key: e for e in library.entries}
    wanted = [r for r in sample.resources if r.kind in (Kind.PAPER, Kind.BOOK)]
    assert len(library.entries) == len(wanted) == 4
    assert set(entries) == {
        "zhang2023dive",
        "vaswani2017attentiona",
        "vaswani2017attentionb",
        "devlin2018bert",
    }
    assert entries["zhang2023dive"].entry_type == "book"
    assert entries["zhang2023dive"]["isbn"] == "9781009389433"
    bert = entries["devlin2018bert"]
    assert bert.entry_type == "misc"
    assert (bert["eprint"], bert["archivePrefix"], bert["doi"]) == (
        "1810.04805",
        "arXiv",
        "10.18653/v1/N19-1423",
    )
    assert bert["url"] == "https://arxiv.org/abs/1810.04805"
    assert bert["year"] == "2018"
    assert bert["author"] == ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"]
    assert "primaryClass" not in bert.fields_dict  # not known, so not invented
    assert "eprint" not in entries["vaswani2017attentionb"].fields_dict


def test_capitals_are_protected_and_titles_round_trip(sample, latex):
    library = parse(sample.export("bibtex"))
    bert = next(e for e in library.entries if e.key == "devlin2018bert")
    assert bert["title"].startswith("{BERT:} {Pre-training} of {Deep}")
    by_url = {r.url: r for r in sample.resources}
    for entry in library.entries:
        assert latex(entry["title"]) == by_url[entry["url"]].title.en


def test_everything_round_trips_for_hostile_data(hostile, latex):
    library = parse(hostile.export("bibtex", all=True))
    assert len(library.entries) == len(hostile.resources)
    assert len({e.key for e in library.entries}) == len(library.entries)
    ordered = list(hostile.resources)
    for entry, resource in zip(library.entries, ordered):
        assert latex(entry["title"]) == plain(resource.title.en), entry.key
        assert [latex(a) for a in entry["author"]] == [plain(a) for a in resource.authors], (
            entry.key
        )
        assert entry["year"] == str(resource.year)
        unsafe = set('{}\\"')
        if not unsafe & set(resource.url):
            assert entry["url"] == resource.url
        else:
            assert "{" not in entry["url"] and "\\" not in entry["url"]


def balanced(value):
    """BibTeX's own rule: braces balance, counted without regard to backslashes."""
    depth = 0
    for c in value:
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def test_every_field_is_balanced_as_bibtex_counts_braces(hostile):
    library = bibtexparser.parse_string(hostile.export("bibtex", all=True))
    values = [field.value for entry in library.entries for field in entry.fields]
    assert len(values) >= 5 * len(hostile.resources)
    assert [v for v in values if not balanced(v)] == []


def test_keys_are_stable_and_unique(sample, hostile):
    assert sample.export("bibtex") == exporters_sample.load().export("bibtex")
    resources = list(hostile.resources)
    keys = citation_keys(resources)
    assert len(set(keys.values())) == len(resources)
    # Independent of the order the resources come in.
    assert citation_keys(list(reversed(resources))) == keys
    clash = citation_keys(
        [r for r in sample.resources if r.id in ("attention-is-all-you-need", "d2l-vaswani-clash")]
    )
    assert clash == {
        "attention-is-all-you-need": "vaswani2017attentiona",
        "d2l-vaswani-clash": "vaswani2017attentionb",
    }


def test_options_language_subset_and_all(sample):
    zh = parse(sample.export("bibtex", lang="zh"))
    assert "{动手学深度学习}" not in [e["title"] for e in zh.entries]
    assert "动手学深度学习" in [e["title"] for e in zh.entries]
    assert len(parse(sample.export("bibtex", kinds=["book"])).entries) == 1
    everything = parse(sample.export("bibtex", all=True))
    assert len(everything.entries) == len(sample.resources)
    blog = next(e for e in everything.entries if e["url"].startswith("https://jalammar"))
    assert (blog.entry_type, blog["howpublished"]) == ("misc", "Blog")
    chinese = parse(sample.export("bibtex", all=True, lang="zh"))
    blog = next(e for e in chinese.entries if e["url"].startswith("https://jalammar"))
    assert blog["howpublished"] == "博客"


_NAMES = [
    "Ann Lee",
    "",
    " leading",
    "trailing ",
    "double  space",
    "and",
    "and Bob",
    "Bob and",
    "Tom and Jerry",
    "Tom AND Jerry",
    "Andrew Sand",
    "Lee, Ann",
    "Ming-Wei Chang",
    "O'Brien",
    "x^y",
    "Anne;Marie",
    "李 明",
    *(f"a{chr(c)}b" for c in range(0x110000) if chr(c).isspace()),
    *(f"a{chr(c)}b" for c in range(0x20)),
    *(f"a{c}b" for c in "\\{}$&%#_^~<>|`',!?-\x7f"),
]


def test_every_name_stays_one_author_however_it_is_written(sample):
    # A comma, the word "and" or a special character inside a name must not
    # split it into two authors or merge it with its neighbour.
    named = [name for name in _NAMES if name.strip()]
    papers = [
        Resource(
            id=f"p-{i}",
            title=Text(zh="论文", en="A paper"),
            url=f"https://example.org/{i}",
            kind=Kind.PAPER,
            language="en",
            authors=("Ann Lee", name, "Bo Chen"),
            year=2020,
            description=Text(zh="d", en="d"),
        )
        for i, name in enumerate(named)
    ]
    text = Roadmap(tracks=(), resources=tuple(papers), exporters=sample.exporters).export("bibtex")
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert len(library.entries) == len(named)
    split = {e.key: e["author"] for e in library.entries if len(e["author"]) != 3}
    assert split == {}


@pytest.mark.parametrize(
    "text", [*hostile_plugin.NASTY, "BERT: Pre-training", "Σ ΑΣ σ", "İstanbul"]
)
def test_title_braces_exactly_the_words_with_a_capital(sample, text):
    from llm_roadmap.exporters.bibtex import latex_escape

    paper = Resource(
        id="p",
        title=Text(zh=text, en=text),
        url="https://example.org/p",
        kind=Kind.PAPER,
        language="en",
        description=Text(zh="d", en="d"),
    )
    exported = Roadmap(tracks=(), resources=(paper,), exporters=sample.exporters).export("bibtex")
    (entry,) = bibtexparser.parse_string(exported).entries
    expected = " ".join(
        "{" + w + "}" if w != w.lower() else w for w in latex_escape(text).split(" ")
    )
    assert entry["title"] == expected


def test_the_command_reports_the_entries_it_wrote(tmp_path):
    # A bibliography holds the papers and books, not every resource: the
    # summary line counts what is in the file.
    import json
    import subprocess
    import sys

    out = tmp_path / "papers.bib"
    for args, lang in (([], "en"), (["-O", "all=true"], "zh")):
        command = [sys.executable, "-m", "llm_roadmap", "--lang", lang, "export", "-f", "bibtex"]
        proc = subprocess.run(
            [*command, "-o", str(out), *args],
            capture_output=True,
            text=True,
            check=True,
        )
        entries = len(parse(out.read_text(encoding="utf-8")).entries)
        wanted = f"{entries} 条文献" if lang == "zh" else f"{entries} entries"
        assert proc.stderr.strip().endswith(wanted), proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "llm_roadmap", "--json", "export", "-f", "bibtex", "-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(proc.stderr)
    assert (
        report["entries"]
        == len(parse(out.read_text(encoding="utf-8")).entries)
        < report["resources"]
    )
