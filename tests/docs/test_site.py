"""The documentation site as built: both languages, and nothing loaded from another host (slow).

The site is built once for the module with ``mkdocs build --strict``; ``nox -s
docs`` builds it itself and hands it over in ``LLM_ROADMAP_SITE``. Where mkdocs
is not installed (the plain test sessions), the tests skip: the docs session is
the one that runs them.

"Nothing from a CDN" is checked twice: statically (no CDN host anywhere in the
site's HTML, CSS, JavaScript and data files; no page or stylesheet that loads
a remote script, style, font or image) and in a real browser (Debian's
chromium through playwright, every request off 127.0.0.1 blocked and
recorded), where the Mermaid diagrams must still turn into drawings.
"""

import functools
import http.server
import importlib.util
import json
import os
import re
import sys
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SITE_ENV = "LLM_ROADMAP_SITE"
CHROMIUM = Path(os.environ.get("LLM_ROADMAP_CHROMIUM", "/usr/bin/chromium"))

# The pages the issue asks for in both languages (site paths, English first).
BILINGUAL = ["", "getting-started/", "learning/", "cli/", "plugins/"]

CDN_HOSTS = re.compile(
    r"cdn\.jsdelivr|jsdelivr\.net|unpkg\.com|cdnjs|googleapis\.com|gstatic\.com|fonts\.google"
    r"|bootstrapcdn|cdn\.skypack|esm\.sh|polyfill\.io|code\.jquery\.com|use\.fontawesome",
    re.IGNORECASE,
)
# mkdocs-material's bundle names two CDN scripts, each fetched only when the
# browser lacks the object: ResizeObserver (every current browser has it) and
# a global `mermaid` (the site's own copy, extra_javascript, defines it first).
# The browser test below shows neither is fetched; these patterns take exactly
# those two guarded fallbacks out of the static scan, and a bundle that names
# a CDN any other way fails it.
MATERIAL_FALLBACKS = [
    re.compile(r'typeof ResizeObserver=="undefined"\?\w+\("https://unpkg\.com/[^"]+"\)'),
    re.compile(
        r'typeof mermaid=="undefined"\|\|mermaid instanceof Element\?\w+\("https://unpkg\.com/[^"]+"\)'
    ),
]
TEXT_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get(SITE_ENV)
    if given:
        return Path(given)
    for module in ("mkdocs", "material", "mkdocs_static_i18n", "mkdocstrings"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed here; `nox -s docs` builds and checks the site")
    import subprocess

    out = tmp_path_factory.mktemp("docs") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    return out


def _text_files(site: Path) -> Iterator[Path]:
    # Source maps are left out: a page never loads them (only a browser's devtools do).
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            yield path


class _Loads(HTMLParser):
    """Collects what an HTML page makes the browser fetch by itself (not the links one clicks)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, "str | None"]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed", "input"):
            self._add(values.get("src"))
        elif tag == "link" and (values.get("rel") or "").lower() != "alternate":
            self._add(values.get("href"))
        elif tag == "object":
            self._add(values.get("data"))
        self._add_css(values.get("style") or "")

    def _add(self, url: "str | None") -> None:
        if url:
            self.urls.append(url)

    def _add_css(self, css: str) -> None:
        self.urls.extend(_css_urls(css))


def _css_urls(css: str) -> list[str]:
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    found += re.findall(r"@import\s+['\"]([^'\"]+)", css)
    return found


def _remote(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https")


def _h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)
    assert match, "page without an h1"
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("¶", "").strip()


# -- both languages -------------------------------------------------------------


@pytest.mark.parametrize("page", BILINGUAL)
def test_page_exists_in_both_languages_with_a_switch(site: Path, page: str) -> None:
    english = (site / page / "index.html").read_text(encoding="utf-8")
    chinese = (site / "zh" / page / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english
    assert '<html lang="zh"' in chinese
    # A translated page, not the English one shown under /zh/.
    assert _h1(english) != _h1(chinese)
    assert re.search(r"[\u4e00-\u9fff]", _h1(chinese)), _h1(chinese)
    assert not re.search(r"[\u4e00-\u9fff]", _h1(english)), _h1(english)
    # The language switch links each page to its other-language twin.
    for html, lang, here, there in (
        (english, "zh", site / page, site / "zh" / page),
        (chinese, "en", site / "zh" / page, site / page),
    ):
        links = re.findall(rf'<a href="([^"]*)" hreflang="{lang}" class="md-select__link"', html)
        assert links, f"no language switch to {lang} on {here}"
        assert (here / links[0]).resolve() == there.resolve()


# Every page of the English site, as its path on the site.
PAGES = sorted(
    ""
    if path.name == "index.md" and path.parent.name == "docs"
    else str(path.relative_to(ROOT / "docs").with_suffix("")).replace("/index", "") + "/"
    for path in (ROOT / "docs").rglob("*.md")
    if not path.name.endswith(".zh.md") and "_hooks" not in path.parts
)
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_under_zh_is_chinese(site: Path, page: str) -> None:
    html = (site / "zh" / page / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html
    assert CJK.search(_h1(html)), f"/zh/{page}: heading {_h1(html)!r}"
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    assert title and CJK.search(title.group(1).split(" - ")[0]), f"/zh/{page}: title {title}"


def test_every_nav_entry_under_zh_is_chinese(site: Path) -> None:
    html = (site / "zh" / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>\n  </div>") if "</nav>\n  </div>" in nav else len(nav)]
    entries = {
        " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for text in re.findall(
            r'<(?:a|label)[^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</(?:a|label)>', nav, re.DOTALL
        )
    }
    entries.discard("")
    assert len(entries) > 30
    english = sorted(e for e in entries if not CJK.search(e) and e != "llm-roadmap")
    assert not english, f"nav entries without Chinese under /zh/: {english}"


def test_api_signatures_are_formatted(site: Path) -> None:
    # mkdocstrings lays long signatures out with ruff (the docs session installs
    # it); without a formatter it prints them on one line and warns.
    page = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    signatures = [
        re.sub(r"<[^>]+>", "", block)
        for block in re.findall(r'<div class="doc-signature[^>]*>(.*?)</div>', page, re.DOTALL)
    ]
    load = next(sig for sig in signatures if sig.lstrip().startswith("load("))
    assert "\n    paths: " in load
    assert load.rstrip().endswith("Roadmap")


# -- nothing from a CDN ------------------------------------------------------------


def test_no_cdn_url_anywhere_in_the_site(site: Path) -> None:
    found = []
    fallbacks = 0
    for path in _text_files(site):
        content = path.read_text(encoding="utf-8", errors="replace")
        if path.name.startswith("bundle.") and path.suffix == ".js":
            for pattern in MATERIAL_FALLBACKS:
                content, count = pattern.subn("", content)
                fallbacks += count
        found.extend(
            f"{path.relative_to(site)}: ...{content[max(0, m.start() - 60) : m.end() + 40]}..."
            for m in CDN_HOSTS.finditer(content)
        )
    assert not found, "CDN URLs in the built site:\n" + "\n".join(found[:20])
    # The exception above covers exactly material's two guarded fallbacks.
    assert fallbacks == len(MATERIAL_FALLBACKS)


def test_no_page_or_stylesheet_loads_anything_from_another_host(site: Path) -> None:
    remote = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        remote.extend(f"{page.relative_to(site)}: {u}" for u in parser.urls if _remote(u))
    for sheet in sorted(site.rglob("*.css")):
        css = sheet.read_text(encoding="utf-8", errors="replace")
        remote.extend(f"{sheet.relative_to(site)}: {u}" for u in _css_urls(css) if _remote(u))
    assert not remote, "remote resources:\n" + "\n".join(remote[:20])


def test_mermaid_is_the_sites_own_copy_with_its_licence(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<script src="assets/vendor/mermaid/mermaid.min.js"></script>' in index
    assert 'class="mermaid"' in index
    vendor = site / "assets" / "vendor" / "mermaid"
    assert (vendor / "mermaid.min.js").stat().st_size > 1_000_000
    assert "MIT License" in (vendor / "LICENSE.txt").read_text(encoding="utf-8")
    # No Google Fonts (mkdocs-material's default): theme.font is false.
    assert "fonts.googleapis" not in index
    assert '<link rel="preconnect"' not in index


# -- in a browser, offline ----------------------------------------------------------


def _require_browser() -> None:
    reason = None
    if importlib.util.find_spec("playwright") is None:
        reason = "the playwright Python package is not installed"
    elif not CHROMIUM.exists():
        reason = f"no chromium at {CHROMIUM} (apt-get install chromium)"
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"the docs browser test cannot run under CI: {reason}")
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("page", ["", "zh/", "data-model/", "zh/data-model/"])
def test_diagrams_render_with_every_remote_request_blocked(
    site: Path, served: str, page: str
) -> None:
    _require_browser()
    html = (site / page / "index.html").read_text(encoding="utf-8")
    diagrams = html.count('<pre class="mermaid">')
    assert diagrams > 0
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            context = browser.new_context()

            def route(route: object) -> None:
                url = route.request.url  # type: ignore[attr-defined]
                if urlsplit(url).hostname == "127.0.0.1":
                    route.continue_()  # type: ignore[attr-defined]
                else:
                    blocked.append(url)
                    route.abort()  # type: ignore[attr-defined]

            context.route("**/*", route)
            tab = context.new_page()
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
            tab.goto(served + page, wait_until="load")
            # mkdocs-material replaces each <pre class="mermaid"> by a <div
            # class="mermaid"> holding the drawing once mermaid has rendered it.
            tab.wait_for_function(
                "document.querySelectorAll('pre.mermaid').length === 0", timeout=60_000
            )
            boxes = [
                tab.locator("div.mermaid").nth(i).bounding_box()
                for i in range(tab.locator("div.mermaid").count())
            ]
        finally:
            browser.close()
    assert not blocked, f"requests to other hosts: {blocked}"
    assert not errors, errors
    assert len(boxes) == diagrams
    assert all(box is not None and box["height"] > 40 and box["width"] > 40 for box in boxes)


# -- search, in Chinese ------------------------------------------------------------


_READY = {"zh/": "键入以开始搜索", "": "Type to start searching"}


def _search(served: str, page: str, word: str) -> list[str]:
    """The result links the site's own search box shows for ``word`` on ``page``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            tab = browser.new_page()
            tab.goto(served + page, wait_until="load")
            box = tab.locator("input.md-search__input")
            box.click()
            # The index is loaded by a worker; the box says so when it is ready.
            tab.wait_for_function(
                "ready => document.querySelector('.md-search-result__meta')"
                ".textContent.trim() === ready",
                arg=_READY[page],
                timeout=60_000,
            )
            box.fill(word)
            box.press("End")  # mkdocs-material reads the query on a key
            tab.wait_for_selector(".md-search-result__item", timeout=60_000)
            links = tab.locator(".md-search-result__item > a")
            return [str(links.nth(i).get_attribute("href")) for i in range(links.count())]
        finally:
            browser.close()


@pytest.mark.parametrize("word", ["注意力", "进度", "学习"])
def test_the_chinese_site_search_finds_chinese_words(site: Path, served: str, word: str) -> None:
    # What a reader types in the search box finds the pages that hold it (the
    # index's segmentation is checked below, without a browser).
    _require_browser()
    links = _search(served, "zh/", word)
    chinese = [urlsplit(link).path for link in links if urlsplit(link).path.startswith("/zh/")]
    assert chinese, links
    for path in chinese:
        html = (site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        assert word in html, path


def test_the_chinese_search_index_is_cut_into_words(site: Path) -> None:
    # mkdocs-material cuts Chinese into words with jieba at build time (the docs
    # session installs it), separated by zero-width spaces, so a query matches
    # whole words. Without jieba the index holds unbroken sentences; the browser
    # test above still passes then, so this is the test that notices.
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert r"\u200b" in index["config"]["separator"]
    chinese = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("zh/"))
    for word in ("注意力", "进度", "学习"):
        assert f"\u200b{word}\u200b" in chinese, word
