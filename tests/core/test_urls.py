"""The one guarded URL parser (``llm_roadmap.util.urls``) and the rules that use it.

Each hostile URL here used to raise out of ``urllib.parse`` (a ``ValueError``
traceback) or pass validation although no client could open it.
"""

import urllib.parse

import pytest

from llm_roadmap.identity import identity_keys, normalise_url
from llm_roadmap.loading.checks import url_problem as validation_problem
from llm_roadmap.util.urls import (
    ParsedUrl,
    UrlProblem,
    is_http_url,
    parse_http_url,
    parse_url,
    safe_split,
    url_problem,
)

HOSTILE = [
    ("https://example.org:99999/", "has port '99999', not a number in 1-65535"),
    ("https://example.org:0/", "has port '0'"),
    ("https://example.org:x/", "has port 'x'"),
    ("https://example.org:+80/", "has port '+80'"),
    ("https://example.org:\u0668\u0660/", "has port"),  # Arabic-Indic digits: int() accepts them
    ("https://[::1/", "has an unclosed '['"),
    ("https://[example.org/x", "has an unclosed '['"),
    ("https://example.org/a\nb", "contains whitespace"),  # urlsplit silently drops the newline
    ("https://example.org/a\tb", "contains whitespace"),
    ("https://example.org/\x00", "contains the control character U+0000"),
    ("https://example.org/\x7f", "contains the control character U+007F"),
    ("https://example.org/\u200b", "contains the control character U+200B"),
    ("https://exa\uff0fmple.org/", "cannot be parsed"),  # NFKC turns it into "/"
    ("https://a..b/", "has an empty label"),
    ("https://" + "a" * 64 + ".org/", "longer than 63"),
    ("https://%5bx/", "has the character '%' in its host"),
    ("ftp://example.org/", "is not http(s)"),
    ("https:///path", "has no host"),
]


@pytest.mark.parametrize(("url", "reason"), HOSTILE)
def test_hostile_urls_are_one_clear_problem(url: str, reason: str) -> None:
    with pytest.raises(UrlProblem) as caught:
        parse_http_url(url)
    message = str(caught.value)
    assert reason in message
    assert message.startswith("URL ") and "\n" not in message
    assert url_problem(url) == message
    # Validation reports the same message, and nothing raises on the way.
    assert validation_problem(url) == message
    assert not is_http_url(url)


@pytest.mark.parametrize(
    "url", ["https://example.org:99999/x", "https://[::1/x", "https://example.org:x/"]
)
def test_urlsplit_itself_raises_on_these(url: str) -> None:
    # Why the guard exists: the standard library raises (the old traceback).
    with pytest.raises(ValueError, match=r"(?i)port|ipv6"):
        urllib.parse.urlsplit(url).port  # noqa: B018


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://example.org:8080/a?b=1#c",
        "http://[::1]:8000/",
        "https://user:pass@example.org:81/",
        "https://例子.中国/路径",
        "https://my_host.example.org/",
        "https://example.org:/",
    ],
)
def test_good_urls_pass(url: str) -> None:
    assert url_problem(url) is None
    parsed = parse_http_url(url)
    assert isinstance(parsed, ParsedUrl)
    assert urllib.parse.urlunsplit(parsed.split()) == urllib.parse.urlunsplit(
        urllib.parse.urlsplit(url)
    )


def test_parsed_parts_and_authority() -> None:
    parsed = parse_url("HTTPS://Example.ORG:8443/p?q=1#f")
    assert (parsed.scheme, parsed.host, parsed.port) == ("https", "example.org", 8443)
    assert (parsed.path, parsed.query, parsed.fragment) == ("/p", "q=1", "f")
    assert parsed.authority == "example.org:8443"
    assert parse_url("http://[::1]:80/").authority == "[::1]:80"
    assert parse_url("/relative/path").host == ""  # any URL, not only absolute http(s)


def test_safe_split_returns_none_instead_of_raising() -> None:
    assert safe_split("https://example.org:99999/") is None
    assert safe_split("https://[x/") is None
    split = safe_split("https://example.org/a")
    assert split is not None and split.netloc == "example.org"


def test_identity_rules_never_raise_and_never_merge_unparsable_urls() -> None:
    # normalise_url read parts.port and raised; and two unparsable URLs must
    # not meet under one empty key.
    one, two = "https://a.org:99999/x", "https://[b.org/y"
    assert normalise_url(one) != normalise_url(two)
    assert identity_keys({"url": one}) != identity_keys({"url": two})
