"""Which URLs a link check covers: those of a roadmap's resources, or those it is given."""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Union
from urllib.parse import urldefrag

if TYPE_CHECKING:
    from ..roadmap import Roadmap

__all__ = ["collect_urls", "normalise_target"]


def collect_urls(roadmap: "Roadmap") -> dict[str, tuple[str, ...]]:
    """Return every URL of the roadmap's resources (``url`` and ``links``) with the ids citing it.

    URLs are keyed without their fragment, in the order the resources come.
    """
    cited = [
        (url, (resource.id,))
        for resource in roadmap.resources
        for url in (resource.url, *(link.url for link in resource.links))
    ]
    return _by_url(cited)


def normalise_target(
    target: Union["Roadmap", Mapping[str, Iterable[str]], Iterable[str]],
) -> dict[str, tuple[str, ...]]:
    """Return URL -> citing ids (no fragments, order kept) for any target `check_links` takes."""
    from ..roadmap import Roadmap

    if isinstance(target, Roadmap):
        return collect_urls(target)
    if isinstance(target, Mapping):
        return _by_url(target.items())
    return _by_url((url, ()) for url in target)


def _by_url(cited: Iterable[tuple[str, Iterable[str]]]) -> dict[str, tuple[str, ...]]:
    urls: dict[str, list[str]] = {}
    for url, ids in cited:
        known = urls.setdefault(without_fragment(url), [])
        known.extend(i for i in ids if i not in known)
    return {url: tuple(ids) for url, ids in urls.items()}


def without_fragment(url: str) -> str:
    """``url`` without its ``#fragment``, for any text (a fragment is never sent to a server)."""
    # urldefrag parses the whole URL and raises on text such as "http://[bad/#";
    # such a URL is still checked (and reported broken as invalid), so keep it.
    try:
        return urldefrag(url)[0]
    except ValueError:
        return url.partition("#")[0]
