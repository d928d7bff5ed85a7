"""The user-facing words of every closed vocabulary, in both languages: one table.

Kinds, levels, roles, emphases and progress statuses are enums in the model;
what a person reads for each value lives here and nowhere else. The CLI, every
exporter and the HTML page take their labels from this module, so a word is
translated once and the same everywhere.

```python
from llm_roadmap import Kind, Lang
from llm_roadmap.vocabulary import label

label(Kind.PAPER, Lang.ZH)   # "论文"
label(Kind.PAPER, "en")      # "paper"
```
"""

import enum
from collections.abc import Mapping
from typing import Union

from .model import Emphasis, Kind, Lang, Level, Role, Status, Text

__all__ = ["ADVICE", "LABELS", "VOCABULARIES", "advice", "label", "labels"]

VOCABULARIES: tuple[type[enum.Enum], ...] = (Kind, Level, Role, Emphasis, Status)
"""The enums whose values a person reads, each fully labelled in `LABELS`."""

LABELS: Mapping[enum.Enum, Text] = {
    Kind.BOOK: Text(zh="书", en="book"),
    Kind.PAPER: Text(zh="论文", en="paper"),
    Kind.COURSE: Text(zh="课程", en="course"),
    Kind.VIDEO: Text(zh="视频", en="video"),
    Kind.REPO: Text(zh="代码库", en="repository"),
    Kind.ARTICLE: Text(zh="文章", en="article"),
    Kind.BLOG: Text(zh="博客", en="blog"),
    Kind.DOCS: Text(zh="文档", en="documentation"),
    Kind.TUTORIAL: Text(zh="教程", en="tutorial"),
    Kind.CHEATSHEET: Text(zh="速查表", en="cheat sheet"),
    Kind.COMMUNITY: Text(zh="社区", en="community"),
    Kind.TOOL: Text(zh="工具", en="tool"),
    Kind.DATASET: Text(zh="数据集", en="dataset"),
    Level.BEGINNER: Text(zh="入门", en="beginner"),
    Level.INTERMEDIATE: Text(zh="进阶", en="intermediate"),
    Level.ADVANCED: Text(zh="高级", en="advanced"),
    Role.CORE: Text(zh="必学", en="core"),
    Role.OPTIONAL: Text(zh="选看", en="optional"),
    Role.ALTERNATIVE: Text(zh="任选其一", en="pick one"),
    Emphasis.ESSENTIAL: Text(zh="重点", en="essential"),
    Emphasis.STANDARD: Text(zh="常规", en="standard"),
    Emphasis.SELECTIVE: Text(zh="选择性", en="selective"),
    Emphasis.BACKGROUND: Text(zh="背景", en="background"),
    Status.PENDING: Text(zh="未开始", en="pending"),
    Status.LEARNING: Text(zh="学习中", en="learning"),
    Status.DONE: Text(zh="已完成", en="done"),
    Status.SKIPPED: Text(zh="已跳过", en="skipped"),
}
"""The short label of every value of every enum in `VOCABULARIES`."""

ADVICE: Mapping[Emphasis, Text] = {
    Emphasis.ESSENTIAL: Text(zh="十分重要：深入学习。", en="Very important: learn it in depth."),
    Emphasis.STANDARD: Text(zh="", en=""),
    Emphasis.SELECTIVE: Text(
        zh="选择性补充复习，按需查阅。",
        en="Review selectively; look things up as needed.",
    ),
    Emphasis.BACKGROUND: Text(
        zh="略微过时：理解原理即可，不必深究细节。",
        en="Somewhat dated: understand the principle, skip the details.",
    ),
}
"""What each emphasis asks of a learner, as a sentence (empty for the standard one)."""


def label(value: enum.Enum, lang: Union[Lang, str]) -> str:
    """The label of one vocabulary value in ``lang`` (``label(Kind.PAPER, "zh") == "论文"``).

    Raises:
        KeyError: ``value`` is not a value of a labelled vocabulary.
    """
    return LABELS[value].get(Lang.parse(lang))


def labels(vocabulary: type[enum.Enum], lang: Union[Lang, str]) -> dict[str, str]:
    """Every label of one vocabulary in ``lang``, keyed by the enum values (``"paper"``...)."""
    chosen = Lang.parse(lang)
    return {member.value: LABELS[member].get(chosen) for member in vocabulary}


def advice(emphasis: Emphasis, lang: Union[Lang, str]) -> str:
    """What ``emphasis`` asks of a learner in ``lang``, as a sentence (empty for standard)."""
    return ADVICE[emphasis].get(Lang.parse(lang))
