"""What a list's words are: generic link labels, dates, page furniture, language switchers.

A generic label ("Paper", "here", "链接") names what a link is, not what it
leads to, so it is never a resource's title. Page furniture is the part of a
README about the page itself (contents, licence, contributors, citation, star
history, sponsors, how to run or contribute), not resources to learn from.
"""

import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "furniture_reason",
    "is_date_like",
    "is_generic_label",
    "is_language_switcher",
    "label_key",
]

_GENERIC = {
    # English
    "paper", "papers", "the paper", "full paper", "pdf", "arxiv", "abs", "abstract",
    "code", "source", "source code", "github", "repo", "repository", "git", "github repo",
    "link", "links", "url", "here", "click here", "this", "this link", "see here",
    "website", "site", "web", "homepage", "home page", "home", "project", "project page",
    "page", "official", "official site", "docs", "doc", "documentation",
    "demo", "blog", "post", "article", "video", "slides", "slide", "checkpoint", "checkpoints",
    "model", "models", "weights", "dataset", "data", "hf", "hugging face", "huggingface",
    "read more", "more", "learn more", "details", "download", "online",
    "join now", "enroll here", "enroll", "sign up", "subscribe", "try it", "try",
    "openreview", "acl", "poster", "talk", "notebook", "colab", "tweet", "twitter",
    # Chinese
    "链接", "地址", "网址", "论文", "代码", "源码", "项目", "项目地址", "主页", "官网",
    "这里", "点击", "点此", "点击这里", "原文", "视频", "博客", "仓库", "文档", "下载",
    "在线阅读", "阅读", "链接在这", "链接在这里", "传送门", "详情", "模型", "数据集",
    "论文地址", "代码地址", "项目主页", "官方", "演示",
}  # fmt: skip

_FURNITURE = (
    ("contents", r"(table of )?contents|toc|目录|内容目录"),
    ("licence", r"licen[cs]es?|许可(证|协议)?|开源(许可|协议|许可证)|版权(声明)?|copyright"),
    (
        "contributors",
        r"(core |top )?contributors?|contributing|contribut(e|ions?)|how to contribute"
        r"|(核心)?贡献者(名单)?|贡献(指南)?|参与贡献|如何(参与)?贡献|欢迎贡献",
    ),
    ("acknowledgements", r"acknowledge?ments?|thanks|special thanks|credits|致谢|鸣谢|感谢"),
    ("citation", r"citations?|cite( us)?|how to cite|citing|bibtex|引用(本项目)?|如何引用"),
    ("star history", r"star[- ]history|stargazers|stars? over time|star ?历史"),
    ("sponsors", r"sponsors?( by)?|sponsorship|backers|supporters|赞助(商)?|支持者"),
    (
        "how to run",
        r"(how to )?(run|running|build|building)( the \w+)? locally|local development"
        r"|development setup|本地(运行|构建|开发)|运行本项目",
    ),
    ("contact", r"contact( us)?|联系(我们|方式)|交流群"),
    ("language switcher", r"(languages?|语言|translations?)"),
)
_FURNITURE_RE = [(name, re.compile(rf"^(?:{pattern})$", re.I)) for name, pattern in _FURNITURE]
_LANGUAGES = (
    r"中文|简体中文|繁體中文|繁体中文|English|英文|英语|日本語|日本语|Japanese|한국어|Korean"
    r"|Español|Français|Deutsch|Русский|Português"
)
_SWITCHER_RE = re.compile(rf"^(?:{_LANGUAGES})(?:\s*[|｜/·•,，]\s*(?:{_LANGUAGES}))+$", re.I)
_DATE_RE = re.compile(
    r"^(?:\d{4}(?:[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?月?)?|\d{1,2}[-/.]\d{4}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{4})$",
    re.I,
)


def label_key(text: str) -> str:
    """``text`` as compared with the generic labels: lower case, without brackets, emoji, marks."""
    kept = "".join(
        ch
        for ch in unicodedata.normalize("NFKC", text)
        if unicodedata.category(ch)[0] in "LN" or ch.isspace()
    )
    return " ".join(kept.lower().split())


def is_generic_label(text: str) -> bool:
    """Whether a link text only says what sort of link it is ("Paper", "[Code]", "here", "链接")."""
    key = label_key(text)
    return not key or key in _GENERIC


def is_date_like(text: str) -> bool:
    """Whether ``text`` is a date or a bare number ("2017-06", "2023/04", "512", "2024年5月")."""
    cleaned = text.strip().strip("*_ ")
    return bool(_DATE_RE.match(cleaned)) or bool(re.fullmatch(r"[\d\s.,+\-–kKmMbB~]+", cleaned))


def furniture_reason(heading: str, keep: Iterable[str] = ()) -> str:
    """Which sort of page furniture a heading names (``"licence"``...), or ``""`` if none.

    ``keep`` lists headings the curator wants imported anyway (compared like
    generic labels, so case and emoji do not matter).
    """
    key = label_key(heading)
    if not key or key in {label_key(k) for k in keep}:
        return ""
    if is_language_switcher(heading):
        return "language switcher"
    for name, pattern in _FURNITURE_RE:
        if pattern.match(key):
            return name
    return ""


def is_language_switcher(text: str) -> bool:
    """Whether ``text`` is a line of language names ("中文 | English")."""
    return bool(_SWITCHER_RE.match(" ".join(text.split()).strip(" []")))
