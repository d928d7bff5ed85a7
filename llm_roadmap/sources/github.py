"""GitHub metadata: stars, last push, archived, licence and default branch of every repository.

Each repository with a ``github`` identifier is looked up with the REST API
(``GET /repos/{owner}/{name}``), one request at a time:

- ``GITHUB_TOKEN``, when set, is sent as ``Authorization: Bearer ...`` (5000
  requests an hour instead of 60); requests-cache keeps it out of the cache;
- answers are cached, and a stale one is revalidated with its ETag: GitHub's
  ``304 Not Modified`` costs no rate limit and the cached body is used;
- ``X-RateLimit-Remaining``/``X-RateLimit-Reset`` are read after every answer
  that came from the network: at zero the source stops and says when the limit
  resets, instead of sending requests that would be refused;
- a secondary rate limit (403 or 429 with ``Retry-After``) is waited out once
  when the wait is short, and ends the run otherwise.
"""

import datetime as dt
import json
import os
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Callable, Optional

from ..hookspecs import hookimpl
from ..identity import github_account, github_repo
from ..model import Resource, Text
from . import FetchResult, Source

if TYPE_CHECKING:
    from ..http import HttpClient

__all__ = [
    "API_ENV",
    "API_URL",
    "SOURCE",
    "TOKEN_ENV",
    "fetch",
    "github_account",
    "github_repo",
    "register_sources",
    "repo_fields",
]

API_URL = "https://api.github.com"
"""The REST API root (``LLM_ROADMAP_GITHUB_API`` overrides it, for tests and GitHub Enterprise)."""

API_ENV = "LLM_ROADMAP_GITHUB_API"
"""Environment variable that overrides `API_URL`."""

TOKEN_ENV = "GITHUB_TOKEN"
"""Environment variable holding the token sent as ``Authorization: Bearer``."""

SECONDARY_WAIT_CAP = 60.0
"""The longest secondary-rate-limit ``Retry-After`` (seconds) waited out; longer ends the run."""

_HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}


def repo_fields(data: Mapping[str, object]) -> dict[str, object]:
    """Pick the fields kept from a ``GET /repos/{owner}/{name}`` answer.

    Returns:
        ``full_name``, ``description``, ``stars``, ``forks``, ``pushed_at``
        (ISO 8601), ``archived``, ``license`` (an SPDX id, else the licence's
        name, else ``None``), ``default_branch`` and ``url`` (the web page).
    """
    licence = data.get("license")
    licence_name: Optional[str] = None
    if isinstance(licence, Mapping):
        spdx = licence.get("spdx_id")
        licence_name = spdx if spdx and spdx != "NOASSERTION" else licence.get("name")
    return {
        "full_name": data.get("full_name"),
        "description": data.get("description"),
        "stars": data.get("stargazers_count"),
        "forks": data.get("forks_count"),
        "pushed_at": data.get("pushed_at"),
        "archived": bool(data.get("archived", False)),
        "license": licence_name,
        "default_branch": data.get("default_branch"),
        "url": data.get("html_url"),
    }


def handles(resource: Resource) -> bool:
    """Whether the resource names a GitHub repository."""
    return isinstance(resource, Resource) and bool(resource.identifiers.github)


def _reset_text(reset: Optional[str], now: float) -> str:
    if not reset or not reset.strip().isdigit():
        return "later"
    when = dt.datetime.fromtimestamp(int(reset), tz=dt.timezone.utc)
    minutes = max(0, round((int(reset) - now) / 60))
    return f"at {when:%H:%M} UTC (in {minutes} min)"


def _header_int(headers: Mapping[str, str], name: str) -> Optional[int]:
    value = headers.get(name)
    if value is None or not value.strip().lstrip("-").isdigit():
        return None
    return int(value)


def fetch(
    resources: Sequence[Resource],
    *,
    client: "HttpClient",
    base_url: Optional[str] = None,
    token: Optional[str] = None,
    environ: Optional[Mapping[str, str]] = None,
    sleep: Callable[[float], None] = time.sleep,
    on_fields: Optional[Callable[[str, Mapping[str, object]], None]] = None,
    **_: object,
) -> FetchResult:
    """Fetch GitHub metadata for every resource with a ``github`` identifier.

    Args:
        resources: The resources to look at; those without a repository are skipped.
        client: The shared HTTP client from `llm_roadmap.http`.
        base_url: The API root (default: ``LLM_ROADMAP_GITHUB_API``, else `API_URL`).
        token: The token to send; ``None`` reads ``GITHUB_TOKEN``.
        environ: The environment to read the variables from (``os.environ``).
        sleep: How to wait out a short secondary rate limit (tests pass a fake).
        on_fields: Called with each resource id and its fields as they arrive,
            so that a caller can keep them if the run is interrupted.

    Returns:
        Fields per resource id (see `repo_fields`); repositories GitHub does
        not find are in ``missing``. Hitting the rate limit ends the run with
        ``complete=False`` and a message that says when it resets.
    """
    from ..errors import NetworkError
    from ..http import FetchError

    env = os.environ if environ is None else environ
    root = (base_url or env.get(API_ENV) or API_URL).rstrip("/")
    secret = token if token is not None else env.get(TOKEN_ENV, "").strip()
    headers = dict(_HEADERS)
    if secret:
        headers["Authorization"] = f"Bearer {secret}"
    hint = "" if secret else f"; set {TOKEN_ENV} for a higher limit"

    by_repo: dict[str, tuple[str, list[str]]] = {}
    for resource in resources:
        if handles(resource):
            repo = str(resource.identifiers.github)
            # GitHub names are case-insensitive: one request per repository.
            by_repo.setdefault(repo.lower(), (repo, []))[1].append(resource.id)
    fields: dict[str, Mapping[str, object]] = {}
    missing: list[str] = []
    messages: list[str] = []
    not_cached: list[str] = []

    def stop(reason: str) -> FetchResult:
        messages.append(f"GitHub: stopped after {len(fields)} resource(s): {reason}")
        return FetchResult(
            fields=fields, missing=tuple(missing), messages=tuple(messages), complete=False
        )

    order = sorted(by_repo)
    for position, key in enumerate(order):
        repo, resource_ids = by_repo[key]
        url = f"{root}/repos/{repo}"
        waited = False
        offline = False
        while True:
            try:
                response = client.get(url, headers=headers)
            except FetchError as exc:
                if exc.reason == "offline":
                    offline = True
                    break
                return stop(str(exc))
            except NetworkError as exc:
                return stop(str(exc))
            live = not getattr(response, "from_cache", False) or getattr(
                response, "revalidated", False
            )
            status = response.status_code
            remaining = _header_int(response.headers, "X-RateLimit-Remaining") if live else None
            reset = response.headers.get("X-RateLimit-Reset")
            if status in (403, 429):
                retry_after = response.headers.get("Retry-After")
                body = _message(response)
                if remaining == 0 or (status == 403 and "api rate limit exceeded" in body.lower()):
                    when = _reset_text(reset, time.time())
                    return stop(f"the API rate limit is used up; it resets {when}{hint}")
                if retry_after is not None or "secondary rate limit" in body.lower():
                    wait = float(retry_after) if retry_after and retry_after.isdigit() else 60.0
                    if waited or wait > SECONDARY_WAIT_CAP:
                        return stop(
                            f"GitHub's secondary rate limit asks to wait {wait:.0f} s; "
                            "try again later"
                        )
                    sleep(wait)
                    waited = True
                    continue
            break
        if offline:
            not_cached.append(repo)
            continue
        if status == 200:
            try:
                data = response.json()
            except ValueError:
                return stop(f"{url} did not answer JSON")
            if not isinstance(data, Mapping):
                return stop(f"{url} did not answer a JSON object")
            picked = repo_fields(data)
            full_name = picked.get("full_name")
            if isinstance(full_name, str) and full_name.lower() != repo.lower():
                messages.append(
                    f"GitHub: {repo} is now {full_name}; update identifiers.github of "
                    + ", ".join(resource_ids)
                )
            for resource_id in resource_ids:
                fields[resource_id] = picked
                if on_fields is not None:
                    on_fields(resource_id, picked)
        elif status in (404, 410, 451) or status == 403:
            # Gone, renamed away without a redirect, blocked, or private.
            missing.extend(resource_ids)
        else:
            return stop(f"{url} answered HTTP {status}")
        if remaining == 0 and position + 1 < len(order):
            return stop(
                f"the API rate limit is used up; it resets {_reset_text(reset, time.time())}"
                f" ({len(order) - position - 1} repositories left){hint}"
            )
    if missing:
        messages.append(
            f"GitHub: no repository for {len(missing)} resource(s): {', '.join(missing)}"
        )
    if not_cached:
        messages.append(
            f"GitHub: offline, and {len(not_cached)} repositor"
            f"{'y is' if len(not_cached) == 1 else 'ies are'} not in the cache: "
            + ", ".join(not_cached)
        )
    # Offline misses are reported but do not make the run incomplete: it did not stop early.
    return FetchResult(fields=fields, missing=tuple(missing), messages=tuple(messages))


def _message(response: Any) -> str:
    try:
        data = json.loads(response.content or b"{}")
    except ValueError:
        return ""
    return str(data.get("message", "")) if isinstance(data, Mapping) else ""


SOURCE = Source(
    id="github",
    title=Text(zh="GitHub 元数据", en="GitHub metadata"),
    description=Text(
        zh="为每个 GitHub 仓库获取星标数、最近推送、是否归档、许可证和默认分支"
        "（REST API，ETag 重新验证，遵守限流）。",
        en="Stars, last push, archived, licence and default branch of every GitHub repository "
        "(the REST API, with ETag revalidation, within the rate limits).",
    ),
    fetch=fetch,
    handles=handles,
)
"""The ``github`` source."""


@hookimpl
def register_sources(register: Callable[[Source], None]) -> None:
    """Register the ``github`` source."""
    register(SOURCE)
