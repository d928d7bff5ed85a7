"""Words and addresses of the Markdown import: titles, names, authors, labels, URLs and kinds.

A generic label ("Paper", "here", "链接") names what a link is, not what it
leads to, so it is never a resource's title. Page furniture is the part of a
README about the page itself (contents, licence, contributors, citation, star
history, sponsors, how to run or contribute), not resources to learn from.
A link's URL gives the URL its resource is stored under (`canonical_url`)
and, with the words around it, the resource's kind (`infer_kind`).
"""

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit, urlunsplit

from ...identity import arxiv_id, doi_of, github_account, github_repo, strip_tracking

CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
"""One Chinese, Japanese or Korean character."""

AUTHORS_RE = re.compile(r"^\s*by\s+(?P<who>[^:：]{1,80}?)\s*(?:[:：]\s*(?P<rest>.*))?$", re.S)
"""``by NAMES: rest`` after an entry's link."""

_SEPARATORS = " \t\n:：,，;；-–—|·"
# What a list says of an entry's role. Chinese markers anywhere in the entry's
# text; English ones only in brackets or as a label, because "an optional SQL
# agent" in a description says nothing about the entry.
_OPTIONAL_RE = re.compile(
    r"选看|选读|可选|(?:[(\[（【]\s*optional\s*[)\]）】])|(?:^|[—–-]\s*)optional\s*[:：.]", re.I
)
_PICK_ONE_RE = re.compile(
    r"二选一|任选其一|多选一|(?:[(\[（【]\s*(?:pick|choose) one\s*[)\]）】])|pick one of", re.I
)


def squash(text: str) -> str:
    """``text`` with every run of whitespace made one space, trimmed."""
    return " ".join(text.split())


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese, Japanese or Korean character."""
    return bool(CJK_RE.search(text))


def clean_title(text: str) -> str:
    """Drop leading emoji and symbols ("💾 LLM Datasets") and squash whitespace."""
    text = squash(text)
    index = 0
    while index < len(text) and (
        text[index].isspace() or unicodedata.category(text[index]) in {"So", "Sk", "Cf", "Mn", "Co"}
    ):
        index += 1
    return text[index:].strip()


def strip_separators(text: str) -> str:
    """``text`` without the colons, dashes and commas around it."""
    return text.strip(_SEPARATORS).strip()


def role_of(text: str) -> str:
    """The role a list entry's own words give it: alternative, optional or core."""
    if _PICK_ONE_RE.search(text):
        return "alternative"
    if _OPTIONAL_RE.search(text):
        return "optional"
    return "core"


def split_authors(who: str) -> tuple[str, ...]:
    """Names from ``Ada, Alan and Grace`` (split at commas, ``and``, ``&``)."""
    names = [n.strip() for n in re.split(r"\s*(?:,|&|\band\b)\s*", who)]
    return tuple(n for n in names if n)


def language_of(text: str) -> str:
    """``"zh"`` when ``text`` is mostly Chinese, else ``"en"``."""
    cjk = len(CJK_RE.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    # One Chinese character carries about as much as a short English word.
    return "zh" if cjk and cjk * 4 >= latin else "en"


_MARKER_RE = re.compile(
    r"\s*[(\[（【]\s*(?:optional|pick one|choose one|可选|选看|选读|二选一|任选其一|多选一)"
    r"\s*[)\]）】]"
    r"|^\s*optional\s*[:：]\s*",
    re.I,
)


def drop_role_markers(text: str) -> str:
    """``text`` without bracketed role markers (``(optional)``, ``【选看】``) once they are read.

    Words in running prose ("二选一即可") stay: they are part of a sentence.
    """
    return squash(_MARKER_RE.sub(" ", text))


_NUMBERING_RE = re.compile(r"^\s*(?:[(（]?\d{1,4}[)）、．]|\d{1,4}\.(?!\d))\s*")
# Where a name ends and its description starts, in one run of text: Chinese
# punctuation, a spaced dash, two spaces (a line break squashed by the author),
# the end of a sentence; an ASCII colon or comma only before Chinese text
# ("ChatGLM: 中文..."), since English names hold colons ("LLaMA: Open and ..."); a
# space between a Latin name and Chinese ("GuanacoDataset 在52K数据的基础上").
_NAME_END_RE = re.compile(
    r"[：，。；]|\s[-–—]+\s*|\s[-–—]*\s|\s{2,}|(?<=[a-z0-9)\]])\.\s+(?=[A-Z\"“(])"
    r"|[:,]\s*(?=[\u3400-\u9fff])|(?<=[A-Za-z0-9])\s+(?=[\u3400-\u9fff])"
)
NAME_MAX = 80
"""Longest name `split_name` takes from the head of a text."""


def strip_numbering(text: str) -> str:
    """``text`` without a numbering prefix (``1)``, ``2.``, ``(3)``, ``4、``)."""
    return _NUMBERING_RE.sub("", text, count=1)


def split_name(text: str) -> tuple[str, str]:
    """The name a run of text starts with, and the rest, its description.

    ``"1) Model X  This paper introduces..."`` gives ``("Model X", "This
    paper introduces...")``; ``"logiqa-zh，逻辑理解数据集"`` gives
    ``("logiqa-zh", "逻辑理解数据集")``. A numbering prefix is not part of the
    name. Text without such a break is all name (``""`` when it is longer than
    `NAME_MAX`, then all description).
    """
    text = strip_numbering(text).strip()
    for match in _NAME_END_RE.finditer(text):
        head = strip_separators(squash(text[: match.start()]))
        if head:
            rest = strip_separators(squash(text[match.end() :]))
            if len(head) <= NAME_MAX:
                return head, rest
            break
    whole = strip_separators(squash(text))
    return (whole, "") if len(whole) <= NAME_MAX else ("", whole)


_AUTHOR_RE = re.compile(r"^[^\W\d_][\w.'’\- ]{0,40}$")


def looks_like_authors(text: str) -> bool:
    """Whether ``text`` reads as a list of names ("A. Author, B. Author", "Ada Lovelace et al.")."""
    text = squash(text).strip(" .;")
    if not text or len(text) > 300 or any(ch in text for ch in ":：()[]|/"):
        return False
    names = [n for n in re.split(r"\s*(?:,|，|、|&|\band\b)\s*", text) if n]
    if len(names) < 2 and "et al" not in text:
        return False
    return all(
        _AUTHOR_RE.match(n.replace("et al", "").strip(" .") or "X")
        and (n[0].isupper() or has_cjk(n[0]))
        and len(n.split()) <= 5
        for n in names
    )


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
    "论文地址", "代码地址", "项目主页", "官方", "演示", "参考", "参考链接", "答案",
}  # fmt: skip

# Chinese labels run their words together ("论文代码", "点击查看答案", "该项目的开源地址是"):
# a key made only of these words and fillers, at least one a word, is a label too.
_CJK_LABEL_WORDS = {
    "链接", "地址", "网址", "论文", "代码", "源码", "项目", "主页", "官网", "原文", "视频", "博客",
    "仓库", "文档", "下载", "在线", "阅读", "点击", "点此", "查看", "观看", "答案", "这里", "此处",
    "详情", "模型", "数据集", "官方", "演示", "开源", "参考", "传送门", "入口", "全文", "完整",
    "github",
}  # fmt: skip
_CJK_FILLERS = set("该本其的是为和与及请可见在此这")
_CJK_WORD_MAX = max(len(w) for w in _CJK_LABEL_WORDS | _CJK_FILLERS)

# What the label of a field ("地址：https://...", "简介：...") says its value is, in the
# order they are tried: "论文名称" names the paper, "论文源码地址" is code, "论文地址" the paper.
_FIELD_ROLES = (
    ("code", re.compile(r"代码|源码|\bcode\b|implementation|论文.*github|paper.*github", re.I)),
    ("name", re.compile(r"名称|标题|^名字|^name$|^title$|paper title|论文题目|^题目", re.I)),
    (
        "description",
        re.compile(
            r"简介|介绍|描述|说明|摘要|概述|^desc|description|summary|abstract|^intro|^about", re.I
        ),
    ),
    ("paper", re.compile(r"论文|文章|原文|\bpaper\b|\barxiv\b|\bpdf\b", re.I)),
    (
        "link",
        re.compile(
            r"地址|链接|网址|主页|官网|仓库|github|\blink\b|\burl\b|homepage|home page|website"
            r"|\bsite\b|\brepo(sitory)?\b|\bproject\b|项目",
            re.I,
        ),
    ),
    ("authors", re.compile(r"作者|authors?", re.I)),
    (
        "venue",
        re.compile(r"会议|期刊|来源|发表|时间|年份|日期|venue|conference|journal|year|date", re.I),
    ),
)
FIELD_LABEL_MAX = 16
"""Longest label (in characters) of a field: ``简介：...`` is one, a long sentence is not."""

_FURNITURE = (
    ("contents", r"(table of )?contents|toc|目录|内容目录"),
    ("licence", r"licen[cs]es?|许可(证|协议)?|开源(许可|协议|许可证)|版权(声明)?|copyright"),
    (
        "contributors",
        r"(core |top )?contributors?|contributing|contribut(e|ions?)|how to contribute"
        r"|(本项目的?|项目)?(核心)?(贡献者|参与者|参与人员)(名单)?|贡献(指南)?|参与贡献"
        r"|如何(参与)?贡献|欢迎贡献",
    ),
    ("acknowledgements", r"acknowledge?ments?|thanks|special thanks|credits|致谢|鸣谢|感谢"),
    ("citation", r"citations?|cite( us)?|how to cite|citing|bibtex|引用(本项目)?|如何引用"),
    ("star history", r"star[- ]history|stargazers|stars? over time|star ?历史"),
    (
        "sponsors",
        r"(thanks to )?(our )?(sponsors?( by)?|sponsorship|backers|supporters)|赞助(商)?|支持者",
    ),
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


@functools.lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """``text`` as compared with generic labels: lower case, words only (brackets, emoji go)."""
    kept = "".join(
        ch if unicodedata.category(ch)[0] in "LN" else " "
        for ch in unicodedata.normalize("NFKC", text)
    )
    return " ".join(kept.lower().split())


def _cjk_label(key: str) -> bool:
    # Can the key be cut into label words and fillers, one of them a word? (A small
    # dynamic programme over at most a few dozen characters.)
    if len(key) > 40:
        return False
    reach: dict[int, bool] = {0: False}  # position -> a label word used on the way there
    for start in range(len(key)):
        if start not in reach:
            continue
        for size in range(1, _CJK_WORD_MAX + 1):
            word = key[start : start + size]
            if word in _CJK_LABEL_WORDS or word in _CJK_FILLERS:
                end = start + size
                reach[end] = reach.get(end, False) or reach[start] or word in _CJK_LABEL_WORDS
    return reach.get(len(key), False)


@functools.lru_cache(maxsize=65536)
def is_generic_label(text: str) -> bool:
    """Whether a link text only says what sort of link it is.

    "Paper", "[Code]", "here", "链接", "点击查看答案", and labels made of such
    words ("code & model", "Model&Code", "论文代码") are generic.
    """
    key = label_key(text)
    if not key or key in _GENERIC:
        return True
    words = [w for w in key.split() if w not in {"and", "or", "the", "a"}]
    if len(words) > 1 and all(w in _GENERIC for w in words):
        return True
    if key.startswith(("点击", "点此", "戳这里")) and len(key) <= 12:
        return True
    return _cjk_label(key.replace(" ", ""))


_SITES = {"github", "hugging face", "huggingface", "hf", "twitter", "arxiv", "openreview", "acl"}


def is_site_name(text: str) -> bool:
    """Whether a generic label is a site's name ("GitHub", "Hugging Face"), which can name an entry.

    In ``([OpenRouter](url), [Hugging Face](url2))`` the label is what the
    list calls the second service; in ``[Paper](url) [GitHub](url2)`` it says
    where the code is.
    """
    return label_key(text) in _SITES


def field_role(label: str) -> str:
    """What a field's label says its value is.

    ``"name"`` (名称, Title), ``"description"`` (简介, 介绍, 描述, Description),
    ``"paper"`` (论文, Paper, arXiv), ``"code"`` (代码, 源码, Code), ``"link"``
    (地址, 链接, 项目地址, Link, GitHub), ``"authors"``, ``"venue"`` (会议, 时间,
    Year), else ``"other"``; ``""`` when it is too long to be a label.
    """
    key = label_key(label)
    if not key or len(key) > FIELD_LABEL_MAX or len(key.split()) > 4:
        return ""
    return next((role for role, pattern in _FIELD_ROLES if pattern.search(key)), "other")


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
    # A bilingual heading ("致谢 Acknowledgements", "sponsorship 赞助"): either half will do.
    latin = " ".join(re.findall(r"[a-z0-9]+", key))
    chinese = "".join(re.findall(r"[\u3400-\u9fff]+", key))
    for name, pattern in _FURNITURE_RE:
        if any(pattern.match(k) for k in {key, latin, chinese} if k):
            return name
    return ""


def is_language_switcher(text: str) -> bool:
    """Whether ``text`` is a line of language names ("中文 | English")."""
    return bool(_SWITCHER_RE.match(" ".join(text.split()).strip(" []")))


def canonical_url(url: str) -> str:
    """Return the URL a resource is stored under.

    Tracking parameters go; an arXiv PDF or versioned page becomes the
    abstract page (``https://arxiv.org/abs/ID``); a GitHub repository's branch
    root becomes its home page; scheme and host are lower-cased.
    """
    url = strip_tracking(url.strip())
    found = arxiv_id(url)
    if found is not None:
        return f"https://arxiv.org/abs/{found[0]}"
    repo = github_repo(url)
    if repo is not None:
        return f"https://github.com/{repo}"
    parts = urlsplit(url)
    netloc = parts.netloc if "@" in parts.netloc else parts.netloc.lower()
    return urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=netloc))


_VIDEO_HOSTS = (
    "youtube.com", "youtu.be", "bilibili.com", "b23.tv", "vimeo.com", "ted.com",
    "v.qq.com", "ixigua.com", "youku.com", "douyin.com", "videolectures.net",
)  # fmt: skip
_COURSE_HOSTS = ("coursera.org", "edx.org", "udacity.com", "deeplearning.ai")
# Where papers are published: proceedings, anthologies, digital libraries, preprint servers.
_PAPER_HOSTS = (
    "aclanthology.org", "aclweb.org", "openreview.net", "proceedings.neurips.cc",
    "papers.nips.cc", "papers.neurips.cc", "proceedings.mlr.press", "jmlr.org", "dl.acm.org",
    "ieeexplore.ieee.org", "ojs.aaai.org", "aaai.org", "ijcai.org", "openaccess.thecvf.com",
    "semanticscholar.org", "biorxiv.org", "medrxiv.org", "ssrn.com", "paperswithcode.com",
    "researchgate.net", "pubmed.ncbi.nlm.nih.gov", "aclanthology.info", "isca-archive.org",
)  # fmt: skip
_PAPER_PATHS = {
    "huggingface.co": ("papers",),
    "nature.com": ("articles",),
    "science.org": ("doi",),
    "link.springer.com": ("article", "chapter"),
    "sciencedirect.com": ("science",),
}
# Publishers' book pages and book shops.
_BOOK_HOSTS = (
    "manning.com", "packtpub.com", "packt.link", "nostarch.com", "pragprog.com", "leanpub.com",
    "book.douban.com", "item.jd.com", "product.dangdang.com", "ituring.com.cn", "epubit.com",
    "a.co", "amzn.to", "amzn.eu", "bookshop.org", "mitpress.mit.edu", "press.princeton.edu",
    "routledge.com", "books.google.com",
)  # fmt: skip
_BOOK_PATHS = {
    "oreilly.com": ("library/view",),
    "play.google.com": ("store/books",),
    "link.springer.com": ("book",),
    "cambridge.org": ("core/books",),
    "wiley.com": ("en-us",),
    "amazon.com": ("dp", "gp/product"),
    "amazon.cn": ("dp",),
    "amazon.co.uk": ("dp",),
    "amazon.de": ("dp",),
    "amazon.co.jp": ("dp",),
}
_DATASET_PATHS = {
    "huggingface.co": ("datasets",),
    "kaggle.com": ("datasets",),
    "paperswithcode.com": ("dataset",),
}
# Package indexes, app stores and hosted apps.
_TOOL_HOSTS = (
    "pypi.org", "npmjs.com", "crates.io", "anaconda.org", "pkg.go.dev", "rubygems.org",
    "packagist.org", "nuget.org", "apps.apple.com", "chromewebstore.google.com",
    "chrome.google.com", "marketplace.visualstudio.com", "addons.mozilla.org", "hub.docker.com",
)  # fmt: skip
_TOOL_PATHS = {"huggingface.co": ("spaces",), "play.google.com": ("store/apps",)}
_PAPER_WORDS = re.compile(r"\bpapers?\b|\bpreprint\b|\bproceedings\b|\bsurvey\b|论文|文献", re.I)
_BOOK_WORDS = re.compile(r"\bbooks?\b|\be-?book\b|书籍|图书|电子书|教材|《", re.I)


def _host_is(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _path_is(host: str, path: str, table: Mapping[str, tuple[str, ...]]) -> bool:
    for domain, prefixes in table.items():
        if _host_is(host, (domain,)) and any(
            path == p or path.startswith(p + "/") for p in prefixes
        ):
            return True
    return False


def infer_kind(url: str, context: str = "") -> str:
    """Guess what sort of resource ``url`` leads to, from the URL and the words around it.

    arXiv pages, DOIs, paper venues (ACL Anthology, OpenReview, NeurIPS, PMLR,
    ACM, IEEE, CVF...) and Hugging Face paper pages are papers, and so is a
    ``.pdf`` link when ``context`` (its label, entry or section) says paper;
    publishers' and shops' book pages are books (a ``.pdf`` whose context says
    book too); Hugging Face, Kaggle and Papers with Code datasets are datasets;
    package indexes, app stores and Hugging Face Spaces are tools. A GitHub
    repository's home page is a repo and an account's page a community;
    YouTube, Bilibili, Vimeo and other video sites give videos; Coursera, edX,
    Udacity, ``*.stanford.edu/class/...``, ``course.*`` hosts and ``/learn/``
    or ``/course/`` paths give courses; ``docs.*`` hosts, Read the Docs and
    ``/docs/`` paths give docs; Medium, Substack, ``blog`` hosts and ``/blog/``
    paths give blogs; anything else is an article.
    """
    if arxiv_id(url) is not None or doi_of(url) is not None:
        return "paper"
    if github_repo(url) is not None:
        return "repo"
    if github_account(url) is not None:
        return "community"
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path.strip("/").lower()
    segments = [s for s in path.split("/") if s]
    first = segments[0] if segments else ""
    if _host_is(host, _PAPER_HOSTS) or _path_is(host, path, _PAPER_PATHS):
        return "paper"
    if _path_is(host, path, _DATASET_PATHS):
        return "dataset"
    if _host_is(host, _BOOK_HOSTS) or _path_is(host, path, _BOOK_PATHS):
        return "book"
    if path.endswith(".pdf"):
        if _PAPER_WORDS.search(context):
            return "paper"
        if _BOOK_WORDS.search(context):
            return "book"
    if _host_is(host, _TOOL_HOSTS) or _path_is(host, path, _TOOL_PATHS):
        return "tool"
    if _host_is(host, _VIDEO_HOSTS):
        return "video"
    if (
        _host_is(host, _COURSE_HOSTS)
        or (host.endswith("stanford.edu") and "class" in segments)
        or host.startswith(("course.", "courses."))
        or first in {"learn", "course", "courses", "short-courses"}
    ):
        return "course"
    if (
        host.startswith("docs.")
        or _host_is(host, ("readthedocs.io", "readthedocs.org"))
        or first in {"docs", "documentation"}
    ):
        return "docs"
    if (
        _host_is(host, ("medium.com", "substack.com"))
        or "blog" in host
        or first == "blog"
        or (host.endswith(".github.io") and first in {"blog", "posts"})
    ):
        return "blog"
    return "article"
