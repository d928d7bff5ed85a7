"""The bundled data: complete against the source document, and curated to our rules.

The source document lives outside the project (``../shared/seed``); the tests
that read it are skipped where it is absent. ``seed_map.toml`` says which of
our resources and topics stands for each of its links and route topics; these
tests check the map against the document itself, so a link or topic the map
forgets fails too.
"""

import re
import sys
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import pytest
from _shared import SEED
from markdown_it import MarkdownIt

import llm_roadmap
from llm_roadmap import Kind, Roadmap
from llm_roadmap._validate import is_tracking_param

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
SEED_MAP = tomllib.loads((Path(__file__).parent / "seed_map.toml").read_text(encoding="utf-8"))
CJK = re.compile(r"[\u4e00-\u9fff]")
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"source document not present at {SEED}")


@pytest.fixture(scope="module")
def bundled() -> Roadmap:
    return llm_roadmap.load(plugins=[])


def normalise(url: str) -> str:
    """A URL without tracking parameters, stray escapes or a trailing slash, for comparison."""
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    ]
    path = unquote(parts.path).rstrip("/\\")
    return urlunsplit(
        (
            "https" if parts.scheme in ("http", "https") else parts.scheme,
            parts.netloc.lower(),
            path,
            urlencode(query),
            "",
        )
    )


def seed_links() -> list[str]:
    tokens = MarkdownIt().parse(SEED.read_text(encoding="utf-8"))
    found = []
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                found.append(str(child.attrs["href"]))
    return found


def route_terms() -> list[str]:
    """The topics the document's math list and technical route name (the text before '：')."""
    text = SEED.read_text(encoding="utf-8")
    math = text.split("理论上掌握下面的全部内容", 1)[1].split("## 书籍推荐", 1)[0]
    route = text.split("### 编程基础", 1)[1].split("## Others", 1)[0]
    terms = []
    for line in (math + route).splitlines():
        match = re.match(r"\s*- ([^：:，,]+)", line)
        if match and "[" not in line:
            terms.append(match.group(1).strip())
    return [*terms, "Python", "Pytorch"]


@needs_seed
def test_every_link_of_the_source_is_mapped_and_represented(bundled: Roadmap) -> None:
    links = seed_links()
    # markdown-it finds exactly the links a regex finds: nothing hides in odd syntax.
    assert len(links) == len(
        re.findall(r"\]\((https?://[^)\s]+)\)", SEED.read_text(encoding="utf-8"))
    )
    mapped = {entry["url"]: entry for entry in SEED_MAP["links"]}
    missing = [url for url in links if url not in mapped]
    assert not missing, f"links of the source missing from seed_map.toml: {missing}"
    for url in links:
        entry = mapped[url]
        if "excluded" in entry:
            assert len(entry["excluded"]) > 20, f"an exclusion needs a real reason: {url}"
            continue
        resource = bundled.resource(entry["resource"])
        shipped = {normalise(resource.url), *(normalise(link.url) for link in resource.links)}
        assert normalise(url) in shipped, f"{url} is not among the URLs of {resource.id}: {shipped}"


@needs_seed
def test_every_route_topic_of_the_source_exists(bundled: Roadmap) -> None:
    def mapped(term: str) -> list[str]:
        # The map may quote a whole route item ("ChatGPT，Llama 2/3，GPT-4 技术报告").
        return [
            e["topic"] for e in SEED_MAP["topics"] if e["source"].lower().startswith(term.lower())
        ]

    terms = route_terms()
    assert len(terms) >= 16
    missing = [term for term in terms if not mapped(term)]
    assert not missing, f"route topics missing from seed_map.toml: {missing}"
    for term in terms:
        for topic_id in mapped(term):
            assert bundled.topic(topic_id).resources, f"{topic_id} has no resource"


def test_the_four_route_tracks_exist_in_order(bundled: Roadmap) -> None:
    ids = [t.id for t in bundled.tracks]
    route = ["math-foundations", "programming-foundations", "nlp-foundations", "llm-foundations"]
    assert [i for i in ids if i in route] == route


def test_source_advice_is_data(bundled: Roadmap) -> None:
    from llm_roadmap import Emphasis, Role

    roles = {p.placement.role for p in bundled.placed_resources()}
    assert {Role.CORE, Role.OPTIONAL, Role.ALTERNATIVE} <= roles
    emphases = {t.emphasis for t in bundled.topics} | {t.emphasis for t in bundled.tracks}
    assert {Emphasis.ESSENTIAL, Emphasis.BACKGROUND, Emphasis.SELECTIVE} <= emphases
    # 二选一: the two deep-learning textbooks are one group of alternatives.
    groups = {}
    for placed in bundled.placed_resources():
        if placed.placement.group:
            groups.setdefault((placed.topic.id, placed.placement.group), set()).add(
                placed.resource.kind
            )
    assert any(kinds == {Kind.BOOK} for kinds in groups.values())


def test_every_resource_is_placed_and_every_topic_has_one(bundled: Roadmap) -> None:
    unplaced = [r.id for r in bundled.resources if not bundled.placements(r.id)]
    assert not unplaced
    assert all(topic.resources for topic in bundled.topics)


def test_identifiers_agree_with_urls(bundled: Roadmap) -> None:
    for r in bundled.resources:
        host = urlsplit(r.url).netloc
        if host == "arxiv.org":
            assert r.url == f"https://arxiv.org/abs/{r.identifiers.arxiv}", r.id
        if r.identifiers.arxiv:
            assert r.kind is Kind.PAPER and r.year is not None and r.authors, r.id
        if host == "github.com" and r.kind is Kind.REPO:
            owner_name = "/".join(urlsplit(r.url).path.strip("/").split("/")[:2])
            assert r.identifiers.github == owner_name, r.id


def test_texts_are_really_in_both_languages(bundled: Roadmap) -> None:
    texts = []
    for track in bundled.tracks:
        texts += [(track.id, "summary", track.summary)]
        for topic in track.topics:
            texts += [(topic.id, "title", topic.title), (topic.id, "summary", topic.summary)]
    texts += [(r.id, "description", r.description) for r in bundled.resources]
    for entry, field, text in texts:
        assert CJK.search(text.zh), f"{entry}.{field}.zh has no Chinese"
        assert not CJK.search(text.en), f"{entry}.{field}.en is not English"


def test_urls_are_canonical(bundled: Roadmap) -> None:
    for r in bundled.resources:
        parts = urlsplit(r.url)
        assert parts.scheme in ("https", "http"), r.id
        assert not any(is_tracking_param(k) for k, _ in parse_qsl(parts.query)), r.id
        assert "%5C" not in r.url.upper(), r.id
