"""The Markdown exporter's shortcuts for a whole topic agree with escaping each text alone.

The exporter checks the texts of a topic's items together (`all_plain`) and
its URLs together (`plain_destinations`), and escapes nothing when they pass.
These properties hold the shortcuts to what `escape` and `link_destination`
make of each text on its own: a batch that passes needs no escaping anywhere,
and a topic's items are the same whether its placements are written together
or one by one, whatever mix of plain and hostile texts the topic holds.
"""

import hostile_plugin
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llm_roadmap import Kind, Lang, Link, Placement, Resource, Role, Text
from llm_roadmap.exporters._markdown_items import Items
from llm_roadmap.exporters._markdown_text import (
    NEEDS_BRACKETS,
    RISKY_FIRST,
    SPECIAL,
    all_plain,
    escape,
    link_destination,
    plain_destinations,
)
from llm_roadmap.exporters.text import words

PIECES = [
    *hostile_plugin.NASTY[:-1],
    *"\\`*_[]<>|~&$#^-+=.)( \t\n\r\x00\x1f\x7f\x85\xa0\u2028\u3000",
    "  ",
    " ^",
    "^-",
    "1.",
    "12)",
    "注意力",
    "Plain words",
]
TEXT = st.one_of(
    st.sampled_from(["Plain title", "Ann Lee", "What it is: a text", "x"]),
    st.lists(st.sampled_from(PIECES), max_size=4).map("".join),
    st.text(max_size=8),
)
URL = st.one_of(
    st.sampled_from(["https://example.org/a?b=1", "https://x.org/", *hostile_plugin.URLS]),
    st.text(max_size=12).map(lambda t: f"https://x.org/{t}"),
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(TEXT, max_size=12))
def test_a_batch_that_passes_needs_no_escaping_anywhere(texts):
    if all_plain(texts):
        assert [escape(t) for t in texts] == texts


@SETTINGS
@given(st.lists(URL, max_size=8))
def test_urls_that_pass_together_are_each_written_as_they_are(urls):
    if plain_destinations(urls):
        assert [link_destination(u) for u in urls] == urls


def test_the_shortcuts_pass_plain_texts_and_stop_at_each_kind_of_trouble():
    plain = ["Resource 1: Attention Is All You Need", "Ann Lee", "What it is: a text."]
    assert all_plain(plain)
    for bad in ("a*b", "a  b", "-a", "1. a", "a ", " a", "", "a\nb", "a\u3000b", "注意力 `x`"):
        assert not all_plain([*plain, bad]), repr(bad)
    assert plain_destinations(["https://x.org/a?b=1", "https://例子.测试/路径"])
    for bad in (
        "https://x.org/a(b)",
        "https://x.org/a b",
        "https://x.org/&amp;",
        "https://例子/ <",
    ):
        assert not plain_destinations(["https://x.org/", bad]), repr(bad)


def _escape_leaves_alone(text):
    """The test `escape` makes before it returns a text as it is."""
    return (
        SPECIAL.none_in(text)
        and "  " not in text
        and text[:1] not in RISKY_FIRST
        and text[-1:] != " "
    )


# Every ASCII character, and non-ASCII ones of each sort: special whitespace, a
# line separator, a character the exporter leaves alone (CJK), a non-ASCII digit.
CHARACTERS = [*map(chr, range(0x80)), "\x85", "\xa0", "\u2028", "\u3000", "中", "\u0661"]


@pytest.mark.parametrize("companion", ["Plain words", "注意力 words"], ids=["ascii", "unicode"])
def test_the_batch_check_is_escapes_own_test_for_each_character(companion):
    # A batch passes exactly when escape() would leave each of its texts alone,
    # on the all-ASCII path and on the other: the check is neither looser nor
    # needlessly stricter, for each character at the start, inside and at the end
    # ("^" is the one exception: it stops the batch at the start of a text).
    for c in CHARACTERS:
        for text in (c + "a", "a" + c + "b", "a" + c, c + c):
            batch = [companion, text, "Ann Lee"]
            expected = all(map(_escape_leaves_alone, batch))
            assert all_plain(batch) == (expected and not text.endswith("^")), repr(text)


@pytest.mark.parametrize(
    "companion", ["https://x.org/a", "https://例子.测试/a"], ids=["ascii", "unicode"]
)
def test_the_url_batch_check_is_the_destinations_own_test_for_each_character(companion):
    for c in CHARACTERS:
        url = f"https://x.org/a{c}b"
        assert plain_destinations([companion, url]) == (NEEDS_BRACKETS.search(url) is None), repr(c)


@st.composite
def topics(draw):
    count = draw(st.integers(1, 6))
    resources = {
        f"r-{i}": Resource(
            id=f"r-{i}",
            title=Text(zh=draw(TEXT), en=draw(TEXT)),
            url=draw(URL),
            kind=draw(st.sampled_from(list(Kind))),
            language=draw(st.sampled_from(["en", "zh", "fr"])),
            authors=tuple(draw(st.lists(TEXT, max_size=4))),
            year=draw(st.one_of(st.none(), st.integers(1990, 2030))),
            description=Text(zh=draw(TEXT), en=draw(TEXT)),
            free=draw(st.booleans()),
            links=tuple(
                Link(url=draw(URL), label=Text.same(draw(TEXT)))
                for _ in range(draw(st.integers(0, 2)))
            ),
        )
        for i in range(count)
    }
    placements = [
        Placement(
            resource=draw(st.sampled_from([*resources, "missing"])),
            role=draw(st.sampled_from([Role.CORE, Role.OPTIONAL])),
            note=draw(st.one_of(st.none(), TEXT.map(Text.same))),
        )
        for _ in range(draw(st.integers(1, 8)))
    ]
    return resources, placements


@SETTINGS
@given(topics(), st.sampled_from(list(Lang)))
def test_a_topic_written_together_is_its_placements_written_one_by_one(topic, lang):
    resources, placements = topic
    together: list[str] = []
    Items(resources, lang, words(lang), None, "").placements(placements, together)
    alone: list[str] = []
    items = Items(resources, lang, words(lang), None, "")
    for placement in placements:
        items.placements([placement], alone)
    assert together == alone
