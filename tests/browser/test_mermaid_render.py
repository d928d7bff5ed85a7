"""The Mermaid diagrams as the real mermaid library draws them in chromium: in order, and readable.

The parser tests (tests/exporters/test_export_mermaid.py) check what Mermaid
reads; these check what it draws: the tracks top to bottom in learning order,
and each diagram of the Markdown export at a size whose text stays readable
at GitHub's page width (about 830 pixels). Mermaid comes from the npm cache
of the ``mermaid_js`` fixture (tests/_mermaid_npm.py), installed on first use.
"""

import pytest
from html_browser import require_browser

from llm_roadmap import Lang
from llm_roadmap.exporters.mermaid import overview, track_diagram
from llm_roadmap.testing import roadmap_with

PAGE_WIDTH = 830
RENDER = """async (text) => {
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    const id = 'd' + Math.floor(Math.random() * 1e9);
    const { svg } = await mermaid.render(id, text);
    const out = document.getElementById('out');
    out.innerHTML = svg;
    const boxes = {};
    out.querySelectorAll('g.cluster, g.node').forEach((g) => {
        const r = g.getBoundingClientRect();
        boxes[g.id.replace(id + '-', '').replace(/^flowchart-/, '').replace(/-\\d+$/, '')] = r.y;
    });
    return { width: out.querySelector('svg').viewBox.baseVal.width, tops: boxes };
}"""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def draw(mermaid_js):
    require_browser()
    script = mermaid_js / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    from html_browser import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.route("**/*", lambda route: route.abort())  # nothing but the script below
        page.set_content("<html><body><div id='out'></div></body></html>")
        page.add_script_tag(path=str(script))
        yield lambda text: page.evaluate(RENDER, text)
        browser.close()


@pytest.fixture(scope="module")
def bundled():
    return roadmap_with()


def _track(track_id):
    return "track_" + track_id.replace("-", "_")


def test_the_full_diagram_draws_the_legend_then_the_tracks_in_order(draw, bundled):
    for lang in ("en", "zh"):
        tops = draw(bundled.export("mermaid", lang=lang))["tops"]
        order = [tops["legend"], *(tops[_track(t.id)] for t in bundled.tracks)]
        assert order == sorted(order), order


def test_the_overview_draws_the_tracks_top_to_bottom(draw, bundled):
    tops = draw(overview(bundled, Lang.EN))["tops"]
    order = [tops[_track(t.id)] for t in bundled.tracks]
    assert order == sorted(order) and len(set(order)) == len(order)


def test_each_track_diagram_stays_readable_at_page_width(draw, bundled):
    numbers = {
        topic.id: f"{i}.{j}"
        for i, track in enumerate(bundled.tracks, 1)
        for j, topic in enumerate(track.topics, 1)
    }
    for lang in (Lang.EN, Lang.ZH):
        for track in bundled.tracks:
            width = draw(track_diagram(bundled, track, lang, numbers))["width"]
            font = 16 * min(1.0, PAGE_WIDTH / width)  # Mermaid's 16 px, scaled to fit the page
            assert font >= 11.5, (track.id, lang, round(width))
    # The whole roadmap in one diagram is what the issue complained of: far too small.
    assert 16 * PAGE_WIDTH / draw(bundled.export("mermaid"))["width"] < 8
