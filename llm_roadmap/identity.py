"""What makes two resources the same: arXiv id, DOI, ISBN, GitHub repository, or URL.

A resource's *identity keys* are read from its identifiers and its URL, the
strongest first: ``arxiv:1706.03762``, ``doi:10.18653/v1/n19-1423``,
``isbn:9780262035613``, ``github:karpathy/nanogpt``, ``url:example.org/a``.
Two resources that share a key are the same resource, whatever their ids: the
importer places the one already there instead of making a copy, and
`llm_roadmap.validate_paths` and `llm_roadmap.load` report such pairs.

The URL rules here (`arxiv_id`, `github_repo`, `github_account`) are the ones
the sources and the importer use too, so a link is recognised the same way
everywhere. This module imports nothing beyond the standard library and the
project's guarded URL parser: a URL it cannot take apart (an unclosed ``[``, a
port out of range) matches no rule and has no identity, instead of raising.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Optional, Union
from urllib.parse import SplitResult, unquote, urlunsplit

from .util.urls import safe_split

if TYPE_CHECKING:
    from .errors import Problem
    from .model import Resource

__all__ = [
    "ARXIV_ID_PATTERN",
    "arxiv_id",
    "check_identities",
    "doi_of",
    "duplicates",
    "github_account",
    "github_repo",
    "identity",
    "identity_keys",
    "is_tracking_param",
    "normalise_isbn",
    "normalise_url",
    "origin_of",
    "strip_tracking",
]

ARXIV_ID_PATTERN = r"\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7}"
"""An arXiv id without version: new style ``1706.03762`` or old style ``hep-th/9901001``."""

_ARXIV_HOSTS = {"arxiv.org", "www.arxiv.org", "export.arxiv.org"}
_ARXIV_PATH_RE = re.compile(
    rf"^/(?:abs|pdf|html|format)/(?P<id>{ARXIV_ID_PATTERN})(?:v(?P<version>\d+))?(?:\.pdf)?/?$"
)
# Pages about one arXiv paper on other sites: Hugging Face's paper pages.
_PAPER_PAGE_RE = re.compile(r"^/papers/(?P<id>\d{4}\.\d{4,5})/?$")
_DOI_HOSTS = {"doi.org", "dx.doi.org", "www.doi.org"}
_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
_ARXIV_DOI_RE = re.compile(rf"^10\.48550/arxiv\.(?P<id>{ARXIV_ID_PATTERN})$", re.I)

_GITHUB_HOSTS = {"github.com", "www.github.com"}
_OWNER_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
_NAME_RE = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
# First path segments of github.com that are site pages, not accounts.
_RESERVED = {
    "about",
    "apps",
    "collections",
    "customer-stories",
    "enterprise",
    "explore",
    "features",
    "login",
    "marketplace",
    "new",
    "orgs",
    "pricing",
    "search",
    "settings",
    "sponsors",
    "topics",
    "trending",
    "users",
}

# Query parameters that only track who shared or clicked a link.
_TRACKING_PREFIXES = ("utm_", "spm", "vd_source", "share_", "fbclid", "gclid", "mc_", "igshid")
_TRACKING_NAMES = {"from_spmid", "unique_k", "si", "ref_src", "trk"}


_NOTHING = SplitResult("", "", "", "", "")


def _split(url: str) -> SplitResult:
    # A URL that cannot be taken apart is one with no parts: it matches no rule.
    return safe_split(url) or _NOTHING


def is_tracking_param(name: str) -> bool:
    """Whether a URL query parameter only tracks the click (``utm_source``, ``vd_source``...)."""
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    """Return ``url`` without query parameters that only track clicks (``utm_*``, ``vd_source``...).

    Only whole ``name=value`` pieces are removed, so the other parameters keep
    their spelling, encoding and order.
    """
    parts = _split(url)
    if not parts.query:
        return url
    kept = [
        piece
        for piece in parts.query.split("&")
        if piece and not is_tracking_param(unquote(piece.split("=", 1)[0]))
    ]
    return urlunsplit(parts._replace(query="&".join(kept)))


def arxiv_id(url: str) -> Optional[tuple[str, Optional[int]]]:
    """Return ``(id, version)`` when ``url`` is an arXiv abstract, PDF or HTML page.

    ``"https://arxiv.org/pdf/2106.09685v2"`` gives ``("2106.09685", 2)``; the
    version is ``None`` when the URL names none (the latest).
    """
    parts = _split(url)
    if (parts.hostname or "").lower() not in _ARXIV_HOSTS:
        return None
    match = _ARXIV_PATH_RE.match(parts.path)
    if not match:
        return None
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def github_repo(url: str) -> Optional[str]:
    """Return ``"owner/name"`` when ``url`` is a GitHub repository's home page.

    The home page is ``github.com/owner/name`` (with or without ``.git`` or a
    trailing slash) or the root of one branch, ``github.com/owner/name/tree/main``.
    A file, an issue or a sub-folder of a repository is not its home page.
    """
    parts = _split(url)
    if (parts.hostname or "").lower() not in _GITHUB_HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) == 4 and segments[2] == "tree":
        segments = segments[:2]
    if len(segments) != 2:
        return None
    owner, name = segments
    if name.endswith(".git"):
        name = name[: -len(".git")]
    if owner.lower() in _RESERVED or name in {".", ".."}:
        return None
    if not (_OWNER_RE.match(owner) and _NAME_RE.match(name)):
        return None
    return f"{owner}/{name}"


def github_account(url: str) -> Optional[str]:
    """Return the account name when ``url`` is a GitHub user's or organisation's page."""
    parts = _split(url)
    if (parts.hostname or "").lower() not in _GITHUB_HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) != 1 or segments[0].lower() in _RESERVED or not _OWNER_RE.match(segments[0]):
        return None
    return segments[0]


def doi_of(url: str) -> Optional[str]:
    """Return the DOI a ``doi.org`` URL resolves (``https://doi.org/10.1/x`` gives ``"10.1/x"``)."""
    parts = _split(url)
    if (parts.hostname or "").lower() not in _DOI_HOSTS:
        return None
    doi = unquote(parts.path.lstrip("/"))
    return doi if _DOI_RE.match(doi) else None


def normalise_isbn(isbn: str) -> Optional[str]:
    """Return an ISBN as 13 digits (an ISBN-10 converted), or ``None`` when it is not one."""
    digits = re.sub(r"[\s-]", "", isbn).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        core = "978" + digits[:9]
        check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(core)) % 10) % 10
        return core + str(check)
    return digits if re.fullmatch(r"\d{13}", digits) else None


def normalise_url(url: str) -> str:
    """The form under which two spellings of one page meet.

    Tracking parameters go; scheme, ``www.``, the host's case and a trailing
    slash do not matter; GitHub paths are case-insensitive. The query and the
    fragment stay (``?v=...`` and ``#/route`` name different pages).
    """
    text = strip_tracking(url.strip())
    parts = safe_split(text)
    if parts is None:
        # Unparsable URLs meet only their own spelling, never each other.
        return text
    host = (parts.hostname or "").lower()
    host = host[len("www.") :] if host.startswith("www.") else host
    path = parts.path.rstrip("/")
    if host == "github.com":
        path = path.lower()
        path = path[: -len(".git")] if path.endswith(".git") else path
    key = host + (f":{parts.port}" if parts.port else "") + path
    if parts.query:
        key += "?" + parts.query
    if parts.fragment:
        key += "#" + parts.fragment
    return key


def _field(value: object, name: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(name)
    return getattr(value, name, None)


def identity_keys(resource: Union[Resource, Mapping[str, object]]) -> tuple[str, ...]:
    """Every identity key of a resource, the strongest first.

    Args:
        resource: A `llm_roadmap.Resource`, or a mapping shaped like a data
            file's ``[[resources]]`` entry (``url``, ``identifiers``).

    Returns:
        Keys such as ``"arxiv:1706.03762"``, ``"doi:10.1/x"``,
        ``"isbn:9780262035613"``, ``"github:owner/name"`` (lower-case) and
        ``"url:host/path"``; the same key on two resources means the same resource.
    """
    keys: list[str] = []
    identifiers = _field(resource, "identifiers") or {}
    url = str(_field(resource, "url") or "")
    paper = _field(identifiers, "arxiv")
    found = arxiv_id(url) if url else None
    doi = _field(identifiers, "doi") or (doi_of(url) if url else None)
    if not paper and doi:
        match = _ARXIV_DOI_RE.match(str(doi))
        paper = match.group("id") if match else None
    if not paper and url:
        parts = _split(url)
        if (parts.hostname or "").lower() in {"huggingface.co", "www.huggingface.co"}:
            page = _PAPER_PAGE_RE.match(parts.path)
            paper = page.group("id") if page else None
    for value in (paper, found[0] if found else None):
        if value and f"arxiv:{value}" not in keys:
            keys.append(f"arxiv:{value}")
    if doi:
        keys.append(f"doi:{str(doi).lower()}")
    isbn = _field(identifiers, "isbn")
    if isbn and normalise_isbn(str(isbn)):
        keys.append(f"isbn:{normalise_isbn(str(isbn))}")
    for repo in (_field(identifiers, "github"), github_repo(url) if url else None):
        if repo and f"github:{str(repo).lower()}" not in keys:
            keys.append(f"github:{str(repo).lower()}")
    if url:
        keys.append(f"url:{normalise_url(url)}")
    return tuple(keys)


def identity(resource: Union[Resource, Mapping[str, object]]) -> str:
    """The strongest identity key of a resource (see `identity_keys`); ``""`` when it has none."""
    keys = identity_keys(resource)
    return keys[0] if keys else ""


def duplicates(resources: Iterable[Resource]) -> list[tuple[Resource, Resource, str]]:
    """Pairs of resources that share an identity key: ``(first, later, key)``.

    Each later resource is paired once, with the first resource that holds one
    of its keys (in the order given), so three copies give two pairs.
    """
    seen: dict[str, Resource] = {}
    found: list[tuple[Resource, Resource, str]] = []
    for resource in resources:
        keys = identity_keys(resource)
        match = next((k for k in keys if k in seen and seen[k] is not resource), None)
        if match is not None:
            found.append((seen[match], resource, match))
        for key in keys:
            seen.setdefault(key, resource)
    return found


# -- the cross-entry check ----------------------------------------------------


def origin_of(resource: Resource) -> str:
    """Where a resource came from, for messages: ``"plugin NAME (FILE)"`` or its file."""
    prov = resource.provenance
    if prov is None:
        return "?"
    who = prov.plugin if prov.plugin.startswith("<") else f"plugin {prov.plugin!r}"
    return f"{who} ({prov.file})" if prov.file else who


def check_identities(resources: Iterable[Resource]) -> list[Problem]:
    """Resources with different ids that are the same resource (`llm_roadmap.identity`).

    Each pair is reported once, on the later resource (its file and id); the
    message names the earlier resource's id, where it came from (plugin and
    file, from its provenance) and the identity key they share
    (``arxiv:1706.03762``...). Two resources with one id are the duplicate ids
    `llm_roadmap.loading.checks.check_entries` reports, not repeated here.
    """
    from .errors import Problem

    found: list[Problem] = []
    for first, later, key in duplicates(resources):
        if first.id == later.id:
            continue
        kind = key.split(":", 1)[0]
        field = "url"
        if kind != "url" and getattr(later.identifiers, kind, None):
            field = f"identifiers.{kind}"
        file = later.provenance.file if later.provenance and later.provenance.file else "?"
        message = (
            f"same resource as {first.id!r} from {origin_of(first)}: both are {key}; "
            "place the existing resource instead of adding a copy"
        )
        found.append(
            Problem(file=file, kind="resource", entry=later.id, field=field, message=message)
        )
    return found
