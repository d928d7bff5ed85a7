# ruff: noqa: E501 - the sample documents hold table rows and paper entries as they are written, one per line
"""Markdown import (issue 12): entry shapes, furniture, kinds, identity, ids and accounting.

Small documents of our own, in English and Chinese, one per shape; then the
real lists of ../shared/fixtures (skipped where absent) and the seed document
merged into the bundled data.
"""

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from _shared import SEED, shared_dir

import llm_roadmap
from llm_roadmap.identity import duplicates, identity, identity_keys, normalise_isbn
from llm_roadmap.sources.importing import write_data
from llm_roadmap.sources.markdown_list.assembly import import_markdown
from llm_roadmap.sources.markdown_list.reader import LINK_COUNTS
from llm_roadmap.sources.markdown_list.text import (
    canonical_url,
    infer_kind,
    is_generic_label,
    is_site_name,
)

FIXTURES = shared_dir() / "fixtures"


def imp(markdown: str, **kwargs: Any) -> Any:
    kwargs.setdefault("track_id", "t")
    result = import_markdown(textwrap.dedent(markdown), **kwargs)
    # Every link lands in exactly one count, whatever the document.
    assert sum(result.counts[n] for n in LINK_COUNTS) == result.counts["links"]
    return result


def by_url(result: Any) -> dict[str, dict[str, Any]]:
    return {r["url"]: r for r in result.data["resources"]}


def topic_titles(result: Any) -> list[str]:
    return [t["title"]["en"] for t in result.data["tracks"][0]["topics"]]


# -- shapes ----------------------------------------------------------------------


def test_table_link_in_any_column_titles_the_row_and_header_cells_say_what_they_are() -> None:
    result = imp(
        """
        ## Papers

        | Date | Paper | Authors | Notes |
        |---|---|---|---|
        | 2017-06 | [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | Vaswani, Shazeer | the transformer |
        | 2018-10 | [Paper](https://arxiv.org/abs/1810.04805) | Devlin | BERT |
        """
    )
    attention = by_url(result)["https://arxiv.org/abs/1706.03762"]
    assert attention["title"] == "Attention Is All You Need"
    assert attention["authors"] == ["Vaswani", "Shazeer"]
    assert attention["description"]["en"] == "the transformer"
    assert attention["year"] == 2017
    # "Paper" is a label: the row's other words title it (its name, not its authors).
    bert = by_url(result)["https://arxiv.org/abs/1810.04805"]
    assert bert["title"] == "BERT" and bert["authors"] == ["Devlin"]


def test_table_main_link_is_the_paper_column_and_the_others_secondary() -> None:
    result = imp(
        """
        # 开源模型

        | 模型 | 发布日期 | 权重 | 论文 | 许可 |
        |---|---|---|---|---|
        | 千问 | 2023/08 | [Qwen-7B](https://huggingface.co/Qwen/Qwen-7B) | [Qwen Technical Report](https://arxiv.org/abs/2309.16609) | [协议](https://x.org/l) |
        """
    )
    (paper,) = result.data["resources"]
    assert paper["title"] == "Qwen Technical Report" and paper["kind"] == "paper"
    assert [link["url"] for link in paper["links"]] == [
        "https://huggingface.co/Qwen/Qwen-7B",
        "https://x.org/l",
    ]
    assert "模型: 千问" in paper["description"]["zh"]
    # Content under the "#" title, before any "##", is a topic of its own.
    assert topic_titles(result) == ["开源模型"]
    assert result.counts["secondary_links"] == 2


def test_paper_list_entries_give_title_authors_year_and_labelled_links() -> None:
    result = imp(
        """
        ## Surveys

        1. **"A Survey of Large Language Models"**. *Wayne Xin Zhao, Kun Zhou*. arXiv 2023. [[Paper](https://arxiv.org/abs/2303.18223)] [[Code](https://github.com/RUCAIBox/LLMSurvey)]
        2. "Scaling Laws for Neural Language Models". Kaplan et al. 2020. [[PDF](https://arxiv.org/pdf/2001.08361)] [[Project](https://openai.com/research/scaling-laws)]
        3. **大语言模型综述**. *赵鑫*. 2023. [[论文](https://llmbook-zh.github.io/LLMBook.pdf)] [[代码](https://github.com/LLMBook-zh/LLMBook-zh.github.io)]
        """
    )
    found = by_url(result)
    survey = found["https://arxiv.org/abs/2303.18223"]
    assert survey["title"] == "A Survey of Large Language Models"
    assert survey["authors"] == ["Wayne Xin Zhao", "Kun Zhou"]
    assert survey["links"] == [
        {"url": "https://github.com/RUCAIBox/LLMSurvey", "label": {"zh": "Code", "en": "Code"}}
    ]
    assert found["https://arxiv.org/abs/2001.08361"]["title"] == (
        "Scaling Laws for Neural Language Models"
    )
    zh = found["https://llmbook-zh.github.io/LLMBook.pdf"]
    assert zh["title"] == "大语言模型综述" and zh["authors"] == ["赵鑫"] and zh["year"] == 2023
    assert zh["kind"] == "paper"  # a .pdf cited as a paper
    assert not any(r["title"] in {"Paper", "Code", "PDF", "论文", "代码"} for r in found.values())
    assert result.counts["resources"] == 3 and result.counts["secondary_links"] == 3
    # A paper's title is not a concept.
    assert "concepts" not in result.data["tracks"][0]["topics"][0]


def test_bare_urls_and_autolinks_are_links_titled_by_their_words() -> None:
    result = imp(
        """
        ## 仓库

        1. https://github.com/karpathy/nanoGPT
        2. 部分代码参考仓库：https://github.com/zyds/transformers-code.git
        3. 地址：https://example.org/tool
        4. <https://example.org/auto>
        - See `https://localhost:3000/` in code: not a link.
        """
    )
    found = by_url(result)
    assert found["https://github.com/karpathy/nanoGPT"]["title"] == "karpathy/nanoGPT"
    assert found["https://github.com/zyds/transformers-code"]["title"] == "部分代码参考仓库"
    assert found["https://example.org/tool"]["title"] == "example.org/tool"  # 地址 is a label
    assert "https://example.org/auto" in found
    assert not any("localhost" in url for url in found)
    # The three titled from the URL alone (the autolink one of them) need a curator's look.
    assert result.counts["needs_curation"] == 3


@pytest.mark.parametrize(
    ("document", "first", "second"),
    [
        (
            """
            # Open models

            | Model | Paper |
            |---|---|
            | GPT-NeoX | [GPT-NeoX-20B](https://arxiv.org/abs/2204.06745) |

            ## Evaluation

            - [HELM](https://crfm.stanford.edu/helm/)
            """,
            "Open models",
            "Evaluation",
        ),
        (
            """
            # 开源模型

            - [ChatGLM](https://github.com/THUDM/ChatGLM-6B)：清华的双语模型

            ## 评测

            - [C-Eval](https://cevalbenchmark.com/)
            """,
            "开源模型",
            "评测",
        ),
    ],
    ids=["en-table", "zh-list"],
)
def test_content_under_the_title_before_the_first_section_is_its_own_topic(
    document: str, first: str, second: str
) -> None:
    result = imp(document)
    topics = result.data["tracks"][0]["topics"]
    assert [t["title"]["zh"] for t in topics] == [first, second]
    assert len(topics[0]["resources"]) == 1
    assert result.counts["skipped_outside_sections"] == 0


def test_nested_lists_place_every_level_and_generic_labels_never_title() -> None:
    result = imp(
        """
        ## Guides

        - [Introduction](https://example.org/intro)
          - [Settings](https://example.org/settings)
            - The lecture went live [here](https://youtu.be/x)
        - [Join Now](https://example.org/pricing)!
        """
    )
    found = by_url(result)
    assert found["https://example.org/settings"]["title"] == "Settings"
    assert found["https://youtu.be/x"]["title"] == "The lecture went live"
    assert found["https://example.org/pricing"]["title"] == "example.org/pricing"
    assert not any(is_generic_label(r["title"]) for r in found.values())


def test_furniture_is_skipped_and_counted_unless_kept() -> None:
    doc = """
        # Guide

        中文 | [English](https://example.org/en)

        ## Guides

        - [Real](https://example.org/real)

        ## License

        [MIT License](https://example.org/license)

        ## 致谢

        ### 核心贡献者

        - [张三](https://github.com/zhangsan)（贡献者）

        ## Running the guide locally

        Check [here](https://pnpm.io/installation).
        """
    result = imp(doc)
    assert topic_titles(result) == ["Guides"]
    assert result.counts["skipped_furniture"] == 4  # switcher, licence, contributor, pnpm
    # License, 核心贡献者 (under 致谢) and Running...: furniture with links; 致谢
    # itself holds none and is left out like any empty section.
    assert result.counts["sections_furniture"] == 3 and result.counts["sections_dropped"] == 1
    assert any("'License' is page furniture (licence)" in n for n in result.notes)
    assert result.data["tracks"][0]["summary"]["en"] != "中文 | English"
    kept = imp(doc, keep_headings=["license"])
    assert topic_titles(kept) == ["Guides", "License"]


def test_headings_lose_trailing_colons_and_role_markers_leave_descriptions() -> None:
    result = imp(
        """
        ## LLM Evaluation:

        - [Extra](https://example.org/extra) (optional): more depth.
        - [选读材料](https://example.org/zh)【选看】：讲得很清楚
        """
    )
    assert topic_titles(result) == ["LLM Evaluation"]
    found = by_url(result)
    assert found["https://example.org/extra"]["description"]["en"] == "more depth."
    assert found["https://example.org/zh"]["description"]["zh"] == "讲得很清楚"
    roles = [p.get("role") for p in result.data["tracks"][0]["topics"][0]["resources"]]
    assert roles == ["optional", "optional"]


@pytest.mark.parametrize(
    ("url", "context", "kind"),
    [
        ("https://aclanthology.org/N19-1423/", "", "paper"),
        ("https://openreview.net/forum?id=x", "", "paper"),
        ("https://proceedings.neurips.cc/paper/2017/hash/x-Abstract.html", "", "paper"),
        ("https://papers.nips.cc/paper/7181", "", "paper"),
        ("https://dl.acm.org/doi/10.1145/1", "", "paper"),
        ("https://ieeexplore.ieee.org/document/1", "", "paper"),
        ("https://doi.org/10.18653/v1/N19-1423", "", "paper"),
        ("https://example.edu/attention.pdf", "注意力机制开山论文", "paper"),
        ("https://example.edu/attention.pdf", "slides", "article"),
        ("https://www.manning.com/books/build-a-large-language-model-from-scratch", "", "book"),
        ("https://book.douban.com/subject/1/", "", "book"),
        ("https://www.amazon.com/dp/1098150961", "", "book"),
        ("https://huggingface.co/datasets/HuggingFaceFW/fineweb", "", "dataset"),
        ("https://pypi.org/project/vllm/", "", "tool"),
        ("https://apps.apple.com/app/id1", "", "tool"),
        ("https://www.ted.com/talks/x", "", "video"),
        ("https://example.org/page", "", "article"),
    ],
)
def test_kinds_come_from_url_and_context(url: str, context: str, kind: str) -> None:
    assert infer_kind(url, context) == kind


def test_identity_keys_and_duplicates() -> None:
    assert identity_keys({"url": "https://arxiv.org/pdf/1706.03762v7"})[0] == "arxiv:1706.03762"
    assert identity({"url": "https://huggingface.co/papers/1706.03762"}) == "arxiv:1706.03762"
    assert identity({"url": "https://doi.org/10.48550/arXiv.1706.03762"}) == "arxiv:1706.03762"
    assert identity({"url": "https://GitHub.com/Karpathy/nanoGPT.git"}) == "github:karpathy/nanogpt"
    assert identity({"url": "https://x.org", "identifiers": {"isbn": "0-262-03561-8"}}) == (
        f"isbn:{normalise_isbn('9780262035613')}"
    )
    assert identity({"url": "http://www.Example.org/a/?utm_source=x"}) == "url:example.org/a"
    a = {"id": "a", "url": "https://arxiv.org/abs/2106.09685"}
    b = {"id": "b", "url": "https://example.org/lora", "identifiers": {"arxiv": "2106.09685"}}
    c = {"id": "c", "url": "https://example.org/other"}
    assert duplicates([a, b, c]) == [(a, b, "arxiv:2106.09685")]


def test_existing_resources_are_placed_not_copied() -> None:
    rm = llm_roadmap.load(plugins=[])
    paper = next(r for r in rm.resources if r.identifiers.arxiv)
    result = imp(
        f"""
        ## Mine

        - [Same paper, other page](https://huggingface.co/papers/{paper.identifiers.arxiv})
        - [New](https://example.org/new)
        - [New again](https://example.org/new/)
        """,
        existing=rm.resources,
    )
    assert [r["url"] for r in result.data["resources"]] == ["https://example.org/new"]
    placed = [p["resource"] for p in result.data["tracks"][0]["topics"][0]["resources"]]
    assert placed[0] == paper.id
    assert result.counts["merged_existing"] == 1 and result.counts["duplicates_merged"] == 1
    assert any(paper.id in n and "bundled data" in n for n in result.notes)


def test_ids_are_readable_pinyin_and_stable() -> None:
    doc = "## 大模型LLM入门\n\n- [动手学深度学习](https://zh.d2l.ai/)\n"
    first, second = imp(doc, track_id="zh"), imp(doc, track_id="zh")
    assert first.data == second.data
    assert first.data["resources"][0]["id"] == "zh-dong-shou-xue-shen-du-xue-xi"
    assert first.data["tracks"][0]["topics"][0]["id"] == "zh-da-mo-xing-llm-ru-men"


def test_links_nested_too_deep_for_the_parser_are_counted_not_lost() -> None:
    deep = "".join("  " * i + f"- [a{i}](https://e.org/{i})\n" for i in range(45))
    result = imp("## Deep\n\n" + deep)
    assert result.counts["links"] == 45
    assert result.counts["skipped_too_deep"] == 45 - result.counts["resources"]
    assert result.counts["skipped_too_deep"] > 0
    assert any("deeper than" in n for n in result.notes)


def test_importing_pypinyin_is_lazy() -> None:
    import subprocess
    import sys

    code = "import llm_roadmap, sys; print('pypinyin' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- the real lists ------------------------------------------------------------------

# Sections each list holds that are page furniture, read by hand: their links are
# not content. Images, badges and in-page anchors are not content links either.
_FURNITURE = {
    "llm-course.README.md": {"Acknowledgements"},
    "prompt-engineering-guide.README.md": {"Running the guide locally", "License"},
    "self-llm.README.md": {"致谢"},
    "open-llms.README.md": set(),
}
_LINK_RE = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<url>https?://[^)\s]+)\)")


def _content_links(text: str, furniture: set[str]) -> set[str]:
    """Distinct http(s) Markdown links and bare URLs outside furniture, code and HTML."""
    found: set[str] = set()
    skipping, level, fenced = False, 0, False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if fenced or line.lstrip().startswith("<"):
            continue
        heading = re.match(r"^(#+)\s+(.*)$", line)
        if heading:
            depth, title = len(heading.group(1)), heading.group(2).strip()
            if skipping and depth <= level:
                skipping = False
            if not skipping and title in furniture:
                skipping, level = True, depth
        if skipping:
            continue
        for match in _LINK_RE.finditer(line):
            if "![" not in match.group("text"):
                found.add(canonical_url(match.group("url")))
        rest = _LINK_RE.sub(" ", re.sub(r"`[^`]*`|<[^>]+>", " ", line))
        for url in re.findall(r"https?://[^\s<>()\[\]，。；：）]+", rest):
            found.add(canonical_url(url.rstrip(".,;:")))
    return found


@pytest.mark.parametrize("name", sorted(_FURNITURE))
def test_real_lists_are_imported_faithfully(name: str, tmp_path: Path) -> None:
    path = FIXTURES / name
    if not path.is_file():
        pytest.skip(f"fixture absent (never copied into the project): {path}")
    text = path.read_text(encoding="utf-8")
    rm = llm_roadmap.load()
    result = imp(text, track_id="real", location=name, existing=rm.resources)
    content = _content_links(text, _FURNITURE[name])
    kept = set(result.kept)
    missing = sorted(content - kept)
    assert len(content & kept) >= 0.9 * len(content), missing
    titles = [r["title"] for r in result.data["resources"]]
    assert not [t for t in titles if re.fullmatch(r"[\d\s/.\-年月]+", t)], "titled by a date"
    assert not [t for t in titles if t.startswith(("http://", "https://"))], "titled by a URL"
    # A site's name is a name in a run of names ("[OpenRouter](...), [Hugging Face](...)").
    assert not [t for t in titles if is_generic_label(t) and not is_site_name(t)], "a label"
    furniture = {"license", "licence", "contributors", "核心贡献者", "致谢", "acknowledgements"}
    assert not [t for t in topic_titles(result) if t.lower() in furniture]
    assert not any(t.startswith("Running the guide") for t in topic_titles(result))
    write_data(result.data, tmp_path / "out", name="real")
    both = llm_roadmap.load([tmp_path / "out"])
    assert duplicates(both.resources) == []


def test_real_list_counts_are_what_reading_them_gives() -> None:
    path = FIXTURES / "open-llms.README.md"
    if not path.is_file():
        pytest.skip(f"fixture absent: {path}")
    result = imp(path.read_text(encoding="utf-8"), track_id="open-llms")
    # The big table under "# Open LLMs", 6 more tables and the evals/licences lists.
    assert topic_titles(result)[0] == "Open LLMs"
    assert result.counts["skipped_outside_sections"] == 0
    models = result.data["tracks"][0]["topics"][0]["resources"]
    assert len(models) > 50  # one row, one resource: ~64 rows
    gpt_neox = by_url(result)["https://arxiv.org/abs/2204.06745"]
    assert gpt_neox["title"] == "GPT-NeoX-20B: An Open-Source Autoregressive Language Model"
    assert gpt_neox["links"][0]["url"] == "https://huggingface.co/EleutherAI/gpt-neox-20b"
    datasets = [r for r in result.data["resources"] if r["kind"] == "dataset"]
    assert datasets == []  # the datasets are secondary links of their blog posts


def test_importing_the_seed_merges_into_the_bundled_resources() -> None:
    if not SEED.is_file():
        pytest.skip(f"seed document absent: {SEED}")
    rm = llm_roadmap.load(plugins=[])
    result = imp(SEED.read_text(encoding="utf-8"), track_id="seed", existing=rm.resources)
    # 30 pages: 29 are bundled resources (by URL, one of their links or arXiv id);
    # only the 花书 PDF in the ytin16 collection is not shipped.
    assert result.counts["merged_existing"] == 29
    assert result.counts["resources"] == 1
    placed = {p["resource"] for t in result.data["tracks"][0]["topics"] for p in t["resources"]}
    assert {"attention-is-all-you-need", "lora", "d2l-zh", "cs224n"} <= placed
    ids = {r.id for r in rm.resources}
    assert not ids & {r["id"] for r in result.data["resources"]}
