"""The HTML page in Firefox ESR: the checks of test_html_page.py that issue 11 asks of each browser.

Each test exports a page with the ``html`` exporter, opens it from
``file://`` in Debian's ``firefox-esr`` driven over WebDriver BiDi (see
firefox_bidi.py and firefox_page.py) and acts as a reader would: real pointer
clicks at a node's centre, real key presses (Chinese included), a reload, a
real download and a real file choice. Every test also checks that the page
asked for nothing beyond itself and logged no error.
"""

import time

import pytest
from firefox_bidi import WAIT_TIMEOUT
from firefox_page import ENTER, open_page
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
    english_only_words,
    expected_edges,
    hostile_roadmap,
    keep_screenshot,
    overlaps,
    roadmap_with_hours,
    sized_roadmap,
    write_page,
)

import llm_roadmap
from llm_roadmap.progress import Progress
from llm_roadmap.testing import roadmap_with

BACKSPACE = "\ue003"


@pytest.fixture(scope="module")
def bundled() -> "llm_roadmap.Roadmap":
    return roadmap_with()


def _clean(page) -> None:
    assert page.foreign_requests() == []
    assert page.errors() == []
    assert page.dialogs == []


_PANEL_OPEN = "!document.getElementById('panel').hidden"


def _text(page, selector: str) -> str:
    return page.call("(s) => document.querySelector(s).innerText", selector)


def _classes(page, selector: str) -> list[str]:
    return page.call("(s) => [...document.querySelector(s).classList]", selector)


def _mark(resource: str, status: str) -> str:
    return f'#panel [data-resource="{resource}"] [data-mark="{status}"]'


def test_page_loads_offline_with_no_request_and_no_error(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile") as page:
        assert page.evaluate("document.title") == "LLM learning roadmap"
        assert page.evaluate("document.documentElement.lang") == "en"
        assert sorted(page.evaluate(NODE_BOXES_JS)) == sorted(t.id for t in bundled.topics)
        assert page.evaluate("document.querySelectorAll('.band').length") == len(bundled.tracks)
        edges = sum(1 for t in bundled.topics for p in t.prerequisites)
        assert page.evaluate("document.querySelectorAll('path.edge').length") == edges
        csp = page.evaluate(
            """document.querySelector('meta[http-equiv="Content-Security-Policy"]').content"""
        )
        assert "connect-src 'none'" in csp and "default-src 'none'" in csp
        _clean(page)
        # The watch itself: Firefox reports what the policy refuses as an error.
        page.evaluate("fetch('https://example.org/').catch(() => null)")
        # The report is an event that may come after the fetch has failed:
        # each round trip takes in what has arrived, for up to WAIT_TIMEOUT.
        deadline = time.monotonic() + WAIT_TIMEOUT
        while not any("example.org" in text for _, text in page.errors()):
            if time.monotonic() > deadline:
                break
            page.evaluate("true")
            time.sleep(0.05)
        assert any("example.org" in text for _, text in page.errors()), page.console


def test_clicking_a_node_opens_its_panel_with_its_resources(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    topic = bundled.topic("attention-mechanism")
    with open_page(path, tmp_path / "profile") as page:
        assert not page.evaluate(_PANEL_OPEN)
        page.click('.node[data-topic="attention-mechanism"]')
        page.wait_for(_PANEL_OPEN, "the panel")
        assert topic.title.en in _text(page, "#panel-title")
        panel = _text(page, "#panel")
        assert topic.summary.en in panel
        for concept in topic.concepts:
            assert concept.en in panel
        shown = page.evaluate(
            """[...document.querySelectorAll('#panel [data-resource]')].map(
                e => [e.dataset.resource, e.querySelector('a').href])"""
        )
        expected = [
            (p.resource, bundled.resource(p.resource).main_url("en")) for p in topic.resources
        ]
        assert sorted(r for r, _ in shown) == sorted(r for r, _ in expected)
        for (rid, href), (_, url) in zip(sorted(shown), sorted(expected)):
            assert href.rstrip("/") == url.rstrip("/"), rid
        # Every secondary link of a resource is shown with it.
        for placement in topic.resources:
            hrefs = page.call(
                """(id) => [...document.querySelector(`#panel [data-resource="${id}"]`)
                    .querySelectorAll('a')].map(a => a.href)""",
                placement.resource,
            )
            for link in bundled.resource(placement.resource).links:
                assert link.url in hrefs, (placement.resource, link.url)
        _clean(page)


def test_the_language_switch_changes_every_visible_text(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    english = english_only_words()
    with open_page(path, tmp_path / "profile") as page:
        page.click('.node[data-topic="transformer"]')
        page.wait_for(_PANEL_OPEN, "the panel")
        before = page.evaluate(VISIBLE_TEXTS_JS)
        page.click('#lang-switch [data-lang="zh"]')
        page.wait_for("document.documentElement.lang === 'zh-Hans'", "the switch to Chinese")
        assert page.evaluate("document.title") == "LLM 学习路线"
        after = page.evaluate(VISIBLE_TEXTS_JS)
        pieces = {p.strip() for text in after for p in text.replace(":", " · ").split(" · ")}
        assert not pieces & english, sorted(pieces & english)
        titles = page.evaluate(
            """Object.fromEntries([...document.querySelectorAll('.node')].map(
                n => [n.dataset.topic, n.querySelector('.node-text').innerText]))"""
        )
        assert titles == {t.id: t.title.zh for t in bundled.topics}
        panel = _text(page, "#panel")
        topic = bundled.topic("transformer")
        assert topic.summary.zh in panel and topic.summary.en not in panel
        changed = [t for t in before if t not in after]
        assert len(changed) > 100
        page.click('#lang-switch [data-lang="en"]')
        page.wait_for("document.documentElement.lang === 'en'", "the switch back to English")
        assert page.evaluate(VISIBLE_TEXTS_JS) == before
        _clean(page)


def test_marking_done_survives_a_reload(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    topic = bundled.topic("python")
    node = '.node[data-topic="python"]'
    with open_page(path, tmp_path / "profile") as page:
        page.click(node)
        page.wait_for(_PANEL_OPEN, "the panel")
        for placement in topic.resources:
            page.click(_mark(placement.resource, "done"))
        assert "is-done" in _classes(page, node)
        page.reload()
        page.wait_for("document.querySelector('.node') !== null", "the graph after the reload")
        assert "is-done" in _classes(page, node)
        page.click(node)
        page.wait_for(_PANEL_OPEN, "the panel")
        for placement in topic.resources:
            selector = _mark(placement.resource, "done")
            pressed = page.call("(s) => document.querySelector(s).ariaPressed", selector)
            assert pressed == "true", placement.resource
        # localStorage in a file:// page, kept by Firefox across the reload.
        stored = page.evaluate("localStorage.getItem('llm-roadmap-progress')")
        progress = Progress.from_json(stored)  # the CLI's own reader accepts it
        assert {p.resource for p in topic.resources} <= set(progress.resources)
        assert progress.topic_status(bundled, "python").value == "done"
        _clean(page)


def test_search_finds_chinese_text_typed_with_the_keyboard(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile") as page:
        page.click("#search")
        page.type("注意力")  # one key press per character, as an input method commits them
        assert page.evaluate("document.getElementById('search').value") == "注意力"
        found = page.evaluate(
            "[...document.querySelectorAll('#search-results .result')].map(e => e.dataset.topic)"
        )
        assert "attention-mechanism" in found
        expected = {
            t.id
            for t in bundled.topics
            if "注意力" in t.title.zh + t.summary.zh + "".join(c.zh for c in t.concepts)
        }
        assert expected <= set(found)
        assert "match" in _classes(page, '.node[data-topic="attention-mechanism"]')
        assert "dim" in _classes(page, '.node[data-topic="python"]')
        page.type(ENTER)
        page.wait_for(_PANEL_OPEN, "the first result's panel")
        page.click("#search")
        page.type(BACKSPACE * 3)
        page.wait_for("document.querySelectorAll('.node.dim').length === 0", "no dimmed node")
        _clean(page)


def test_hostile_titles_execute_nothing(tmp_path):
    rm = hostile_roadmap()
    path = write_page(rm, tmp_path / "hostile.html")
    with open_page(path, tmp_path / "profile") as page:
        for topic in rm.topics:
            node = f'.node[data-topic="{topic.id}"]'
            page.click(node)
            # The panel shows this topic's title, as text.
            page.call(
                """(title) => new Promise((done) => { const seen = () => {
                    const t = document.querySelector('#panel:not([hidden]) #panel-title span');
                    if (t && t.textContent === title) done(true); else setTimeout(seen, 20);
                }; seen(); })""",
                topic.title.en,
            )
            shown = page.call("(s) => document.querySelector(s).textContent", node + " .node-text")
            assert shown == topic.title.en  # the exact text, nothing parsed, nothing dropped
        page.click('#lang-switch [data-lang="zh"]')
        page.click("#search")
        page.type("<script>")
        assert page.evaluate("document.getElementById('search').value") == "<script>"
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelectorAll('script').length") == 2
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        hrefs = page.evaluate(
            "[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"
        )
        assert hrefs and all(h.startswith(("http://", "https://", "#")) for h in hrefs), hrefs
        handlers = page.evaluate(
            """[...document.querySelectorAll('*')].flatMap(
                el => [...el.attributes].filter(a => a.name.startsWith('on')).map(a => a.name))"""
        )
        assert handlers == []
        # The unsafe link's title is plain text in an isolate of its own.
        page.click(f'.node[data-topic="{rm.topics[0].id}"]')
        page.wait_for("document.querySelector('#panel .unlinked') !== null", "the unlinked title")
        unlinked = page.evaluate(
            """(() => { const u = document.querySelector('#panel .unlinked');
                return [u.querySelectorAll('a').length, u.querySelector('bdi').textContent,
                        u.querySelector('.muted').textContent]; })()"""
        )
        assert unlinked[0] == 0
        assert "\u202e" in unlinked[1] and "\u202e" not in unlinked[2]
        _clean(page)


@pytest.mark.parametrize("total", [None, 64, 200], ids=["bundled", "64", "200"])
def test_no_edge_passes_through_a_box_and_no_title_is_cut_on_a_desktop(total, tmp_path):
    rm = sized_roadmap(total)
    assert len(rm.topics) == (total or len(roadmap_with().topics))
    path = write_page(rm, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile", viewport=(1400, 1000)) as page:
        assert page.evaluate("document.getElementById('graph').dataset.layout") == "graph"
        edges = page.evaluate(
            "[...document.querySelectorAll('svg path.edge')]"
            ".map(e => [e.dataset.from, e.dataset.to])"
        )
        assert {tuple(e) for e in edges} == expected_edges(rm)
        assert len(edges) == len(expected_edges(rm))
        found = page.evaluate(EDGES_THROUGH_BOXES_JS)
        assert found["samples"] > 20 * found["edges"]
        assert found["through"] == []
        assert found["shared"] == []
        assert page.evaluate(EDGE_ENDS_JS) == []
        assert page.evaluate(TITLE_OVERFLOW_JS) == []
        assert page.evaluate(INNER_SCROLL_JS) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 1400
        boxes = page.evaluate(NODE_BOXES_JS)
        assert len(boxes) == len(rm.topics)
        assert overlaps(boxes) == []
        for box in boxes.values():
            assert box["width"] >= 150 and box["height"] >= 44
        assert page.evaluate("document.getElementById('graph-help').checkVisibility()")
        shot = page.screenshot("#graph")
        keep_screenshot(shot, f"firefox-graph-{len(rm.topics)}.png")
        count, commonest = page.colours(shot)
        assert count > 20, "the graph looks blank"
        assert commonest < 0.95, "the graph is nearly one colour"
        _clean(page)


def test_on_a_phone_the_roadmap_is_one_column_per_track_with_large_targets(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile", viewport=(390, 844)) as page:
        assert page.evaluate("document.getElementById('graph').dataset.layout") == "flow"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.evaluate(OUTSIDE_VIEWPORT_JS) == []
        assert page.evaluate(SMALL_TARGETS_JS) == []
        assert not page.evaluate("document.getElementById('graph-help').checkVisibility()")
        boxes = page.evaluate(NODE_BOXES_JS)
        for track in bundled.tracks:
            column = [boxes[t.id] for t in track.topics]
            assert len({round(b["x"]) for b in column}) == 1
            assert all(a["y"] + a["height"] <= b["y"] for a, b in zip(column, column[1:]))
        needs = _text(page, '.node[data-topic="attention-mechanism"] .node-needs')
        assert "Sequence-to-sequence" in needs
        page.click('.node[data-topic="transformer"]')
        page.wait_for(_PANEL_OPEN, "the panel")
        assert page.evaluate(SMALL_TARGETS_JS) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        _clean(page)


@pytest.mark.parametrize(
    ("query", "first"), [("注意力", "attention-mechanism"), ("transformer", "transformer")]
)
def test_search_ranks_by_relevance_and_choosing_a_result_closes_the_list(
    bundled, tmp_path, query, first
):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile") as page:
        page.click("input[type=search]")
        page.type(query)
        assert page.evaluate(RESULTS_JS)[0] == first
        page.click("#search-results .result")
        page.wait_for(_PANEL_OPEN, "the first result's panel")
        assert page.evaluate(RESULTS_JS) == []
        assert bundled.topic(first).title.en in _text(page, "#panel-title")
        _clean(page)


def test_study_times_show_in_the_panel_and_the_progress_bars(tmp_path):
    path = write_page(roadmap_with_hours(HOURS), tmp_path / "roadmap.html")
    overall = "#overall .bar-hours"
    with open_page(path, tmp_path / "profile") as page:
        assert _text(page, overall) == "0 h done, 14.5 h left (some times unknown)"
        page.click('.node[data-topic="python"]')
        page.wait_for(_PANEL_OPEN, "the panel")
        timed = _text(page, '#panel [data-resource="python-tutorial"] .res-hours')
        assert timed == "Study time: about 6 h (estimated from the chapters)"
        page.click(_mark("showmeai-python", "done"))
        assert "10 h done, 8.5 h left" in _text(page, overall)
        _clean(page)


def test_the_language_chosen_survives_a_reload(bundled, tmp_path):
    path = write_page(bundled, tmp_path / "roadmap.html")
    with open_page(path, tmp_path / "profile") as page:
        page.click('#lang-switch [data-lang="zh"]')
        page.wait_for("document.documentElement.lang === 'zh-Hans'", "the switch to Chinese")
        page.reload()
        page.wait_for("document.querySelector('.node') !== null", "the graph after the reload")
        assert page.evaluate("document.documentElement.lang").startswith("zh")
        assert page.evaluate("document.title") == "LLM 学习路线"
        title = _text(page, '.node[data-topic="attention-mechanism"] .node-text')
        assert title == bundled.topic("attention-mechanism").title.zh
        _clean(page)


def test_exported_progress_is_accepted_by_the_cli_and_cli_progress_shows_the_same_ticks(
    bundled, tmp_path
):
    path = write_page(bundled, tmp_path / "roadmap.html")
    first = bundled.topic("pytorch").resources[0].resource
    with open_page(path, tmp_path / "profile") as page:
        page.click('.node[data-topic="pytorch"]')
        page.wait_for(_PANEL_OPEN, "the panel")
        page.click(_mark(first, "learning"))
        page.click('#panel .panel-status [data-mark="skipped"]')
        name, exported = page.download("#export-progress")  # a real download, to a folder
        assert name == "llm-roadmap-progress.json"
        _clean(page)
    cli_dir = tmp_path / "cli"
    cli_accepts_page_progress(exported, cli_dir, first)

    # The other way: marks made with the CLI, exported, chosen in the page's file input.
    marked = [p.resource for p in bundled.topic("attention-mechanism").resources]
    cli_file = tmp_path / "from-cli.json"
    cli_progress = cli_progress_file(cli_dir, marked, cli_file)
    with open_page(path, tmp_path / "profile2") as page:
        page.set_files("#import-file", cli_file)
        page.wait_for("/\\S/.test(document.getElementById('progress-status').textContent)")
        for topic in bundled.topics:
            status = cli_progress.topic_status(bundled, topic.id).value
            assert f"is-{status}" in _classes(page, f'.node[data-topic="{topic.id}"]'), topic.id
        page.click('.node[data-topic="attention-mechanism"]')
        page.wait_for(_PANEL_OPEN, "the panel")
        for resource in marked:
            pressed = page.call(
                "(s) => document.querySelector(s).ariaPressed", _mark(resource, "done")
            )
            assert pressed == "true", resource
        _clean(page)
