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
from llm_roadmap.identity import is_tracking_param

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


PLUGIN_DATA = ROOT / "plugins" / "llm-roadmap-llm-apps" / "llm_roadmap_llm_apps" / "data"


@pytest.fixture(scope="module")
def with_plugin() -> Roadmap:
    """The bundled data and the first-party plugin's data, read from the checkout."""
    return llm_roadmap.load(paths=[str(PLUGIN_DATA)], plugins=[], environ={})


# American spellings; British English with -ise is the docs' choice. Words that
# end in -ize in British English too, and proper names, are not variants.
AMERICAN = re.compile(
    r"\b[A-Za-z]*(?:iz(?:e|es|ed|ing|er|ers|ation|ations)|yz(?:e|es|ed|ing))\b"
    r"|\b(?:labeled|labeling|modeling|modeled|behaviors?|color|colors|favor|center)\b"
)
# "Tokenizer" only in the quoted title of Karpathy's lecture "Let's build the GPT
# Tokenizer" (waived for the lint in data/lint-waivers.toml, with the reason).
NOT_VARIANTS = {"size", "sizes", "sized", "prize", "seize", "capsize", "Tokenizers", "Tokenizer"}


def reader_texts(roadmap: Roadmap) -> list[tuple[str, str]]:
    """Every English text a reader sees, except real titles (those keep their spelling)."""
    texts: list[tuple[str, str]] = []
    for track in roadmap.tracks:
        texts += [(track.id, track.title.en), (track.id, track.summary.en)]
        texts += [(track.id, track.note.en)] if track.note else []
        for topic in track.topics:
            texts += [(topic.id, topic.title.en), (topic.id, topic.summary.en)]
            texts += [(topic.id, topic.note.en)] if topic.note else []
            texts += [(topic.id, concept.en) for concept in topic.concepts]
            texts += [(topic.id, p.note.en) for p in topic.resources if p.note]
    for r in roadmap.resources:
        texts.append((r.id, r.description.en))
        texts += [(r.id, link.label.en) for link in r.links if "Paper:" not in link.label.en]
    return texts


def test_one_english_spelling_in_core_and_plugin(with_plugin: Roadmap) -> None:
    variants = [
        (entry, word)
        for entry, text in reader_texts(with_plugin)
        for word in (m.group(0) for m in AMERICAN.finditer(text))
        if word not in NOT_VARIANTS
    ]
    assert not variants, f"American spellings (write -ise, -yse, -our, -lled): {variants}"


def test_the_spelling_check_finds_a_variant() -> None:
    text = "Quantization and optimisation, sized; odd behaviour, odd behavior"
    found = [m.group(0) for m in AMERICAN.finditer(text)]
    assert [w for w in found if w not in NOT_VARIANTS] == ["Quantization", "behavior"]


def test_one_term_for_parameter_efficient_fine_tuning(with_plugin: Roadmap) -> None:
    texts = reader_texts_zh(with_plugin)
    assert len(texts) > 100
    offenders = [e for e, text in texts if "轻量化微调" in text]
    assert not offenders, f"say 参数高效微调, not 轻量化微调: {offenders}"


def reader_texts_zh(roadmap: Roadmap) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for topic in roadmap.topics:
        texts += [(topic.id, topic.summary.zh)] + [(topic.id, c.zh) for c in topic.concepts]
        texts += [(topic.id, p.note.zh) for p in topic.resources if p.note]
    texts += [(r.id, r.description.zh) for r in roadmap.resources]
    return texts


def test_english_readers_get_a_title_they_can_read(with_plugin: Roadmap) -> None:
    unreadable = [r.id for r in with_plugin.resources if not re.search("[A-Za-z]", r.title.en)]
    assert not unreadable, f"a Chinese-only title needs an English gloss in title.en: {unreadable}"


def test_main_link_is_in_the_readers_language(with_plugin: Roadmap) -> None:
    tutorial = with_plugin.resource("python-tutorial")
    assert tutorial.main_url("en") == "https://docs.python.org/3/tutorial/index.html"
    assert tutorial.main_url("zh") == tutorial.url
    guide = with_plugin.resource("prompt-engineering-guide")
    assert guide.main_url("en") == "https://www.promptingguide.ai/"
    assert with_plugin.resource("d2l-zh").main_url("en") == "https://d2l.ai/"
    for r in with_plugin.resources:
        for link in r.links:
            # A link marked with a language is another edition: never the resource's own.
            assert link.language in (None, "en", "zh"), (r.id, link.url)
            assert link.language != r.language, (r.id, link.url)


def test_path_to_llm_foundations_includes_information_theory(bundled: Roadmap) -> None:
    path = [t.id for t in bundled.path("llm-foundations")]
    assert "information-theory" in path
    assert path.index("information-theory") < path.index("deep-learning-basics")
    assert path.index("information-theory") < path.index("text-generation")


def test_books_and_papers_carry_their_identifiers(bundled: Roadmap) -> None:
    isbn = {
        "mml-book": "9781108455145",
        "mackay-itila": "9780521642989",
        "nltk-book": "9780596516499",
        "deep-learning-book": "9780262035613",
    }
    for rid, value in isbn.items():
        assert bundled.resource(rid).identifiers.isbn == value, rid
    assert "978-7-115-46147-6" in bundled.resource("deep-learning-book").description.zh
    assert bundled.resource("rnn-encoder-decoder").identifiers.doi == "10.3115/v1/D14-1179"
    assert len(bundled.resource("rag-survey").authors) == 10
    assert bundled.resource("rag-survey").authors[-1] == "Haofen Wang"
    assert bundled.resource("math-for-ml-and-data-science").free is False


def test_every_concept_is_taught_and_every_primary_paper_placed(with_plugin: Roadmap) -> None:
    # The curation rule (the lint's "teaching" rule): on the bundled data and
    # the first-party plugin. tests/test_lint.py shows it failing on a small example.
    from llm_roadmap import lint

    problems = list(lint.check_teaching(with_plugin))
    assert not problems, "\n".join(map(str, problems))
    topics = [t for t in with_plugin.topics if t.concepts]
    assert len(topics) >= 30 and all(c.key for t in topics for c in t.concepts)
    peft = with_plugin.topic("peft")
    primary = {c.key: set(c.primary) for c in peft.concepts}
    assert primary["adapters-soft-prompts"] == {
        "adapters-houlsby",
        "prefix-tuning",
        "prompt-tuning",
    }


def test_the_bundled_data_and_the_plugin_pass_the_lint(with_plugin: Roadmap) -> None:
    from llm_roadmap import lint

    problems = lint.lint(with_plugin)
    assert not problems, "\n".join(map(str, problems))
    books = [r for r in with_plugin.resources if r.kind is Kind.BOOK]
    waived = {w.entry for w in lint.bundled_waivers() if w.field == "publisher"}
    assert all(r.publisher for r in books if r.id not in waived)


# The basis of a study time ends with the time it arrives at: "...: 3 h", "…：3 小时".
BASIS_END_EN = re.compile(r"(\d+(?:\.\d+)?) h$")
BASIS_END_ZH = re.compile(r"(\d+(?:\.\d+)?) 小时$")


def test_every_placement_has_a_study_time_with_its_basis_in_both_languages(
    with_plugin: Roadmap,
) -> None:
    checked = 0
    for topic in with_plugin.topics:
        for i, placement in enumerate(topic.resources):
            where = f"{topic.id}: resources[{i}] ({placement.resource})"
            assert placement.hours is not None and placement.hours > 0, where
            basis = placement.hours_basis
            assert basis is not None, where
            assert CJK.search(basis.zh) and not CJK.search(basis.en), (where, basis)
            # The basis and the number agree, in both languages.
            zh, en = BASIS_END_ZH.search(basis.zh), BASIS_END_EN.search(basis.en)
            assert zh and float(zh.group(1)) == placement.hours, (where, basis.zh)
            assert en and float(en.group(1)) == placement.hours, (where, basis.en)
            checked += 1
    assert checked > 200
    # A resource placed twice is timed for the part each note asks for.
    book = {p.topic.id: p.placement.hours for p in with_plugin.placements("llmbook-zh")}
    assert book["landmark-llms"] > 5 * book["decoding-strategies"]


def test_the_lint_reports_no_missing_study_time(with_plugin: Roadmap) -> None:
    from llm_roadmap import lint

    assert list(lint.check_study_time(with_plugin)) == []


def test_the_modern_basics_are_on_the_llm_path_with_their_primary_papers(bundled: Roadmap) -> None:
    path = [t.id for t in bundled.path("llm-foundations")]
    primary = {
        "llm-tokenization": {"bpe-subword-units", "gpt-2"},
        "decoding-strategies": {"nucleus-sampling", "top-k-sampling-fan"},
        "preference-alignment": {"instructgpt", "dpo"},
        "hallucination-safety": {"indirect-prompt-injection"},
    }
    for topic_id, papers in primary.items():
        assert topic_id in path, topic_id
        named = {rid for c in bundled.topic(topic_id).concepts for rid in c.primary}
        assert papers == named, (topic_id, named)
    # Each new topic starts a beginner on an explainer, placed as core.
    explainers = {
        "llm-tokenization": "karpathy-zero-to-hero",
        "decoding-strategies": "hf-how-to-generate",
        "preference-alignment": "hf-illustrating-rlhf",
        "hallucination-safety": "openai-why-hallucinate",
    }
    for topic_id, rid in explainers.items():
        roles = {p.resource: p.role.value for p in bundled.topic(topic_id).resources}
        assert roles[rid] == "core", (topic_id, rid)
    safety = {p.resource for p in bundled.topic("hallucination-safety").resources}
    assert {"owasp-llm-top-10", "willison-prompt-injection"} <= safety
    # Prompting starts after the basics, before the landmark models.
    assert "landmark-llms" not in bundled.topic("prompt-engineering").prerequisites
    assert path.index("decoding-strategies") < path.index("prompt-engineering")
    assert path.index("prompt-engineering") < path.index("landmark-llms")


def test_scaling_and_chain_of_thought_are_each_beside_their_revision(bundled: Roadmap) -> None:
    landmark = [p.resource for p in bundled.topic("landmark-llms").resources]
    assert landmark.index("chinchilla") == landmark.index("scaling-laws-kaplan") + 1
    kaplan = next(
        p for p in bundled.topic("landmark-llms").resources if p.resource == "scaling-laws-kaplan"
    )
    assert kaplan.note is not None and "Chinchilla" in kaplan.note.en
    assert "Chinchilla" in kaplan.note.zh
    prompting = [p.resource for p in bundled.topic("prompt-engineering").resources]
    assert prompting.index("zero-shot-cot") == prompting.index("chain-of-thought") + 1


def test_third_pass_facts(with_plugin: Roadmap) -> None:
    ids = {
        "prefix-tuning": "10.18653/v1/2021.acl-long.353",
        "prompt-tuning": "10.18653/v1/2021.emnlp-main.243",
        "bpe-subword-units": "10.18653/v1/P16-1162",
        "hallucination-survey": "10.1145/3703155",
    }
    for rid, doi in ids.items():
        assert with_plugin.resource(rid).identifiers.doi == doi, rid
    book = with_plugin.resource("llmbook-zh")
    assert (book.publisher, book.year, book.level.value) == ("高等教育出版社", 2024, "intermediate")
    transformer = with_plugin.resource("attention-is-all-you-need")
    assert (
        "https://proceedings.neurips.cc/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html"
        in [link.url for link in transformer.links]
    )
    bilibili = {
        "d2l-zh-videos": ("1567748478", "358497", "series", "seriesdetail"),
        "datawhale-llm-engineering-videos": ("431850986", "3306540", "season", "collectiondetail"),
    }
    for rid, (uid, list_id, kind, old) in bilibili.items():
        resource = with_plugin.resource(rid)
        assert resource.url == f"https://space.bilibili.com/{uid}/lists/{list_id}?type={kind}"
        assert any(old in link.url for link in resource.links), rid  # the source's address
    levels = {
        rid: with_plugin.resource(rid).level.value
        for rid in ("chain-of-thought", "self-consistency", "mmlu", "c-eval")
    }
    assert set(levels.values()) == {"intermediate"}, levels
    # The plugin's quantisation topic asks a beginner for the explainers, not the papers.
    core = [
        with_plugin.resource(p.resource)
        for p in with_plugin.topic("llm-quantization").resources
        if p.role.value == "core"
    ]
    assert core and all(r.kind is not Kind.PAPER and r.level.value != "advanced" for r in core)
