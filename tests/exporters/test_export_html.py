"""The HTML exporter without a browser: one self-contained file, data as inert JSON, a strict CSP.

The page's behaviour is tested in a real browser (tests/browser/); here, what
can be read from the file itself: what it holds, what it refuses, and that
nothing in it points anywhere.
"""

import base64
import hashlib
import html.parser
import json
import re
from pathlib import Path

import attrs
import pytest

import llm_roadmap
from llm_roadmap import ExportError, Kind, Lang, Level, Role, Status
from llm_roadmap.exporters import ExportOptions
from llm_roadmap.exporters.html import page
from llm_roadmap.exporters.html._page import SCRIPTS, STYLES, WORDS, assets, safe_url, script_json
from llm_roadmap.model import Emphasis, Link, Text
from llm_roadmap.progress import Progress
from llm_roadmap.testing import roadmap_with
from llm_roadmap.vocabulary import LABELS, labels

ASSETS = Path(llm_roadmap.__file__).parent / "exporters" / "html" / "assets"


@pytest.fixture(scope="module")
def bundled():
    return roadmap_with()


def _html(roadmap, lang="en", **params):
    return page(roadmap, ExportOptions(lang=Lang.parse(lang), params=params))


class _Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text of each script and style element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.bodies = {}
        self._open = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = (tag, len(self.tags) - 1)
            self.bodies[self._open] = ""

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self._open = None

    def handle_data(self, data):
        if self._open:
            self.bodies[self._open] += data


def _parse(text):
    parser = _Elements()
    parser.feed(text)
    return parser


def _data(text):
    match = re.search(
        r'<script type="application/json" id="roadmap-data">(.*?)</script>', text, re.S
    )
    assert match
    return match.group(1), json.loads(match.group(1))


def _sha(body):
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_the_page_is_one_file_with_nothing_to_fetch(bundled):
    text = _html(bundled)
    parsed = _parse(text)
    tags = [tag for tag, _ in parsed.tags]
    assert tags.count("script") == 2 and tags.count("style") == 1
    assert "link" not in tags and "img" not in tags and "iframe" not in tags
    for tag, attributes in parsed.tags:
        assert "src" not in attributes, tag
        assert "style" not in attributes, tag  # the CSP would refuse it anyway
        assert not any(name.startswith("on") for name in attributes), tag
        href = attributes.get("href")
        assert href is None or href.startswith("#"), href


def test_the_csp_allows_exactly_the_inline_script_and_style(bundled):
    text = _html(bundled)
    parsed = _parse(text)
    csp = next(
        a["content"] for t, a in parsed.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'none'"
    (script_key,) = [k for k in parsed.bodies if k[0] == "script" and not parsed.tags[k[1]][1]]
    (style_key,) = [k for k in parsed.bodies if k[0] == "style"]
    assert directives["script-src"] == _sha(parsed.bodies[script_key])
    assert directives["style-src"] == _sha(parsed.bodies[style_key])
    assert "unsafe" not in csp and "http" not in csp and "*" not in csp
    # The meta element comes before anything it governs.
    assert text.index("Content-Security-Policy") < text.index("<style>")


def test_both_languages_and_every_vocabulary_label_are_embedded(bundled):
    _, data = _data(_html(bundled, "zh"))
    assert data["lang"] == "zh"
    names = {"kind": Kind, "level": Level, "role": Role, "emphasis": Emphasis, "status": Status}
    for name, enum in names.items():
        zh, en = labels(enum, "zh"), labels(enum, "en")
        for value, entry in data["vocab"][name].items():
            assert entry == (zh[value] if zh[value] == en[value] else [zh[value], en[value]])
    topic = next(t for t in data["topics"] if t["id"] == "attention-mechanism")
    assert topic["title"] == ["注意力机制", "Attention mechanism"]
    assert len(data["topics"]) == len(bundled.topics)
    assert set(data["resources"]) == {r.id for r in bundled.resources}


def test_the_script_spells_no_vocabulary_word_and_uses_only_known_words():
    js = "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS)
    literals = set(re.findall(r"'([^'\\]*)'", js))
    labels_ = {t.zh for t in LABELS.values()} | {t.en for t in LABELS.values()}
    assert not literals & labels_, sorted(literals & labels_)
    assert not re.search(r"[\u4e00-\u9fff]", js)  # no Chinese word of its own either
    used = set(re.findall(r"\bw\('([a-z_]+)'\s*[,)]", js))
    assert used and used <= set(WORDS), sorted(used - set(WORDS))
    for name in SCRIPTS + STYLES + ("page.html",):
        assert (ASSETS / name).is_file()


def _hostile(roadmap):
    hostile = "</script><script>alert(1)</script><!-- \u2028\u2029 & <b>"
    resources = list(roadmap.resources)
    resources[0] = attrs.evolve(
        resources[0],
        title=Text.same(hostile),
        url="javascript:alert(1)",
        links=(Link(url="data:text/html,x", label=Text.same("x")),),
    )
    return attrs.evolve(roadmap, resources=tuple(resources)), hostile, resources[0].id


def test_data_cannot_close_its_script_element_and_reads_back_exactly(bundled):
    roadmap, hostile, first = _hostile(bundled)
    text = _html(roadmap)
    raw, data = _data(text)
    for character in "<>&\u2028\u2029":
        assert character not in raw
    assert data["resources"][first]["title"] == hostile
    assert text.count("</script>") == 2
    assert script_json({"a": "</script>"}) == '{"a":"\\u003c/script\\u003e"}'


def test_links_that_are_not_http_are_dropped(bundled):
    roadmap, _, first = _hostile(bundled)
    _, data = _data(_html(roadmap))
    entry = data["resources"][first]
    assert entry["url"] is None
    assert entry["links"] == [[None, "x"]]


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=1", True),
        ("HTTP://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
        ("//evil.example/x", False),
        ("https:///nohost", False),
        ("https://example.org/\u0000", False),
        ("", False),
    ],
)
def test_safe_url(url, kept):
    assert (safe_url(url) == url) is kept


def test_the_page_starts_from_the_progress_its_caller_gives(bundled):
    progress = Progress()
    progress.mark("attention-is-all-you-need", "done")
    progress.mark("transformer", "learning", topic=True)
    _, data = _data(_html(bundled, progress=progress.statuses(bundled)))
    # The learner's own entries, with their times, so the page can merge by time.
    assert data["progress"] == progress.to_json()
    assert data["progress"]["resources"]["attention-is-all-you-need"]["status"] == "done"
    assert data["progress"]["topics"]["transformer"]["status"] == "learning"
    _, data = _data(_html(bundled))
    assert data["progress"] is None


def test_progress_that_is_not_statuses_is_a_clear_export_error(bundled, tmp_path):
    bad = tmp_path / "p.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(ExportError, match="progress"):
        _html(bundled, progress=str(bad))


def test_the_bundled_page_is_under_300_kb(bundled):
    assert len(_html(bundled).encode("utf-8")) < 300_000


def test_assets_are_read_once_and_guarded():
    template, _, js = assets()
    assert "@@DATA@@" in template and "@@CSP@@" in template
    assert js.startswith("(function () {") and "</script" not in js.lower()
    assert assets() is assets()


def _cli(data_home, *args):
    import os
    import subprocess
    import sys

    env = {**os.environ, "LLM_ROADMAP_DATA_DIR": str(data_home), "LLM_ROADMAP_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *args], capture_output=True, text=True, env=env
    )


def test_cli_export_with_progress_starts_from_the_learners_file(tmp_path):
    home = tmp_path / "home"
    assert _cli(home, "mark", "done", "attention-is-all-you-need").returncode == 0
    assert _cli(home, "mark", "skipped", "text-preprocessing").returncode == 0
    out = tmp_path / "mine.html"
    result = _cli(home, "export", "--format", "html", "--progress", "-o", str(out))
    assert result.returncode == 0, result.stderr
    _, data = _data(out.read_text(encoding="utf-8"))
    mine = Progress.load(home / "progress.json").to_json()
    # The learner's own entries, with their times, so the page can merge them.
    assert data["progress"] == mine
    assert data["progress"]["topics"]["text-preprocessing"]["status"] == "skipped"


def test_cli_exports_a_custom_roadmap_from_a_data_directory(toy_dir, tmp_path):
    out = tmp_path / "team.html"
    result = _cli(
        tmp_path / "home", "--data", str(toy_dir), "export", "--format", "html", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    _, data = _data(out.read_text(encoding="utf-8"))
    assert "toy-track" in [t["id"] for t in data["tracks"]]
    toy = next(t for t in data["topics"] if t["id"] == "toy-basics")
    assert toy["title"] == ["基础", "Basics"]
    assert "toy-paper" in data["resources"]


def test_an_author_list_cut_short_reaches_the_page_as_names_and_a_flag(bundled):
    _, data = _data(_html(bundled))
    gpt3 = data["resources"]["gpt-3"]
    assert gpt3["authors"][0] == "Tom B. Brown" and "others" not in gpt3["authors"]
    assert gpt3["authors_cut"] is True
    assert "authors_cut" not in data["resources"]["attention-is-all-you-need"]
