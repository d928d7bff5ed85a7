"""Markdown list import: small documents for each rule, the seed document and a large real list.

The counts asserted for the two real documents were worked out by reading
them (see the comments next to each number), not copied from the output.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from _shared import LLM_COURSE, SEED

import llm_roadmap
from llm_roadmap.errors import DataError, RoadmapError
from llm_roadmap.identity import strip_tracking
from llm_roadmap.sources.importing import dump_toml, read_document, write_data
from llm_roadmap.sources.markdown_list.assembly import import_markdown
from llm_roadmap.sources.markdown_list.reader import COUNT_NAMES, LINK_COUNTS
from llm_roadmap.sources.markdown_list.text import canonical_url, infer_kind

ROOT = Path(__file__).resolve().parents[2]

needs_seed = pytest.mark.skipif(not SEED.is_file(), reason=f"seed document absent: {SEED}")
needs_course = pytest.mark.skipif(
    not LLM_COURSE.is_file(), reason=f"fixture absent (never copied into the project): {LLM_COURSE}"
)


def imp(markdown: str, **kwargs: Any) -> Any:
    kwargs.setdefault("track_id", "t")
    return import_markdown(textwrap.dedent(markdown), **kwargs)


def resources(result: Any) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in result.data["resources"]}


def by_url(result: Any) -> dict[str, dict[str, Any]]:
    return {r["url"]: r for r in result.data["resources"]}


def topics(result: Any) -> list[dict[str, Any]]:
    return list(result.data["tracks"][0]["topics"])


def placed(result: Any, topic_index: int) -> list[str]:
    return [p["resource"] for p in topics(result)[topic_index]["resources"]]


def counts_identity(counts: Any) -> int:
    """Every link found lands in exactly one of these."""
    total = (
        counts["resources"]
        + counts["duplicates_merged"]
        + counts["secondary_links"]
        + counts["skipped_non_http"]
        + counts["skipped_relative"]  # since issue 24
        + counts["skipped_images"]
        + counts["skipped_outside_sections"]
        # Since issue 12: existing resources placed, page furniture, raw HTML, too deep.
        + counts["merged_existing"]
        + counts["skipped_furniture"]
        + counts["skipped_html_links"]
        + counts["skipped_too_deep"]
    )
    assert total == sum(counts[name] for name in LINK_COUNTS) == counts["links"]
    return total


# -- entry formats -------------------------------------------------------------


def test_entry_formats_give_title_description_and_authors() -> None:
    result = imp(
        """
        # My list

        ## Reading

        - [First Paper](https://example.org/a): what it shows.
        - [Second](https://example.org/b) plain description
        * [Third](https://example.org/c) by Ada Lovelace and Alan Turing: a classic.
        * [Fourth](https://example.org/d) by Penedo et al.: a dataset.
        - [Fifth](https://example.org/e)
        """
    )
    found = by_url(result)
    assert found["https://example.org/a"]["title"] == "First Paper"
    assert found["https://example.org/a"]["description"] == {
        "zh": "what it shows.",
        "en": "what it shows.",
    }
    assert found["https://example.org/b"]["description"]["en"] == "plain description"
    assert found["https://example.org/c"]["authors"] == ["Ada Lovelace", "Alan Turing"]
    assert found["https://example.org/c"]["description"]["en"] == "a classic."
    assert found["https://example.org/d"]["authors"] == ["Penedo et al."]
    assert "authors" not in found["https://example.org/a"]
    # No description in the list: the title stands in (the validator needs one).
    assert found["https://example.org/e"]["description"]["en"] == "Fifth"
    assert result.data["tracks"][0]["title"] == {"zh": "My list", "en": "My list"}


def test_further_links_of_an_entry_become_its_links() -> None:
    result = imp(
        """
        ## A

        - [Book](https://example.org/book), with a [video course](https://youtu.be/x?si=abc) too
        """
    )
    (book,) = result.data["resources"]
    assert book["links"] == [
        {"url": "https://youtu.be/x", "label": {"zh": "video course", "en": "video course"}}
    ]
    assert result.counts["secondary_links"] == 1
    assert result.counts["resources"] == 1


def test_links_in_running_text_get_their_sentence() -> None:
    result = imp(
        """
        ## Tools

        Intro paragraph. See [Chroma](https://www.trychroma.com/) for vectors. Then rest.

        - **Vector databases**: Stores like [Pinecone](https://www.pinecone.io/) and
          [Milvus](https://milvus.io/) keep vectors. They answer queries.
        """
    )
    found = by_url(result)
    assert found["https://www.trychroma.com/"]["description"]["en"] == "See Chroma for vectors."
    assert found["https://milvus.io/"]["description"]["en"] == (
        "Vector databases: Stores like Pinecone and Milvus keep vectors."
    )
    assert [c["en"] for c in topics(result)[0]["concepts"]] == ["Vector databases"]
    # The first paragraph summarises the topic.
    assert topics(result)[0]["summary"]["en"].startswith("Intro paragraph.")


def test_only_a_bold_phrase_is_a_lead_in() -> None:
    result = imp(
        """
        ## A

        - *Optional*: see [x](https://example.org/x).
        - **[DPO](https://arxiv.org/abs/2305.18290)** optimises preferences directly.
        - Plain words: no link here
        """
    )
    # The italic bullet has a link and no bold lead-in: no concept. The bold link
    # is both an entry and a concept; a bullet without links gives its head.
    assert [c["en"] for c in topics(result)[0]["concepts"]] == ["DPO", "Plain words"]
    dpo = by_url(result)["https://arxiv.org/abs/2305.18290"]
    assert dpo["description"]["en"] == "optimises preferences directly."


def test_tables_are_read_and_html_links_like_markdown_ones() -> None:
    result = imp(
        """
        ## Notebooks

        <div align="center">
        <a href="https://html.example/read">A page in HTML</a>
        </div>

        | Name | Description | Article |
        |------|-------------|---------|
        | 🧐 [AE](https://github.com/o/ae) | Evaluate models | <a href="https://c.x/1">colab</a> |
        | Fine-tune X | Faster tuning. | [Article](https://blog.example/x) |
        | Only HTML | nothing | <a href="https://colab.x/2">colab</a> |
        | Badge | only a picture | <a href="https://c.x/3"><img src="colab.svg"></a> |
        """
    )
    found = by_url(result)
    # Since issue 24, <a href> is a link like [text](href): the HTML block's
    # link is a resource, an inline one in a cell is read with its row.
    assert set(found) == {
        "https://html.example/read",
        "https://github.com/o/ae",
        "https://blog.example/x",
        "https://colab.x/2",
    }
    assert found["https://html.example/read"]["title"] == "A page in HTML"
    assert found["https://github.com/o/ae"]["title"] == "AE"
    assert found["https://github.com/o/ae"]["description"]["en"] == "Evaluate models"
    # "colab" only says what the link is: the named link is the row's resource.
    assert [link["url"] for link in found["https://github.com/o/ae"]["links"]] == ["https://c.x/1"]
    # A link in a later cell takes the row's first cell as its title.
    assert found["https://blog.example/x"]["title"] == "Fine-tune X"
    assert found["https://blog.example/x"]["description"]["en"] == "Faster tuning."
    assert found["https://colab.x/2"]["title"] == "Only HTML"
    # A link made of a picture is a badge, in HTML as in Markdown.
    assert result.counts["skipped_images"] == 1
    assert result.counts["skipped_html_links"] == 0
    assert result.counts["html_blocks"] == 1


def test_skipped_links_are_counted() -> None:
    result = imp(
        """
        [Badge](https://badge.example/top) before any section.

        - [Sponsor](https://sponsor.example/) and [their video](https://youtu.be/s)

        ## Links

        - [Anchor](#links)
        - [Mail](mailto:someone@example.org)
        - [Relative](docs/intro.md)
        - [![build](https://img.shields.io/x.svg)](https://ci.example/build)
        - [Real](https://example.org/real)
        """
    )
    assert result.counts["skipped_non_http"] == 2
    # Since issue 24 a relative link has a count of its own, and a note says
    # what would resolve it.
    assert result.counts["skipped_relative"] == 1
    assert any("'docs/intro.md'" in n and "--base-url" in n for n in result.notes)
    assert result.counts["skipped_images"] == 1
    assert result.counts["skipped_outside_sections"] == 3
    assert result.counts["secondary_links"] == 0
    assert [r["url"] for r in result.data["resources"]] == ["https://example.org/real"]
    assert counts_identity(result.counts) == 8


def test_duplicate_urls_are_one_resource_placed_wherever_they_appear() -> None:
    result = imp(
        """
        ## One

        - [LoRA](https://arxiv.org/pdf/2106.09685v2): first mention.
        - [Again in one](https://arxiv.org/abs/2106.09685) same topic twice.

        ## Two

        - [LoRA paper](http://www.arxiv.org/abs/2106.09685?utm_source=x)
        - [Repo](https://github.com/microsoft/LoRA/tree/main)
        - [Same repo](https://github.com/Microsoft/lora/)
        """
    )
    assert result.counts["resources"] == 2
    assert result.counts["duplicates_merged"] == 3
    assert result.counts["placements"] == 3  # once in One, once each in Two
    (paper_id,) = placed(result, 0)
    assert placed(result, 1)[0] == paper_id
    paper = resources(result)[paper_id]
    assert paper["url"] == "https://arxiv.org/abs/2106.09685"
    assert paper["title"] == "LoRA"  # the first appearance describes it
    assert paper["identifiers"] == {"arxiv": "2106.09685"}
    assert paper["year"] == 2021
    repo = resources(result)[placed(result, 1)[1]]
    assert repo["url"] == "https://github.com/microsoft/LoRA"
    assert repo["identifiers"] == {"github": "microsoft/LoRA"}


def test_a_listed_appearance_describes_a_resource_first_mentioned_in_passing() -> None:
    result = imp(
        """
        ## Data

        More examples are in my repo [💾 LLM Datasets](https://github.com/m/llm-datasets).

        - [LLM Datasets](https://github.com/m/llm-datasets) by M: Curated list of datasets.
        """
    )
    (entry,) = result.data["resources"]
    assert entry["title"] == "LLM Datasets"
    assert entry["authors"] == ["M"]
    assert entry["description"]["en"] == "Curated list of datasets."


def test_tracking_parameters_are_stripped_and_others_kept_as_written() -> None:
    url = "https://www.bilibili.com/video/BV1/?spm_id_from=333.999.0.0%5C&vd_source=85ca&p=2"
    assert strip_tracking(url) == "https://www.bilibili.com/video/BV1/?p=2"
    assert (
        strip_tracking("https://x.org/a?list=PL%20x&utm_source=t") == "https://x.org/a?list=PL%20x"
    )
    assert strip_tracking("https://x.org/a?q=1") == "https://x.org/a?q=1"
    assert canonical_url("HTTPS://Example.ORG/Path?utm_medium=m") == "https://example.org/Path"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://arxiv.org/abs/1706.03762", "paper"),
        ("https://arxiv.org/pdf/1706.03762v5.pdf", "paper"),
        ("https://github.com/karpathy/nanoGPT", "repo"),
        ("https://github.com/vllm-project/vllm/tree/main", "repo"),
        ("https://github.com/datawhalechina", "community"),
        ("https://github.com/o/r/blob/main/README.md", "article"),
        ("https://www.youtube.com/watch?v=x", "video"),
        ("https://youtu.be/x", "video"),
        ("https://space.bilibili.com/1/channel", "video"),
        ("https://skypilot.readthedocs.io/en/latest/", "docs"),
        ("https://docs.llamaindex.ai/en/stable/", "docs"),
        ("https://huggingface.co/docs/trl/en/index", "docs"),
        ("https://www.coursera.org/learn/ml", "course"),
        ("https://web.stanford.edu/class/cs224n/", "course"),
        ("https://course.fast.ai/", "course"),
        ("https://medium.com/friendliai/post", "blog"),
        ("https://x.substack.com/p/post", "blog"),
        ("https://blog.langchain.dev/query/", "blog"),
        ("https://huggingface.co/blog/rlhf", "blog"),
        ("https://lilianweng.github.io/posts/2023-06-23-agent/", "blog"),
        ("https://realpython.com/", "article"),
    ],
)
def test_kind_is_inferred_from_the_url(url: str, kind: str) -> None:
    assert infer_kind(url) == kind


# -- headings and topics ---------------------------------------------------------


def test_sections_without_links_fold_into_the_topic_above() -> None:
    result = imp(
        """
        # Route

        ## Roadmap

        A route: [link](https://example.org/route)

        ### Maths

        See above.

        ### NLP basics

        - Tokenisation: words and pieces
        - Embeddings：word2vec, GloVe

        ## Groups

        ### Part A

        - [a](https://example.org/a)

        ### Part B

        - [b](https://example.org/b)

        ## Thanks

        - Someone for something
        """
    )
    titles = [t["title"]["en"] for t in topics(result)]
    assert titles == ["Roadmap", "Part A", "Part B"]
    concepts = [c["en"] for c in topics(result)[0]["concepts"]]
    assert concepts == ["Maths", "NLP basics", "Tokenisation", "Embeddings"]
    assert result.counts["sections_folded"] == 2
    # "Groups" only groups topics; "Thanks" has nothing to place anywhere.
    assert result.counts["sections_dropped"] == 1
    assert result.notes == ("section 'Thanks' has no links and no topic above it: left out",)


def test_a_flat_list_without_sections_is_one_topic() -> None:
    result = imp(
        """
        - [a](https://example.org/a)
        - [b](https://example.org/b)
        """,
        track_id="flat",
        title="Flat list",
    )
    (topic,) = topics(result)
    assert topic["id"] == "flat-flat-list"
    assert topic["title"]["en"] == "Flat list"
    assert len(topic["resources"]) == 2
    assert result.counts["skipped_outside_sections"] == 0


def test_no_link_at_all_is_an_error_naming_the_document() -> None:
    with pytest.raises(DataError, match=r"notes\.md: no http\(s\) link"):
        imp("# Title\n\n## Empty\n\nJust text.\n", location="notes.md")


def test_bad_ids_are_refused() -> None:
    with pytest.raises(DataError, match="track_id: 'Bad Id' is not a kebab-case id"):
        imp("## A\n\n- [a](https://example.org/a)\n", track_id="Bad Id")
    with pytest.raises(DataError, match="id_prefix"):
        imp("## A\n\n- [a](https://example.org/a)\n", id_prefix="x_y")


# -- ids ----------------------------------------------------------------------


def test_ids_are_stable_kebab_case_unique_and_prefixed() -> None:
    doc = """
        ## 数学基础

        - [线性代数](https://www.bilibili.com/video/BV1Pg4y1X7Pa/?vd_source=1)
        - [Attention Is All You Need!](https://example.org/attention)
        - [Attention is all you need](https://example.org/attention-2)
        - [Ça va: Élan](https://example.org/elan)

        ## Papers

        - [x](https://example.org/x)
        """
    first = imp(doc, track_id="demo")
    second = imp(doc, track_id="demo")
    assert first.data == second.data
    ids = [r["id"] for r in first.data["resources"]]
    assert ids == [
        # A Chinese title is spelt in pinyin (issue 12; it used to give the URL's host and path).
        "demo-xian-xing-dai-shu",
        "demo-attention-is-all-you-need",
        "demo-attention-is-all-you-need-2",
        "demo-ca-va-elan",
        "demo-x",
    ]
    topic_ids = [t["id"] for t in topics(first)]
    assert topic_ids[1] == "demo-papers"
    # 数学基础 in pinyin (issue 12; it used to be "demo-topic-" and 8 hex digits of a hash).
    assert topic_ids[0] == "demo-shu-xue-ji-chu"
    bare = imp(doc, track_id="demo", id_prefix="")
    assert [r["id"] for r in bare.data["resources"]][1] == "attention-is-all-you-need"


def test_long_titles_are_cut_on_a_word_boundary() -> None:
    title = "Retrieval-Augmented Generation for Large Language Models: A Survey of Everything"
    result = imp(f"## A\n\n- [{title}](https://example.org/r)\n", id_prefix="")
    (entry,) = result.data["resources"]
    assert entry["id"] == "retrieval-augmented-generation-for-large-language-models-a"
    assert len(entry["id"]) <= 60


def test_both_languages_hold_the_same_text_and_the_note_says_so() -> None:
    result = imp("## 工具\n\n- [工具](https://example.org/a)：很好用\n", location="list.md")
    track = result.data["tracks"][0]
    (entry,) = result.data["resources"]
    assert entry["description"] == {"zh": "很好用", "en": "很好用"}
    assert entry["language"] == "zh"
    assert "list.md" in track["note"]["en"] and "one language (Chinese)" in track["note"]["en"]
    assert "中文" in track["note"]["zh"]


def test_roles_come_from_what_the_list_says_of_an_entry(tmp_path: Path) -> None:
    result = imp(
        """
        # Roles

        ## 入门

        - [教材甲](https://a.example/book)，理论较多，可以和乙二选一
        - [教材乙](https://b.example/book)，代码为主，二选一即可
        - [课程丙](https://c.example/course)，选看，前面的介绍比较好
        - [视频丁](https://d.example/video)，讲得很清楚

        ## Practice

        - [LangChain SQL](https://e.example/sql): Text-to-SQL and an optional SQL agent.
        - [Extra reading](https://f.example/extra) (optional): more depth.
        - [Lone choice](https://g.example/lone): pick one of this and a book you own.
        """
    )
    by_id = {r["id"]: r["url"] for r in result.data["resources"]}
    roles = [
        {by_id[p["resource"]]: (p.get("role", "core"), p.get("group")) for p in topic["resources"]}
        for topic in topics(result)
    ]
    assert roles[0] == {
        "https://a.example/book": ("alternative", "pick-one"),
        "https://b.example/book": ("alternative", "pick-one"),
        "https://c.example/course": ("optional", None),
        "https://d.example/video": ("core", None),
    }
    assert roles[1] == {
        # "an optional SQL agent" describes the tutorial, not its role.
        "https://e.example/sql": ("core", None),
        "https://f.example/extra": ("optional", None),
        # One alternative alone offers no choice in this topic: optional.
        "https://g.example/lone": ("optional", None),
    }
    # The words stay in the descriptions, and the data validates.
    assert "二选一" in by_url(result)["https://b.example/book"]["description"]["zh"]
    write_data(result.data, tmp_path / "out", name="roles")
    assert llm_roadmap.validate_paths([tmp_path / "out"], with_roadmap=False) == []


# -- the real documents ------------------------------------------------------------


@needs_seed
def test_seed_document_counts() -> None:
    result = import_markdown(SEED.read_text(encoding="utf-8"), track_id="seed", location=SEED.name)
    assert dict(result.counts) == {
        # 数学基础, 书籍推荐 (its paragraph links the e-book repo), 深度学习入门,
        # 大模型LLM入门, Papers, 课程, GitHub Repo, 技术路线 (a paragraph link), Others.
        "topics": 9,
        # 5 + 1 + 2 + 1 + 10 + 3 + 5 + 1 + 2; no URL appears twice.
        "resources": 30,
        "placements": 30,
        "duplicates_merged": 0,
        # 李沐's "链接在这" (Bilibili), CS224n's "链接" (Bilibili), 技术博客's "链接在这".
        "secondary_links": 3,
        "skipped_non_http": 0,
        "skipped_relative": 0,
        "skipped_images": 0,
        "skipped_outside_sections": 0,
        "html_blocks": 0,
        # 技术路线's 数学基础, 编程基础, 自然语言处理基础 and 大模型入门 have no links.
        "sections_folded": 4,
        "sections_dropped": 0,
        # Since issue 12: nothing merged into existing resources (none given), no
        # furniture, no HTML, nothing too deep, every title a real one.
        "links": 33,
        "merged_existing": 0,
        "skipped_furniture": 0,
        "skipped_html_links": 0,
        "skipped_too_deep": 0,
        "sections_furniture": 0,
        "needs_curation": 0,
    }
    assert counts_identity(result.counts) == 33  # every markdown link in the document
    found = by_url(result)
    # The Bilibili link loses spm_id_from and vd_source.
    maths = found["https://www.bilibili.com/video/BV1Pg4y1X7Pa/"]
    assert maths["kind"] == "video"
    assert maths["title"] == "线性代数"
    # The PDF link of the LoRA survey becomes its abstract page.
    survey = found["https://arxiv.org/abs/2407.11046"]
    assert survey["identifiers"] == {"arxiv": "2407.11046"} and survey["year"] == 2024
    assert survey["description"]["zh"] == "关于轻量化微调的survey"
    d2l = found["https://zh.d2l.ai/"]
    assert d2l["links"][0]["url"] == (
        "https://space.bilibili.com/1567748478/channel/seriesdetail?sid=358497"
    )
    papers = next(t for t in topics(result) if t["title"]["en"] == "Papers")
    assert len(papers["resources"]) == 10
    route = next(t for t in topics(result) if t["title"]["zh"] == "技术路线")
    concepts = [c["zh"] for c in route["concepts"]]
    assert concepts[:3] == ["数学基础", "编程基础", "自然语言处理基础"]
    assert "注意力机制" in concepts and "RAG，检索增强生成" in concepts
    # 9 arXiv papers, and since issue 12 the hhu.de PDF of "Attention is all you
    # need", cited as "注意力机制开山论文" (a .pdf cited as a paper is a paper).
    assert sum(r["kind"] == "paper" for r in result.data["resources"]) == 10
    # The source's advice becomes roles: 选看 (DataWhale) is optional; 花书's
    # 二选一 names 《动手学深度学习》, which is no link of that section, so the
    # choice is not there to offer: optional too. Nothing else is marked.
    titles = {r["id"]: r["title"] for r in result.data["resources"]}
    marked = {
        titles[p["resource"]]: p["role"]
        for topic in topics(result)
        for p in topic["resources"]
        if "role" in p
    }
    assert marked == {"《深度学习》花书": "optional", "DataWhale 大模型工程入门": "optional"}


@needs_course
def test_llm_course_counts() -> None:
    result = import_markdown(
        LLM_COURSE.read_text(encoding="utf-8"), track_id="llm-course", location=LLM_COURSE.name
    )
    assert dict(result.counts) == {
        # Notebooks: Tools, Fine-tuning, Quantization, Other; 4 Fundamentals
        # sections, 8 Scientist, 8 Engineer. Acknowledgements (DevOps Roadmap)
        # was a topic before issue 12 (25); it is page furniture now.
        "topics": 24,
        # Notebooks 15 (one table row has only an HTML Colab link), Fundamentals
        # 7+5+4+6, Scientist 5+8+7+7+10+5+8+11, Engineer 15+9+10+8+11+8+13+6
        # (179 with Acknowledgements' 1 before issue 12).
        "resources": 178,
        # 178 + 11 repeats - 3 repeats inside one topic (LLM Datasets, DARE/TIES,
        # LlamaIndex agents); 187 before issue 12.
        "placements": 186,
        # Fine-tune Mistral-7b with DPO, Introduction to quantization, Quantize
        # Llama with llama.cpp (each a notebook article and a reference), LLM
        # Datasets, TRL, DARE/TIES, llama.cpp, LM Studio, Ollama, Hugging Face
        # Spaces, LlamaIndex agents.
        "duplicates_merged": 11,
        # tokenization (nanoGPT), SmolLM2 (nanotron), NeuralHermes-2.5, @llm_sec.
        "secondary_links": 4,
        "skipped_non_http": 0,
        "skipped_relative": 0,
        # The star-history badge; since issue 24, when HTML links are read, the
        # 23 Colab buttons and the handbook's cover, all pictures.
        "skipped_images": 25,
        # The handbook in the NOTE and DeepWiki, before the first section; since
        # issue 24 the 4 text links of the HTML banner too.
        "skipped_outside_sections": 6,
        # <div> banner, <details> twice, </details> twice.
        "html_blocks": 5,
        "sections_folded": 0,
        "sections_dropped": 0,
        # Since issue 12: 197 markdown links + 28 HTML links (4 in the banner,
        # the handbook cover, 23 Colab buttons), counted now.
        "links": 225,
        "merged_existing": 0,
        # DevOps Roadmap, in Acknowledgements.
        "skipped_furniture": 1,
        # Nothing in HTML is left unread since issue 24 (28 before).
        "skipped_html_links": 0,
        "skipped_too_deep": 0,
        "sections_furniture": 1,
        "needs_curation": 0,
    }
    # 201 "](" in the file, less 4 images (3 roadmap pictures, the badge's picture);
    # 197 before issue 12 counted the 28 HTML links too.
    assert counts_identity(result.counts) == 197 + 28
    found = by_url(result)
    assert not any("colab.research.google.com" in url for url in found)  # HTML only
    eagle = found["https://arxiv.org/abs/2503.01840"]  # utm_source=chatgpt.com dropped
    assert eagle["identifiers"] == {"arxiv": "2503.01840"}
    papers = [r for r in result.data["resources"] if r["kind"] == "paper"]
    assert len(papers) == 12
    fineweb = found["https://huggingface.co/spaces/HuggingFaceFW/blogpost-fineweb-v1"]
    assert fineweb["authors"] == ["Penedo et al."]
    security = found["https://llmsecurity.net/"]
    assert security["authors"] == ["@llm_sec"]
    assert security["links"][0]["url"] == "https://twitter.com/llm_sec"
    ragas = found["https://github.com/explodinggradients/ragas"]
    assert ragas["identifiers"] == {"github": "explodinggradients/ragas"}
    dpo = found["https://mlabonne.github.io/blog/posts/Fine_tune_Mistral_7b_with_DPO.html"]
    homes = [t["title"]["en"] for t in topics(result) if {"resource": dpo["id"]} in t["resources"]]
    assert homes == ["Fine-tuning", "5. Preference Alignment"]
    merging = next(t for t in topics(result) if t["title"]["en"] == "8. New Trends")
    dare = found["https://arxiv.org/abs/2311.03099"]
    assert [p["resource"] for p in merging["resources"]].count(dare["id"]) == 1
    # No entry of this list says it is optional or one of a choice ("an optional
    # SQL agent" in the LangChain SQL entry describes the tutorial): all core.
    assert not [p for t in topics(result) for p in t["resources"] if "role" in p]


# -- writing the data directory ---------------------------------------------------


@needs_seed
@pytest.mark.parametrize("document", [SEED, LLM_COURSE], ids=["seed", "llm-course"])
def test_written_directory_validates(tmp_path: Path, document: Path) -> None:
    if not document.is_file():
        pytest.skip(f"fixture absent: {document}")
    result = import_markdown(document.read_text(encoding="utf-8"), track_id="imported")
    with pytest.warns(llm_roadmap.IdentityWarning):
        files = write_data(result.data, tmp_path / "out", name="imported")
    assert [f.relative_to(tmp_path / "out").as_posix() for f in files] == [
        "tracks/imported.toml",
        "resources/imported.toml",
    ]
    # Imported without merging (no `existing`), the lists' copies of bundled
    # resources are what validate reports (issue 12, item 4), and nothing else.
    with_roadmap = llm_roadmap.validate_paths([tmp_path / "out"])
    assert with_roadmap
    assert [p for p in with_roadmap if "same resource as" not in p.message] == []
    assert llm_roadmap.validate_paths([tmp_path / "out"], with_roadmap=False) == []
    with pytest.warns(llm_roadmap.IdentityWarning):
        rm = llm_roadmap.load([tmp_path / "out"], plugins=[])
    track = rm.track("imported")
    assert len(track.topics) == result.counts["topics"]
    assert len(rm.placed_resources()) >= result.counts["placements"]


def test_write_refuses_to_replace_without_force_and_checks_ids(tmp_path: Path) -> None:
    result = imp("## A\n\n- [a](https://example.org/a)\n", track_id="demo")
    out = tmp_path / "out"
    write_data(result.data, out, name="demo")
    before = (out / "tracks" / "demo.toml").read_text(encoding="utf-8")
    with pytest.raises(RoadmapError, match="already exist"):
        write_data(result.data, out, name="demo")
    write_data(result.data, out, name="demo", force=True)
    assert (out / "tracks" / "demo.toml").read_text(encoding="utf-8") == before
    # Ids that clash with data already installed are reported against our file.
    clash = imp("## A\n\n- [a](https://example.org/a)\n", track_id="demo")
    clash.data["resources"][0]["id"] = "x"
    clash.data["tracks"][0]["topics"][0]["resources"][0]["resource"] = "missing-one"
    with pytest.raises(DataError) as caught:
        write_data(clash.data, tmp_path / "bad", name="demo")
    assert {p.file for p in caught.value.problems} <= {
        str(tmp_path / "bad" / "tracks" / "demo.toml"),
        str(tmp_path / "bad" / "resources" / "demo.toml"),
    }
    assert any("unknown resource 'missing-one'" in p.message for p in caught.value.problems)
    assert not (tmp_path / "bad").exists()


def test_toml_round_trips_awkward_strings() -> None:
    data = {
        "resources": [
            {
                "id": "a",
                "title": 'Quotes " and \\ backslash',
                "description": {"zh": "换行\n与\t制表 \u0007 bell", "en": "emoji 🧩 and 'single'"},
                "tags": ["x"],
                "year": 2020,
                "free": False,
            }
        ]
    }
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    text = dump_toml(data, header="first line\nsecond line")
    assert text.startswith("# first line\n# second line\n\n")
    assert tomllib.loads(text) == data


# -- documents from a URL, and the command line -------------------------------------


def test_read_document_from_a_url_through_the_cache(tmp_path: Path, httpserver: Any) -> None:
    from llm_roadmap.http import HttpClient

    httpserver.expect_request("/list.md").respond_with_data(
        "\ufeff## A\n\n- [a](https://example.org/a)\n", content_type="text/markdown; charset=utf-8"
    )
    url = httpserver.url_for("/list.md")
    with HttpClient(tmp_path / "cache") as client:
        text, label = read_document(url, client=client)
    assert label == url and text.startswith("## A")
    with HttpClient(tmp_path / "cache", offline=True) as offline:
        again, _ = read_document(url, client=offline)
    assert again == text
    assert len(httpserver.log) == 1
    with (
        HttpClient(tmp_path / "other", offline=True) as empty,
        pytest.raises(llm_roadmap.NetworkError, match="offline"),
    ):
        read_document(url, client=empty)


def test_cli_imports_a_url_and_again_offline_from_the_cache(
    tmp_path: Path, httpserver: Any
) -> None:
    httpserver.expect_request("/README.md").respond_with_data(
        "# Remote list\n\n## Papers\n\n- [BERT](https://arxiv.org/abs/1810.04805): encoders.\n",
        content_type="text/markdown; charset=utf-8",
    )
    url = httpserver.url_for("/README.md")
    env = {
        **os.environ,
        "LLM_ROADMAP_CACHE_DIR": str(tmp_path / "cache"),
        "LLM_ROADMAP_OFFLINE": "",
    }
    command = [sys.executable, "-m", "llm_roadmap", "import", url, "--track-id", "remote"]
    first = subprocess.run(
        [*command, "-o", str(tmp_path / "a")], capture_output=True, text=True, env=env, check=False
    )
    assert first.returncode == 0, first.stderr
    offline = subprocess.run(
        [*command, "-o", str(tmp_path / "b"), "--offline"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert offline.returncode == 0, offline.stderr
    assert len(httpserver.log) == 1
    written = (tmp_path / "b" / "tracks" / "remote.toml").read_text(encoding="utf-8")
    assert f"Imported from {url}" in written and 'en = "Remote list"' in written


def test_read_document_reports_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("## Caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8"):
        read_document(str(path))


@needs_seed
def test_cli_import_then_validate_then_scaffold(tmp_path: Path) -> None:
    env_run = {"cwd": tmp_path, "capture_output": True, "text": True}
    out = tmp_path / "seed-data"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "llm_roadmap",
            "import",
            str(SEED),
            "--track-id",
            "seed-import",
            "-o",
            str(out),
        ],
        check=False,
        **env_run,  # type: ignore[arg-type]
    )
    assert proc.returncode == 0, proc.stderr
    rows = dict(line.split("\t") for line in proc.stdout.splitlines())
    assert list(rows) == list(COUNT_NAMES)
    # Since issue 12 the CLI places the bundled resources the seed names (29 of
    # its 30 pages; 30 new resources before) instead of copying them.
    assert rows["topics"] == "9"
    assert rows["resources"] == "1" and rows["merged_existing"] == "29"
    assert "tracks/seed-import.toml" in proc.stderr
    header = (out / "resources" / "seed-import.toml").read_text(encoding="utf-8").splitlines()[0]
    assert (
        header
        == "# Imported from llm-roadmap.zh.md by `llm-roadmap import` (source: markdown-list)."
    )
    check = subprocess.run(
        [sys.executable, "-m", "llm_roadmap", "validate", str(out)],
        check=False,
        **env_run,  # type: ignore[arg-type]
    )
    assert check.returncode == 0, check.stdout + check.stderr
    again = subprocess.run(
        [
            sys.executable,
            "-m",
            "llm_roadmap",
            "--json",
            "import",
            str(SEED),
            "--track-id",
            "seed-import",
            "-o",
            str(out),
        ],
        check=False,
        **env_run,  # type: ignore[arg-type]
    )
    assert again.returncode == 1 and "already exist" in again.stderr
    forced = subprocess.run(
        [
            sys.executable,
            "-m",
            "llm_roadmap",
            "import",
            "--json",
            str(SEED),
            "--track-id",
            "seed-import",
            "-o",
            str(out),
            "--force",
        ],
        check=False,
        **env_run,  # type: ignore[arg-type]
    )
    report = json.loads(forced.stdout)
    # 30 before issue 12; now both math videos are the one bundled course
    # (placed once in 数学基础), and DataWhale's two links the one community.
    assert report["counts"]["placements"] == 28 and len(report["files"]) == 2

    from llm_roadmap.plugin.scaffold import create_plugin

    package = create_plugin("seed-import", tmp_path / "plugin", from_data=out)
    assert any(package.rglob("seed-import.toml"))
