"""URL rules of the Markdown import: which links count and the URL a resource is stored under."""

from urllib.parse import urlsplit, urlunsplit

from ...identity import arxiv_id, github_repo, normalise_url, strip_tracking
from ...util.urls import is_http_url

__all__ = ["canonical_url", "dedup_key", "is_http", "strip_tracking"]


def is_http(url: str) -> bool:
    """Whether ``url`` is a usable http(s) URL with a host (`util.urls.parse_http_url`)."""
    return is_http_url(url.strip())


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


def dedup_key(url: str) -> str:
    """The key under which two spellings of one page meet (`llm_roadmap.identity.normalise_url`)."""
    return normalise_url(url)
