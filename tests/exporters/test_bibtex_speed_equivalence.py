"""The fast BibTeX exporter writes what the plain, entry-by-entry way of writing it writes.

The exporter works column by column, in slices, with shortcuts for the usual
case (texts that need no escaping, keys of ASCII names and titles). Here a
plain reference writes each entry on its own from the one-text helpers
(`_title`, `_authors`, `latex_escape`, `_url`) and letters colliding keys
one by one; on hostile roadmaps (LaTeX specials, ligature pairs, capitals,
accents, CJK, control characters, colliding keys, stop-word-first titles,
a resource listed twice) both must give the same bytes, in both languages,
with and without ``all``, and with slices of every size.
"""

import io
from collections import Counter
from typing import Any

import pytest
from fuzz._fuzz_common import FUZZ, GOOD_URL, PIECES, TEXT
from hypothesis import given
from hypothesis import strategies as st

from llm_roadmap import Identifiers, Kind, Lang, Resource, Roadmap, Text
from llm_roadmap.exporters import ExportOptions, bibtex
from llm_roadmap.exporters import _bibtex_keys as keys_module
from llm_roadmap.vocabulary import LABELS

# -- the reference: one entry at a time -------------------------------------------------


def reference_keys(resources: "list[Resource]") -> "dict[str, str]":
    """Keys made resource by resource; shared keys lettered a, b... by id, key by key."""
    base = []
    for r in resources:
        first = r.authors[0] if r.authors else ""
        family = keys_module._family_part(first) if first else ""
        word = keys_module._word_part(r.title.en)
        year = "" if r.year is None else str(r.year)
        base.append(f"{family}{year}{word}" if family or word else r.id.replace("-", ""))
    unique = dict(zip([r.id for r in resources], base))
    counts = Counter(base)
    taken = set(counts)
    for key in [k for k, n in counts.items() if n > 1]:
        suffixes = keys_module._suffixes()
        for resource_id in sorted(r.id for r, k in zip(resources, base) if k == key):
            candidate = key + next(suffixes)
            while candidate in taken:
                candidate = key + next(suffixes)
            taken.add(candidate)
            unique[resource_id] = candidate
    return unique


def reference_entry(r: Resource, key: str, lang: str) -> str:
    title = bibtex._title(r.title.zh if lang == "zh" else r.title.en, bibtex._Braced())
    lines = [f"@KIND{{{key},"]
    if r.authors:
        lines.append(f"  author = {{{bibtex._authors(r.authors)}}},")
    lines.append(f"  title = {{{title}}},")
    lines.append("  date = {XXXX}," if r.year is None else f"  year = {{{r.year}}},")
    publisher = r.publisher if r.kind is Kind.BOOK else None
    if publisher:
        lines.append(f"  publisher = {{{bibtex.latex_escape(publisher)}}},")
    whole_book = r.kind is Kind.BOOK and bool(r.authors) and r.year is not None and bool(publisher)
    if not whole_book and r.kind is not Kind.PAPER:
        label = LABELS[r.kind].get(lang)
        what = label[0].upper() + label[1:]
        lines.append(f"  howpublished = {{{what}}},")
    ids = r.identifiers
    if ids.arxiv:
        lines.append(f"  eprint = {{{bibtex._url(ids.arxiv)}}},")
        lines.append("  archivePrefix = {arXiv},")
    if ids.doi:
        lines.append(f"  doi = {{{bibtex._url(ids.doi)}}},")
    if ids.isbn:
        lines.append(f"  isbn = {{{ids.isbn}}},")
    lines.append(f"  url = {{{bibtex._url(r.url)}}}")
    lines.append("}")
    return "\n".join(lines).replace("@KIND", "@book" if whole_book else "@misc", 1) + "\n"


def reference_export(roadmap: Roadmap, lang: str, everything: bool) -> str:
    chosen = [r for r in roadmap.resources if everything or r.kind in (Kind.PAPER, Kind.BOOK)]
    keys = reference_keys(chosen)
    return "\n".join(reference_entry(r, keys[r.id], lang) for r in chosen)


def export(roadmap: Roadmap, lang: str, everything: bool) -> str:
    out = io.StringIO()
    params = {"all": True} if everything else {}
    bibtex._write(roadmap, out, ExportOptions(lang=Lang.parse(lang), params=params))
    return out.getvalue()


# -- hostile roadmaps ---------------------------------------------------------------------

_EXTRA = [
    *("--", "''", "``", ",,", "!`", "?`", "<<", ">>", "  ", " ", ",", ";", "-", "'"),
    *("and", "And", "AND", " and ", "The", "the", "A", "On", "of", "Is", "Towards"),
    *("BERT", "GPT-3", "gpT", "İstanbul", "Σ", "ΑΣ", "σ", "ß", "ǅ", "Ⅷ", "Ⓐ", "ﬁ"),
    *("Émile", "Zoë", "Łukasz", "Дмитрий", "李沐", "注意力", "3", "2017", "x\x00y", "\x00"),
    *("a\u0301", "\t", "\n", "\xa0", "\u3000", "Smith, John", "de la Cruz", "O'Brien"),
]
_WORDS = st.sampled_from(PIECES + _EXTRA)
HOSTILE = st.one_of(
    TEXT,
    st.lists(_WORDS, max_size=8).map(" ".join),
    st.lists(_WORDS, max_size=8).map("".join),
)
_TITLES = ["Attention Is All You Need", "The Transformer", "On BERT", "A", "3 GPT-3", "Attention"]
_NAMES = ["Ashish Vaswani", "Noam Shazeer", "Author 1", "Li Mu", "李沐", "Smith, John", "and", ""]


@st.composite
def resources(draw: Any) -> "list[Resource]":
    ids = draw(st.lists(st.sampled_from([f"r-{i}" for i in range(9)] + ["a-0", "zz"]), max_size=9))
    out = []
    for rid in ids:
        out.append(
            Resource(
                id=rid,
                title=Text(zh=draw(HOSTILE), en=draw(st.one_of(HOSTILE, st.sampled_from(_TITLES)))),
                url=draw(st.one_of(GOOD_URL, st.sampled_from(["https://x.org/a b{c}\\d"]))),
                kind=draw(st.sampled_from(list(Kind))),
                language="en",
                authors=tuple(
                    draw(st.lists(st.one_of(st.sampled_from(_NAMES), HOSTILE), max_size=3))
                ),
                year=draw(st.one_of(st.none(), st.sampled_from([2017, 2018, 1990]))),
                publisher=draw(st.one_of(st.none(), st.sampled_from(["MIT Press", ""]), HOSTILE)),
                identifiers=Identifiers(
                    arxiv=draw(st.one_of(st.none(), st.sampled_from(["1706.03762", "", "a {b}"]))),
                    doi=draw(st.one_of(st.none(), st.sampled_from(["10.1/x", "", "10.1/a\\b"]))),
                    isbn=draw(st.one_of(st.none(), st.sampled_from(["9780262035613", ""]))),
                ),
                description=Text(zh="d", en="d"),
            )
        )
    return out


@FUZZ
@given(resources(), st.sampled_from(["en", "zh"]), st.booleans(), st.sampled_from([1, 2, 3, 1024]))
def test_the_export_is_what_writing_entry_by_entry_gives(
    monkeypatch: pytest.MonkeyPatch,
    chosen: "list[Resource]",
    lang: str,
    everything: bool,
    size: int,
) -> None:
    # Slices of every size: the checks done per slice must not change a byte.
    monkeypatch.setattr(bibtex, "_SLICE", size)
    monkeypatch.setattr(keys_module, "_SLICE", size)
    roadmap = Roadmap(tracks=(), resources=tuple(chosen))
    assert export(roadmap, lang, everything) == reference_export(roadmap, lang, everything)


@FUZZ
@given(st.lists(HOSTILE, max_size=8))
def test_titles_at_once_are_each_title_on_its_own(titles: "list[str]") -> None:
    assert bibtex._titles(titles) == [bibtex._title(t, bibtex._Braced()) for t in titles]


@FUZZ
@given(resources())
def test_keys_at_once_are_keys_made_one_by_one(chosen: "list[Resource]") -> None:
    assert bibtex.citation_keys(chosen) == reference_keys(chosen)


def test_a_slice_boundary_changes_nothing() -> None:
    # One title, name and address needing escaping, far from the others, and
    # keys that collide across slices: the same bytes with slices of any size.
    def resource(i: int) -> Resource:
        odd = i == 2500
        return Resource(
            id=f"resource-{i}",
            title=Text(zh=f"资源 {i}", en="50% {of} Σ--" if odd else f"Attention Is {i}"),
            url="https://x.org/a b" if odd else f"https://x.org/{i}",
            kind=Kind.PAPER if i % 3 else Kind.BOOK,
            language="en",
            authors=("Smith, John",) if odd else (f"Author {i % 700}", "Noam Shazeer"),
            year=2017,
            publisher="MIT Press" if i % 2 else None,
            description=Text(zh="d", en="d"),
        )

    roadmap = Roadmap(tracks=(), resources=tuple(resource(i) for i in range(3000)))
    expected = reference_export(roadmap, "en", False)
    assert export(roadmap, "en", False) == expected
    # Resources 12, 712, ... 2812 share a key, lettered across three slices of 1024.
    assert "{122017attentiona," in expected and "{122017attentione," in expected
