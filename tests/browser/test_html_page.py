"""The HTML page in a real browser: offline, interactive, bilingual, safe, and in step with the CLI.

Each test exports a page with the ``html`` exporter, opens it from
``file://`` in Debian's chromium (see html_browser.py) and acts as a reader
would: clicking, typing, pressing keys, reloading, downloading and uploading
files. Every test also checks that the page asked for nothing beyond itself
and logged no error.
"""

import re
import sys
from pathlib import Path

import attrs
import pytest
from html_browser import (
    EDGE_ENDS_JS,
    EDGES_THROUGH_BOXES_JS,
    HOURS,
    INNER_SCROLL_JS,
    NODE_BOXES_JS,
    OUTSIDE_VIEWPORT_JS,
    RESULTS_JS,
    SMALL_TARGETS_JS,
    TITLE_OVERFLOW_JS,
    VISIBLE_TEXTS_JS,
    cli_accepts_page_progress,
    cli_progress_file,
    colours,
    english_only_words,
    expected_edges,
    hostile_roadmap,
    keep_screenshot,
    open_page,
    overlaps,
    roadmap_with_hours,
    sized_roadmap,
    write_page,
)

import llm_roadmap
from llm_roadmap.progress import Progress
from llm_roadmap.testing import roadmap_with

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


@pytest.fixture(scope="module")
def bundled() -> "llm_roadmap.Roadmap":
    return roadmap_with()


def _clean(session) -> None:
    assert session.foreign_requests() == []
    assert session.errors() == []
    assert session.dialogs == []


def _nodes(page) -> dict:
    return page.evaluate(NODE_BOXES_JS)


def _visible_texts(page) -> list[str]:
    return page.evaluate(VISIBLE_TEXTS_JS)


def test_page_loads_offline_with_no_request_and_no_error(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        assert page.title() == "LLM learning roadmap"
        assert page.evaluate("document.documentElement.lang") == "en"
        assert sorted(_nodes(page)) == sorted(t.id for t in bundled.topics)
        assert page.locator(".band").count() == len(bundled.tracks)
        edges = sum(1 for t in bundled.topics for p in t.prerequisites)
        assert page.locator("path.edge").count() == edges
        csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert "connect-src 'none'" in csp and "default-src 'none'" in csp
        _clean(s)
    assert s.requests == [s.url]


def test_clicking_a_node_opens_its_panel_with_its_resources(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    topic = bundled.topic("attention-mechanism")
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        assert page.locator("#panel").is_hidden()
        page.click('.node[data-topic="attention-mechanism"]')
        panel = page.locator("#panel")
        assert panel.is_visible()
        assert topic.title.en in panel.locator("#panel-title").inner_text()
        assert topic.summary.en in panel.inner_text()
        for concept in topic.concepts:
            assert concept.en in panel.inner_text()
        shown = panel.locator("[data-resource]").evaluate_all(
            "els => els.map(e => [e.dataset.resource, e.querySelector('a').href])"
        )
        expected = [
            (p.resource, bundled.resource(p.resource).main_url("en")) for p in topic.resources
        ]
        assert sorted(r for r, _ in shown) == sorted(r for r, _ in expected)
        for (rid, href), (_, url) in zip(sorted(shown), sorted(expected)):
            assert href.rstrip("/") == url.rstrip("/"), rid
        # Every secondary link of a resource is shown with it.
        for placement in topic.resources:
            item = panel.locator(f'[data-resource="{placement.resource}"]').first
            hrefs = item.locator("a").evaluate_all("els => els.map(a => a.href)")
            for link in bundled.resource(placement.resource).links:
                assert link.url in hrefs, (placement.resource, link.url)
        _clean(s)


def test_keyboard_moves_between_nodes_and_opens_and_closes_the_panel(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        first = page.locator(".node").first
        first.focus()
        # Only one node is in the tab order (a roving tabindex).
        assert page.locator('.node[tabindex="0"]').count() == 1
        page.keyboard.press("ArrowRight")
        focused = page.evaluate("document.activeElement.dataset.topic")
        assert focused != first.get_attribute("data-topic")
        page.keyboard.press("ArrowDown")
        below = page.evaluate("document.activeElement.dataset.topic")
        boxes = _nodes(page)
        assert boxes[below]["y"] > boxes[focused]["y"]
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none")  # the focus is visible
        page.keyboard.press("Enter")
        assert page.locator("#panel").is_visible()
        assert page.evaluate("document.activeElement.id") == "panel-title"
        title = bundled.topic(below).title.en
        assert title in page.locator("#panel-title").inner_text()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#panel') !== null")
        page.keyboard.press("Escape")
        assert page.locator("#panel").is_hidden()
        assert page.evaluate("document.activeElement.dataset.topic") == below
        _clean(s)


def test_the_language_switch_changes_every_visible_text(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    english = english_only_words()
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        page.click('.node[data-topic="transformer"]')
        before = _visible_texts(page)
        page.click('#lang-switch [data-lang="zh"]')
        assert page.evaluate("document.documentElement.lang") == "zh-Hans"
        assert page.title() == "LLM 学习路线"
        after = _visible_texts(page)
        pieces = {p.strip() for text in after for p in text.replace(":", " · ").split(" · ")}
        assert not pieces & english, sorted(pieces & english)
        for topic in bundled.topics:
            node = page.locator(f'.node[data-topic="{topic.id}"] .node-text')
            assert node.inner_text() == topic.title.zh
        panel = page.locator("#panel").inner_text()
        topic = bundled.topic("transformer")
        assert topic.summary.zh in panel and topic.summary.en not in panel
        # Every text that differs between the languages changed; back again, all is as before.
        changed = [t for t in before if t not in after]
        assert len(changed) > 100
        page.click('#lang-switch [data-lang="en"]')
        assert _visible_texts(page) == before
        _clean(s)


def test_a_zh_export_starts_in_chinese(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html", lang="zh")
    with open_page(path, tmp_path / "profile") as s:
        assert s.page.evaluate("document.documentElement.lang") == "zh-Hans"
        assert (
            s.page.locator('#lang-switch [aria-pressed="true"]').get_attribute("data-lang") == "zh"
        )
        _clean(s)


def _resource_button(page, resource: str, status: str):
    return page.locator(f'#panel [data-resource="{resource}"] [data-mark="{status}"]').first


def test_marking_done_survives_closing_the_browser(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    topic = bundled.topic("python")
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        page.click('.node[data-topic="python"]')
        for placement in topic.resources:
            _resource_button(page, placement.resource, "done").click()
        node = page.locator('.node[data-topic="python"]')
        assert "is-done" in node.get_attribute("class")
        _clean(s)
    # A learner comes back another day: the browser was closed and opened again
    # on the same profile. (A reload issued within milliseconds of the last
    # click once overtook Chromium's storage write on a loaded CI machine; a
    # browser's own shutdown writes everything.)
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        assert "is-done" in page.locator('.node[data-topic="python"]').get_attribute("class")
        page.click('.node[data-topic="python"]')
        for placement in topic.resources:
            button = _resource_button(page, placement.resource, "done")
            assert button.get_attribute("aria-pressed") == "true"
        stored = page.evaluate("localStorage.getItem('llm-roadmap-progress')")
        progress = Progress.from_json(stored)  # the CLI's own reader accepts it
        assert {p.resource for p in topic.resources} <= set(progress.resources)
        assert progress.topic_status(bundled, "python").value == "done"
        _clean(s)


def test_exported_progress_is_accepted_by_the_cli_and_cli_progress_shows_the_same_ticks(
    bundled, tmp_path
):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        page.click('.node[data-topic="pytorch"]')
        first = bundled.topic("pytorch").resources[0].resource
        _resource_button(page, first, "learning").click()
        page.locator('#panel .panel-status [data-mark="skipped"]').click()
        with page.expect_download() as info:
            page.click("#export-progress")
        download = info.value
        assert download.suggested_filename == "llm-roadmap-progress.json"
        exported = tmp_path / "exported.json"
        download.save_as(exported)
        _clean(s)
    cli_dir = tmp_path / "cli"
    cli_accepts_page_progress(exported, cli_dir, first)

    # The other way: marks made with the CLI, exported, imported into the page.
    marked = [p.resource for p in bundled.topic("attention-mechanism").resources]
    cli_file = tmp_path / "from-cli.json"
    cli_progress = cli_progress_file(cli_dir, marked, cli_file)
    with open_page(path, tmp_path / "profile2") as s:
        page = s.page
        page.set_input_files("#import-file", str(cli_file))
        # A locator, not wait_for_function: playwright before 1.61 (the last for
        # Python 3.9 is 1.60) evaluates that string with eval, which our CSP refuses.
        page.locator("#progress-status").filter(has_text=re.compile(r"\S")).wait_for()
        for topic in bundled.topics:
            status = cli_progress.topic_status(bundled, topic.id).value
            node = page.locator(f'.node[data-topic="{topic.id}"]')
            assert f"is-{status}" in node.get_attribute("class").split(), topic.id
        page.click('.node[data-topic="attention-mechanism"]')
        for resource in marked:
            assert _resource_button(page, resource, "done").get_attribute("aria-pressed") == "true"
        _clean(s)


def test_importing_a_file_that_is_not_progress_changes_nothing(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else", "resources": {}}', encoding="utf-8")
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        page.set_input_files("#import-file", str(bad))
        # A locator, not wait_for_function: playwright before 1.61 (the last for
        # Python 3.9 is 1.60) evaluates that string with eval, which our CSP refuses.
        page.locator("#progress-status").filter(has_text=re.compile(r"\S")).wait_for()
        assert "Could not import" in page.locator("#progress-status").inner_text()
        assert page.evaluate("localStorage.getItem('llm-roadmap-progress')") is None
        _clean(s)


def test_embedded_progress_shows_on_first_open(bundled, tmp_path):
    progress = Progress()
    for placement in bundled.topic("linear-algebra").resources:
        progress.mark(placement.resource, "done")
    path = write_page(bundled, tmp_path / "mine.html", progress=progress.statuses(bundled))
    with open_page(path, tmp_path / "profile") as s:
        expected = progress.topic_status(bundled, "linear-algebra").value
        node = s.page.locator('.node[data-topic="linear-algebra"]')
        assert f"is-{expected}" in node.get_attribute("class").split()
        _clean(s)


def test_search_finds_chinese_text(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        page.fill("#search", "注意力")
        results = page.locator("#search-results .result")
        found = results.evaluate_all("els => els.map(e => e.dataset.topic)")
        assert "attention-mechanism" in found
        expected = {
            t.id
            for t in bundled.topics
            if "注意力" in t.title.zh + t.summary.zh + "".join(c.zh for c in t.concepts)
        }
        assert expected <= set(found)
        assert "match" in page.locator('.node[data-topic="attention-mechanism"]').get_attribute(
            "class"
        )
        assert "dim" in page.locator('.node[data-topic="python"]').get_attribute("class")
        page.keyboard.press("Enter")
        assert page.locator("#panel").is_visible()
        page.fill("#search", "")
        assert page.locator(".node.dim").count() == 0
        _clean(s)


def test_hostile_titles_execute_nothing(tmp_path):
    rm = hostile_roadmap()
    path = write_page(rm, tmp_path / "hostile.html")
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        for topic in rm.topics:
            page.click(f'.node[data-topic="{topic.id}"]')
            assert page.locator("#panel").is_visible()
            expected = topic.title.en
            shown = page.locator(f'.node[data-topic="{topic.id}"] .node-text').text_content()
            assert shown == expected  # the exact text, nothing parsed, nothing dropped
        page.click('#lang-switch [data-lang="zh"]')
        page.fill("#search", "<script>")
        assert page.evaluate("window.__pwned") is None
        assert page.locator("script").count() == 2  # the data and the page's own script
        assert page.locator("img, iframe, object, embed").count() == 0
        hrefs = page.locator("a[href]").evaluate_all("els => els.map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith(("http://", "https://", "#")) for h in hrefs), hrefs
        handlers = page.evaluate(
            """() => [...document.querySelectorAll('*')].flatMap(
                el => [...el.attributes].filter(a => a.name.startsWith('on')).map(a => a.name))"""
        )
        assert handlers == []
        # The unsafe link's title is plain text in an isolate of its own, so its
        # right-to-left override cannot reverse the words after it.
        page.click(f'.node[data-topic="{rm.topics[0].id}"]')
        unlinked = page.locator("#panel .unlinked").first
        assert unlinked.locator("a").count() == 0
        assert "\u202e" in unlinked.locator("bdi").text_content()
        assert "\u202e" not in unlinked.locator(".muted").text_content()
        _clean(s)


@pytest.mark.parametrize("total", [None, 64, 200], ids=["bundled", "64", "200"])
def test_no_edge_passes_through_a_box_and_no_title_is_cut_on_a_desktop(total, tmp_path):
    rm = sized_roadmap(total)
    assert len(rm.topics) == (total or len(roadmap_with().topics))
    path = write_page(rm, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile", viewport=(1400, 1000)) as s:
        page = s.page
        assert page.locator("#graph").get_attribute("data-layout") == "graph"
        edges = page.locator("svg path.edge").evaluate_all(
            "els => els.map(e => [e.dataset.from, e.dataset.to])"
        )
        assert {tuple(e) for e in edges} == expected_edges(rm) and len(edges) == len(
            expected_edges(rm)
        )
        found = page.evaluate(EDGES_THROUGH_BOXES_JS)
        assert found["samples"] > 20 * found["edges"]  # the paths are drawn, and long
        assert found["through"] == []
        assert found["shared"] == []  # edges into one box meet it at distinct points
        assert page.evaluate(EDGE_ENDS_JS) == []
        assert page.evaluate(TITLE_OVERFLOW_JS) == []
        assert page.evaluate(INNER_SCROLL_JS) == []
        # The page scrolls as one, never sideways; the graph uses the width it needs.
        assert page.evaluate("document.documentElement.scrollWidth") <= 1400
        boxes = _nodes(page)
        assert overlaps(boxes) == []
        for box in boxes.values():
            assert box["width"] >= 150 and box["height"] >= 44  # readable, not shrunk
        if total:  # a big roadmap takes more of the width than the bundled one
            width = page.evaluate("document.getElementById('canvas').getBoundingClientRect().width")
            assert width > 1000
        # The keyboard hint shows where there is a keyboard and a mouse.
        assert page.locator("#graph-help").is_visible()
        if total is None:
            _the_checks_see_what_they_look_for(page)
        # Chromium without a GPU captures only what the viewport holds: make it hold the graph.
        bottom = page.evaluate("document.getElementById('graph').getBoundingClientRect().bottom")
        page.set_viewport_size({"width": 1400, "height": int(bottom) + 20})
        shot = page.locator("#graph").screenshot()
        keep_screenshot(shot, f"graph-{len(rm.topics)}.png")
        count, commonest = colours(s, shot)
        assert count > 20, "the graph looks blank"
        assert commonest < 0.95, "the graph is nearly one colour"
        _clean(s)


_BREAK_THE_GRAPH = """() => {
    const svg = document.querySelector('svg.edges').getBoundingClientRect();
    const centre = (id) => {
        const r = document.querySelector(`.node[data-topic="${id}"]`).getBoundingClientRect();
        return `${r.x + r.width / 2 - svg.x} ${r.y + r.height / 2 - svg.y}`;
    };
    // An edge drawn through a third box, a box too short for its title, a scroll box.
    const through = `M${centre('python')}L${centre('attention-mechanism')}L${centre('pytorch')}`;
    document.querySelector('path.edge[data-from="python"][data-to="pytorch"]')
        .setAttribute('d', through);
    document.querySelector('.node[data-topic="transformer"]').style.height = '12px';
    const graph = document.getElementById('graph');
    graph.style.maxHeight = '300px';
    graph.style.overflowY = 'auto';
}"""


def _the_checks_see_what_they_look_for(page) -> None:
    """Each geometric check fails on a page broken in the way it looks for."""
    page.evaluate(_BREAK_THE_GRAPH)
    through = page.evaluate(EDGES_THROUGH_BOXES_JS)["through"]
    assert ("python", "pytorch", "attention-mechanism") in {(a, b, c) for a, b, c, _, _ in through}
    assert page.evaluate(TITLE_OVERFLOW_JS) == ["transformer"]
    assert [e[0] for e in page.evaluate(INNER_SCROLL_JS)] == ["graph"]
    page.reload()
    page.wait_for_selector(".node")


def test_a_longer_title_makes_its_row_taller_and_is_never_cut(bundled, tmp_path):
    # Titles longer than any estimate: the page measures them and grows the row.
    long_en = "Sequence-to-sequence models: RNN, LSTM, GRU, " * 4
    topics = list(bundled.topics)
    i = next(n for n, t in enumerate(topics) if t.id == "seq2seq-rnn")
    topics[i] = attrs.evolve(topics[i], title=llm_roadmap.Text(zh="序列到序列" * 12, en=long_en))
    tracks = tuple(
        attrs.evolve(
            tr,
            topics=tuple(
                topics[n] if t.id == "seq2seq-rnn" else t
                for n, t in enumerate(topics)
                if t.track == tr.id
            ),
        )
        for tr in bundled.tracks
    )
    rm = attrs.evolve(bundled, tracks=tracks)
    path = write_page(rm, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        for lang in ("en", "zh"):
            page.click(f'#lang-switch [data-lang="{lang}"]')
            assert page.evaluate(TITLE_OVERFLOW_JS) == []
            boxes = _nodes(page)
            assert boxes["seq2seq-rnn"]["height"] > boxes["python"]["height"] + 40
            assert page.evaluate(EDGES_THROUGH_BOXES_JS)["through"] == []
        _clean(s)


def test_on_a_phone_the_roadmap_is_one_column_per_track_with_large_targets(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile", viewport=(390, 844), touch=True) as s:
        page = s.page
        assert page.locator("#graph").get_attribute("data-layout") == "flow"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.evaluate(OUTSIDE_VIEWPORT_JS) == []
        assert page.evaluate(SMALL_TARGETS_JS) == []
        assert page.locator("#graph-help").is_hidden()  # no keyboard hint on a touch screen
        boxes = _nodes(page)
        for track in bundled.tracks:  # one column: the topics in their order, one under another
            column = [boxes[t.id] for t in track.topics]
            assert len({round(b["x"]) for b in column}) == 1
            assert all(a["y"] + a["height"] <= b["y"] for a, b in zip(column, column[1:]))
        needs = page.locator('.node[data-topic="attention-mechanism"] .node-needs')
        assert needs.is_visible() and "Sequence-to-sequence" in needs.inner_text()
        assert page.locator(".edge").first.is_hidden()
        page.locator('.node[data-topic="transformer"]').tap()
        assert page.locator("#panel").is_visible()
        panel = page.locator("#panel").bounding_box()
        assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 390
        assert page.evaluate(SMALL_TARGETS_JS) == []
        _clean(s)


def test_the_page_switches_between_graph_and_flow_as_the_window_changes(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile", viewport=(1400, 1000)) as s:
        page = s.page
        wide = page.evaluate("document.getElementById('canvas').getBoundingClientRect().width")
        page.set_viewport_size({"width": 390, "height": 844})
        page.locator('#graph[data-layout="flow"]').wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.set_viewport_size({"width": 900, "height": 1000})
        page.locator('#graph[data-layout="graph"]').wait_for()
        narrow = page.evaluate("document.getElementById('canvas').getBoundingClientRect().width")
        assert narrow <= 900 - 2 * 16 < wide
        assert page.evaluate("document.documentElement.scrollWidth") <= 900
        assert page.evaluate(EDGES_THROUGH_BOXES_JS)["through"] == []
        assert page.evaluate(TITLE_OVERFLOW_JS) == []
        _clean(s)


@pytest.mark.parametrize(
    ("query", "first"), [("注意力", "attention-mechanism"), ("transformer", "transformer")]
)
def test_search_ranks_by_relevance_and_choosing_a_result_closes_the_list(
    bundled, tmp_path, query, first
):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        assert page.locator("input[type=search]").count() == 1
        page.fill("input[type=search]", query)
        found = page.evaluate(RESULTS_JS)
        assert found[0] == first
        # Every result names a topic or a resource.
        assert (
            page.locator("#search-results .result:not([data-topic]):not([data-resource])").count()
            == 0
        )
        page.locator("#search-results .result").first.click()
        assert page.evaluate(RESULTS_JS) == []  # the list is closed
        assert page.locator("#panel").is_visible()
        assert bundled.topic(first).title.en in page.locator("#panel-title").inner_text()
        _clean(s)


def test_choosing_a_resource_result_opens_it_in_its_topic(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        page.fill("input[type=search]", "attention is all you need")
        assert page.evaluate(RESULTS_JS)[0] == "resource:attention-is-all-you-need"
        page.keyboard.press("Enter")
        assert page.evaluate(RESULTS_JS) == []
        home = next(
            t
            for t in bundled.topics
            if any(p.resource == "attention-is-all-you-need" for p in t.resources)
        )
        assert home.title.en in page.locator("#panel-title").inner_text()
        focused = page.evaluate(
            "document.activeElement.closest('[data-resource]')?.dataset.resource"
        )
        assert focused == "attention-is-all-you-need"
        # Back in the field, the list opens again; Escape closes it.
        page.click("input[type=search]")
        assert page.evaluate(RESULTS_JS) != []
        page.keyboard.press("Escape")
        assert page.evaluate(RESULTS_JS) == []
        _clean(s)


def test_the_language_chosen_survives_closing_the_browser(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")  # an English export
    profile = tmp_path / "profile"
    # Closed and opened again on the same profile, as for the marks above.
    with open_page(path, profile) as s:
        s.page.click('#lang-switch [data-lang="zh"]')
        _clean(s)
    with open_page(path, profile) as s:
        page = s.page
        assert page.evaluate("document.documentElement.lang").startswith("zh")
        assert page.title() == "LLM 学习路线"
        title = page.locator('.node[data-topic="attention-mechanism"] .node-text').inner_text()
        assert title == bundled.topic("attention-mechanism").title.zh
        assert page.locator('#lang-switch [aria-pressed="true"]').get_attribute("data-lang") == "zh"
        page.click('#lang-switch [data-lang="en"]')
        _clean(s)
    with open_page(path, profile) as s:
        assert s.page.evaluate("document.documentElement.lang") == "en"
        _clean(s)


def test_print_shows_every_title_and_link(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        page.emulate_media(media="print")
        assert page.locator("#graph").is_hidden()
        assert page.locator("#outline").is_visible()
        text = page.locator("#outline").inner_text()
        for topic in bundled.topics:
            assert topic.title.en in text
        links = page.locator("#outline a[href]").evaluate_all(
            """els => els.map(a => [a.dataset.url, getComputedStyle(a, '::after').content])"""
        )
        # Every resource and secondary link is printed, with its URL as written in the data.
        urls = {url for url, _ in links}
        for resource in bundled.resources:
            assert resource.main_url("en") in urls
            assert {link.url for link in resource.links} <= urls
        assert all(f"<{url}>" in after for url, after in links), links[:3]
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 50_000
        keep_screenshot(page.screenshot(), "print.png")
        _clean(s)


@pytest.mark.parametrize(
    ("size", "touch"), [((1400, 1000), False), ((1400, 3000), False), ((390, 844), True)]
)
def test_docs_screenshots(bundled, tmp_path, size, touch):
    """The screenshots in docs/html.md at three sizes (kept when asked), with some progress."""
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile", viewport=size, touch=touch) as s:
        page = s.page
        for topic_id, status in (
            ("python", "done"),
            ("pytorch", "done"),
            ("linear-algebra", "learning"),
        ):
            page.click(f'.node[data-topic="{topic_id}"]')
            for placement in bundled.topic(topic_id).resources[:3]:
                _resource_button(page, placement.resource, status).click()
            page.keyboard.press("Escape")
        page.evaluate("document.activeElement.blur()")
        page.mouse.move(0, 0)
        if size == (1400, 1000):  # a topic open beside the graph, its edges lit
            page.click('.node[data-topic="deep-learning-basics"]')
            page.evaluate("document.getElementById('panel').scrollTop = 0")
            page.mouse.move(0, 0)
            page.evaluate("window.scrollTo(0, 0)")
            lit = page.locator("path.edge.lit").evaluate_all(
                "els => els.map(e => [e.dataset.from, e.dataset.to])"
            )
            # The open topic's arrows, in and out, stay lit.
            touching = {e for e in expected_edges(bundled) if "deep-learning-basics" in e}
            assert {tuple(e) for e in lit} == touching
        elif size == (390, 844):  # the first track of the flow
            page.evaluate("document.getElementById('graph-title').scrollIntoView()")
        else:
            page.evaluate("window.scrollTo(0, document.getElementById('graph').offsetTop - 8)")
        shot = page.screenshot()
        keep_screenshot(shot, f"html-{size[0]}x{size[1]}.png")
        assert colours(s, shot)[0] > 50
        assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
        _clean(s)


def test_study_times_show_in_the_panel_and_the_progress_bars(bundled, tmp_path):
    rm = roadmap_with_hours(HOURS)
    path = write_page(rm, tmp_path / "roadmap.html")
    overall = "#overall .bar-hours"
    band = '.band[data-track="programming-foundations"] .bar-hours'
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        # python: the first of its pick-one group (6 h); pytorch likewise (8.5 h); others unknown.
        assert page.locator(overall).inner_text() == "0 h done, 14.5 h left (some times unknown)"
        assert "0 h done, 14.5 h left" in page.locator(band).inner_text()
        assert page.locator('.band[data-track="math-foundations"] .bar-hours').count() == 0
        page.click('.node[data-topic="python"]')
        timed = page.locator('#panel [data-resource="python-tutorial"] .res-hours').inner_text()
        assert timed == "Study time: about 6 h (estimated from the chapters)"
        assert (
            page.locator('#panel [data-resource="python-data-science-handbook"] .res-hours').count()
            == 0
        )
        # Done: the group's member that was done counts; a skipped topic counts in neither.
        _resource_button(page, "showmeai-python", "done").click()
        assert "10 h done, 8.5 h left" in page.locator(overall).inner_text()
        page.click('.node[data-topic="pytorch"]')
        page.locator('#panel .panel-status [data-mark="skipped"]').click()
        assert "10 h done, 0 h left" in page.locator(overall).inner_text()
        page.click('#lang-switch [data-lang="zh"]')
        assert "已学 10 小时，还剩 0 小时（部分资源未估时长）" in page.locator(overall).inner_text()
        _clean(s)
    # A roadmap without study times says nothing of hours.
    path = write_page(roadmap_with_hours({}), tmp_path / "plain.html")
    with open_page(path, tmp_path / "profile2") as s:
        assert s.page.locator(".bar-hours").count() == 0
        assert " h " not in s.page.locator("#overall").inner_text()
        _clean(s)


_CONTRAST = """() => {
    const lum = (c) => {
        const [r, g, b] = c.map(v => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const rgba = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
    const background = (el) => {
        for (; el; el = el.parentElement) {
            const c = rgba(getComputedStyle(el).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
        }
        return [255, 255, 255];
    };
    const bad = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
        const el = walk.currentNode.parentElement;
        if (!walk.currentNode.textContent.trim() || !el || el.closest('script, noscript')) continue;
        if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
        const style = getComputedStyle(el);
        const fg = rgba(style.color).slice(0, 3), bg = background(el);
        const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
        const ratio = (a + 0.05) / (b + 0.05);
        const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
        const large = size >= 24 || (bold && size >= 18.66);
        if (ratio < (large ? 3 : 4.5)) {
            bad.push([walk.currentNode.textContent.slice(0, 40), ratio.toFixed(2)]);
        }
    }
    return bad;
}"""


def test_every_visible_text_passes_wcag_aa_contrast(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile") as s:
        page = s.page
        page.click('.node[data-topic="transformer"]')
        for placement in bundled.topic("transformer").resources[:3]:
            _resource_button(page, placement.resource, "learning").click()
        _resource_button(page, bundled.topic("transformer").resources[3].resource, "done").click()
        page.locator('#panel .panel-status [data-mark="skipped"]').click()
        page.fill("#search", "bert")
        assert page.evaluate(_CONTRAST) == []
        page.click('#lang-switch [data-lang="zh"]')
        assert page.evaluate(_CONTRAST) == []
        # The check itself sees a pale text.
        page.evaluate(
            """() => { const p = document.createElement('p'); p.textContent = 'pale';
            p.style.color = '#bbbbbb'; document.getElementById('main').appendChild(p); }"""
        )
        assert [text for text, _ in page.evaluate(_CONTRAST)] == ["pale"]
        _clean(s)
