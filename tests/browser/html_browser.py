"""Helpers for the HTML page's browser tests: Debian's chromium driven by playwright.

The browser is the system's ``/usr/bin/chromium`` (``LLM_ROADMAP_CHROMIUM``
overrides), never a downloaded one; each test gets a fresh profile. Every
request the page makes is recorded, and every console message, so a test can
assert that nothing left the page and nothing failed. When chromium or
playwright is missing the tests skip, saying which, except under CI (the
``CI`` variable set), where a missing browser fails them.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

import attrs
import pytest

import llm_roadmap
import llm_roadmap.testing

CHROMIUM = Path(os.environ.get("LLM_ROADMAP_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = os.environ.get("LLM_ROADMAP_SCREENSHOTS")
"""A directory to keep screenshots in (the docs' images come from a run with it set)."""


def missing_browser() -> Optional[str]:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    if not CHROMIUM.exists():
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def require_browser() -> None:
    """Skip the test when there is no browser; fail it instead under CI."""
    reason = missing_browser()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason)


def write_page(roadmap: "llm_roadmap.Roadmap", path: Path, lang: str = "en", **params: Any) -> Path:
    """Export ``roadmap`` to ``path`` with the ``html`` exporter."""
    roadmap.export("html", path, lang=lang, **params)
    return path


@attrs.define
class Session:
    """An open page with what it requested and logged."""

    page: Any
    context: Any
    url: str
    requests: list[str] = attrs.Factory(list)
    console: list[tuple[str, str]] = attrs.Factory(list)
    dialogs: list[str] = attrs.Factory(list)

    def errors(self) -> list[tuple[str, str]]:
        """Console errors and uncaught exceptions."""
        return [(kind, text) for kind, text in self.console if kind in ("error", "pageerror")]

    def foreign_requests(self) -> list[str]:
        """Requests for anything but the page itself."""
        return [url for url in self.requests if url.split("#")[0] != self.url]


@contextmanager
def open_page(
    path: Path, profile: Path, viewport: tuple[int, int] = (1400, 1000), touch: bool = False
) -> Iterator[Session]:
    """Open ``path`` from ``file://`` in a fresh chromium profile; block and record any request.

    With ``touch``, the browser is a phone's: a touch screen and no mouse
    (``pointer: coarse``, ``hover: none``).
    """
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport={"width": viewport[0], "height": viewport[1]},
            accept_downloads=True,
            has_touch=touch,
            is_mobile=touch,
        )
        try:
            page = context.new_page()
            session = Session(page=page, context=context, url=path.resolve().as_uri())

            def block(route: Any) -> None:
                session.requests.append(route.request.url)
                route.abort()

            # Anything but the page's own file is refused, and remembered.
            context.route(lambda url: not url.startswith("file:"), block)
            page.on("request", lambda r: session.requests.append(r.url))
            page.on("console", lambda m: session.console.append((m.type, m.text)))
            page.on("pageerror", lambda e: session.console.append(("pageerror", str(e))))

            def dialog(d: Any) -> None:
                session.dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", dialog)
            page.goto(session.url)
            page.wait_for_selector(".node")
            yield session
        finally:
            context.close()


def keep_screenshot(data: bytes, name: str) -> None:
    """Save a screenshot when LLM_ROADMAP_SCREENSHOTS names a directory."""
    if SCREENSHOTS:
        target = Path(SCREENSHOTS)
        target.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)


NODE_BOXES_JS = """Object.fromEntries([...document.querySelectorAll('.node')].map(n => {
    const r = n.getBoundingClientRect();
    return [n.dataset.topic, {x: r.x, y: r.y, width: r.width, height: r.height}];
}))"""
"""Each node's topic id and bounding box (``x``, ``y``, ``width``, ``height``)."""

VISIBLE_TEXTS_JS = """(() => {
    const out = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
        const node = walk.currentNode, el = node.parentElement;
        const text = node.textContent.trim();
        if (!text || !el || el.closest('script, noscript')) continue;
        if (!el.checkVisibility({visibilityProperty: true})) continue;
        out.push(text);
    }
    return out;
})()"""
"""Every text the reader can see on the page, in document order."""


EDGES_THROUGH_BOXES_JS = """(() => {
    const rect = (el) => el.getBoundingClientRect();
    const boxes = [...document.querySelectorAll('.node')].map(n => [n.dataset.topic, rect(n)]);
    const heads = [...document.querySelectorAll('.band-head')].map(h => ['heading', rect(h)]);
    const inside = (p, r) =>
        p.x > r.left + 0.5 && p.x < r.right - 0.5 && p.y > r.top + 0.5 && p.y < r.bottom - 0.5;
    const through = [], ends = {};
    let samples = 0;
    for (const edge of document.querySelectorAll('svg path.edge')) {
        const from = edge.dataset.from, to = edge.dataset.to;
        const ctm = edge.getScreenCTM(), total = edge.getTotalLength();
        const at = (s) => {
            const p = edge.getPointAtLength(s);
            return new DOMPoint(p.x, p.y).matrixTransform(ctm);
        };
        for (let s = 0; s <= total; s += 3) {
            const p = at(s);
            samples += 1;
            for (const [id, r] of boxes.concat(heads)) {
                if (id !== from && id !== to && inside(p, r)) {
                    through.push([from, to, id, Math.round(p.x), Math.round(p.y)]);
                }
            }
        }
        const end = at(total);
        (ends[to] = ends[to] || []).push([Math.round(end.x), Math.round(end.y)]);
    }
    const shared = Object.entries(ends).filter(([, points]) =>
        new Set(points.map(p => p.join(','))).size !== points.length).map(([to]) => to);
    return {edges: document.querySelectorAll('svg path.edge').length, samples, through, shared};
})()"""
"""Samples every edge's path every 3 px: each point inside a box other than its ends, and
the topics into which two edges arrive at the same point."""

EDGE_ENDS_JS = """(() => {
    const box = (id) =>
        document.querySelector(`.node[data-topic="${CSS.escape(id)}"]`).getBoundingClientRect();
    // On a box's edge: inside it grown by 0.75 px, not inside it shrunk by 0.75 px.
    const within = (p, r, d) =>
        p.x >= r.left - d && p.x <= r.right + d && p.y >= r.top - d && p.y <= r.bottom + d;
    const on = (p, r) => within(p, r, 0.75) && !within(p, r, -0.75);
    const off = [];
    for (const edge of document.querySelectorAll('svg path.edge')) {
        const ctm = edge.getScreenCTM(), total = edge.getTotalLength();
        const point = (s) => {
            const p = edge.getPointAtLength(s);
            return new DOMPoint(p.x, p.y).matrixTransform(ctm);
        };
        if (!on(point(0), box(edge.dataset.from)) || !on(point(total), box(edge.dataset.to))) {
            off.push([edge.dataset.from, edge.dataset.to]);
        }
    }
    return off;
})()"""
"""The edges that do not start on their prerequisite's box and end on their topic's."""

TITLE_OVERFLOW_JS = """(() => [...document.querySelectorAll('.node')].filter(node => {
    const n = node.getBoundingClientRect();
    const t = node.querySelector('.node-title').getBoundingClientRect();
    return t.bottom > n.bottom + 0.5 || t.right > n.right + 0.5
        || t.top < n.top - 0.5 || t.left < n.left - 0.5
        || node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;
}).map(node => node.dataset.topic))()"""
"""The topics whose title does not fit inside its box."""

INNER_SCROLL_JS = """(() => {
    const found = [];
    let el = document.getElementById('canvas');
    for (; el && el !== document.body; el = el.parentElement) {
        if (el.scrollHeight > el.clientHeight + 1) {
            found.push([el.id || el.className, el.scrollHeight, el.clientHeight]);
        }
    }
    return found;
})()"""
"""The elements around the graph that scroll (or cut) it vertically: none, the page scrolls."""

SMALL_TARGETS_JS = """(() => [...document.querySelectorAll(
        'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(el => el.checkVisibility({visibilityProperty: true, opacityProperty: true}))
    .map(el => [
        el.tagName + (el.id ? '#' + el.id : '') + ' '
            + (el.textContent || el.placeholder || '').trim().slice(0, 30),
        el.getBoundingClientRect().height])
    .filter(([, height]) => height < 44))()"""
"""Every visible control (link, button, field) less than 44 px tall, with its height."""

OUTSIDE_VIEWPORT_JS = """(() => [...document.querySelectorAll('.node')].filter(node => {
    const r = node.getBoundingClientRect();
    return r.left < 0 || r.right > window.innerWidth;
}).map(node => node.dataset.topic))()"""
"""The topic boxes that reach past the left or right edge of the viewport."""

RESULTS_JS = """[...document.querySelectorAll('#search-results .result')]
    .filter(el => el.checkVisibility())
    .map(el => el.dataset.topic || 'resource:' + el.dataset.resource)"""
"""The search results the reader sees, in order: topic ids, or ``resource:<id>``."""


def expected_edges(roadmap: "llm_roadmap.Roadmap") -> set[tuple[str, str]]:
    """Each prerequisite edge the page draws: (prerequisite, topic)."""
    return {(p, t.id) for t in roadmap.topics for p in t.prerequisites}


COLOUR_COUNT_JS = """async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width; canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
        const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        counts.set(key, (counts.get(key) || 0) + 1);
    }
    return [counts.size, Math.max(...counts.values()) / (img.width * img.height)];
}
"""
"""A function of a PNG data URL: its number of colours and the share of the commonest one."""


def colours(session: Session, png: bytes) -> tuple[int, float]:
    """How many colours a PNG holds, and the share of its most common one.

    The image is decoded by the browser itself, on a blank page of its own
    (the roadmap page's policy allows no image), from a ``data:`` URL.
    """
    import base64

    blank = session.context.new_page()
    try:
        return tuple(  # type: ignore[return-value]
            blank.evaluate(
                COLOUR_COUNT_JS,
                "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
            )
        )
    finally:
        blank.close()


def overlaps(boxes: dict[str, dict[str, float]]) -> list[tuple[str, str]]:
    """Pairs of boxes (``{x, y, width, height}``) that overlap."""
    items = sorted(boxes.items(), key=lambda kv: kv[1]["x"])
    found = []
    for i, (a, box_a) in enumerate(items):
        for b, box_b in items[i + 1 :]:
            if box_b["x"] >= box_a["x"] + box_a["width"]:
                break
            if (
                box_a["y"] < box_b["y"] + box_b["height"]
                and box_b["y"] < box_a["y"] + box_a["height"]
            ):
                found.append((a, b))
    return found


def hostile_roadmap() -> "llm_roadmap.Roadmap":
    """The hostile plugin's roadmap, with a ``javascript:`` URL, an RTL override and bad links."""
    import hostile_plugin

    from llm_roadmap.model import Link

    rm = hostile_plugin.load()
    evil = 'javascript:alert("x")'
    resources = list(rm.resources)
    resources[0] = attrs.evolve(
        resources[0],
        url=evil,
        title=llm_roadmap.Text.same('"><img src=x onerror="window.__pwned=1">\u202eRTL 🚀'),
        links=(
            Link(url="javascript:window.__pwned=2", label=llm_roadmap.Text.same("<b>js</b>")),
            Link(url="data:text/html,<script>1</script>", label=llm_roadmap.Text.same("data")),
        ),
    )
    return attrs.evolve(rm, resources=tuple(resources))


def generated_plugin(count: int) -> object:
    """A plugin adding a track of ``count`` long-titled, interlinked topics (for 60+ topics)."""
    from llm_roadmap import hookimpl

    class Generated:
        @hookimpl
        def register_tracks(self, register: Any) -> None:
            topics = []
            for n in range(count):
                prerequisites = [f"gen-{n - 1}"] if n % 4 else []
                if n % 7 == 3:
                    prerequisites.append(f"gen-{n // 2}")
                if n % 5 == 0:
                    prerequisites.append("transformer")
                topics.append(
                    {
                        "id": f"gen-{n}",
                        "title": {
                            "zh": f"生成的主题 {n}：一个相当长的标题",
                            "en": f"Generated topic {n} with a rather long title to wrap",
                        },
                        "summary": {"zh": "测试用。", "en": "For tests."},
                        "prerequisites": sorted(set(prerequisites) - {f"gen-{n}"}),
                        "resources": [{"resource": f"gen-res-{n}"}],
                        "emphasis": ["standard", "essential", "selective", "background"][n % 4],
                    }
                )
            register(
                {
                    "tracks": [
                        {
                            "id": "generated",
                            "order": 500,
                            "title": {"zh": "生成的路线", "en": "Generated track"},
                            "summary": {"zh": "测试用。", "en": "For tests."},
                            "topics": topics,
                        }
                    ],
                    "resources": [
                        {
                            "id": f"gen-res-{n}",
                            "title": f"Resource {n}",
                            "url": f"https://example.org/{n}",
                            "kind": "article",
                            "language": "en",
                            "description": {"zh": "测试。", "en": "Test."},
                        }
                        for n in range(count)
                    ],
                }
            )

    return Generated()


HOURS = {"python-tutorial": 6.0, "showmeai-python": 10.0, "pytorch-tutorials": 8.5}
"""Study times given to placements of the topics python and pytorch in `roadmap_with_hours`."""


def roadmap_with_hours(hours: "dict[str, float]") -> "llm_roadmap.Roadmap":
    """The bundled roadmap with study times on the placements of python and pytorch in ``hours``.

    Every other placement loses its time, so what the page adds up depends on
    ``hours`` alone (``{}``: a roadmap without study times).
    """
    rm = llm_roadmap.testing.roadmap_with()
    basis = llm_roadmap.Text(zh="按章节估算", en="estimated from the chapters")

    def timed(topic: "llm_roadmap.Topic") -> "llm_roadmap.Topic":
        placements = tuple(
            attrs.evolve(p, hours=hours[p.resource], hours_basis=basis)
            if p.resource in hours and topic.id in ("python", "pytorch")
            else attrs.evolve(p, hours=None, hours_basis=None)
            for p in topic.resources
        )
        return attrs.evolve(topic, resources=placements)

    tracks = tuple(
        attrs.evolve(track, topics=tuple(timed(t) for t in track.topics)) for track in rm.tracks
    )
    return attrs.evolve(rm, tracks=tracks)


def sized_roadmap(total: "int | None") -> "llm_roadmap.Roadmap":
    """The bundled roadmap (``None``), or it with generated topics up to ``total`` topics."""
    bundled = llm_roadmap.testing.roadmap_with()
    if total is None:
        return bundled
    extra = total - len(bundled.topics)
    return llm_roadmap.testing.roadmap_with(("generated", generated_plugin(extra)))


def run_cli(data_dir: Path, *args: str) -> "subprocess.CompletedProcess[str]":
    """Run ``llm-roadmap ARGS`` in English with its progress kept in ``data_dir``."""
    env = {**os.environ, "LLM_ROADMAP_DATA_DIR": str(data_dir), "LLM_ROADMAP_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def english_only_words() -> set[str]:
    """Every word of the page's own and the vocabulary's English that differs from the Chinese."""
    from llm_roadmap.exporters.html._page import WORDS
    from llm_roadmap.vocabulary import LABELS

    words = {t.en for t in WORDS.values() if t.en != t.zh and "{" not in t.en}
    words |= {t.en for t in LABELS.values() if t.en != t.zh}
    return words


def cli_accepts_page_progress(exported: Path, cli_dir: Path, first: str) -> None:
    """The page's exported progress file is imported by the CLI with the marks it shows.

    The page marked resource ``first`` learning and the topic ``pytorch`` skipped.
    """
    import json

    from llm_roadmap.progress import Progress

    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "llm-roadmap-progress" and data["version"] == 1
    result = run_cli(cli_dir, "progress", "import", str(exported))
    assert result.returncode == 0, result.stderr
    mine = Progress.load(cli_dir / "progress.json")
    assert mine.status(first).value == "learning"
    assert mine.status("pytorch", topic=True).value == "skipped"


def cli_progress_file(cli_dir: Path, done: list[str], target: Path) -> Any:
    """Mark ``done`` done and ``transformer`` learning with the CLI, export it to ``target``.

    Returns the exported file as the CLI's own reader reads it (a `Progress`).
    """
    from llm_roadmap.progress import Progress

    assert run_cli(cli_dir, "mark", "done", *done).returncode == 0
    assert run_cli(cli_dir, "mark", "learning", "transformer").returncode == 0
    assert run_cli(cli_dir, "progress", "export", "-o", str(target)).returncode == 0
    return Progress.read(target)
