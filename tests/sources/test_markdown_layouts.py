# ruff: noqa: E501 - the sample lists hold table rows and paper entries as curators write them, one per line
"""Markdown import (issue 24): the layouts of real curated lists, one test each.

Every list here is made up for the test, in the shape of a layout found in
real awesome lists (none of which is in the repository): the test checks that
each item gets its own name as title, its own description, its authors and
every link, and that the counts add up.
"""

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import llm_roadmap
from llm_roadmap.sources.importing import dump_toml, write_data
from llm_roadmap.sources.markdown_list.assembly import import_markdown
from llm_roadmap.sources.markdown_list.reader import LINK_COUNTS


def imp(markdown: str, **kwargs: Any) -> Any:
    kwargs.setdefault("track_id", "t")
    result = import_markdown(textwrap.dedent(markdown), **kwargs)
    # Every link lands in exactly one count, whatever the layout.
    assert sum(result.counts[n] for n in LINK_COUNTS) == result.counts["links"]
    return result


def by_url(result: Any) -> dict[str, dict[str, Any]]:
    return {r["url"]: r for r in result.data["resources"]}


def topic_titles(result: Any) -> list[str]:
    return [t["title"]["en"] for t in result.data["tracks"][0]["topics"]]


def links_of(resource: dict[str, Any]) -> list[tuple[str, str]]:
    return [(link["url"], link["label"]["en"]) for link in resource.get("links", [])]


def validates(result: Any, tmp_path: Path) -> None:
    write_data(result.data, tmp_path / "out", name="t")
    assert llm_roadmap.validate_paths([tmp_path / "out"], with_roadmap=False) == []


# 1 ---------------------------------------------------------------------------------


def test_a_contents_heading_above_the_sections_covers_only_its_anchors(tmp_path: Path) -> None:
    result = imp(
        """
        # 中文大模型资源

        收集中文大模型的开源项目。

        ## 目录

        - [1. 模型](#1-模型)
          - [1.1 文本模型](#11-文本模型)
        - [2. 教程](#2-教程)

        ### 1. 模型

        #### 1.1 文本模型

        - [星火](https://github.com/example/spark)：一个中文对话模型。

        ### 2. 教程

        - [入门课](https://course.example.cn/intro)：从零讲起。
        """
    )
    # Before issue 24 everything under "## 目录" was furniture and the import
    # failed with "no http(s) link in any section".
    assert topic_titles(result) == ["1.1 文本模型", "2. 教程"]
    spark = by_url(result)["https://github.com/example/spark"]
    assert spark["title"] == "星火" and spark["description"]["zh"] == "一个中文对话模型。"
    assert result.counts["resources"] == 2
    assert result.counts["skipped_non_http"] == 3  # the three anchors
    assert result.counts["skipped_furniture"] == 0
    validates(result, tmp_path)


# 2 ---------------------------------------------------------------------------------


def test_field_lists_name_the_item_by_its_parent_and_read_each_labelled_child(
    tmp_path: Path,
) -> None:
    result = imp(
        """
        ## 模型

        * 通义千问：
          * 地址：https://github.com/example/qwen
          ![](https://img.shields.io/github/stars/example/qwen.svg)
          * 简介：阿里云研发的大模型系列，支持长上下文。
        * 悟空
          * 项目地址：https://github.com/example/wukong
          * 论文：https://arxiv.org/abs/2401.00001
          * 介绍：一个多模态模型。
        * Falcon Chat:
          * Paper: https://arxiv.org/abs/2402.00002
          * Code: [repo](https://github.com/example/falcon-chat)
          * Description: a chat model trained on web data.

        ## 笔记

        - [【关于 Linformer】那些你不知道的事](https://notes.example.cn/linformer/)
          - 论文名称：《Linformer: Self-Attention with Linear Complexity》
          - 论文地址：https://arxiv.org/abs/2006.04768
          - 论文源码地址：https://github.com/example/linformer
          - 动机：注意力的开销随长度平方增长。
        """
    )
    found = by_url(result)
    qwen = found["https://github.com/example/qwen"]
    assert qwen["title"] == "通义千问"
    assert qwen["description"]["zh"] == "阿里云研发的大模型系列，支持长上下文。"
    # The paper is the resource, the address one of its links, labelled by its field.
    wukong = found["https://arxiv.org/abs/2401.00001"]
    assert wukong["title"] == "悟空" and wukong["description"]["zh"] == "一个多模态模型。"
    assert links_of(wukong) == [("https://github.com/example/wukong", "项目地址")]
    falcon = found["https://arxiv.org/abs/2402.00002"]
    assert falcon["title"] == "Falcon Chat"
    assert falcon["description"]["en"] == "a chat model trained on web data."
    assert links_of(falcon) == [("https://github.com/example/falcon-chat", "Code")]
    # A note about a paper: the note is one resource, the paper named by its name field another.
    note = found["https://notes.example.cn/linformer/"]
    assert note["title"] == "【关于 Linformer】那些你不知道的事"
    paper = found["https://arxiv.org/abs/2006.04768"]
    assert paper["title"] == "Linformer: Self-Attention with Linear Complexity"
    assert paper["description"]["zh"] == "注意力的开销随长度平方增长。"
    assert links_of(paper) == [("https://github.com/example/linformer", "论文源码地址")]
    # Neither the names nor the labels became concepts or titles of their own.
    assert "concepts" not in result.data["tracks"][0]["topics"][0]
    assert result.counts["resources"] == 5 and result.counts["secondary_links"] == 3
    assert result.counts["skipped_images"] == 0  # a picture in running text is no link
    validates(result, tmp_path)


# 3 ---------------------------------------------------------------------------------


def test_chinese_generic_link_labels_take_the_heading_the_row_or_the_words_before(
    tmp_path: Path,
) -> None:
    result = imp(
        """
        ## 面试题

        ### 1. 什么是注意力机制？

        注意力让模型按相关程度汇总信息。

        [点击查看答案](https://notes.example.cn/attention)

        ### 2. 题目汇总

        | 题目 | 答案 |
        |---|---|
        | 位置编码有哪些 | [点击阅读](https://notes.example.cn/position) |
        | 为什么要归一化 | [原文](https://notes.example.cn/norm) |

        ### 3. 视频

        - 李老师讲 Transformer [点击观看](https://video.example.cn/v1)
        - 论文精读 [阅读](https://notes.example.cn/read)

        ## 开源项目

        ### 天工对齐（更新于2023年5月9日）

        一个用少量人工标注对齐模型的方法。

        该项目的开源地址是：https://github.com/example/tiangong

        ### 轻量聊天

        一个能在笔记本上运行的聊天模型。

        https://github.com/example/light-chat
        """
    )
    found = by_url(result)
    # The section's only link, given by a label or on a line of its own: the heading
    # (its date dropped) names it, the paragraph that presents it describes it.
    tiangong = found["https://github.com/example/tiangong"]
    assert tiangong["title"] == "天工对齐"
    assert tiangong["description"]["zh"] == "一个用少量人工标注对齐模型的方法。"
    light = found["https://github.com/example/light-chat"]
    assert light["title"] == "轻量聊天"
    assert light["description"]["zh"] == "一个能在笔记本上运行的聊天模型。"
    attention = found["https://notes.example.cn/attention"]
    assert attention["title"] == "什么是注意力机制？"
    assert attention["description"]["zh"] == "注意力让模型按相关程度汇总信息。"
    assert found["https://notes.example.cn/position"]["title"] == "位置编码有哪些"
    assert found["https://notes.example.cn/norm"]["title"] == "为什么要归一化"
    assert found["https://video.example.cn/v1"]["title"] == "李老师讲 Transformer"
    assert found["https://notes.example.cn/read"]["title"] == "论文精读"
    labels = {"点击查看答案", "点击阅读", "原文", "点击观看", "阅读", "链接"}
    assert not [r["title"] for r in found.values() if r["title"] in labels]
    validates(result, tmp_path)


# 4 ---------------------------------------------------------------------------------


def test_a_table_cell_with_name_and_description_is_split(tmp_path: Path) -> None:
    result = imp(
        """
        ## Top papers of the week (May 1 - May 7)

        | **Paper** | **Links** |
        | --- | --- |
        | 1) **Model X**: a method that learns to route tokens between experts. | [Paper](https://arxiv.org/abs/2405.00001), [Tweet](https://x.com/example/status/1) |
        | 2) Model Y  This paper introduces a benchmark for long-context recall. | [Paper](https://arxiv.org/abs/2405.00002) |
        | 3) **Sparse Z** - shows that pruning half the heads keeps accuracy. | [Paper](https://arxiv.org/abs/2405.00003), [Code](https://github.com/example/sparse-z) |
        """
    )
    found = by_url(result)
    x = found["https://arxiv.org/abs/2405.00001"]
    assert x["title"] == "Model X"
    assert x["description"]["en"] == "a method that learns to route tokens between experts."
    assert links_of(x) == [("https://x.com/example/status/1", "Links: Tweet")]
    y = found["https://arxiv.org/abs/2405.00002"]
    assert y["title"] == "Model Y"
    assert y["description"]["en"] == "This paper introduces a benchmark for long-context recall."
    z = found["https://arxiv.org/abs/2405.00003"]
    assert z["title"] == "Sparse Z"
    assert z["description"]["en"] == "shows that pruning half the heads keeps accuracy."
    assert links_of(z) == [("https://github.com/example/sparse-z", "Links: Code")]
    assert result.counts["resources"] == 3 and result.counts["secondary_links"] == 2
    validates(result, tmp_path)


# 5 ---------------------------------------------------------------------------------


def test_title_and_authors_split_by_br_and_the_paper_before_its_repository(
    tmp_path: Path,
) -> None:
    result = imp(
        """
        ## Survey papers

        | Year | Paper | Links |
        |---|---|---|
        | 2023 | [A Survey of Retrieval Models](https://arxiv.org/abs/2312.00001) <br> Ada Lovelace, Alan Turing | [Github](https://github.com/example/retrieval-survey) |
        | 2022 | [Github](https://github.com/example/agents) [Agents that Plan](https://arxiv.org/abs/2210.00002) <br> Grace Hopper et al. | |
        """
    )
    found = by_url(result)
    survey = found["https://arxiv.org/abs/2312.00001"]
    assert survey["title"] == "A Survey of Retrieval Models"
    assert survey["authors"] == ["Ada Lovelace", "Alan Turing"]
    assert survey["year"] == 2023
    # A link that only says where it goes is labelled with its column too.
    assert links_of(survey) == [("https://github.com/example/retrieval-survey", "Links: Github")]
    # A repository labelled only "Github" never takes the row from the named paper.
    agents = found["https://arxiv.org/abs/2210.00002"]
    assert agents["title"] == "Agents that Plan" and agents["authors"] == ["Grace Hopper et al."]
    assert links_of(agents) == [("https://github.com/example/agents", "Paper: Github")]
    assert set(found) == {"https://arxiv.org/abs/2312.00001", "https://arxiv.org/abs/2210.00002"}
    assert result.counts["secondary_links"] == 2
    validates(result, tmp_path)


# 6 ---------------------------------------------------------------------------------


def test_text_before_the_bold_title_of_a_paper_entry_is_not_its_title(tmp_path: Path) -> None:
    result = imp(
        """
        ## Papers

        - ModelX **ModelX: Scaling Sparse Experts to a Trillion Tokens**, 2019, [Paper](https://arxiv.org/abs/1901.00001)
        3. <u>TinyLM</u>: **"TinyLM: Small Models that Read Long Documents"**. *Ada Lovelace et al.* arXiv 2015. [[Paper](https://arxiv.org/abs/1512.00002)] [[Collection](https://github.com/example/tinylm)]
        4. <u>WebText</u>: [[Source](https://webtext.example.org/)]
        """
    )
    found = by_url(result)
    x = found["https://arxiv.org/abs/1901.00001"]
    assert x["title"] == "ModelX: Scaling Sparse Experts to a Trillion Tokens"
    assert x["year"] == 2019
    tiny = found["https://arxiv.org/abs/1512.00002"]
    assert tiny["title"] == "TinyLM: Small Models that Read Long Documents"
    assert tiny["authors"] == ["Ada Lovelace et al."]
    assert tiny["description"]["en"] == "TinyLM: arXiv 2015"
    assert links_of(tiny) == [("https://github.com/example/tinylm", "Collection")]
    # No bold title: the tag before the bracketed label names it, brackets and all dropped.
    assert found["https://webtext.example.org/"]["title"] == "WebText"
    titles = [r["title"] for r in found.values()]
    assert not [t for t in titles if t.startswith("arXiv:") or t.endswith(("[", "("))]
    validates(result, tmp_path)


# 7 ---------------------------------------------------------------------------------

_RELATIVE = """
    # Agent apps

    ## Starter agents

    - [Agent docs](https://docs.example.org/agents) - the full guide
    - [Travel Agent](starter/travel_agent/) - plans a trip day by day
    - [Data Analyst](./starter/data_analyst) - answers questions about a CSV
    - [Back to top](#agent-apps)
    - [Same page](README.md#starter-agents)
    """


def test_relative_links_resolve_against_the_base_url(tmp_path: Path) -> None:
    base = "https://github.com/example/agents/blob/main/README.md"
    result = imp(_RELATIVE, base_url=base)
    found = by_url(result)
    travel = found["https://github.com/example/agents/blob/main/starter/travel_agent/"]
    assert travel["title"] == "Travel Agent"
    assert travel["description"]["en"] == "plans a trip day by day"
    assert "https://github.com/example/agents/blob/main/starter/data_analyst" in found
    assert result.counts["resources"] == 3
    # In-page anchors are anchors with or without a base.
    assert result.counts["skipped_non_http"] == 2 and result.counts["skipped_relative"] == 0
    validates(result, tmp_path)


def test_relative_links_without_a_base_url_are_counted_and_the_summary_says_why(
    tmp_path: Path,
) -> None:
    path = tmp_path / "README.md"
    path.write_text(textwrap.dedent(_RELATIVE), encoding="utf-8")
    command = [sys.executable, "-m", "llm_roadmap", "--json", "import", str(path)]
    without = subprocess.run(
        [*command, "--track-id", "agents", "-o", str(tmp_path / "a")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert without.returncode == 0, without.stderr
    report = json.loads(without.stdout)
    assert report["counts"]["resources"] == 1 and report["counts"]["skipped_relative"] == 2
    assert [n for n in report["notes"] if "2 relative link(s)" in n and "--base-url" in n]
    base = "https://github.com/example/agents/blob/main/README.md"
    with_base = subprocess.run(
        [*command, "--track-id", "agents", "-o", str(tmp_path / "b"), "--base-url", base],
        capture_output=True,
        text=True,
        check=False,
    )
    assert with_base.returncode == 0, with_base.stderr
    report = json.loads(with_base.stdout)
    assert report["counts"]["resources"] == 3 and report["counts"]["skipped_relative"] == 0
    written = (tmp_path / "b" / "resources" / "agents.toml").read_text(encoding="utf-8")
    assert 'url = "https://github.com/example/agents/blob/main/starter/travel_agent/"' in written


# 8 ---------------------------------------------------------------------------------


def test_an_entry_merged_into_a_resource_keeps_its_links_in_the_output(tmp_path: Path) -> None:
    rm = llm_roadmap.load(plugins=[])
    attention = rm.resource("attention-is-all-you-need")
    result = imp(
        f"""
        ## Week 1

        | Paper | Links |
        |---|---|
        | **Model X** - routes tokens | [Paper](https://arxiv.org/abs/2405.00001), [Tweet](https://x.com/example/status/1) |

        ## Reading group

        - [Model X](https://arxiv.org/pdf/2405.00001v2): again, with its code. [Code](https://github.com/example/model-x)
        - [Attention Is All You Need]({attention.url}) [Code](https://github.com/example/transformer-code)
        """,
        existing=rm.resources,
    )
    x = by_url(result)["https://arxiv.org/abs/2405.00001"]
    assert links_of(x) == [
        ("https://x.com/example/status/1", "Links: Tweet"),
        ("https://github.com/example/model-x", "Code"),
    ]
    assert result.counts["duplicates_merged"] == 1 and result.counts["merged_existing"] == 1
    # The bundled resource is placed, never rewritten: the entry's code link is
    # written with the placement, in its note.
    placed = result.data["tracks"][0]["topics"][1]["resources"]
    existing = next(p for p in placed if p["resource"] == "attention-is-all-you-need")
    assert "https://github.com/example/transformer-code" in existing["note"]["en"]
    assert "Code" in existing["note"]["zh"]
    text = dump_toml(result.data)
    assert "https://github.com/example/model-x" in text
    assert "https://github.com/example/transformer-code" in text
    write_data(result.data, tmp_path / "out", name="t")
    assert llm_roadmap.validate_paths([tmp_path / "out"]) == []


# 9 ---------------------------------------------------------------------------------


def test_chinese_contributor_sections_and_a_year_index_are_not_topics() -> None:
    result = imp(
        """
        # Papers of the week

        ## 2024

        - [Week of May 6](#week-of-may-6)
        - [Week of April 29](#week-of-april-29)
        - [Week of April 22](#week-of-april-22)

        [Follow us](https://social.example/papers)

        [Join our Discord](https://chat.example/invite)

        ## Week of May 6

        - [Model X](https://arxiv.org/abs/2405.00001): routes tokens.

        ## 本项目的参与者

        - [小明](https://github.com/xiaoming)

        ## 贡献者

        - [小红](https://github.com/xiaohong)

        ### 参与者

        - [小刚](https://github.com/xiaogang)
        """
    )
    assert topic_titles(result) == ["Week of May 6"]
    assert [r["title"] for r in result.data["resources"]] == ["Model X"]
    # "Follow us", "Join our Discord" and the three people: five links, each counted.
    assert result.counts["skipped_furniture"] == 5
    assert result.counts["sections_furniture"] == 4  # "参与者" sits under "贡献者"
    notes = "\n".join(result.notes)
    assert "'2024' is page furniture (contents)" in notes
    assert "'本项目的参与者' is page furniture (contributors)" in notes


# 10 --------------------------------------------------------------------------------


def test_raw_html_tables_and_an_html_title_are_read(tmp_path: Path) -> None:
    result = imp(
        """
        <div align="center">
          <h1>Open Models</h1>
          <a href="https://awesome.example"><img src="badge.svg"></a>
        </div>

        <table>
          <tr><th>Model</th><th>Release</th><th>Link</th></tr>
          <tr><td>T9</td><td>2019/10</td><td><a href="https://arxiv.org/abs/1910.00009">Paper</a></td></tr>
          <tr><td><b>Gopher-Mini</b></td><td>2021/12</td><td><a href="https://blog.example/gopher-mini">Blog</a></td></tr>
        </table>

        ## Supported models

        <table>
          <tr>
            <td>• <a href="https://models.example/alpha">Alpha-7B</a><br>
                • <a href="https://models.example/beta">Beta-13B</a><br></td>
            <td>• <a href="https://models.example/gamma">Gamma-2</a></td>
          </tr>
        </table>
        """
    )
    assert result.data["tracks"][0]["title"]["en"] == "Open Models"
    # Content under an HTML <h1> is a topic of its own, as under a "#" title.
    assert topic_titles(result) == ["Open Models", "Supported models"]
    found = by_url(result)
    t9 = found["https://arxiv.org/abs/1910.00009"]
    assert t9["title"] == "T9" and t9["year"] == 2019
    assert found["https://blog.example/gopher-mini"]["title"] == "Gopher-Mini"
    assert [found[f"https://models.example/{n}"]["title"] for n in ("alpha", "beta", "gamma")] == [
        "Alpha-7B",
        "Beta-13B",
        "Gamma-2",
    ]
    assert result.counts["skipped_images"] == 1  # the badge
    assert result.counts["skipped_outside_sections"] == 0
    assert result.counts["skipped_html_links"] == 0
    validates(result, tmp_path)


# 11 --------------------------------------------------------------------------------


def test_a_paragraph_of_bare_urls_makes_one_resource_each_titled_by_its_own_url() -> None:
    count = 600
    urls = " ".join(f"https://example.org/page/{i}" for i in range(count))
    result = imp(f"## Links\n\nSee these pages: {urls}\n")
    assert result.counts["resources"] == count
    found = by_url(result)
    page = found["https://example.org/page/321"]
    assert page["title"] == "example.org/page/321"
    # Nothing of the neighbours: before issue 24 each description was the
    # whole paragraph, and 500 URLs wrote 12 MB of TOML.
    assert page["description"]["en"] == "example.org/page/321"
    assert found["https://example.org/page/0"]["description"]["en"] == "See these pages"
    assert len(dump_toml(result.data)) < 400 * count
