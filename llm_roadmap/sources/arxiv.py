"""arXiv metadata: title, authors, year, abstract and latest version of papers with an arXiv id.

Papers are looked up in batches through the arXiv export API
(``http://export.arxiv.org/api/query?id_list=...``), which answers in Atom
XML. arXiv asks API users for at most one request every three seconds over a
single connection: the source sends its requests one after the other, three
seconds apart, whatever host the endpoint is on (the shared HTTP client also
holds ``export.arxiv.org`` to that pace), and answers the cache holds fresh do
not wait.
"""

import os
import re
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Callable, Optional, Union

from ..hookspecs import hookimpl
from ..identity import ARXIV_ID_PATTERN, arxiv_id
from ..model import Resource, Text
from . import FetchResult, Source

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    from ..http import HttpClient

__all__ = [
    "API_ENV",
    "API_URL",
    "BATCH_SIZE",
    "MIN_INTERVAL",
    "SOURCE",
    "FeedError",
    "arxiv_id",
    "fetch",
    "parse_feed",
    "register_sources",
    "year_of",
]

API_URL = "http://export.arxiv.org/api/query"
"""The export API endpoint (``LLM_ROADMAP_ARXIV_API`` overrides it, for tests and mirrors)."""

API_ENV = "LLM_ROADMAP_ARXIV_API"
"""Environment variable that overrides `API_URL`."""

BATCH_SIZE = 50
"""How many ids one request asks for (arXiv answers up to 2000, but short URLs cache better)."""

MIN_INTERVAL = 3.0
"""Seconds between two requests to the API, as arXiv asks."""

_ENTRY_ID_RE = re.compile(rf"/abs/(?P<id>{ARXIV_ID_PATTERN})(?:v(?P<version>\d+))?$")
_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}


def year_of(identifier: str) -> Optional[int]:
    """Return the year an arXiv id was assigned (``"1706.03762"`` gives 2017).

    New-style ids (since April 2007) start with ``YYMM``; old-style ones
    (``"hep-th/9901001"``) carry ``YYMM`` after the slash.
    """
    digits = identifier.split("/", 1)[1] if "/" in identifier else identifier
    if len(digits) < 4 or not digits[:4].isdigit():
        return None
    yy, mm = int(digits[:2]), int(digits[2:4])
    if not 1 <= mm <= 12:
        return None
    return (1900 if yy >= 91 else 2000) + yy


class FeedError(ValueError):
    """The API's answer is not the Atom feed it should be."""


def parse_feed(xml: Union[str, bytes]) -> dict[str, dict[str, object]]:
    """Parse an export API answer into fields per arXiv id (without version).

    Each entry gives ``title``, ``authors`` (a list), ``year`` (of the first
    version), ``published`` and ``updated`` (ISO dates), ``abstract``,
    ``version`` (the latest version's number), ``url`` (its abstract page) and
    ``categories``. Entries the API reports as errors (an id it does not know)
    are left out.

    Raises:
        FeedError: The text is not XML, or not an Atom feed.
    """
    import xml.etree.ElementTree as ET  # a fetch's, not every load's

    try:
        # The stdlib parser never fetches external entities, and expat 2.4.1+
        # caps entity expansion, which is enough for an API's answer.
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise FeedError(f"not XML: {exc}") from None
    if root.tag != f"{{{_NS['atom']}}}feed":
        raise FeedError(f"not an Atom feed (root element {root.tag!r})")
    found: dict[str, dict[str, object]] = {}
    for entry in root.findall("atom:entry", _NS):
        raw_id = _text(entry, "atom:id")
        match = _ENTRY_ID_RE.search(raw_id)
        title = _squash(_text(entry, "atom:title"))
        if not match or title == "Error":
            # arXiv answers an unknown id with an entry titled "Error" whose id
            # is an api/errors URL; it is not a paper.
            continue
        published = _text(entry, "atom:published")
        fields: dict[str, object] = {
            "title": title,
            "authors": [
                _squash(_text(author, "atom:name")) for author in entry.findall("atom:author", _NS)
            ],
            "year": int(published[:4]) if published[:4].isdigit() else None,
            "published": published[:10] or None,
            "updated": _text(entry, "atom:updated")[:10] or None,
            "abstract": _squash(_text(entry, "atom:summary")),
            "version": int(match.group("version")) if match.group("version") else None,
            "url": f"https://arxiv.org/abs/{match.group('id')}",
            "categories": [
                c.get("term", "") for c in entry.findall("atom:category", _NS) if c.get("term")
            ],
        }
        doi = _text(entry, "arxiv:doi")
        if doi:
            fields["doi"] = doi
        found[match.group("id")] = fields
    return found


def _text(node: "ET.Element", path: str) -> str:
    child = node.find(path, _NS)
    return (child.text or "").strip() if child is not None else ""


def _squash(text: str) -> str:
    # Titles and abstracts come wrapped over several lines.
    return " ".join(text.split())


def handles(resource: Resource) -> bool:
    """Whether the resource has an arXiv id to look up."""
    return isinstance(resource, Resource) and bool(resource.identifiers.arxiv)


def fetch(
    resources: Sequence[Resource],
    *,
    client: "HttpClient",
    base_url: Optional[str] = None,
    batch_size: int = BATCH_SIZE,
    min_interval: float = MIN_INTERVAL,
    environ: Optional[Mapping[str, str]] = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    on_fields: Optional[Callable[[str, Mapping[str, object]], None]] = None,
    **_: object,
) -> FetchResult:
    """Fetch arXiv metadata for every resource with an arXiv id.

    Requests go one after the other, at least ``min_interval`` seconds apart
    (counted from the end of the previous answer that came from the network);
    an answer the cache holds fresh is used without waiting. This holds
    whatever the client's politeness for the endpoint's host, so a mirror or a
    test server set with ``base_url`` gets the same pace as arXiv.

    Args:
        resources: The resources to look at; those without an arXiv id are skipped.
        client: The shared HTTP client from `llm_roadmap.http`.
        base_url: The API endpoint (default: ``LLM_ROADMAP_ARXIV_API``, else `API_URL`).
        batch_size: How many ids one request asks for.
        min_interval: Seconds between two requests that reach the network.
        environ: The environment to read ``LLM_ROADMAP_ARXIV_API`` from (``os.environ``).
        clock: A monotonic clock (tests pass a fake one, with ``sleep``).
        sleep: How to wait.
        on_fields: Called with each resource id and its fields as they arrive,
            so that a caller can keep them if the run is interrupted.

    Returns:
        Fields per resource id (see `parse_feed`); ids arXiv does not know are
        listed in ``missing``. A request that fails ends the run early
        (``complete=False``) with what was fetched so far.
    """
    from ..errors import NetworkError
    from ..http import FetchError

    env = os.environ if environ is None else environ
    endpoint = base_url or env.get(API_ENV) or API_URL
    by_id: dict[str, list[str]] = {}
    for resource in resources:
        if handles(resource):
            by_id.setdefault(str(resource.identifiers.arxiv), []).append(resource.id)
    ids = sorted(by_id)
    fields: dict[str, Mapping[str, object]] = {}
    missing: list[str] = []
    messages: list[str] = []
    not_cached = 0
    last_network: Optional[float] = None

    def stop(reason: str) -> FetchResult:
        messages.append(f"arXiv: stopped after {len(fields)} resource(s): {reason}")
        return FetchResult(
            fields=fields, missing=tuple(missing), messages=tuple(messages), complete=False
        )

    size = max(1, batch_size)
    for batch in (ids[start : start + size] for start in range(0, len(ids), size)):
        params = {"id_list": ",".join(batch), "max_results": str(len(batch))}
        if not client.offline and last_network is not None:
            cached = client.lookup(endpoint, params=params)
            if cached is None or getattr(cached, "is_expired", False):
                wait = last_network + min_interval - clock()
                if wait > 0:
                    sleep(wait)
        try:
            response = client.get(endpoint, params=params)
        except FetchError as exc:
            if exc.reason == "offline":
                not_cached += len(batch)
                continue
            return stop(str(exc))
        except NetworkError as exc:
            return stop(str(exc))
        if not getattr(response, "from_cache", False) or getattr(response, "revalidated", False):
            last_network = clock()
        if response.status_code != 200:
            return stop(f"the API answered HTTP {response.status_code} for {len(batch)} id(s)")
        try:
            parsed = parse_feed(response.content)
        except FeedError as exc:
            return stop(f"bad answer from {endpoint}: {exc}")
        for identifier in batch:
            for resource_id in by_id[identifier]:
                if identifier in parsed:
                    fields[resource_id] = parsed[identifier]
                    if on_fields is not None:
                        on_fields(resource_id, parsed[identifier])
                else:
                    missing.append(resource_id)
    if missing:
        messages.append(f"arXiv: no paper for {len(missing)} resource(s): {', '.join(missing)}")
    if not_cached:
        messages.append(f"arXiv: offline, and {not_cached} id(s) are not in the cache")
    return FetchResult(fields=fields, missing=tuple(missing), messages=tuple(messages))


SOURCE = Source(
    id="arxiv",
    title=Text(zh="arXiv 元数据", en="arXiv metadata"),
    description=Text(
        zh="为带 arXiv 编号的论文获取标题、作者、年份、摘要和最新版本"
        "（arXiv 导出 API，分批、每 3 秒一次）。",
        en="Title, authors, year, abstract and latest version of every paper with an arXiv id "
        "(the arXiv export API, in batches, one request every 3 seconds).",
    ),
    fetch=fetch,
    handles=handles,
)
"""The ``arxiv`` source."""


@hookimpl
def register_sources(register: Callable[[Source], None]) -> None:
    """Register the ``arxiv`` source."""
    register(SOURCE)
