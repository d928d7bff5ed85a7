"""GitHub metadata against a real HTTP server on 127.0.0.1 serving hand-written API answers."""

import json
import re
import time
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
from werkzeug import Request, Response

from llm_roadmap import Identifiers, Kind, Resource, Text
from llm_roadmap.http import HttpClient, RetryPolicy
from llm_roadmap.sources import github
from llm_roadmap.sources.github import fetch, github_account, github_repo, repo_fields

NANOGPT = {
    "id": 582822129,
    "name": "nanoGPT",
    "full_name": "karpathy/nanoGPT",
    "private": False,
    "html_url": "https://github.com/karpathy/nanoGPT",
    "description": "The simplest, fastest repository for training/finetuning medium-sized GPTs.",
    "fork": False,
    "created_at": "2022-12-28T00:51:12Z",
    "updated_at": "2024-05-01T10:00:00Z",
    "pushed_at": "2024-04-27T17:42:04Z",
    "homepage": "",
    "stargazers_count": 33000,
    "watchers_count": 33000,
    "forks_count": 5100,
    "archived": False,
    "disabled": False,
    "open_issues_count": 270,
    "license": {"key": "mit", "name": "MIT License", "spdx_id": "MIT"},
    "default_branch": "master",
}

OLD = {
    **NANOGPT,
    "name": "old-thing",
    "full_name": "someone/old-thing",
    "html_url": "https://github.com/someone/old-thing",
    "stargazers_count": 12,
    "forks_count": 1,
    "archived": True,
    "pushed_at": "2019-01-02T03:04:05Z",
    "license": {"key": "other", "name": "Other", "spdx_id": "NOASSERTION"},
    "default_branch": "main",
}

REPOS = re.compile(r"^/repos/")

NOT_FOUND = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}


def repo(resource_id: str, name: str) -> Resource:
    return Resource(
        id=resource_id,
        title=Text.same(name),
        url=f"https://github.com/{name}",
        kind=Kind.REPO,
        language="en",
        description=Text.same("d"),
        identifiers=Identifiers(github=name),
    )


def api_json(data: Any, status: int = 200, **headers: str) -> Response:
    base = {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "59", "X-RateLimit-Reset": "1"}
    return Response(
        json.dumps(data),
        status=status,
        content_type="application/json; charset=utf-8",
        headers={**base, **headers},
    )


class Api:
    """A small GitHub: answers ``/repos/{owner}/{name}`` from a table, recording requests."""

    def __init__(self, repos: dict[str, Any]) -> None:
        self.repos = repos
        self.requests: list[Request] = []
        self.override: Optional[Callable[[Request, int], Optional[Response]]] = None

    def __call__(self, request: Request) -> Response:
        self.requests.append(request)
        if self.override is not None:
            answer = self.override(request, len(self.requests))
            if answer is not None:
                return answer
        name = request.path.removeprefix("/repos/")
        data = self.repos.get(name.lower())
        if data is None:
            return api_json(NOT_FOUND, status=404)
        return api_json(data)


@pytest.fixture
def served(httpserver: Any) -> Api:
    handler = Api({"karpathy/nanogpt": NANOGPT, "someone/old-thing": OLD})
    httpserver.expect_request(REPOS).respond_with_handler(handler)
    return handler


@pytest.fixture
def client(tmp_path: Path) -> Any:
    with HttpClient(tmp_path / "cache", retry=RetryPolicy(retries=0)) as made:
        yield made


def run(client: Any, httpserver: Any, resources: list[Resource], **kwargs: Any) -> Any:
    kwargs.setdefault("environ", {})
    return fetch(resources, client=client, base_url=httpserver.url_for("/"), **kwargs)


# -- parsing -----------------------------------------------------------------------


def test_repo_fields_picks_what_is_kept() -> None:
    assert repo_fields(NANOGPT) == {
        "full_name": "karpathy/nanoGPT",
        "description": NANOGPT["description"],
        "stars": 33000,
        "forks": 5100,
        "pushed_at": "2024-04-27T17:42:04Z",
        "archived": False,
        "license": "MIT",
        "default_branch": "master",
        "url": "https://github.com/karpathy/nanoGPT",
    }
    # NOASSERTION is not a licence: the licence's name is kept instead.
    assert repo_fields(OLD)["license"] == "Other"
    assert repo_fields({**OLD, "license": None})["license"] is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/karpathy/nanoGPT", "karpathy/nanoGPT"),
        ("https://github.com/karpathy/nanoGPT/", "karpathy/nanoGPT"),
        ("https://github.com/karpathy/nanoGPT.git", "karpathy/nanoGPT"),
        ("https://www.github.com/vllm-project/vllm/tree/main", "vllm-project/vllm"),
        ("https://github.com/o/r/tree/main/sub/dir", None),
        ("https://github.com/o/r/issues/97", None),
        ("https://github.com/topics/llm", None),
        ("https://github.com/datawhalechina", None),
        ("https://gitlab.com/o/r", None),
    ],
)
def test_github_repo_from_urls(url: str, expected: Optional[str]) -> None:
    assert github_repo(url) == expected


def test_github_account_from_urls() -> None:
    assert github_account("https://github.com/datawhalechina") == "datawhalechina"
    assert github_account("https://github.com/features") is None
    assert github_account("https://github.com/o/r") is None


# -- fetching -----------------------------------------------------------------------


def test_fetch_gives_fields_per_resource_and_lists_missing_repositories(
    client: Any, served: Api, httpserver: Any
) -> None:
    resources = [
        repo("nano", "karpathy/nanoGPT"),
        repo("nano-lower", "karpathy/nanogpt"),  # the same repository, asked once
        repo("old", "someone/old-thing"),
        repo("gone", "someone/deleted"),
    ]
    arrived: list[str] = []
    result = run(client, httpserver, resources, on_fields=lambda rid, f: arrived.append(rid))
    assert result.complete
    assert arrived == ["nano", "nano-lower", "old"]
    assert result.fields["nano"]["stars"] == 33000
    assert result.fields["nano-lower"] == result.fields["nano"]
    assert result.fields["old"]["archived"] is True
    assert result.missing == ("gone",)
    assert [r.path for r in served.requests] == [
        "/repos/karpathy/nanoGPT",
        "/repos/someone/deleted",
        "/repos/someone/old-thing",
    ]
    first = served.requests[0]
    assert first.headers["Accept"] == "application/vnd.github+json"
    assert first.headers["X-GitHub-Api-Version"] == "2022-11-28"
    assert "Authorization" not in first.headers


def test_token_is_sent_when_set_and_kept_out_of_the_cache(
    tmp_path: Path, client: Any, served: Api, httpserver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = "ghp_secretTOKEN1234567890"
    monkeypatch.setenv("GITHUB_TOKEN", token)
    result = run(client, httpserver, [repo("nano", "karpathy/nanoGPT")], environ=None)
    assert result.fields["nano"]["stars"] == 33000
    assert served.requests[0].headers["Authorization"] == f"Bearer {token}"
    client.close()
    stored = b"".join(p.read_bytes() for p in (tmp_path / "cache").iterdir() if p.is_file())
    assert token.encode() not in stored


def test_stale_answers_are_revalidated_with_their_etag(tmp_path: Path, httpserver: Any) -> None:
    seen: list[Optional[str]] = []

    def handler(request: Request) -> Response:
        tag = request.headers.get("If-None-Match")
        seen.append(tag)
        if tag == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"', "X-RateLimit-Remaining": "58"})
        return api_json(NANOGPT, ETag='"v1"')

    httpserver.expect_request(REPOS).respond_with_handler(handler)
    # expire_after=0: every answer is stale at once, so each use revalidates.
    with HttpClient(tmp_path / "cache", expire_after=0, retry=RetryPolicy(retries=0)) as client:
        first = run(client, httpserver, [repo("nano", "karpathy/nanoGPT")])
        second = run(client, httpserver, [repo("nano", "karpathy/nanoGPT")])
    assert seen == [None, '"v1"']
    assert second.complete
    assert second.fields == first.fields
    assert second.fields["nano"]["stars"] == 33000


def test_stops_when_the_rate_limit_is_used_up(client: Any, served: Api, httpserver: Any) -> None:
    reset = int(time.time()) + 600

    def last_one(request: Request, count: int) -> Optional[Response]:
        return api_json(NANOGPT, **{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)})

    served.override = last_one
    resources = [repo("nano", "karpathy/nanoGPT"), repo("old", "someone/old-thing")]
    result = run(client, httpserver, resources)
    assert not result.complete
    assert list(result.fields) == ["nano"]
    assert len(served.requests) == 1  # the second repository was never asked for
    (message,) = result.messages
    assert "rate limit is used up" in message and "(in 10 min)" in message
    assert "GITHUB_TOKEN" in message and "1 repositories left" in message


def test_a_refused_request_at_the_limit_ends_the_run(
    client: Any, served: Api, httpserver: Any
) -> None:
    served.override = lambda request, count: api_json(
        {"message": "API rate limit exceeded for 127.0.0.1."},
        status=403,
        **{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 60)},
    )
    resources = [repo("nano", "karpathy/nanoGPT"), repo("old", "someone/old-thing")]
    result = run(client, httpserver, resources, token="t")
    assert not result.complete and not result.fields and not result.missing
    assert len(served.requests) == 1
    assert "rate limit is used up" in result.messages[0]
    assert "GITHUB_TOKEN" not in result.messages[0]  # a token was set: no hint to set one


def test_a_short_secondary_rate_limit_is_waited_out_once(
    client: Any, served: Api, httpserver: Any
) -> None:
    def first_refused(request: Request, count: int) -> Optional[Response]:
        if count == 1:
            return api_json(
                {"message": "You have exceeded a secondary rate limit."},
                status=403,
                **{"Retry-After": "7"},
            )
        return None

    served.override = first_refused
    waits: list[float] = []
    result = run(client, httpserver, [repo("nano", "karpathy/nanoGPT")], sleep=waits.append)
    assert waits == [7.0]
    assert result.complete and result.fields["nano"]["stars"] == 33000
    assert len(served.requests) == 2


@pytest.mark.parametrize("status", [403, 429])
def test_a_long_secondary_rate_limit_ends_the_run(
    client: Any, served: Api, httpserver: Any, status: int
) -> None:
    served.override = lambda request, count: api_json(
        {"message": "You have exceeded a secondary rate limit."},
        status=status,
        **{"Retry-After": "3600"},
    )
    waits: list[float] = []
    resources = [repo("nano", "karpathy/nanoGPT"), repo("old", "someone/old-thing")]
    result = run(client, httpserver, resources, sleep=waits.append)
    assert waits == []
    assert not result.complete
    assert "asks to wait 3600 s" in result.messages[0]
    assert len(served.requests) == 1


def test_a_renamed_repository_is_reported(client: Any, httpserver: Any) -> None:
    api = Api({"old-owner/nanogpt": NANOGPT})
    httpserver.expect_request(REPOS).respond_with_handler(api)
    result = run(client, httpserver, [repo("nano", "old-owner/nanoGPT")])
    assert result.fields["nano"]["full_name"] == "karpathy/nanoGPT"
    assert result.messages == (
        "GitHub: old-owner/nanoGPT is now karpathy/nanoGPT; update identifiers.github of nano",
    )


def test_offline_answers_from_the_cache_only(tmp_path: Path, served: Api, httpserver: Any) -> None:
    resources = [repo("nano", "karpathy/nanoGPT"), repo("old", "someone/old-thing")]
    with HttpClient(tmp_path / "cache") as online:
        run(online, httpserver, resources[:1])
    with HttpClient(tmp_path / "cache", offline=True) as offline:
        result = run(offline, httpserver, resources)
    assert len(served.requests) == 1
    assert list(result.fields) == ["nano"]
    assert result.complete  # nothing stopped early; the miss is reported
    assert "1 repository is not in the cache: someone/old-thing" in result.messages[-1]


def test_api_root_from_the_environment(client: Any, served: Api, httpserver: Any) -> None:
    result = fetch(
        [repo("nano", "karpathy/nanoGPT")],
        client=client,
        environ={github.API_ENV: httpserver.url_for("/").rstrip("/")},
    )
    assert result.fields["nano"]["default_branch"] == "master"


def test_a_server_error_stops_the_run(client: Any, served: Api, httpserver: Any) -> None:
    served.override = lambda request, count: Response("oops", status=502)
    result = run(client, httpserver, [repo("nano", "karpathy/nanoGPT")])
    assert not result.complete
    assert "HTTP 502" in result.messages[0]
