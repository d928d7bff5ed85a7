"""The Markdown exporter, read back with markdown-it-py: CommonMark, and GFM tables."""

import re

import hostile_plugin
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import llm_roadmap
from llm_roadmap import Role
from llm_roadmap.exporters.markdown import escape, link_destination

ANCHOR = re.compile(
    r'^<a id="(?:diagram|other-resources|track-[a-z0-9-]+|topic-[a-z0-9-]+)">$|^</a>$'
)


def parser(preset="commonmark"):
    md = MarkdownIt("commonmark")
    if preset == "gfm":
        md.enable(["table", "strikethrough"])
    # Keep destinations as written (no percent-encoding), so they compare with the data.
    md.normalizeLink = lambda url: url
    return md


def inline_tokens(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from inline_tokens(token.children)


def links(tokens):
    """Every (href, rendered link text) in the document."""
    found = []
    current = None
    for token in inline_tokens(tokens):
        if token.type == "link_open":
            current = [token.attrGet("href"), ""]
        elif token.type == "link_close":
            found.append(tuple(current))
            current = None
        elif current is not None and token.type in ("text", "code_inline"):
            current[1] += token.content
        elif current is not None and token.type == "softbreak":
            current[1] += "\n"
    return found


def plain(text):
    """The text as the exporter promises to render it: one line, without control characters."""
    controls = {chr(c) for c in (*range(0x20), 0x7F) if not chr(c).isspace()}
    return " ".join("".join(c for c in text if c not in controls).split())


@pytest.mark.parametrize("preset", ["commonmark", "gfm"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("which", ["sample", "hostile"])
@pytest.mark.parametrize("checklist", [False, True])
def test_every_resource_is_a_link_with_its_exact_url_and_title(
    request, preset, lang, which, checklist
):
    rm = request.getfixturevalue(which)
    text = rm.export("markdown", lang=lang, checklist=checklist)
    found = links(parser(preset).parse(text))
    expected = {}
    listed = [placed.resource for placed in rm.placed_resources()]
    placed_ids = {p.resource.id for p in rm.placed_resources()}
    listed += [resource for resource in rm.resources if resource.id not in placed_ids]
    for resource in listed:
        key = (resource.url, plain(resource.title.get(lang)))
        expected[key] = expected.get(key, 0) + 1
        # Each resource's secondary links are listed with it.
        for link in resource.links:
            key = (link.url, plain(link.label.get(lang)))
            expected[key] = expected.get(key, 0) + 1
    resource_links = [link for link in found if not link[0].startswith("#")]
    assert sorted(resource_links) == sorted(k for k, n in expected.items() for _ in range(n))


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_no_html_but_the_heading_anchors_and_no_script(request, which):
    rm = request.getfixturevalue(which)
    text = rm.export("markdown")
    md = parser("gfm")
    tokens = md.parse(text)
    html = [
        t.content.strip() for t in inline_tokens(tokens) if t.type in ("html_inline", "html_block")
    ]
    assert html, "the heading anchors are expected"
    assert all(ANCHOR.match(h) for h in html), [h for h in html if not ANCHOR.match(h)]
    rendered = md.render(text)
    # Escaped markup renders as text (&lt;script&gt;), never as an element.
    for element in ("<script", "<img", "<b>", "<!--"):
        assert element not in rendered
    assert not any(href.startswith("javascript") for href, _ in links(tokens))


def test_headings_anchors_and_table_of_contents_agree(sample):
    text = sample.export("markdown", lang="en")
    tokens = parser().parse(text)
    headings = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            anchor = next(
                (
                    c.content
                    for c in inline.children
                    if c.type == "html_inline" and "id=" in c.content
                ),
                None,
            )
            label = "".join(c.content for c in inline.children if c.type == "text")
            headings.append((token.tag, anchor, label))
    assert headings[0] == ("h1", None, "LLM learning roadmap")
    h2 = [(a, label) for tag, a, label in headings if tag == "h2"]
    h3 = [(a, label) for tag, a, label in headings if tag == "h3"]
    assert [label for _, label in h2] == [
        "Contents",
        "Diagram",
        "1. Foundations",
        "2. Transformers",
        "Other resources",
    ]
    assert h3 == [
        ('<a id="topic-deep-learning">', "1.1 Deep learning"),
        ('<a id="topic-nlp-basics">', "1.2 NLP basics"),
        ('<a id="topic-attention">', "2.1 Attention"),
        ('<a id="topic-pretraining">', "2.2 Pre-training"),
    ]
    anchors = {re.search(r'id="([^"]+)"', a).group(1) for _, a, _ in headings if a}
    internal = [href[1:] for href, _ in links(tokens) if href.startswith("#")]
    assert internal, "the table of contents and prerequisites link inside the document"
    assert set(internal) <= anchors


def test_topics_show_summary_concepts_prerequisites_and_advice(sample):
    text = sample.export("markdown", lang="en")
    html = parser().render(text)
    assert "<strong>Concepts:</strong> backpropagation · optimisation" in html
    assert '<strong>Prerequisites:</strong> <a href="#topic-attention">2.1 Attention</a>, ' in html
    assert (
        "<blockquote>\n<p><strong>Advice:</strong> Very important: learn it in depth. "
        "Derive it once yourself." in html
    )
    assert "Somewhat dated: understand the principle, skip the details." in html
    assert "Review selectively; look things up as needed." in html


def test_roles_groups_and_notes(sample):
    text = sample.export("markdown", lang="en")
    tokens = parser().parse(text)
    html = parser().render(text)
    # The two alternatives of "explainers" are the items of one "Pick one" list.
    match = re.search(r"<li><strong>Pick one:</strong>\n<ul>\n(.*?)</ul>", html, re.S)
    assert match
    group = match.group(1)
    assert group.count("<li>") == 2
    assert "The Illustrated Transformer" in group and "Attention (machine learning)" in group
    assert "<strong>Note:</strong> Shorter." in group
    # Optional placements say so, and only they do.
    optional = [p for p in sample.placed_resources() if p.placement.role is Role.OPTIONAL]
    items = [t.content for t in tokens if t.type == "inline" and t.content.startswith("[")]
    assert len([i for i in items if "*optional*" in i]) == len(optional) == 3
    core_item = next(i for i in items if "d2l.ai" in i)
    assert "optional" not in core_item
    assert "Read the first eight chapters." in core_item
    assert (
        "Aston Zhang, Zachary C. Lipton, Mu Li et al. · 2023 · book · beginner · in Chinese"
        in core_item
    )


def test_checklist_mode_puts_a_box_before_every_resource_and_group(sample):
    plain_text = sample.export("markdown", checklist=False)
    checklist = sample.export("markdown", checklist=True)
    assert "[ ]" not in plain_text
    boxes = [line for line in checklist.splitlines() if re.match(r"^ *- \[ \] ", line)]
    placements = sum(len(t.resources) for t in sample.topics)
    groups = 1  # "explainers": its two members each get a box, and so does the group
    unplaced = 1  # "Other resources" is a list, not a checklist
    assert len(boxes) == placements + groups
    assert all(re.match(r"^ *- \[ \] (\[|\*\*)", line) for line in boxes)
    assert len([line for line in checklist.splitlines() if line.startswith("- [")]) >= unplaced
    # Still valid: the links are all there.
    assert len(links(parser().parse(checklist))) == len(links(parser().parse(plain_text)))


def test_the_mermaid_diagrams_are_embedded_as_fenced_blocks(sample, hostile):
    # One overview of the tracks, then one diagram per track in its section:
    # each small enough to stay readable at GitHub's page width.
    from llm_roadmap import Lang
    from llm_roadmap.exporters.mermaid import overview, track_diagram

    for rm in (sample, hostile):
        numbers = {
            topic.id: f"{i}.{j}"
            for i, track in enumerate(rm.tracks, 1)
            for j, topic in enumerate(track.topics, 1)
        }
        for lang in ("en", "zh"):
            tokens = parser().parse(rm.export("markdown", lang=lang))
            fences = [t for t in tokens if t.type == "fence"]
            tracks = [t for t in rm.tracks if t.topics]
            assert len(fences) == 1 + len(tracks)
            assert {f.info for f in fences} == {"mermaid"}
            assert fences[0].content == overview(rm, Lang.parse(lang))
            for fence, track in zip(fences[1:], tracks):
                assert fence.content == track_diagram(rm, track, Lang.parse(lang), numbers)
    no_diagram = parser().parse(sample.export("markdown", diagram=False))
    assert not [t for t in no_diagram if t.type == "fence"]


def test_each_track_diagram_sits_in_its_track_section_and_links_to_its_topics(sample):
    text = sample.export("markdown")
    for track in sample.tracks:
        section = text.split(f'<a id="track-{track.id}"></a>', 1)[1].split("\n## ", 1)[0]
        fence = section.split("```mermaid\n", 1)[1].split("```", 1)[0]
        for topic in track.topics:
            assert f'"#topic-{topic.id}"' in fence
            assert f'<a id="topic-{topic.id}"></a>' in section


def test_secondary_links_are_listed_with_their_resource():
    rm = llm_roadmap.load(plugins=[], environ={})
    resource = next(r for r in rm.resources if len(r.links) >= 2)
    for lang in ("en", "zh"):
        text = rm.export("markdown", lang=lang)
        found = links(parser().parse(text))
        for link in resource.links:
            assert (link.url, plain(link.label.get(lang))) in found
        label = "Other links" if lang == "en" else "其他链接"
        entry = text.split(f"]({resource.url})", 1)[1].split("\n- ", 1)[0]
        assert f"**{label}{':' if lang == 'en' else '：'}** [" in entry


def test_chinese_document(sample):
    text = sample.export("markdown", lang="zh")
    html = parser().render(text)
    assert "<h1>LLM 学习路线</h1>" in html
    assert "<h2>目录</h2>" in html
    assert "1.1 深度学习" in html
    assert "<strong>任选其一：</strong>" in html
    assert "<em>选看</em>" in html
    assert "动手学深度学习" in html and "Dive into Deep Learning" not in html


def test_subset_keeps_only_the_selected_part(sample):
    text = sample.export("markdown", tracks=["transformers"], kinds=["paper"])
    hrefs = {href for href, _ in links(parser().parse(text))}
    assert "https://arxiv.org/abs/1706.03762" in hrefs
    assert "https://d2l.ai/" not in hrefs
    assert "https://jalammar.github.io/illustrated-transformer/" not in hrefs
    assert "Foundations" not in text


# Plain texts and every kind of whitespace, control and metacharacter (each
# between two letters) too, so that the quick return of escape() for a text
# with nothing to escape is held to what a reader sees.
_RENDERED_TEXTS = [
    *hostile_plugin.NASTY,
    "plain words",
    " leading",
    "trailing ",
    "double  space",
    "1990s were good",
    "-dash",
    "+plus",
    "=equals",
    "1. not a list",
    "a^b",
    "^-caret then dash",
    "注意力 机制",
    "\x00 - after a control character",
    "\x7f 1. after a control character",
    *(f"a{chr(c)}b" for c in range(0x110000) if chr(c).isspace()),
    *(f"a{chr(c)}b" for c in range(0x20)),
    *(f"a{c}b" for c in "\\`*_[]<>|~&$#\x7f"),
]


@pytest.mark.parametrize("text", _RENDERED_TEXTS)
@pytest.mark.parametrize("preset", ["commonmark", "gfm"])
def test_escaped_text_renders_as_exactly_the_text(text, preset):
    for context in ("{}", "# {}", "- {}", "> {}", "[{}](https://example.org)", "1. x {}"):
        source = context.format(escape(text))
        tokens = parser(preset).parse(source)
        blocks = [t.type for t in tokens if t.nesting == 1]
        # The text never adds a block of its own: one paragraph/heading/item/quote.
        assert len([b for b in blocks if b in ("paragraph_open", "heading_open")]) == 1, (
            context,
            blocks,
        )
        inline = [t for t in inline_tokens(tokens) if t.type not in ("inline",)]
        kinds = {t.type for t in inline if t.nesting == 0 and t.type != "text"} - {"fence"}
        assert kinds <= set(), (context, kinds)
        rendered = "".join(t.content for t in inline if t.type == "text")
        assert rendered.endswith(plain(text)), (context, rendered)


@pytest.mark.parametrize(
    "url", [*hostile_plugin.URLS, "https://arxiv.org/abs/1706.03762", "https://x.org/a?b=1&c=2"]
)
def test_link_destinations_parse_back_to_the_url(url):
    tokens = parser().parse(f"[t]({link_destination(url)})")
    assert links(tokens) == [(url, "t")]


def test_fetched_fields_show_after_the_details_and_only_as_numbers_and_words(sample):
    import attrs

    import llm_roadmap

    placed = list({p.resource.id: p.resource for p in sample.placed_resources()}.values())
    repo, paper, odd = placed[0], placed[1], placed[2]
    fetched = {
        repo.id: {"github": {"stars": 12345, "archived": True}},
        paper.id: {"arxiv": {"version": 7}},
        # A server that sends text where a number belongs: none of it is written.
        odd.id: {"github": {"stars": "<script>1</script>", "archived": "yes"}},
    }
    resources = tuple(
        attrs.evolve(r, fetched=fetched[r.id]) if r.id in fetched else r for r in sample.resources
    )
    rm = llm_roadmap.Roadmap(tracks=sample.tracks, resources=resources, exporters=sample.exporters)
    for lang, archived in (("en", "**repository archived**"), ("zh", "**仓库已归档**")):
        text = rm.export("markdown", lang=lang)
        line = next(x for x in text.splitlines() if f"]({repo.url})" in x)
        assert line.endswith(f" · ★ 12,345 · {archived} \\"), line
        line = next(x for x in text.splitlines() if f"]({paper.url})" in x)
        assert " · arXiv v7" in line, line
        line = next(x for x in text.splitlines() if f"]({odd.url})" in x)
        assert "★" not in line and "script" not in line
        assert text.replace(" · ★ 12,345", "").replace(f" · {archived}", "").replace(
            " · arXiv v7", ""
        ) == sample.export("markdown", lang=lang)


def test_a_short_author_list_cut_short_ends_with_et_al(tmp_path):
    (tmp_path / "cut.toml").write_text(
        """
[[resources]]
id = "cut-short"
title = "A paper with many authors"
url = "https://example.org/cut-short"
kind = "paper"
language = "en"
authors = ["Ada Lovelace", "others"]
year = 2020
description = { zh = "一篇论文。", en = "A paper." }

[[extensions]]
topic = "attention-mechanism"
[[extensions.resources]]
resource = "cut-short"
role = "optional"
""",
        encoding="utf-8",
    )
    rm = llm_roadmap.load([tmp_path])
    for lang, tail in (("en", "Ada Lovelace et al."), ("zh", "Ada Lovelace 等")):
        text = rm.export("markdown", lang=lang)
        line = next(x for x in text.splitlines() if "A paper with many authors" in x)
        assert tail in line and "others" not in line


# Texts for the items of one topic: plain ones and hostile ones mixed (the
# hostile plugin's texts, each metacharacter, whitespace of every kind the
# loader accepts), never blank, as the loader requires.
_PIECES = [
    *hostile_plugin.NASTY[:-1],
    *"\\`*_[]<>|~&$#^-+=.)( \t\n\xa0\u2028\u3000",
    "  ",
    "1.",
    "12)",
    "注意力",
    "Plain words",
    "\x00",  # a control character before " - x" must not leave a list marker first
]
_ITEM_TEXT = st.one_of(
    st.sampled_from(["Plain title", "Ann Lee", "What it is: a text", "x"]),
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4).map("".join),
).filter(plain)  # a text that is only control characters is no text


@st.composite
def _topic_items(draw):
    from llm_roadmap import Kind, Link, Placement, Resource, Text

    resources = [
        Resource(
            id=f"r-{i}",
            title=Text.same(draw(_ITEM_TEXT)),
            url=f"https://x.org/{i}/{draw(st.sampled_from(hostile_plugin.URLS))}",
            kind=Kind.PAPER,
            language="en",
            authors=tuple(draw(st.lists(_ITEM_TEXT, max_size=4))),
            description=Text.same(draw(_ITEM_TEXT)),
            links=tuple(
                Link(url=draw(st.sampled_from(hostile_plugin.URLS)), label=Text.same(label))
                for label in draw(st.lists(_ITEM_TEXT, max_size=2))
            ),
        )
        for i in range(draw(st.integers(1, 6)))
    ]
    placements = [
        Placement(
            resource=r.id,
            role=draw(st.sampled_from([Role.CORE, Role.OPTIONAL])),
            note=draw(st.one_of(st.none(), _ITEM_TEXT.map(Text.same))),
        )
        for r in resources
    ]
    return resources, placements


def _lines_of_items(text):
    """Each list item of the document as its lines' rendered text (split at the hard breaks)."""
    tokens = parser("gfm").parse(text)
    items = []
    for i, token in enumerate(tokens):
        if token.type == "list_item_open" and tokens[i + 2].type == "inline":
            lines = [""]
            for child in inline_tokens(tokens[i + 2].children):
                if child.type == "hardbreak":
                    # The line ends with the space the exporter puts before " \\".
                    assert lines[-1].endswith(" "), lines
                    lines[-1] = lines[-1][:-1]
                    lines.append("")
                elif child.type in ("text", "code_inline"):
                    lines[-1] += child.content
            items.append(lines)
    return items


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_topic_items(), st.sampled_from(["en", "zh"]))
def test_hostile_and_plain_texts_mixed_in_a_topic_read_back_as_each_text(sample, topic, lang):
    # Each item's title, authors, description, secondary links and note come
    # back from the document as exactly their texts (on one line), whatever
    # the other items of the topic hold.
    from llm_roadmap import Text, Topic, Track

    resources, placements = topic
    track = Track(
        id="t",
        title=Text.same("Track"),
        summary=Text.same("s"),
        topics=(
            Topic(id="p", title=Text.same("Topic"), summary=Text.same("s"), resources=placements),
        ),
    )
    rm = llm_roadmap.Roadmap(tracks=(track,), resources=resources, exporters=sample.exporters)
    text = rm.export("markdown", lang=lang, toc=False, diagram=False)
    words = {"en": ("Other links: ", "Note: ", ", "), "zh": ("其他链接： ", "提示： ", "、")}[lang]
    links_label, note_label, list_sep = words
    items = _lines_of_items(text)
    assert len(items) == len(placements)
    for lines, resource, placement in zip(items, resources, placements):
        expected = [plain(resource.title.get(lang)) + " — "]
        expected[0] += list_sep.join(plain(a) for a in resource.authors[:3])
        assert lines[0].startswith(expected[0]), (lines, resource)
        expected = [lines[0], plain(resource.description.get(lang))]
        if resource.links:
            labels = " · ".join(plain(x.label.get(lang)) for x in resource.links)
            expected.append(links_label + labels)
        if placement.note is not None:
            expected.append(note_label + plain(placement.note.get(lang)))
        assert lines == expected, resource
    hrefs = [href for href, _ in links(parser().parse(text))]
    assert hrefs == [u for r in resources for u in (r.url, *(x.url for x in r.links))]
