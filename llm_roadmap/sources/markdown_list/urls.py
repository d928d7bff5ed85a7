"""URL rules of the Markdown import: the URL a resource is stored under, and its kind."""

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit, urlunsplit

from ...identity import arxiv_id, doi_of, github_account, github_repo, strip_tracking


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
